"""The commands through typer's CliRunner: stdout holds data, stderr holds messages."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cleancli.cli.app import app
from conftest import FIXTURES, NOW, ROOT

runner = CliRunner()
COMMANDS = [
    "extract",
    "strip",
    "split",
    "emit",
    "run",
    "show",
    "explain",
    "stats",
    "learn",
    "eval",
    "train",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples_each_saying_what_it_is_for(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    examples = result.stdout.split("Examples:", 1)[1].splitlines()
    commands = [line.strip() for line in examples if f"cleancli {command}" in line]
    assert len(commands) >= 2
    assert all(not c.startswith("#") for c in commands)
    whys = [line.strip() for line in examples if line.strip().startswith("# ")]
    assert len(whys) >= 2


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for command in COMMANDS:
        assert f"`{command} " in readme


def test_run_writes_records_to_stdout_and_summary_to_stderr():
    result = runner.invoke(app, ["run", str(FIXTURES), "--now", NOW])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 9
    assert result.stderr.strip().endswith(
        "read 3, wrote 9 (3 articles, 6 related), rejected 0, duplicates 0; split found 6 related"
    )


def test_stages_chain_through_stdin():
    extracted = runner.invoke(app, ["extract", str(FIXTURES)])
    stripped = runner.invoke(app, ["strip", "-", "--now", NOW], input=extracted.stdout)
    split = runner.invoke(app, ["split"], input=stripped.stdout)
    emitted = runner.invoke(app, ["emit"], input=split.stdout)
    whole = runner.invoke(app, ["run", str(FIXTURES), "--now", NOW])
    assert emitted.stdout == whole.stdout
    assert "read 9, wrote 9 (3 articles, 6 related)" in emitted.stderr
    intermediate = json.loads(stripped.stdout.splitlines()[0])
    assert intermediate["blocks"][0] == {
        "text": "logo",
        "role": "furniture",
        "why": "general:image-alt",
        "part": 0,
    }


def test_rejects_file_and_counts_add_up(tmp_path):
    (tmp_path / "ok.txt").write_text("A title\nThe council met on Monday and approved the plan.")
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02")
    (tmp_path / "d.jsonl").write_text(
        '{"text": "The mayor spoke on Friday about the plan."}\n{bad\n'
    )
    rejects = tmp_path / "rejects.jsonl"
    result = runner.invoke(
        app, ["run", str(tmp_path), str(tmp_path / "missing"), "--rejects", str(rejects)]
    )
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2
    got = [json.loads(line) for line in rejects.read_text().splitlines()]
    reasons = {r["source"].replace(str(tmp_path), "T"): r["reason"] for r in got}
    assert set(reasons) == {"T/bin.dat", "T/d.jsonl:2", "T/empty.txt", "T/missing"}
    assert all("\n" not in r for r in reasons.values())
    assert "read 6, wrote 2 (2 articles, 0 related), rejected 4, duplicates 0" in result.stderr
    assert result.stderr.count("rejected T".replace("T", str(tmp_path))) == 4


def test_duplicates_are_counted(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(
            "Same story\nThe same wire story ran on two sites today, word for word."
        )
    result = runner.invoke(app, ["run", str(tmp_path)])
    assert len(result.stdout.splitlines()) == 1
    assert "read 2, wrote 1 (1 article, 0 related), rejected 0, duplicates 1" in result.stderr
    marked = runner.invoke(app, ["run", str(tmp_path), "--on-duplicate", "mark"])
    records = [json.loads(line) for line in marked.stdout.splitlines()]
    assert records[1]["duplicate_of"] == records[0]["id"]


def test_keep_blocks_adds_in_flight_fields():
    result = runner.invoke(
        app, ["run", str(FIXTURES / "002_d06ffc9ac9d1c36e.txt"), "--keep-blocks"]
    )
    record = json.loads(result.stdout)
    assert record["blocks"][0]["role"] == "dateline"


def test_quiet_silences_stderr():
    result = runner.invoke(app, ["run", str(FIXTURES), "--quiet"])
    assert result.stderr == ""


def test_profile_option_takes_a_file(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[profile]\nname = "mine"\n[[rules]]\nname = "kicker"\nlines = ["Breaking"]\n'
    )
    page = tmp_path / "page.txt"
    page.write_text(
        "Breaking\nBridge reopens\nThe bridge reopened on Monday after repairs to its deck."
    )
    result = runner.invoke(app, ["run", str(page), "--profile", str(profile), "--keep-blocks"])
    record = json.loads(result.stdout)
    assert record["blocks"][0]["why"] == "mine:kicker"
    assert record["title"] == "Bridge reopens"


def test_relative_dates_resolve_against_the_pages_fetch_time(tmp_path):
    page = "Bridge reopens\nCoastal Herald2 days ago\nThe bridge reopened on Monday after repairs."
    dump = tmp_path / "d.jsonl"
    dump.write_text(
        json.dumps({"text": page, "fetch_time": "2025-03-10T08:00:00Z", "url": "https://x.org/a"})
        + "\n"
        + json.dumps({"text": page.replace("ridge", "arrier")})
        + "\n"
    )
    records = [
        json.loads(line)
        for line in runner.invoke(app, ["run", str(dump), "--now", NOW]).stdout.splitlines()
    ]
    assert [r["published"] for r in records] == ["2025-03-08T00:00:00Z", "2025-07-22T00:00:00Z"]
    assert records[0]["url"] == "https://x.org/a"
    assert records[0]["source"].endswith("d.jsonl:1")
