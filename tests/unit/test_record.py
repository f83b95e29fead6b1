import pytest

from cleancli.record import Block, Link, Record, Reject, Section
from cleancli.schema import SCHEMA_KEYS, item_from_dict, item_to_dict, record_to_dict


def _record() -> Record:
    return Record(
        id="abc",
        source="a.txt",
        title="T",
        text="Body.",
        links=(Link("L"),),
        blocks=(Block("T", "title", "first-headline"), Block("Body.", "body", "prose")),
        sections=(Section(title="R", text="x"),),
        meta={"crawl": 1},
    )


def test_round_trip_through_dict():
    rec = _record()
    assert item_from_dict(item_to_dict(rec), where="x", stage="strip") == rec


def test_schema_keys_in_order_without_blocks():
    out = record_to_dict(_record(), keep_blocks=False, keep_meta=False)
    assert tuple(out) == SCHEMA_KEYS
    assert out["word_count"] == 1


def test_reject_round_trip():
    rej = Reject("a.txt", "extract", "empty page", "")
    assert item_from_dict(item_to_dict(rej), where="x", stage="strip") == rej


def test_bad_data_becomes_a_reject_not_an_exception():
    cases = [
        [1, 2],
        {"kind": "poem", "source": "s"},
        {"source": "s", "title": 3},
        {"source": "s", "blocks": [{"text": "x", "role": "nonsense"}]},
        {"source": "s", "blocks": "not a list"},
        {"source": "s", "links": [{"url": "u"}]},
    ]
    for case in cases:
        item = item_from_dict(case, where="in.jsonl:3", stage="strip")
        assert isinstance(item, Reject), case
        assert item.source == "in.jsonl:3"
        assert "\n" not in item.reason


def test_unknown_fields_are_kept_in_meta():
    item = item_from_dict({"source": "s", "text": "x", "warc_id": "w1"}, where="w", stage="strip")
    assert isinstance(item, Record)
    assert item.meta == {"warc_id": "w1"}


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The board met on Tuesday.", 5),
        ("Der Vorstand tagte — am Dienstag.", 6),
        ("地铁三号线将于八月中旬开始试运行。", 16),
        ("青岚日报 2025年7月22日 10:05", 11),
        ("東京の地下鉄は、来月から新しい時刻表で運行する。", 22),
        ("서울 지하철 3호선이 다음 달 개통한다.", 6),
    ],
)
def test_word_count_counts_each_han_or_kana_character_as_a_word(text, count):
    assert Record(id="a", source="s", text=text).word_count == count
