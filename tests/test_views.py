"""The views rendered on recording consoles at a fixed width, and through the commands."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import pty
import select
import subprocess
import sys

import pytest
from rich.console import Console
from typer.testing import CliRunner

from cleancli.cli.app import app
from cleancli.engines.pipeline import fold, run
from cleancli.inputs.sources import read_inputs
from cleancli.options import Options
from cleancli.views.show import explain_view, record_view, records_table
from cleancli.views.stats import collect, stats_view
from conftest import FIXTURES, ROOT, cleancli

runner = CliRunner()
ESC = "\x1b["
SEED_003 = FIXTURES / "003_ad97f0109e716dd8.txt"


def _render(renderable, width=120) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def _records():
    return list(run(read_inputs([str(FIXTURES)], stdin=io.BytesIO())))


def test_records_table_fits_the_width_and_names_things():
    for width in (80, 120, 160):
        text = _render(records_table(_records(), width=width), width)
        assert max(len(line) for line in text.splitlines()) <= width
        assert "Russia Today" in text
        assert "NATO talk" in text
    wide = _render(records_table(_records(), width=160), 160)
    assert "daily8.com" in wide
    assert "Discussions with" in wide  # a text preview, once the title has its 60 columns
    titled = _render(records_table(_records(), width=120), 120)
    assert "Discussions" not in titled  # at 120 the title takes all the room
    assert max(map(len, titled.splitlines())) > 100


def test_record_view_shows_fields_and_all_prose():
    record = _records()[5]
    text = _render(record_view(record))
    assert "NATO not part of Ukraine peace talks" in text
    assert "06-04-2025" in text
    assert "Trump rules out Ukraine joining NATO" in text  # the link
    assert "unacceptable." in text  # the last words of the prose


def test_explain_shows_roles_rules_boxes_and_footer():
    pages = list(
        fold(
            read_inputs([str(SEED_003)], stdin=io.BytesIO()),
            Options(),
            _tally(),
            stages=("extract", "strip"),
        )
    )
    text = " ".join(_render(explain_view(pages[0]), 140).split())
    for expected in (
        "daily8.com:ai-prompt",
        "general:comment-widget",
        "title-repeated",
        "publisher-glued-to-date",
        "prose-joined-to-line-above",
        "headline-after-general:read-more",
        "related article 1: Ukraine membership out of NATO summit statement (Russia Today, 5 hours",
        "related article 3: Musk's father comments",
        "produces 1 article + 3 related",
    ):
        assert expected in text, expected
    assert "╭─" in text  # related articles are boxed


def _tally():
    from cleancli.engines.pipeline import Tally

    return Tally()


def test_explain_asks_for_lines_when_records_have_none():
    record = dataclasses.replace(_records()[0], blocks=())
    assert "no lines to explain" in _render(explain_view(record))


def test_stats_counts_and_json():
    stats = collect(_records())
    assert stats.kinds == {"article": 3, "related": 6}
    assert stats.word_summary() == {"min": 309, "median": 357, "max": 404}
    assert stats.furniture["title-repeated"] == 14
    text = _render(stats_view(stats))
    assert "by publisher" in text
    assert "general:app-prompt" in text
    result = runner.invoke(app, ["stats", str(FIXTURES), "--json"])
    data = json.loads(result.stdout)
    assert data["records"] == 9
    assert data["sites"] == {"daily8.com": 8, "menafn.com": 1}
    assert data["furniture_removed"]["general:app-prompt"] == 8


def test_stats_counts_rejects_by_reason(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00binary")
    (tmp_path / "b.txt").write_text("   ")
    data = json.loads(runner.invoke(app, ["stats", str(tmp_path), "--json"]).stdout)
    assert data["rejects"] == {"binary data": 1, "empty page": 1}


@pytest.mark.parametrize(
    "args",
    [
        ["show", "fixtures/"],
        ["show", "fixtures/", "--id", "first"],
        ["explain", str(SEED_003)],
        ["stats", str(FIXTURES)],
    ],
)
def test_views_on_a_pipe_carry_no_escape_codes(args):
    if "first" in args:  # the id of the first record of the run
        first = json.loads(cleancli("run", "fixtures/").stdout.splitlines()[0])["id"]
        args = [first[:8] if arg == "first" else arg for arg in args]
    result = cleancli(*args)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout
    assert ESC.encode() not in result.stdout


def _on_a_terminal(args, env=None):
    """Run cleancli with stdout and stderr on a pseudo-terminal; what the terminal received."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleancli", *args],
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "120", **(env or {})},
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(leader)
    return seen.decode("utf-8", "replace")


def test_views_on_a_terminal_are_coloured_unless_told_not_to():
    args = ["explain", str(SEED_003)]
    assert ESC in _on_a_terminal(args)
    assert ESC not in _on_a_terminal(args, env={"NO_COLOR": "1"})
    assert ESC not in _on_a_terminal(args, env={"TERM": "dumb"})
    assert ESC not in _on_a_terminal([*args, "--no-color"])


