"""The line model: the shipped file, its trainer, and what it does to pages no rule knows."""

from __future__ import annotations

import gzip
import json
import random

import pytest
from typer.testing import CliRunner

from cleancli.cleaning.linemodel import choose, notes
from cleancli.cleaning.linemodel.features import NAMES, page_features
from cleancli.cleaning.linemodel.forest import from_json, shipped
from cleancli.cleaning.lines import fold
from cleancli.cli.app import app
from cleancli.record import Record
from cleancli.stages.strip import cut_crawler_header, strip_record
from cleancli.tools.corpus import TrainingPage
from conftest import ROOT, cleancli

runner = CliRunner()
PAGE = ROOT / "tests" / "pages" / "raw" / "p08.txt"
MODEL = ROOT / "src" / "cleancli" / "cleaning" / "linemodel" / "lines.json.gz"


def test_the_shipped_model_agrees_with_its_trainer():
    data = json.loads(gzip.decompress(MODEL.read_bytes()))
    forest = shipped()
    check = data["check"]
    assert len(check["rows"]) >= 8
    assert forest.probabilities(check["rows"]) == pytest.approx(check["probabilities"], abs=1e-9)
    assert data["features"] == list(NAMES)


def test_the_shipped_model_says_what_it_was_trained_on():
    provenance = shipped().provenance
    assert provenance["trainer"].startswith("scikit-learn")
    assert provenance["lines"] > 10_000
    assert provenance["sites"] > 100
    assert set(provenance["pages"]) >= {"dev", "textdev", "zyte"}
    assert len(provenance["corpus_digest"]) == 32


def test_a_page_whose_lines_no_rule_knows_loses_its_chrome():
    text = PAGE.read_text()
    bare = strip_record(Record(id="p", source="p", text=text), line_model="off")
    cleaned = strip_record(Record(id="p", source="p", text=text))
    assert isinstance(bare, Record)
    assert isinstance(cleaned, Record)
    assert "Harbour correspondent" in bare.text  # the rules keep an author box they do not know
    assert "Harbour correspondent" not in cleaned.text
    assert "Marta Quill" not in cleaned.text
    assert cleaned.title == "Harbour board approves new breakwater for the north quay"
    assert cleaned.text.startswith("The harbour board of Calder Bay voted on Tuesday")
    assert "aground for hours each day." in cleaned.text
    assert any(b.why == "line-model" for b in cleaned.blocks)


def test_short_and_one_sentence_pages_are_left_to_the_rules():
    for text in ("The mayor spoke on Friday about the plan.", "Bridge reopens\nA body."):
        rec = strip_record(Record(id="p", source="p", text=text))
        assert isinstance(rec, Record)
        assert not any(b.why == "line-model" for b in rec.blocks)


