import time

import pytest

from cleancli.cleaning.profiles import (
    MAX_PATTERNS,
    builtin_profiles,
    load_profile_file,
    parse_profile,
)
from cleancli.cleaning.rulesets import select
from cleancli.errors import UsageError


def test_every_builtin_profile_validates():
    profiles = builtin_profiles()
    assert profiles[0].name == "general"
    assert {p.name for p in profiles} >= {"general", "daily8.com", "menafn.com"}
    for profile in profiles:
        assert profile.rules or profile.signatures


def test_profiles_are_recognised_by_signature_and_host():
    rules = select("x\nExplore what Daily8 AI can do for you:\ny", None)
    assert rules.site == "daily8.com"
    assert rules.date_order == "DMY"
    assert select("plain page", "news.daily8.com").site == "daily8.com"
    assert select("plain page", None).site is None


def test_verdicts_name_profile_and_rule():
    rules = select("Explore what Daily8 AI can do for you:", None)
    assert rules.verdict("Try Our AI Features").why == "daily8.com:ai-prompt"
    assert rules.verdict("No comments yet...").why == "general:comment-widget"
    assert rules.verdict("app-storeplay-store").why == "general:app-prompt"
    assert rules.verdict("Related Articles").role == "related-marker"
    assert rules.verdict("The council met on Tuesday.") is None


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("Crews clear the quay on May 2, 2025. (Ines Hale/Calder Bay Gazette)", "photo-caption"),
        ("The old mill at dusk. [Courtesy]", "photo-caption"),
        ("Ines Hale/Calder Bay Gazette/AP", "photo-caption"),
        ("The ferry at the north quay. Ines Hale / Calder Bay Gazette", "photo-caption"),
        ("Harriet Oak said...", "comment-section"),
        ("Die Diskussion wurde geschlossen.", "comment-form"),
        ("Senior reporter for the Calder Bay Gazette covering the islands.", "author-box"),
        ("You can reach Jo at jo@example.org.", "author-contact"),
        ("Get Full Access for 2€/Week", "paywall"),
        ("Posted , updated", "live-blog"),
        ("Category: Town News", "nav-bar"),
        ("It does not necessarily reflect the position of the publisher.", "disclaimer"),
        ("WEBVTT THE STORM HIT AT NOON", "video-player"),
        ("We apologize, but this video has failed to load.", "video-player"),
        ("harbour-storm-damage", "photo-caption"),
        ("Trending Stories", "widget-heading"),
        ("© 2025 Calder Bay Radio", "site-footer"),
    ],
)
def test_general_rules_name_common_chrome(line, why):
    verdict = select("plain page", None).verdict(line)
    assert verdict is not None
    assert verdict.why == "general:" + why


@pytest.mark.parametrize(
    "line",
    [
        "Get the app for free (Upgrade to Premium for $4.99/mo)",
        "The reporter for the Gazette said the vote was close.",
        "Police said the driver, 24, was taken to hospital (and released on Monday).",
        "Trade talks resume in Geneva",
        "time11-06-2025",
        "Jean-Pierre-Marie",
        "The study will be paid for by the city (and/or the county).",
        "Councillors asked for a review of the route's costs (Finance/Transport).",
        "Israel/Gaza",
        "Before/After",
        "Our readers sent us pictures by the dozen.",
        "The exhibition includes 200 images courtesy of the city archive.",
        "He was a photographer for the navy.",
        "She became a reporter for the Calder Gazette.",
        "Readers can contact us at tips@example.org.",
        "And then he said...",
        "Label",
        "Tagged",
    ],
)
def test_general_rules_leave_content(line):
    assert select("plain page", None).verdict(line) is None


