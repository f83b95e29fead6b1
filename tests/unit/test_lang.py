from cleancli.cleaning.lang import detect

GERMAN = (
    "Der Hafen wird im nächsten Jahr wieder geöffnet, sagte die Behörde am Dienstag in Kiel. "
    "Die Fischer müssen bis dahin das südliche Becken nutzen, teilten die Ingenieure mit."
)


def test_a_language_is_read_from_the_texts_start():
    assert detect(GERMAN) == "de"
    assert detect(f"{GERMAN} " * 6 + "The rest of the page is in English. " * 200) == "de"


def test_too_few_letters_near_the_start_leave_it_unknown():
    assert detect("12 April 2024, 10:30 | 4 min | 3/4 ") is None
    assert detect("1 2 3 " * 400 + GERMAN) is None  # its letters lie past where they are counted


def test_figures_before_the_prose_are_read_past():
    figures = ", ".join(str(i * 7919 % 100000) for i in range(180))
    assert detect(f"Results of the week\n\n{figures}.\n\n{GERMAN} {GERMAN}") == "de"


def test_characters_cld2_refuses_do_not_hide_the_language():
    assert detect(GERMAN.replace("Kiel.", "Kiel.\uffff\x01")) == "de"