def test_explain_shows_the_models_probability_and_weights():
    result = runner.invoke(app, ["explain", str(PAGE)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "line-model" in result.stdout
    assert "line model: furniture 0.9" in result.stdout
    assert "kept" in result.stdout
    assert any(name in result.stdout for name in NAMES)


def test_explain_judges_the_lines_strip_judged(tmp_path):
    """A crawler's header glued to the first line is cut before the model reads it, in strip
    and in explain alike: every line the model took out shows a probability over its cut."""
    page = tmp_path / "page.txt"
    page.write_text(" date 2025-07-07 " + PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["explain", str(page)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    taken = [line for line in result.stdout.splitlines() if "line model: furniture" in line]
    assert taken
    model = choose("builtin")
    assert model is not None
    rec = strip_record(Record(id="p", source="p", text=page.read_text(encoding="utf-8")))
    assert isinstance(rec, Record)
    said = notes(cut_crawler_header([fold(b.text) for b in rec.blocks]), model)
    for k, block in enumerate(rec.blocks):
        if block.why == "line-model":
            assert "kept" not in said[k], (block.text, said[k])


def test_line_model_off_and_a_bad_model_file(tmp_path):
    result = runner.invoke(app, ["run", str(PAGE), "--line-model", "off"])
    assert result.exit_code == 0
    assert "Harbour correspondent" in result.stdout
    bad = tmp_path / "model.json"
    bad.write_text("{}")
    result = cleancli("run", str(PAGE), "--line-model", str(bad))
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1
    assert "line model" in result.stderr.decode()
    result = cleancli("run", str(PAGE), "--line-model", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "not a cleancli line model" in result.stderr.decode()


def _synthetic_pages(n: int) -> list[TrainingPage]:
    """Pages of invented lines: menus of one or two words, body sentences, a footer."""
    rng = random.Random(7)  # noqa: S311 - invented words, not secrets
    words = ["harbour", "quay", "tide", "fleet", "board", "pier", "storm", "ferry", "basin"]
    pages = []
    for k in range(n):
        menu = [rng.choice(words).title() for _ in range(rng.randint(3, 7))]
        body = [
            " ".join(rng.choice(words) for _ in range(rng.randint(12, 30))).capitalize() + "."
            for _ in range(rng.randint(3, 8))
        ]
        footer = [f"{rng.choice(words).title()} {rng.choice(words)}" for _ in range(4)]
        lines = [*menu, "", *body, "", *footer]
        labels = [1] * len(menu) + [None] + [0] * len(body) + [None] + [1] * len(footer)
        pages.append(TrainingPage(f"synthetic/{k}", f"site{k % 5}", lines, labels))
    return pages


def test_training_is_deterministic_and_the_export_matches_scikit_learn():
    pytest.importorskip("sklearn")
    from cleancli.tools.train import table, train

    pages = _synthetic_pages(30)
    forest, blob = train(pages)
    _, again = train(pages)
    assert json.dumps(blob, sort_keys=True) == json.dumps(again, sort_keys=True)
    check = blob["check"]
    assert forest.probabilities(check["rows"]) == pytest.approx(check["probabilities"], abs=1e-9)
    rows = table(pages).rows
    loaded = from_json(json.loads(json.dumps(blob)))
    assert loaded.probabilities(rows) == pytest.approx(forest.probabilities(rows), abs=1e-12)


def test_cleancli_train_writes_a_model_run_can_use(tmp_path):
    pytest.importorskip("sklearn")
    model = tmp_path / "lines.json.gz"
    result = runner.invoke(app, ["train", str(ROOT / "eval" / "dev"), "-o", str(model)])
    assert result.exit_code == 0, result.output
    assert "trees from" in result.stderr
    forest = choose(str(model))
    assert forest is not None
    assert forest.provenance["pages"] == {"dev": 42}
    result = runner.invoke(app, ["run", str(PAGE), "--line-model", str(model)])
    assert result.exit_code == 0


def test_features_are_one_row_per_line_with_text():
    lines = ["Menu", "", "A sentence that runs on for a while and then ends here.", "", "Footer"]
    at, rows = page_features(lines)
    assert at == [0, 2, 4]
    assert rows.shape == (3, len(NAMES))
    said = notes(lines, shipped())
    assert set(said) == {0, 2, 4}


def test_the_rows_of_some_lines_are_those_of_the_whole_page():
    lines = [
        "Menu",
        "",
        "A sentence that runs on for a while and then ends here.",
        "Tags",
        "Footer",
    ]
    at, rows = page_features(lines)
    assert at == [0, 2, 3, 4]
    some, part = page_features(lines, only={2, 4, 99})
    assert some == [2, 4]
    assert (part == rows[[1, 3]]).all()
    assert page_features(lines, only=set())[1].shape == (0, len(NAMES))


@pytest.mark.parametrize(
    ("line", "dated"),
    [
        ("Published in 2019 by the desk", True),
        ("Doors open at 9:30 tonight", True),
        ("Updated 12.05 and 3/4", True),
        ("Model a2019 or 20199", False),
        ("Scores of 1.234 and 12:345", False),
        ("Page 1 of 6", False),
        ("Since 1799", False),
    ],
)
def test_a_year_a_time_or_a_day_and_month_is_a_feature(line, dated):
    _, rows = page_features([line])
    assert rows[0][NAMES.index("time_or_year")] == float(dated)


def test_a_long_page_costs_memory_in_chunks():
    lines = ["Menu item"] * 5000 + ["A sentence that runs on for a while and then ends."] * 5000
    at, rows = page_features(lines)
    assert len(shipped().probabilities(rows)) == len(at) == 10_000


def test_a_users_keep_rule_stands_against_the_model(tmp_path):
    profile = tmp_path / "keep.toml"
    profile.write_text(
        '[profile]\nname = "mine"\n[[rules]]\nname = "box"\nrole = "keep"\n'
        'lines = ["Harbour correspondent"]\n'
    )
    result = runner.invoke(app, ["run", str(PAGE), "--profile", str(profile)])
    assert result.exit_code == 0, result.output
    assert "Harbour correspondent" in json.loads(result.stdout)["text"]


def test_list_items_after_a_colon_and_subheadings_amid_body_stay():
    body = "The council met on Tuesday and agreed the budget for the coming year, officials said."
    lines = [
        "Home",
        "News",
        "Sport",
        "Council agrees the budget for the coming year",
        body,
        "Things changed when the council learned three simple tricks:",
        "Use a hot oven and a heavy pot with a lid.",
        "Let the dough rest overnight in the fridge.",
        "Weigh the flour instead of using cups.",
        "Bakers in the town said the tips had saved them hours of work every single week.",
        "What happens next",
        "The council will publish the full budget online before the next meeting in May.",
        "Follow us",
        "Contact",
    ]
    rec = strip_record(Record(id="p", source="p", text="\n".join(lines)))
    assert isinstance(rec, Record)
    paragraphs = rec.text.split("\n\n")
    for kept in (*lines[5:9], "What happens next"):
        assert kept in paragraphs, kept


def test_a_cut_or_inconsistent_model_file_is_a_usage_error(tmp_path):
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(MODEL.read_bytes()[:3000])
    data = json.loads(gzip.decompress(MODEL.read_bytes()))
    data["trees"][0]["left"][0] = 10**6
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(data))
    for bad in (cut, wrong):
        result = cleancli("run", str(PAGE), "--line-model", str(bad))
        assert result.returncode == 2, result.stderr
        assert b"not a cleancli line model" in result.stderr


def test_cross_validation_options_are_checked():
    dev = str(ROOT / "eval" / "dev")
    for args in (
        ["--cross-validate", "1"],
        ["--train-on", dev],
        ["--cross-validate", "2", "--train-on", dev],
    ):
        result = cleancli("eval", dev, *args)
        assert result.returncode == 2, (args, result.stderr)
