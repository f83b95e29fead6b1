"""Finding records in the views: --id prefixes, --where filters, and the pages explain cannot
show line by line."""

from __future__ import annotations

import json

from conftest import FIXTURES, NOW, cleancli


def _clean(tmp_path):
    out = tmp_path / "clean.jsonl"
    assert cleancli("run", str(FIXTURES), "--now", NOW, "-o", str(out)).returncode == 0
    return out, [json.loads(line) for line in out.read_text().splitlines()]


def test_explain_of_an_emitted_record_names_the_page_to_explain(tmp_path):
    clean, records = _clean(tmp_path)
    related = next(r for r in records if r["kind"] == "related")
    done = cleancli("explain", str(clean), "--id", related["id"][:8])
    assert done.returncode == 2
    assert done.stdout == b""
    said = done.stderr.decode()
    assert f"cleancli explain {related['source']} --id {related['id'][:8]}" in said
    # and that command explains the page that carried it
    followed = cleancli("explain", related["source"], "--id", related["id"][:8], "--now", NOW)
    assert followed.returncode == 0, followed.stderr.decode()
    assert related["title"][:30] in followed.stdout.decode()


def test_explain_without_id_on_emitted_records_exits_2_with_the_hint(tmp_path):
    clean, _ = _clean(tmp_path)
    done = cleancli("explain", str(clean))
    assert done.returncode == 2
    assert b"keeps no lines to explain" in done.stderr


def test_an_ambiguous_id_prefix_names_the_ids_it_matches(tmp_path):
    _, records = _clean(tmp_path)
    ids = [r["id"] for r in records]
    prefix = next(
        p for p in "0123456789abcdef" if sum(i.startswith(p) for i in ids) >= 2
    )  # fmt: skip
    matching = sorted(i for i in ids if i.startswith(prefix))
    done = cleancli("explain", str(FIXTURES), "--id", prefix, "--now", NOW)
    assert done.returncode == 2
    said = done.stderr.decode()
    assert f"matches {len(matching)} records" in said
    assert all(i in said for i in matching)


def test_explain_shows_a_page_that_is_all_furniture(tmp_path):
    page = tmp_path / "furniture.txt"
    page.write_text("Home\nSubscribe\nAccept all cookies\nCookie settings\n")
    assert b"every line is page furniture" in cleancli("run", str(page)).stderr
    done = cleancli("explain", str(page))
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert "Accept all cookies" in out
    assert "produces nothing" in out


def test_show_id_lists_meta(tmp_path):
    dump = tmp_path / "dump.jsonl"
    text = (
        "Harbour wall repaired\n\nThe council finished the repairs to the harbour wall on "
        "Friday, a week ahead of the date it had set, and reopened the promenade."
    )
    dump.write_text(json.dumps({"text": text, "author": "J. Doe", "tags": ["port"]}) + "\n")
    [rec] = [json.loads(line) for line in cleancli("run", str(dump)).stdout.splitlines()]
    out = cleancli("show", str(dump), "--id", rec["id"][:8]).stdout.decode()
    assert "meta.author" in out
    assert "J. Doe" in out
    assert '["port"]' in out


def test_where_published_takes_a_day_or_month_prefix(tmp_path):
    clean, records = _clean(tmp_path)
    day = next(r["published"][:10] for r in records if r["published"])
    wanted = sum(1 for r in records if (r["published"] or "").startswith(day))
    done = cleancli("show", str(clean), "--where", f"published={day}", "--limit", "0")
    rows = [line for line in done.stdout.decode().splitlines() if day in line]
    assert len(rows) == wanted
    none = cleancli("show", str(clean), "--where", "publisher=nobody at all")
    assert none.returncode == 0
    assert b"no record matches publisher=nobody at all" in none.stderr
