"""Crawl inputs end to end: WARC, compressed dumps, encodings, HTML in JSONL, pages that hang."""

from __future__ import annotations

import gzip
import os
import signal
import time

import orjson
import pytest

from cleancli import RawPage, read_inputs
from cleancli.inputs.htmlworker import HtmlWorker
from cleancli.inputs.webpage import HtmlError
from conftest import cleancli
from webfiles import PARAGRAPHS, article_html, packed_copies, warc_response, write_warc

RUSSIAN = (
    (
        "Совет гавани во вторник согласился перестроить северный пирс, закрытый для публики с "
        "прошлой зимы, когда шторм повредил две его опоры."
    ),
    (
        "Инженеры сообщили совету, что работы займут восемнадцать месяцев, а рыбацкие лодки на это "
        "время переедут в южный бассейн."
    ),
)
FRENCH = (
    (
        "Le conseil du port a décidé mardi de reconstruire la jetée nord, fermée au public depuis "
        "qu'une tempête a fissuré deux de ses piliers l'hiver dernier."
    ),
    (
        "Les ingénieurs ont précisé que les travaux dureraient dix-huit mois et que les bateaux de "
        "pêche s'amarreraient dans le bassin sud pendant ce temps."
    ),
)


def _lines(out: bytes) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in out.splitlines()]


def _summary(err: bytes) -> str:
    return err.decode().strip().splitlines()[-1]


@pytest.fixture
def warc_records() -> list[bytes]:
    return [
        warc_response("https://courier.example/pier", article_html().encode()),
        # charset only in the HTTP header: the page itself declares nothing
        warc_response(
            "https://vestnik.example/pirs",
            article_html("Совет гавани решил перестроить пирс", RUSSIAN, charset=None).encode(
                "cp1251"
            ),
            content_type="text/html; charset=windows-1251",
        ),
        warc_response("https://courier.example/gone", b"<html>gone</html>", status=404),
        warc_response("https://courier.example/logo.png", b"\x89PNG\r\n", content_type="image/png"),
        # charset only in the page's <meta>
        warc_response(
            "https://journal.example/jetee",
            article_html("Le port reconstruit la jetée", FRENCH, charset="iso-8859-1").encode(
                "latin-1"
            ),
            content_type="text/html",
        ),
    ]


@pytest.mark.parametrize("gzip_members", [False, True])
def test_warc_pages_with_sources_urls_and_skips(tmp_path, warc_records, gzip_members):
    path = tmp_path / ("crawl.warc.gz" if gzip_members else "crawl.warc")
    offsets = write_warc(path, warc_records, gzip_members=gzip_members)
    rejects = tmp_path / "rejects.jsonl"
    result = cleancli("run", str(path), "--rejects", str(rejects))
    assert result.returncode == 0, result.stderr
    records = _lines(result.stdout)
    assert [r["source"] for r in records] == [f"{path}#{offsets[i]}" for i in (0, 1, 4)]
    assert [r["url"] for r in records] == [
        "https://courier.example/pier",
        "https://vestnik.example/pirs",
        "https://journal.example/jetee",
    ]
    assert [r["site"] for r in records] == ["courier.example", "vestnik.example", "journal.example"]
    assert records[0]["text"].startswith(PARAGRAPHS[0][:40])
    assert "Совет гавани во вторник" in records[1]["text"]
    assert "fermée au public depuis qu'une tempête" in records[2]["text"]
    assert [r["lang"] for r in records] == ["en", "ru", "fr"]
    # the time the markup states (article:published_time), not only its day
    assert records[0]["published"] == "2024-04-30T08:00:00Z"
    assert records[0]["published_precision"] == "minute"
    assert records[0]["published_zone_assumed"] is False
    skipped = _lines(rejects.read_bytes())
    assert [(r["source"], r["stage"]) for r in skipped] == [
        (f"{path}#{offsets[2]}", "skip"),
        (f"{path}#{offsets[3]}", "skip"),
    ]
    assert "HTTP status 404" in skipped[0]["reason"]
    assert "image/png" in skipped[1]["reason"]
    assert _summary(result.stderr) == (
        "cleancli: read 5, wrote 3 (3 articles, 0 related), rejected 0, duplicates 0, "
        "skipped 2 (inputs holding no page); split found 0 related"
    )
    # skipped records are no failure, even under --strict
    assert cleancli("run", str(path), "--strict").returncode == 0