def test_colour_can_be_kept_through_a_pipe():
    args = ["explain", str(SEED_003)]
    assert ESC not in cleancli(*args).stdout.decode()
    assert ESC in cleancli(*args, "--color").stdout.decode()
    assert ESC in cleancli(*args, env={"FORCE_COLOR": "1"}).stdout.decode()
    assert ESC not in cleancli(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout.decode()


def _many_pages(tmp_path, n=120):
    tmp_path.mkdir(exist_ok=True)
    page = (FIXTURES / "000_89fd1761f10742c4.txt").read_text()
    for i in range(n):
        lines = [f"{line} Report {i}." if len(line) > 200 else line for line in page.split("\n")]
        (tmp_path / f"{i:04}.txt").write_text("\n".join(lines).replace("NATO", f"NATO{i}"))
    return tmp_path


def test_progress_bar_on_a_terminal_only(tmp_path):
    folder = _many_pages(tmp_path)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleancli", "run", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=ROOT,
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(leader)
    terminal = seen.decode("utf-8", "replace")
    assert "cleaning" in terminal
    assert "pages," in terminal
    assert "read 120, wrote" in terminal
    piped = cleancli("run", str(folder))
    assert b"cleaning" not in piped.stderr
    assert ESC.encode() not in piped.stderr
    quiet = _on_a_terminal(["run", str(folder), "--quiet", "-o", str(tmp_path / "out.jsonl")])
    assert "cleaning" not in quiet


def test_show_limit_answers_before_the_input_ends():
    """Three records go into a live pipe that stays open: show --limit 2 must answer anyway."""
    records = cleancli("run", "fixtures/").stdout.splitlines()[:3]
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleancli", "show", "-", "--limit", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    try:
        proc.stdin.write(b"\n".join(records) + b"\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        assert ready, "show waited for the end of its input"
        out = proc.stdout.read()
        assert proc.wait(timeout=30) == 0
        said = proc.stderr.read()
    finally:
        proc.kill()
        proc.stdin.close()
    assert out.count(b"\n") == 4  # the head, its rule and two rows
    assert b"more records not shown" in said


def test_show_where_and_id():
    result = runner.invoke(app, ["show", str(FIXTURES), "--where", "kind=article"])
    assert result.stdout.count("article") == 3
    assert "related" not in result.stdout.replace("kind", "")
    bad = runner.invoke(app, ["show", str(FIXTURES), "--where", "colour=red"])
    assert bad.exit_code != 0


def test_views_read_intermediate_records_from_stdin():
    stripped = runner.invoke(
        app, ["strip"], input=runner.invoke(app, ["extract", str(FIXTURES)]).stdout
    )
    result = runner.invoke(app, ["explain", "-"], input=stripped.stdout)
    assert "title-repeated" in result.stdout
    shown = runner.invoke(app, ["show", "-"], input=stripped.stdout)
    assert "NATO talk becoming" in shown.stdout


def test_show_all_streams_long_listings_in_the_table_layout(tmp_path):
    folder = _many_pages(tmp_path / "pages", n=160)
    records = tmp_path / "records.jsonl"
    assert cleancli("run", str(folder), "-o", str(records)).returncode == 0
    lines = cleancli("show", str(records), "--limit", "0").stdout.decode().splitlines()
    rows = lines[2:]
    assert len(rows) == 640
    assert {len(row) for row in rows[495:505]} == {
        len(rows[0])
    }  # table rows and streamed rows align
    assert rows[-1].split()[1] == "related"


@pytest.mark.parametrize("command", ["explain", "show", "stats"])
def test_a_view_of_a_missing_file_says_so(tmp_path, command):
    done = cleancli(command, str(tmp_path / "nosuch.txt"))
    assert done.returncode == 2
    assert b"nosuch.txt: no such file or folder" in done.stderr


def test_an_id_prefix_that_names_several_records_is_an_error_listing_them(tmp_path):
    out = tmp_path / "clean.jsonl"
    cleancli("run", str(FIXTURES), "--now", "2025-07-24T12:00:00Z", "-o", str(out))
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    prefix = next(i[0] for i in ids if sum(j.startswith(i[0]) for j in ids) > 1)
    result = cleancli("show", str(out), "--id", prefix)
    assert result.returncode == 2
    named = [i for i in ids if i.startswith(prefix)]
    assert f"matches {len(named)} records".encode() in result.stderr
    assert all(i.encode() in result.stderr for i in named)


def test_explain_with_a_related_records_id_explains_the_page_that_carried_it():
    records = [json.loads(line) for line in cleancli("run", str(FIXTURES)).stdout.splitlines()]
    related = next(r for r in records if r["kind"] == "related")
    page = next(r for r in records if r["id"] == related["parent_id"])
    result = cleancli("explain", str(FIXTURES), "--id", related["id"][:8], "--no-color")
    assert result.returncode == 0, result.stderr.decode()
    assert page["title"].encode() in result.stdout
