"""A run never costs the user data: outputs that cannot clobber inputs, ids that are keys,
outputs that say what they are, clean ends on signals. Through the real command."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import psutil
import pytest

from conftest import FIXTURES, NOW, ROOT, cleancli


def _lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.splitlines()]


def _page(n: int) -> str:
    return (
        f"Harbour board meets on plan number {n}\n"
        f"The harbour board met on Tuesday to weigh plan number {n} for the north pier, "
        f"which storms damaged last winter. Members asked for costs by spring, item {n}.\n"
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- outputs that cannot clobber inputs --------------------------------------------------------


def test_output_onto_an_input_is_refused_and_the_input_kept(tmp_path):
    pages = tmp_path / "pages.jsonl"
    pages.write_text(json.dumps({"text": _page(1)}) + "\n")
    before = _digest(pages)
    for target in (str(pages), str(tmp_path / "." / "pages.jsonl")):
        result = cleancli("run", str(pages), "-o", target)
        assert result.returncode == 2
        assert b"is also an input" in result.stderr
        assert len(result.stderr.splitlines()) == 1
    inside = cleancli("run", str(tmp_path), "-o", str(pages))
    assert inside.returncode == 2
    rejects = cleancli("run", str(pages), "-o", str(tmp_path / "a"), "--rejects", str(pages))
    assert rejects.returncode == 2
    assert _digest(pages) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages.jsonl"]


def test_rejects_and_output_may_not_be_one_file(tmp_path):
    out = tmp_path / "out.jsonl"
    result = cleancli("run", str(FIXTURES), "-o", str(out), "--rejects", str(out))
    assert result.returncode == 2
    assert b"same file" in result.stderr
    assert not out.exists()


def test_a_bad_rejects_path_leaves_an_existing_output_as_it_was(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"an earlier run's records\n")
    result = cleancli(
        "run", str(FIXTURES), "-o", str(out), "--rejects", str(tmp_path / "no" / "such" / "dir")
    )
    assert result.returncode == 2
    assert out.read_bytes() == b"an earlier run's records\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_an_output_is_replaced_only_when_the_run_ends_well(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"kept\n")
    failed = cleancli("run", str(tmp_path / "missing.txt"), "-o", str(out))
    assert failed.returncode == 2
    assert out.read_bytes() == b"kept\n"
    done = cleancli("run", str(FIXTURES), "--now", NOW, "-o", str(out))
    assert done.returncode == 0
    assert len(out.read_bytes().splitlines()) == 9
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


# --- nothing silently empty ------------------------------------------------------------------


def test_a_run_that_can_read_nothing_fails(tmp_path):
    missing = cleancli("run", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert missing.returncode == 2
    assert b"nothing could be read" in missing.stderr
    assert missing.stdout == b""
    (tmp_path / "empty").mkdir()
    empty = cleancli("run", str(tmp_path / "empty"))
    assert empty.returncode == 2
    nothing = cleancli("run", "-", stdin=b"")
    assert nothing.returncode == 2
    assert b"nothing to read" in nothing.stderr
    strip = cleancli("strip", stdin=b"")
    assert strip.returncode == 2
    # One missing input among readable ones is a reject, not a failure.
    some = cleancli("run", str(FIXTURES), str(tmp_path / "a.txt"), "--now", NOW)
    assert some.returncode == 0


def test_a_full_disk_is_one_line_and_exit_1():
    with Path("/dev/full").open("wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "cleancli", "run", str(FIXTURES), "--now", NOW],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
        )
    assert result.returncode == 1
    assert b"No space left on device" in result.stderr
    assert b"internal error" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_closed_standard_streams_are_one_line():
    closed_out = subprocess.run(
        ["sh", "-c", f"exec {sys.executable} -m cleancli run {FIXTURES} >&-"],
        capture_output=False,
        stderr=subprocess.PIPE,
        check=False,
        timeout=120,
    )
    assert closed_out.returncode == 1
    assert b"closed" in closed_out.stderr
    assert b"internal error" not in closed_out.stderr
    closed_in = subprocess.run(
        ["sh", "-c", f"exec {sys.executable} -m cleancli strip <&-"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert closed_in.returncode in {1, 2}
    assert b"internal error" not in closed_in.stderr
    assert len(closed_in.stderr.splitlines()) == 1


# --- outputs that say what they are ----------------------------------------------------------


@pytest.mark.parametrize("suffix", [".gz", ".zst", ".bz2", ".xz"])
def test_a_compressed_output_is_what_its_name_says(tmp_path, suffix):
    import pandas as pd

    out = tmp_path / f"clean.jsonl{suffix}"
    result = cleancli("run", str(FIXTURES), "--now", NOW, "-o", str(out))
    assert result.returncode == 0, result.stderr
    plain = cleancli("run", str(FIXTURES), "--now", NOW).stdout
    frame = pd.read_json(out, lines=True, compression="infer")
    assert list(frame["id"]) == [r["id"] for r in _lines(plain)]
    if suffix == ".gz":
        zcat = subprocess.run(["zcat", str(out)], capture_output=True, check=True)
        assert zcat.stdout == plain
        again = tmp_path / "again.jsonl.gz"
        cleancli("run", str(FIXTURES), "--now", NOW, "-o", str(again))
        assert again.read_bytes() == out.read_bytes()  # no name or time in the header


def test_every_record_carries_every_key():
    result = cleancli("run", str(FIXTURES), "--now", NOW)
    keys = {tuple(record) for record in _lines(result.stdout)}
    assert len(keys) == 1
    assert next(iter(keys))[-1] == "meta"


# --- ids that are keys -----------------------------------------------------------------------


def test_ten_thousand_pages_on_stdin_have_ten_thousand_ids():
    dump = b"".join(orjson.dumps({"text": _page(n)}) + b"\n" for n in range(10_000))
    first = cleancli("run", "-", "--dedup", "none", stdin=dump)
    assert first.returncode == 0, first.stderr
    ids = [r["id"] for r in _lines(first.stdout)]
    assert len(ids) == 10_000
    assert len(set(ids)) == 10_000
    other = b"".join(orjson.dumps({"text": _page(n + 1)}) + b"\n" for n in range(3))
    second = cleancli("run", "-", "--dedup", "none", stdin=other)
    assert not {r["id"] for r in _lines(second.stdout)} & set(ids[:3])


def test_a_page_has_one_id_however_its_path_is_spelled(tmp_path):
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "a.txt").write_text(_page(7))
    spellings = [
        ("run", str(folder / "a.txt")),
        ("run", "dumps/a.txt"),
        ("run", "./dumps/../dumps/a.txt"),
        ("run", "-"),
    ]
    ids = set()
    for args in spellings:
        result = cleancli(*args, cwd=tmp_path, stdin=(folder / "a.txt").read_bytes())
        assert result.returncode == 0, result.stderr
        ids |= {r["id"] for r in _lines(result.stdout)}
    assert len(ids) == 1


def test_a_page_given_twice_is_a_duplicate_not_a_clash(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(_page(3))
    dropped = cleancli("run", str(page), str(page))
    assert len(dropped.stdout.splitlines()) == 1
    assert b"duplicates 1" in dropped.stderr
    for args in (("--on-duplicate", "mark"), ("--dedup", "none")):
        kept = _lines(cleancli("run", str(page), str(page), *args).stdout)
        assert len(kept) == 2
        assert len({r["id"] for r in kept}) == 2
    marked = _lines(cleancli("run", str(page), str(page), "--on-duplicate", "mark").stdout)
    assert marked[1]["duplicate_of"] == marked[0]["id"]


def test_the_pipe_renames_a_repeated_id_as_run_does(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(_page(5))
    run = cleancli("run", str(page), str(page), "--dedup", "none").stdout
    extracted = cleancli("extract", str(page), str(page)).stdout
    stripped = cleancli("strip", stdin=extracted).stdout
    split = cleancli("split", stdin=stripped).stdout
    assert cleancli("emit", "--dedup", "none", stdin=split).stdout == run


# --- clean ends --------------------------------------------------------------------------------


def _big_dump(path: Path, pages: int) -> None:
    with path.open("wb") as out:
        for n in range(pages):
            out.write(orjson.dumps({"text": _page(n) * 20}) + b"\n")


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for proc in procs:
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc)
        except psutil.NoSuchProcess:
            continue
    return alive


def _start_run(tmp_path: Path, out: Path) -> tuple[subprocess.Popen[bytes], list[psutil.Process]]:
    dump = tmp_path / "big.jsonl"
    _big_dump(dump, 40_000)
    # A shell runs background jobs with SIGINT ignored, and children inherit that: a test suite
    # started in the background would send Ctrl-C to a run that, as Unix asks of background
    # jobs, ignores it. A handled SIGINT here becomes the default one in the child.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cleancli", "run", str(dump), "--jobs", "2", "-o", str(out)],
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + 60
    children: list[psutil.Process] = []
    while time.monotonic() < deadline and len(children) < 2:
        time.sleep(0.2)
        children = _descendants(proc.pid)
    time.sleep(1.0)
    children = _descendants(proc.pid)
    assert len(children) >= 2, "the workers never started"
    return proc, children


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_run_and_every_child(tmp_path, signum):
    out = tmp_path / "clean.jsonl"
    proc, children = _start_run(tmp_path, out)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == (143 if signum == signal.SIGTERM else 130)
    assert b"output incomplete" in stderr
    assert b"Traceback" not in stderr
    deadline = time.monotonic() + 10
    while _alive(children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(children)
    assert not out.exists()
    partial = tmp_path / "clean.jsonl.partial"
    umask = os.umask(0)
    os.umask(umask)
    assert partial.stat().st_mode & 0o777 == 0o666 & ~umask  # as a file written whole gets


def test_a_killed_worker_ends_the_run_with_exit_1(tmp_path):
    out = tmp_path / "clean.jsonl"
    proc, children = _start_run(tmp_path, out)
    workers = [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]
    os.kill(workers[-1].pid, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert b"worker process died" in stderr
    assert b"Traceback" not in stderr
    assert not out.exists()
    deadline = time.monotonic() + 10
    while _alive(children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(children)


# --- the other commands --------------------------------------------------------------------------


def test_stage_commands_honour_max_bytes(tmp_path):
    # each command's own input, as the stage before it writes it: one long record, one short
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("A long page\n\n" + "word " * 5000)
    (pages / "b.txt").write_text("A short page\n\nIt has one line of prose in it, no more.")
    chain = {"strip": cleancli("extract", str(pages)).stdout}
    chain["split"] = cleancli("strip", "-", stdin=chain["strip"]).stdout
    chain["emit"] = cleancli("split", "-", stdin=chain["split"]).stdout
    rejects = tmp_path / "rejects.jsonl"
    for command in ("strip", "split", "emit"):
        result = cleancli(
            command, "--max-bytes", "1000", "--rejects", str(rejects), stdin=chain[command]
        )
        assert result.returncode == 0, result.stderr
        assert "longer than 1000 bytes" in json.loads(rejects.read_bytes())["reason"]
        assert len(result.stdout.splitlines()) == 1
    assert cleancli("run", str(FIXTURES), "--rejects", "/dev/null").returncode == 0


def test_learn_never_writes_over_an_input_and_its_profile_loads(tmp_path):
    folder = tmp_path / "dumps"
    folder.mkdir()
    for n in range(4):
        (folder / f"{n}.txt").write_text(f"Menu\x7f\nShare 👍\n{_page(n)}")
    victim = folder / "0.txt"
    before = _digest(victim)
    refused = cleancli("learn", str(folder), "-o", str(victim))
    assert refused.returncode == 2
    assert _digest(victim) == before
    profile = tmp_path / "learned.toml"
    made = cleancli("learn", str(folder), "-o", str(profile), "--name", "site ✓ 📰")
    assert made.returncode == 0, made.stderr
    used = cleancli("run", str(folder), "--profile", str(profile))
    assert used.returncode == 0, used.stderr


def test_the_readme_python_example_runs_on_html(tmp_path):
    readme = (ROOT / "README.md").read_text()
    start = readme.index("```python\n") + len("```python\n")
    example = readme[start : readme.index("```", start)]
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "page.html").write_text(
        "<html><head><title>Pier reopens</title></head><body><article><h1>Pier reopens</h1>"
        + "<p>The north pier reopened on Monday after a winter of repairs to its deck.</p>" * 5
        + "</article></body></html>"
    )
    script = tmp_path / "example.py"
    script.write_text(example)
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert b"Pier reopens" in result.stdout


def _shell(script: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["sh", "-c", script.replace("CLEANCLI", f"{sys.executable} -m cleancli")],
        cwd=cwd,
        capture_output=True,
        check=False,
        timeout=120,
    )


def test_redirections_and_profiles_are_inputs_too(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(_page(1))
    profile = tmp_path / "mine.toml"
    profile.write_text('[profile]\nname = "mine"\n')
    before = {p: _digest(p) for p in (page, profile)}
    for script in (
        "CLEANCLI run - -o page.txt < page.txt",
        "CLEANCLI run page.txt >> page.txt",
        "CLEANCLI run page.txt -o /dev/stdout >> page.txt",
        "CLEANCLI learn - -o page.txt < page.txt",
        "CLEANCLI run page.txt -p mine.toml -o mine.toml",
        "CLEANCLI run - < page.txt >> page.txt",
        "CLEANCLI strip < page.txt >> page.txt",
        "CLEANCLI learn - < page.txt >> page.txt",
        "CLEANCLI run page.txt missing.txt -p mine.toml --rejects mine.toml",
    ):
        result = _shell(script, tmp_path)
        assert result.returncode == 2, (script, result.stderr)
        assert b"never writes over its input" in result.stderr
    assert {p: _digest(p) for p in before} == before


def test_appending_through_dev_stdout_appends(tmp_path):
    (tmp_path / "log.jsonl").write_text("earlier\n")
    result = _shell(f"CLEANCLI run {FIXTURES} -o /dev/stdout >> log.jsonl", tmp_path)
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "log.jsonl").read_text().splitlines()
    assert lines[0] == "earlier"
    assert len(lines) == 10


def test_an_empty_input_name_is_refused():
    result = cleancli("run", "")
    assert result.returncode == 2
    assert b"input name is empty" in result.stderr


def test_a_failed_output_is_named(tmp_path):
    result = cleancli(
        "run", str(FIXTURES), str(tmp_path / "missing"), "--rejects", "/dev/full",
        "-o", str(tmp_path / "out.jsonl"),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(b"cleancli: error: cannot write /dev/full")
    assert not (tmp_path / "out.jsonl").exists()


def test_learn_reads_lines_as_strip_does(tmp_path):
    folder = tmp_path / "dumps"
    folder.mkdir()
    for n in range(4):
        (folder / f"{n}.txt").write_text(f"Sign up\u2028for the feed\f today\n{_page(n)}")
    made = cleancli("learn", str(folder))
    assert made.returncode == 0, made.stderr
    learned = made.stdout.decode()
    assert '"Sign up for the feed today",' in learned  # one line, its spaces folded
    assert '"for the feed' not in learned