def test_warc_fetch_time_resolves_relative_dates(tmp_path):
    page = article_html(
        "Pier works start", ("Posted 2 days ago", *PARAGRAPHS), published="2000-01-01"
    )
    path = tmp_path / "one.warc"
    write_warc(path, [warc_response("https://c.example/a", page.encode())], gzip_members=False)
    [rec] = _lines(cleancli("run", str(path)).stdout)
    assert rec["published"] == "2024-04-29T00:00:00Z"  # WARC-Date 2024-05-01 minus two days


def test_compressed_copies_read_alike(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes(
        b"".join(
            orjson.dumps({"url": f"https://c.example/{n}", "text": f"Title {n}\n{p}"}) + b"\n"
            for n, p in enumerate(PARAGRAPHS)
        )
    )
    page = tmp_path / "page.txt"
    page.write_text("Harbour news\n" + "\n".join(PARAGRAPHS), encoding="utf-8")
    plain = {
        name: _lines(cleancli("run", str(path)).stdout) for name, path in (("d", dump), ("p", page))
    }
    for original in (dump, page):
        for packed in packed_copies(original):
            result = cleancli("run", str(packed))
            assert result.returncode == 0, result.stderr
            got = _lines(result.stdout)
            want = plain["d" if original is dump else "p"]
            assert [r["text"] for r in got] == [r["text"] for r in want]
            assert all(str(r["source"]).startswith(str(packed)) for r in got)


@pytest.mark.parametrize(
    ("codec", "paragraphs"),
    [("utf-16", PARAGRAPHS), ("cp1251", RUSSIAN), ("latin-1", FRENCH)],
)
def test_text_pages_in_other_encodings(tmp_path, codec, paragraphs):
    path = tmp_path / f"page-{codec}.txt"
    path.write_bytes(("A headline for the page\n" + "\n".join(paragraphs)).encode(codec))
    result = cleancli("run", str(path))
    assert result.returncode == 0, result.stderr
    [rec] = _lines(result.stdout)
    assert rec["text"] == "\n\n".join(paragraphs)


def test_jsonl_with_an_html_field(tmp_path):
    dump = tmp_path / "crawl.jsonl"
    rows = [
        {"url": "https://courier.example/pier", "html": article_html(), "crawl_time": "2024-05-01"},
        {"url": "https://courier.example/empty", "html": "<html><body></body></html>"},
        {"url": "https://courier.example/none"},
    ]
    dump.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    result = cleancli("run", str(dump), "--html-field", "html", "--rejects", str(tmp_path / "r"))
    [rec] = _lines(result.stdout)
    assert rec["url"] == "https://courier.example/pier"
    assert rec["title"] == "Harbour board votes to rebuild the north pier"
    assert rec["text"].split("\n\n") == list(PARAGRAPHS)
    rejects = _lines((tmp_path / "r").read_bytes())
    assert [r["source"] for r in rejects] == [f"{dump}:2", f"{dump}:3"]
    assert "no article text" in rejects[0]["reason"]
    assert "no field 'html' (fields: url); choose one with --html-field" in rejects[1]["reason"]
    assert "read 3, wrote 1" in _summary(result.stderr)
    assert "rejected 2" in _summary(result.stderr)


def test_formats_are_sniffed_without_suffixes(tmp_path, warc_records):
    write_warc(tmp_path / "a", warc_records[:1], gzip_members=True)
    (tmp_path / "b").write_text(article_html(), encoding="utf-8")
    (tmp_path / "c").write_bytes(orjson.dumps({"text": "Title\n" + PARAGRAPHS[0]}) + b"\n")
    (tmp_path / "d").write_text("Title\n" + PARAGRAPHS[1], encoding="utf-8")
    pages = list(read_inputs([str(tmp_path)], stdin=None))  # type: ignore[arg-type]
    assert [(p.source.split("/")[-1], p.format) for p in pages if isinstance(p, RawPage)] == [
        ("a#0", "html"),
        ("b", "html"),
        ("c:1", "jsonl"),
        ("d", "text"),
    ]


def _big_page(paragraphs: int) -> str:
    return article_html(paragraphs=PARAGRAPHS * paragraphs)


def test_a_page_past_its_deadline_is_rejected_and_the_run_goes_on(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "1-slow.html").write_text(_big_page(3000), encoding="utf-8")
    (pages / "2-fine.html").write_text(article_html(), encoding="utf-8")
    result = cleancli("run", str(pages), "--timeout", "0.05", "--rejects", str(tmp_path / "r"))
    [rec] = _lines(result.stdout)
    assert rec["source"].endswith("2-fine.html")
    [rej] = _lines((tmp_path / "r").read_bytes())
    assert rej["source"].endswith("1-slow.html")
    assert rej["reason"] == "HTML extraction took longer than 0.05 s"
    assert "read 2, wrote 1 (1 article, 0 related), rejected 1" in _summary(result.stderr)


def test_a_worker_that_dies_costs_one_page():
    with HtmlWorker(timeout=30) as worker:
        worker.submit(_big_page(3000))
        worker.submit(article_html())
        worker._worker.wait_ready()  # noqa: SLF001
        time.sleep(0.2)  # the worker is inside the big page now
        os.kill(worker._worker.proc.pid, signal.SIGKILL)  # noqa: SLF001
        with pytest.raises(HtmlError, match="crashed"):
            worker.result()
        assert PARAGRAPHS[0] in worker.result().text  # the next page, sent again to a new worker


def test_parser_failure_is_a_reject_with_its_reason():
    # resiliparse refuses text it cannot encode (a lone surrogate, as a broken JSON dump holds)
    with HtmlWorker("resiliparse", timeout=30) as worker:
        with pytest.raises(HtmlError, match="UnicodeEncodeError"):
            worker.extract("<html><body><p>\ud800 broken</p></body></html>")
        assert PARAGRAPHS[0] in worker.extract(article_html()).text


def test_entities_and_external_references_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    page = (
        article_html()
        .replace(
            "<!DOCTYPE html>",
            f'<!DOCTYPE html [<!ENTITY leak SYSTEM "file://{secret}"><!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        )
        .replace("<h1>", "<h1>&leak;&b;")
    )
    path = tmp_path / "xxe.html"
    path.write_text(page, encoding="utf-8")
    result = cleancli("run", str(path))
    assert result.returncode == 0, result.stderr
    assert b"TOP-SECRET" not in result.stdout
    assert b"aaaaaaaaaa" not in result.stdout


def test_deeply_nested_html_does_not_take_the_run_down(tmp_path):
    depth = 200_000
    (tmp_path / "1-deep.html").write_text(
        "<html><body>" + "<div>" * depth + "<p>deep</p>" + "</div>" * depth + "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "2-fine.html").write_text(article_html(), encoding="utf-8")
    result = cleancli("run", str(tmp_path), "--timeout", "20")
    assert result.returncode == 0, result.stderr
    assert _lines(result.stdout)[-1]["source"].endswith("2-fine.html")
    assert "read 2" in _summary(result.stderr)


def test_an_overlong_line_is_a_reject_not_a_memory_spike(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wb") as out:
        out.write(b'{"text": "' + b"a" * (50 * 1024 * 1024) + b'"}\n')
        out.write(orjson.dumps({"text": "Title\n" + PARAGRAPHS[0]}) + b"\n")
    result = cleancli("run", str(path), "--max-bytes", "1000000", "--rejects", str(tmp_path / "r"))
    assert len(_lines(result.stdout)) == 1
    [rej] = _lines((tmp_path / "r").read_bytes())
    assert rej["reason"] == "line longer than 1000000 bytes"
    assert rej["source"] == f"{path}:1"


def test_html_paragraphs_stay_paragraphs_and_pipes_match_run(tmp_path):
    paragraphs = (
        "The harbour board agreed on Tuesday to rebuild the north pier, which has been closed",
        "since a storm cracked two of its supports, engineers said at the meeting on Tuesday.",
        *PARAGRAPHS[1:],
    )
    path = tmp_path / "page.html"
    path.write_text(article_html(paragraphs=paragraphs), encoding="utf-8")
    whole = cleancli("run", str(path))
    [rec] = _lines(whole.stdout)
    # a line break between two block elements is a paragraph break, even mid-sentence
    assert rec["text"].split("\n\n") == list(paragraphs)
    piped = cleancli("extract", str(path)).stdout
    for stage in ("strip", "split", "emit"):
        piped = cleancli(stage, stdin=piped).stdout
    assert piped == whole.stdout


def test_a_decompression_bomb_is_a_reject(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as out:
        for _ in range(64):
            out.write(b"a" * (1024 * 1024))
    result = cleancli("run", str(path), "--max-bytes", "4000000", "--rejects", str(tmp_path / "r"))
    [rej] = _lines((tmp_path / "r").read_bytes())
    assert rej["reason"] == "page larger than 4000000 bytes"
    assert "read 1, wrote 0" in _summary(result.stderr)


def test_a_line_of_exactly_max_bytes_is_read_and_the_next_one_too(tmp_path):
    first = orjson.dumps({"text": "Title\n" + "x" * 60})
    path = tmp_path / "d.jsonl"
    path.write_bytes(first + b"\n" + orjson.dumps({"text": "Second\nA body."}) + b"\n")
    result = cleancli("run", str(path), "--max-bytes", str(len(first)), "--dedup", "none")
    sources = [orjson.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [f"{path}:1", f"{path}:2"]


def test_jsonl_whose_first_line_is_longer_than_the_sniffed_bytes_is_still_jsonl(tmp_path):
    body = "The council met on a long day and agreed the budget for the year. " * 400
    lines = [orjson.dumps({"text": f"Title {n}\n{body}{n}"}) for n in range(3)]
    data = b"\n".join(lines) + b"\n"
    (tmp_path / "dump").write_bytes(data)  # no .jsonl name
    (tmp_path / "dump.gz").write_bytes(gzip.compress(data))
    for args, stdin in ((["dump"], None), (["-"], data), (["dump.gz"], None)):
        result = cleancli("run", *args, "--dedup", "none", stdin=stdin, cwd=tmp_path)
        records = [orjson.loads(line) for line in result.stdout.splitlines()]
        assert [r["title"] for r in records] == ["Title 0", "Title 1", "Title 2"], args


def test_an_html_pages_publisher_is_its_sites_name_never_its_host(tmp_path):
    named = article_html(site="Coastline Courier")
    nameless = named.replace(" | Coastline Courier", "").replace(
        '<meta property="og:site_name" content="Coastline Courier">', ""
    )
    url = "https://www.coastline-courier.example.org/news/pier"
    dump = tmp_path / "pages.jsonl"
    dump.write_bytes(
        b"".join(orjson.dumps({"url": url, "html": h}) + b"\n" for h in (named, nameless))
    )
    done = cleancli("run", str(dump), "--html-field", "html", "--dedup", "none")
    assert done.returncode == 0, done.stderr
    first, second = [orjson.loads(line) for line in done.stdout.splitlines()]
    assert first["publisher"] == "Coastline Courier"
    assert second["publisher"] is None
    assert second["site"] == "coastline-courier.example.org"


def test_a_fetch_field_that_is_no_time_stays_in_meta_and_unix_seconds_are_one(tmp_path):
    dump = tmp_path / "dump.jsonl"
    row = {
        "text": "Pier reopens\n\nPosted 2 days ago\n\nThe pier reopened to walkers on Monday.",
        "fetched": "not a date",
        "crawl_time": 1753358400,  # 2025-07-24T12:00:00Z
    }
    dump.write_bytes(orjson.dumps(row) + b"\n")
    [page] = _lines(cleancli("extract", str(dump)).stdout)
    assert page["fetched"] == "1753358400"
    assert page["meta"] == {"fetched": "not a date"}
    [rec] = _lines(cleancli("run", str(dump)).stdout)
    assert rec["published"] == "2025-07-22T00:00:00Z"  # two days before the fetch
