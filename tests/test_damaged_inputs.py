"""Damaged and unusual input is caught and reported: cut or corrupt compressed streams, broken
WARC framing, HTML nested past the parser's limit, misdeclared charsets, byte-order marks, odd
file names and files that are not files. Every input ends as pages or rejects that say why;
pages before the damage stand; nothing hangs, crashes or passes as whole when it is not."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
import pytest
import zstandard

from cleancli.inputs.encoding import decode_html, decode_text
from cleancli.inputs.rawpage import RawPage
from cleancli.inputs.sources import read_inputs, read_stream
from cleancli.inputs.webpage import HtmlError, extract_html
from cleancli.record import SKIPPED, Reject
from conftest import ROOT, cleancli
from webfiles import PARAGRAPHS, article_html, warc_response, write_warc

if TYPE_CHECKING:
    from collections.abc import Callable

CASES = ROOT / "tests" / "cases"

PACKERS: dict[str, Callable[[bytes], bytes]] = {
    "gz": gzip.compress,
    "zst": zstandard.ZstdCompressor(write_checksum=True).compress,
    "bz2": bz2.compress,
    "xz": lzma.compress,
}
CODEC = {"gz": "gzip", "zst": "zstd", "bz2": "bzip2", "xz": "xz"}


def _dump(lines: int) -> bytes:
    rows = (
        {"url": f"https://c.example/{n}", "text": f"Story {n}\n{PARAGRAPHS[n % 3]} ({n})"}
        for n in range(lines)
    )
    return b"".join(orjson.dumps(row) + b"\n" for row in rows)


def _read(data: bytes, name: str) -> list[RawPage | Reject]:
    return list(read_stream(io.BufferedReader(io.BytesIO(data)), name))  # type: ignore[arg-type]


def _split(items: list[RawPage | Reject]) -> tuple[list[RawPage], list[Reject]]:
    return (
        [i for i in items if isinstance(i, RawPage)],
        [i for i in items if isinstance(i, Reject)],
    )


def _lines(out: bytes) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in out.splitlines()]


# --- compressed streams ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", list(PACKERS))
def test_a_cut_jsonl_keeps_whole_lines_and_rejects_the_cut_one(suffix):
    packed = PACKERS[suffix](_dump(20_000))
    pages, rejects = _split(_read(packed[: len(packed) * 2 // 3], f"d.jsonl.{suffix}"))
    assert pages, "lines before the cut are kept"
    assert all(p.data.endswith(b"\n") for p in pages), "no cut line passes as whole"
    assert [p.place for p in pages] == [str(n) for n in range(1, len(pages) + 1)]
    [reject] = rejects
    assert reject.reason.startswith(f"truncated: {CODEC[suffix]} stream ends ")
    assert f"line {len(pages) + 1}" in reject.reason or f"after line {len(pages)}" in reject.reason


@pytest.mark.parametrize("suffix", ["gz", "zst", "xz"])
def test_a_corrupt_stream_is_a_reject_not_an_exception(suffix):
    packed = PACKERS[suffix](_dump(20_000))
    middle = len(packed) // 2
    broken = packed[:middle] + bytes(b ^ 0xA5 for b in packed[middle : middle + 64])
    broken += packed[middle + 64 :]
    pages, rejects = _split(_read(broken, f"d.jsonl.{suffix}"))
    assert all(p.data.endswith(b"\n") for p in pages)
    assert len(pages) < 20_000
    [reject] = rejects
    assert reject.reason.startswith(f"corrupt {CODEC[suffix]} stream ")


def test_a_cut_text_page_is_a_reject_not_a_page_ending_mid_sentence():
    page = ("Harbour news\n" + "\n".join(PARAGRAPHS * 40)).encode()
    for suffix, pack in PACKERS.items():
        packed = pack(page)
        [item] = _read(packed[: len(packed) - 20], f"page.txt.{suffix}")
        assert isinstance(item, Reject), suffix
        assert item.reason == (
            f"truncated: {CODEC[suffix]} stream ends inside the page, before its last checksum"
        )


def test_gzip_members_padding_and_trailing_garbage():
    first, second = _dump(3), _dump(5)[len(_dump(3)) :]
    members = gzip.compress(first) + gzip.compress(second)
    pages, rejects = _split(_read(members + b"\0" * 512, "d.jsonl.gz"))  # tar pads with zeros
    assert (len(pages), rejects) == (5, [])
    pages, rejects = _split(_read(members + b"not gzip at all", "d.jsonl.gz"))
    assert len(pages) == 5
    [reject] = rejects
    offset = len(members)
    assert reject.reason == (
        f"trailing garbage after line 5: the bytes from offset {offset} on are not gzip data"
    )
    # a whole page is kept, and the garbage after it still counted
    page, garbage = _read(gzip.compress(b"A page\nof text.\n") + b"junk", "p.txt.gz")
    assert isinstance(page, RawPage)
    assert isinstance(garbage, Reject)
    assert garbage.reason.startswith("trailing garbage after the page")


def test_a_corrupt_file_costs_its_own_records_only(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = _dump(3)
    packed = gzip.compress(_dump(400))
    (folder / "1-broken.jsonl.gz").write_bytes(packed[:200] + b"\xff" * 64 + packed[264:])
    (folder / "2-fine.jsonl").write_bytes(good)
    rejects = tmp_path / "rejects.jsonl"
    result = cleancli("run", str(folder), "--rejects", str(rejects), "--dedup", "none")
    assert result.returncode == 0, result.stderr
    assert b"internal error" not in result.stderr
    sources = [r["source"] for r in _lines(result.stdout)]
    assert [s for s in sources if "2-fine" in str(s)] == [
        f"{folder}/2-fine.jsonl:{n}" for n in (1, 2, 3)
    ]
    [reject] = _lines(rejects.read_bytes())
    assert str(reject["reason"]).startswith("corrupt gzip stream")
    assert cleancli("run", str(folder), "--strict").returncode == 1


# --- WARC --------------------------------------------------------------------------------------


def _records(n: int) -> list[bytes]:
    return [
        warc_response(
            f"https://courier.example/{k}",
            article_html(f"Story number {k} of the harbour", PARAGRAPHS).encode(),
        )
        for k in range(n)
    ]


def test_case_15_a_cut_warc_gz_keeps_the_whole_records_and_fails_strict(tmp_path):
    path = CASES / "15-truncated-warc-gz.warc.gz"
    rejects = tmp_path / "rej.jsonl"
    result = cleancli("run", "--strict", "--rejects", str(rejects), str(path))
    assert result.returncode == 1
    titles = [r["title"] for r in _lines(result.stdout)]
    assert titles == ["Footbridge over the Arle reopens", "Farmers market moves to Saturdays"]
    [reject] = _lines(rejects.read_bytes())
    assert reject["reason"] == (
        "truncated: gzip stream ends inside the WARC record at offset 1091, before its last checksum"
    )
    assert reject["source"] == f"{path}#1091"


def test_case_16_a_content_length_a_byte_short_still_reads_both_pages():
    path = CASES / "16-content-length-off-by-one.warc"
    items = list(read_inputs([str(path)], stdin=io.BytesIO()))
    assert [(i.source, i.place) for i in items if isinstance(i, RawPage)] == [
        (f"{path}#0", "0"),
        (f"{path}#883", "883"),
    ]
    assert not [i for i in items if isinstance(i, Reject)]


def test_a_record_running_past_the_end_of_the_file_is_a_reject(tmp_path):
    records = _records(3)
    path = tmp_path / "cut.warc"
    write_warc(path, records, gzip_members=False)
    path.write_bytes(path.read_bytes()[:-100])
    pages, rejects = _split(list(read_inputs([str(path)], stdin=io.BytesIO())))
    assert len(pages) == 2
    [reject] = rejects
    offset = len(records[0]) + len(records[1])
    assert reject.source == f"{path}#{offset}"
    assert reject.reason.startswith(
        f"truncated: the input ends inside the WARC record at offset {offset} ("
    )


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ((b"WARC/1.1\r\n", b"WARC/1.1 garbled\r\n"), "damaged WARC framing: no record header"),
        ((b"Content-Length: ", b"Content-Length: x"), "damaged WARC record header at offset"),
        ((b"Content-Length:", b"Content Length"), "no valid Content-Length"),
    ],
)
def test_after_a_framing_fault_reading_resumes_at_the_next_record(tmp_path, damage, reason):
    records = _records(5)
    records[2] = records[2].replace(*damage, 1)
    path = tmp_path / "framing.warc"
    offsets = write_warc(path, records, gzip_members=False)
    pages, rejects = _split(list(read_inputs([str(path)], stdin=io.BytesIO())))
    assert [p.place for p in pages] == [str(offsets[k]) for k in (0, 1, 3, 4)]
    [reject] = rejects
    assert reason in reject.reason
    assert reject.reason.endswith(f"skipped {offsets[3] - offsets[2]} bytes to the next record")


def test_a_content_length_that_does_not_end_its_record_is_a_reject(tmp_path):
    records = _records(3)
    length = records[1].split(b"Content-Length: ")[1].split(b"\r\n")[0]
    records[1] = records[1].replace(b"Content-Length: " + length, b"Content-Length: 100", 1)
    path = tmp_path / "length.warc"
    offsets = write_warc(path, records, gzip_members=False)
    pages, rejects = _split(list(read_inputs([str(path)], stdin=io.BytesIO())))
    assert [p.place for p in pages] == [str(offsets[0]), str(offsets[2])]
    assert "does not end where its Content-Length says" in rejects[0].reason
    assert rejects[1].reason.endswith("to the next record")


def test_each_record_of_a_whole_gzipped_warc_has_its_own_offset(tmp_path):
    records = _records(3)
    plain = tmp_path / "crawl.warc"
    offsets = write_warc(plain, records, gzip_members=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    pages, rejects = _split(list(read_inputs([str(whole)], stdin=io.BytesIO())))
    assert rejects == []
    # offsets in the decompressed stream: the records of one gzip member start inside it
    assert [p.source for p in pages] == [f"{whole}#{o}" for o in offsets]
    assert [p.place for p in pages] == [str(o) for o in offsets]


def test_warc_from_a_pipe_reads_like_the_file(tmp_path):
    records = _records(3)
    for members in (False, True):
        path = tmp_path / ("crawl.warc.gz" if members else "crawl.warc")
        offsets = write_warc(path, records, gzip_members=members)
        result = cleancli("extract", "-", stdin=path.read_bytes())
        assert result.returncode == 0, result.stderr
        assert b"panic" not in result.stderr
        got = _lines(result.stdout)
        # gzip members are counted in the file's bytes, from a pipe as from the file
        assert [r["source"] for r in got] == [f"<stdin>#{o}" for o in offsets]


# --- HTML --------------------------------------------------------------------------------------


def test_case_25_html_nested_past_the_parser_limit_is_read():
    result = cleancli("run", str(CASES / "25-deeply-nested-html.html"))
    assert result.returncode == 0, result.stderr
    [record] = _lines(result.stdout)
    assert record["title"] == "Village hall roof fund reaches target"
    assert record["publisher"] == "Kellow Post"
    assert record["published"] == "2025-06-02T00:00:00Z"
    assert len(str(record["text"]).split("\n\n")) == 3


def _nested(depth: int, body: str) -> str:
    return (
        "<html><head><title>Quay repairs</title></head><body>"
        + "<div>" * depth
        + body
        + "</div>" * depth
        + "</body></html>"
    )


def test_nesting_deeper_than_libxml2_reads_goes_to_resiliparse():
    body = "<article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
    page = extract_html(_nested(600, body))
    assert page.title == "Quay repairs"
    assert [line for line in page.text.splitlines() if line.strip()][-3:] == list(PARAGRAPHS)
    # within the limit, trafilatura keeps the page as before
    assert extract_html(_nested(100, body)).text.split("\n") == list(PARAGRAPHS)


def test_nesting_past_any_safe_depth_is_refused_with_that_reason():
    with pytest.raises(HtmlError, match="nested deeper than 2048 levels"):
        extract_html(_nested(5000, "<p>Too deep to read.</p>"))


# --- charsets and byte-order marks ------------------------------------------------------------


def test_case_19_a_cyrillic_page_declared_latin1_is_read_as_cp1251():
    result = cleancli("run", str(CASES / "19-cp1251-page-declared-latin1.html"))
    [record] = _lines(result.stdout)
    assert record["title"] == "Горожане выбрали проект нового сквера"
    assert record["lang"] == "ru"


def test_case_20_a_latin1_page_keeps_its_umlauts():
    text = decode_html((CASES / "20-latin1-page-with-meta-charset.html").read_bytes())
    assert "Neue Fähre für den Überlinger See" in text
    assert "größtenteils" in text


def test_a_hebrew_page_declared_western_is_read_as_hebrew():
    hebrew = (
        "הוועדה החליטה ביום שלישי לבנות מחדש את המזח הצפוני, שנסגר לציבור מאז החורף שעבר כאשר "
        "סערה סדקה שניים מעמודיו."
    )
    page = article_html("מזח חדש לנמל", (hebrew,), charset="iso-8859-1").encode("cp1255")
    assert hebrew in decode_html(page)
    assert hebrew in decode_html(page, "iso-8859-1")  # the server says so too


def test_a_byte_order_mark_never_costs_the_page():
    text = "Harbour news\n" + PARAGRAPHS[0]
    cut_utf16 = ("\ufeff" + text).encode("utf-16-le")[:-1]
    assert decode_text(cut_utf16).startswith(text[:-1])
    # a UTF-8 mark in front of bytes that are not UTF-8: the rest is still read
    assert decode_text(b"\xef\xbb\xbf" + "Café de la Gare".encode("cp1252")) == "Café de la Gare"
    html = ("\ufeff" + article_html(charset=None)).encode("utf-16-le")
    [page] = _read(html, "page")
    assert isinstance(page, RawPage)
    assert page.format == "html"
    assert PARAGRAPHS[0] in decode_html(page.data)


# --- JSONL -------------------------------------------------------------------------------------


def test_a_jsonl_file_starting_with_a_byte_order_mark_keeps_its_first_record():
    dump = b"\xef\xbb\xbf" + _dump(2)
    for name in ("d.jsonl", "d"):  # by its name, and sniffed
        pages, rejects = _split(_read(dump, name))
        assert rejects == []
        assert [(p.format, p.place) for p in pages] == [("jsonl", "1"), ("jsonl", "2")]
        assert orjson.loads(pages[0].data)["url"] == "https://c.example/0"


def test_case_18_odd_jsonl_lines_and_a_clear_reason_for_bytes_not_utf8(tmp_path):
    rejects = tmp_path / "rej.jsonl"
    path = CASES / "18-jsonl-odd-lines.jsonl"
    result = cleancli("run", "--rejects", str(rejects), str(path))
    assert result.returncode == 0, result.stderr
    assert [r["url"] for r in _lines(result.stdout)] == [
        "https://brackley-beacon.example/n/1",
        "https://brackley-beacon.example/n/5",
    ]
    got = _lines(rejects.read_bytes())
    assert [r["source"] for r in got] == [f"{path}:{n}" for n in (2, 3, 4, 7, 8, 9)]
    assert got[0]["reason"] == "line is not UTF-8 text (byte 0xE9 at column 57)"


# --- folders and files that are not files ------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw, "wb") as out:  # noqa: PTH123 - a bytes path
        out.write(("Harbour news\n" + PARAGRAPHS[0]).encode())
    [page] = read_inputs([str(folder)], stdin=io.BytesIO())
    assert isinstance(page, RawPage)
    assert page.source == f"{folder}/caf\\xe9.txt"
    result = cleancli("run", str(folder))
    assert result.returncode == 0, result.stderr
    [record] = _lines(result.stdout)
    assert record["source"] == f"{folder}/caf\\xe9.txt"


def test_pipes_sockets_devices_and_link_loops_never_hang(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1-page.txt").write_text("Harbour news\n" + PARAGRAPHS[0], encoding="utf-8")
    os.mkfifo(folder / "2-pipe")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "3-socket"))
    (folder / "4-loop").symlink_to(folder / "4-loop")
    try:
        items = list(read_inputs([str(folder)], stdin=io.BytesIO()))
        pages, rejects = _split(items)
        assert [p.source for p in pages] == [f"{folder}/1-page.txt"]
        assert [(r.source, r.stage, r.reason) for r in rejects] == [
            (f"{folder}/2-pipe", SKIPPED, "skipped: a named pipe, not a file"),
            (f"{folder}/3-socket", SKIPPED, "skipped: a socket, not a file"),
            (f"{folder}/4-loop", "extract", "cannot open: Too many levels of symbolic links"),
        ]
        # named on their own: a pipe with no writer reads as empty, a device is refused
        named = list(read_inputs([str(folder / "2-pipe"), "/dev/zero"], stdin=io.BytesIO()))
        assert named[0] == RawPage(f"{folder}/2-pipe", b"", "text")
        assert named[1] == Reject(
            "/dev/zero", "extract", "cannot read: a character device, not a file"
        )
        # a pattern through a link loop reads each file once
        (folder / "5-up").symlink_to(folder)
        matched = [p.source for p in read_inputs([f"{folder}/**/*.txt"], stdin=io.BytesIO())]
        assert matched == [f"{folder}/1-page.txt"]
    finally:
        listener.close()


def test_a_pipe_named_on_the_command_line_is_read(tmp_path):
    if not Path("/dev/fd").exists() or not shutil.which("bash"):
        pytest.skip("needs bash process substitution")
    page = tmp_path / "page.txt"
    page.write_text("Harbour news\n" + PARAGRAPHS[0], encoding="utf-8")
    command = f"{sys.executable} -m cleancli run <(cat {page})"
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, cwd=ROOT, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    [record] = _lines(result.stdout)
    assert record["text"] == PARAGRAPHS[0]


# --- odd values a page or a dump can carry ------------------------------------------------------


@pytest.mark.parametrize("charset", ["hex", "base64", "rot13", "undefined", "bz2_codec"])
def test_a_charset_that_is_no_text_encoding_is_ignored(charset):
    page = f'<html><head><meta charset="{charset}"></head><body><p>Pier café.</p></body></html>'
    assert "Pier café." in decode_html(page.encode())


def test_a_fetch_time_at_the_edge_of_the_calendar_is_ignored(tmp_path):
    dump = tmp_path / "dump.jsonl"
    lines = [
        {"text": "Pier reopens\nThe north pier reopened 2 days ago after repairs.", "fetched": when}
        for when in ("0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00")
    ]
    dump.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    result = cleancli("run", str(dump), "--dedup", "none")
    assert result.returncode == 0, result.stderr
    assert b"internal error" not in result.stderr
    assert [r["published"] for r in _lines(result.stdout)] == [None, None]


def test_millions_of_bad_lines_are_counted_not_each_told(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes(b"[]\n" * 5000)
    result = cleancli("run", str(dump), "--rejects", str(tmp_path / "rejects.jsonl"))
    assert result.returncode == 0
    told = [line for line in result.stderr.splitlines() if line.startswith(b"cleancli: rejected ")]
    assert len(told) == 100
    assert b"rejected 5000" in result.stderr.splitlines()[-1]
    assert len((tmp_path / "rejects.jsonl").read_bytes().splitlines()) == 5000


def test_a_page_deadline_counts_from_when_the_worker_starts_it():
    from cleancli.inputs.htmlworker import HtmlWorker

    page = article_html("Pier reopens", PARAGRAPHS)
    with HtmlWorker(timeout=1.0) as worker:
        for _ in range(3):
            worker.submit(page)
        import time

        time.sleep(2.5)  # the caller is busy: the pages were done long ago, none overran
        assert all(worker.result().text for _ in range(3))


def test_a_header_cut_mid_line_costs_its_own_record_only(tmp_path):
    records = _records(5)
    records[2] = records[2][:40]  # "WARC/1.1 … WARC-Reco", the next record glued on
    path = tmp_path / "glued.warc"
    offsets = write_warc(path, records, gzip_members=False)
    pages, rejects = _split(list(read_inputs([str(path)], stdin=io.BytesIO())))
    assert [p.place for p in pages] == [str(offsets[k]) for k in (0, 1, 3, 4)]
    [reject] = rejects
    assert reject.stage == "extract"
    assert "a new record starts inside the header" in reject.reason


@pytest.mark.parametrize("label", ["windows-1251", "iso-8859-1", "utf-16"])
def test_a_utf8_page_under_a_stale_label_is_read_as_utf8(label):
    page = f'<html><head><meta charset="{label}"></head><body><p>Новый бюджет, café.</p></body>'
    assert "Новый бюджет, café." in decode_html(page.encode())


@pytest.mark.parametrize("suffix", ["gz", "bz2"])
@pytest.mark.parametrize("at", [0.3, 0.5, 0.8])
def test_bytes_a_failed_checksum_covers_are_never_pages(tmp_path, suffix, at):
    lines = [
        orjson.dumps({"text": f"Pier story {n}: the north pier reopened."}) for n in range(300)
    ]
    packed = bytearray(PACKERS[suffix](b"\n".join(lines) + b"\n"))
    packed[int(len(packed) * at)] ^= 0x04
    path = tmp_path / f"flip.jsonl.{suffix}"
    path.write_bytes(bytes(packed))
    items = list(read_inputs([str(path)], stdin=io.BytesIO()))
    pages, rejects = _split(items)
    assert {p.data.rstrip(b"\n") for p in pages} <= set(lines)
    assert rejects
    assert any("corrupt" in r.reason or "truncated" in r.reason for r in rejects)


def test_a_stream_followed_by_half_of_another_keeps_the_whole_one(tmp_path):
    whole = b"".join(orjson.dumps({"text": f"Story {n}."}) + b"\n" for n in range(100))
    for suffix in ("bz2", "xz", "gz"):
        second = PACKERS[suffix](whole)
        path = tmp_path / f"cat.jsonl.{suffix}"
        path.write_bytes(PACKERS[suffix](whole) + second[: len(second) // 2])
        pages, rejects = _split(list(read_inputs([str(path)], stdin=io.BytesIO())))
        assert len(pages) >= 100, suffix
        assert [r.reason.split(":")[0] for r in rejects] == ["truncated"]


@pytest.mark.parametrize("extra", [5000, 10**9])
def test_a_content_length_too_long_costs_its_own_record_only(tmp_path, extra):
    records = _records(6)
    length = records[2].split(b"Content-Length: ")[1].split(b"\r\n")[0]
    longer = str(int(length) + extra).encode()
    records[2] = records[2].replace(b"Content-Length: " + length, b"Content-Length: " + longer, 1)
    path = tmp_path / "long.warc"
    offsets = write_warc(path, records, gzip_members=False)
    pages, rejects = _split(list(read_inputs([str(path)], stdin=io.BytesIO())))
    assert [p.place for p in pages] == [str(offsets[k]) for k in (0, 1, 3, 4, 5)]
    [reject] = rejects
    assert "ends before its Content-Length says" in reject.reason


def test_a_utf8_page_with_a_few_stray_bytes_stays_utf8():
    line = "Le café de la gare a rouvert après des années de travaux; les habitués sont ravis. "
    page = (line * 6).encode()
    damaged = page[:50] + b"\x92" + page[50:200] + b"\xe9" + page[200:]
    for decode in (decode_text, decode_html):
        text = decode(damaged)
        assert text.count("\ufffd") == 2  # the strays, as a browser shows them
        assert text.replace("\ufffd", "") == page.decode()
    # text in a single-byte code page is still read in it
    assert decode_text((line * 6).encode("cp1252")) == line * 6


def test_a_short_utf8_page_with_stray_bytes_keeps_its_accents():
    text = "Le café de la gare a rouvert après des années de travaux. " * 10
    spaces = [n for n, byte in enumerate(text.encode()) if byte == 0x20]
    data = bytearray(text.encode())
    for at in (spaces[40], spaces[20], spaces[5]):  # three stray bytes between words
        data.insert(at, 0xFF)
    read = decode_text(bytes(data))
    assert read.count("\ufffd") == 3
    assert read.replace("\ufffd", "") == text