def test_a_share_row_glued_to_the_last_sentence_is_cut_off():
    rules = select("plain page", None)
    line = "It is April, so doubt everything. Shortlink:Share this:Click to share on X (Opens in new window)"
    assert rules.clean_inline(line) == "It is April, so doubt everything."


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[profile]\nname = 3\n", "profile.name: must be a non-empty string"),
        ('[profile]\nname = "x"\ndate_order = "XYZ"\n', "profile.date_order"),
        (
            '[profile]\nname = "x"\n[[rules]]\nname = "a"\npatterns = ["("]\n',
            "rules[0].patterns[0]: bad regular expression",
        ),
        ('[profile]\nname = "x"\n[[rules]]\nname = "a"\nrole = "nope"\n', "rules[0].role"),
        ('[profile]\nname = "x"\ncolour = 1\n', "profile.colour: unknown key"),
        ("not toml [", "not valid TOML"),
    ],
)
def test_broken_profile_names_file_key_and_problem(tmp_path, toml, message):
    path = tmp_path / "mine.toml"
    path.write_text(toml)
    with pytest.raises(UsageError) as info:
        load_profile_file(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_parse_profile_minimal():
    profile = parse_profile({"profile": {"name": "mine"}}, "inline")
    assert profile.date_order is None  # numeric dates read by the page's evidence


def _profile(tmp_path, rules):
    path = tmp_path / "mine.toml"
    path.write_text('[profile]\nname = "mine"\n' + rules)
    return load_profile_file(path)


def test_a_backtracking_pattern_runs_in_bounded_time(tmp_path):
    mine = _profile(
        tmp_path, "[[rules]]\nname = \"a\"\npatterns = ['(a+)+$']\ninline = ['(a|aa)+!']\n"
    )
    rules = select("", None, extra=(mine,))
    start = time.perf_counter()
    assert rules.verdict("a" * 41 + "!") is None  # Python's re: over two minutes
    assert rules.verdict("x" + "a" * 41).why == "mine:a"
    assert rules.clean_inline("b " + "a" * 41 + "!") == "b"
    assert time.perf_counter() - start < 1


def test_too_many_patterns_are_refused(tmp_path):
    patterns = ", ".join(f"'^promo {i}$'" for i in range(MAX_PATTERNS + 1))
    with pytest.raises(UsageError) as info:
        _profile(tmp_path, f'[[rules]]\nname = "a"\npatterns = [{patterns}]\n')
    assert f"mine.toml: rules[0].patterns[{MAX_PATTERNS}]: more than" in str(info.value)
    assert "\n" not in str(info.value)


def test_patterns_beyond_re2_syntax_are_refused(tmp_path):
    with pytest.raises(UsageError, match=r"rules\[0\]\.patterns\[0\]: bad regular expression"):
        _profile(tmp_path, "[[rules]]\nname = \"a\"\npatterns = ['(?<=x)y']\n")


def test_user_patterns_decide_before_the_builtins(tmp_path):
    mine = _profile(
        tmp_path,
        "[[rules]]\nname = \"early\"\npatterns = ['deal']\n"
        "[[rules]]\nname = \"anchored\"\npatterns = ['^today']\n",
    )
    rules = select("", None, extra=(mine,))
    assert rules.verdict("today's deal").why == "mine:anchored"  # anchored patterns first
    # The user's rules before the built-ins', though a built-in pattern matches further left.
    assert rules.verdict("Picture: a great deal").why == "mine:early"
    assert rules.verdict("Picture: Jo Smith").why == "general:photo-caption"


def _user(toml: str):
    import tomllib

    return parse_profile(tomllib.loads(toml), "mine.toml")


def test_a_user_rule_overrides_a_built_in_one_on_the_same_line():
    mine = _user(
        '[profile]\nname = "mine"\n'
        '[[rules]]\nname = "ours"\nrole = "keep"\nlines = ["Comments"]\n'
        '[[rules]]\nname = "markers"\nrole = "related-marker"\npatterns = [\'^no comments yet\']\n'
    )
    rules = select("a page", None, extra=(mine,))
    assert rules.verdict("Comments").role == "keep"
    assert rules.verdict("No comments yet...").why == "mine:markers"
    assert select("a page", None).verdict("Comments").why == "general:comment-section"


def test_a_user_profile_disables_a_built_in_rule_by_name():
    mine = _user('[profile]\nname = "mine"\ndisable = ["general:comment-section"]\n')
    rules = select("a page", None, extra=(mine,))
    verdict = rules.verdict("14 Comments")
    assert verdict.role == "keep"
    assert verdict.why == "general:comment-section (disabled)"
    with pytest.raises(UsageError, match="no built-in rule is named 'general:nope'"):
        _user('[profile]\nname = "mine"\ndisable = ["general:nope"]\n')


def test_a_disabled_end_marker_no_longer_ends_the_article():
    from cleancli.record import Record
    from cleancli.stages.strip import strip_record

    page = (
        "Town hall clock to chime again\n"
        "The clock on the town hall will chime again from next week, volunteers said.\n"
        "The bells fell silent in 2015 when a worn gear broke and could not be mended.\n"
        "14 Comments\n"
        "A reader wrote that the bells were missed by everyone in the square for years.\n"
    )
    ended = strip_record(Record(id="p", source="p", text=page), line_model="off")
    mine = _user('[profile]\nname = "mine"\ndisable = ["general:comment-section"]\n')
    kept = strip_record(Record(id="p", source="p", text=page), profiles=(mine,), line_model="off")
    assert "A reader wrote" not in ended.text
    assert "14 Comments" in kept.text
    assert "A reader wrote" in kept.text


def test_a_lower_case_logo_glued_before_the_first_paragraph_is_cut_off():
    rules = select("plain page", None)
    assert (
        rules.clean_inline("kabar news logo Police arrested two men.") == "Police arrested two men."
    )
    assert rules.clean_inline("Ele saiu logo depois.") == "Ele saiu logo depois."
