from hypothesis import given
from hypothesis import strategies as st

from cleancli.stages.dedup import (
    ExactDeduper,
    NearDeduper,
    bands_for,
    shingles,
    signature,
    text_key,
)
from webfiles import PARAGRAPHS

STORY = [
    *PARAGRAPHS,
    (
        "The first contracts will be signed in March, and the pier should reopen in the autumn of "
        "the following year if the weather allows the divers to work through the winter."
    ),
    (
        "The harbour master said the south basin would be dredged in January so that the larger "
        "trawlers can moor there safely at low tide while the pier is closed."
    ),
    (
        "A public exhibition of the designs will open at the town library next month, and comments "
        "can be left there or sent to the board by post until the end of February."
    ),
]
REWRITE = [
    "North pier to be rebuilt, harbour officials decide after storm damage.",
    (
        "Fishing crews will have to use the southern basin for a year and a half, according to the "
        "engineers advising the harbour board, which met on Tuesday evening."
    ),
    "Locals want the historic lamps preserved; officials said they would be kept in storage.",
]


def test_exact_keys_ignore_case_punctuation_and_spacing():
    assert text_key("Hello, World!") == text_key("hello   world")
    assert text_key("") is None
    seen = ExactDeduper()
    assert seen.first_of(text_key("a b"), "00000000000000aa") is None
    assert seen.first_of(text_key("A, b."), "00000000000000bb") == "00000000000000aa"
    assert seen.first_of(text_key("x"), "p1") is None
    assert seen.first_of(text_key("x!"), "p2") == "p1"


def test_shingles_are_word_five_grams():
    assert shingles("One two three four five six") == [
        "one two three four five",
        "two three four five six",
    ]
    assert shingles("Too short") == ["too short"]


def test_near_duplicates_found_and_rewrites_kept():
    original = "\n".join(STORY)
    reposted = "\n".join(["Harbour board backs new pier", *STORY[:-1], "Share this article"])
    seen = NearDeduper(0.6)
    assert seen.first_of(signature(original), "first") is None
    assert seen.first_of(signature(reposted), "second") == "first"
    assert seen.first_of(signature("\n".join(REWRITE)), "third") is None
    assert seen.first_of(None, "empty") is None


def test_band_layout_follows_the_threshold():
    bands, rows = bands_for(0.6)
    assert bands * rows <= 128
    assert (1 / bands) ** (1 / rows) > 0.5  # the S-curve's middle sits near the threshold
    assert bands_for(0.9)[1] > rows  # a higher threshold, longer bands


def test_a_bucket_shared_by_two_kept_records_finds_both():
    from array import array

    seen = NearDeduper(0.6)
    rows, bands = seen.rows, seen.bands
    a = list(range(1000, 1128))
    b = a[:rows] + list(range(5000, 5128 - rows))  # shares only the first band with a
    c = list(b)
    for band in range(1, bands):
        c[band * rows] += 77777  # c differs from b in one value of every other band
    assert sum(x == y for x, y in zip(b, c, strict=True)) / 128 >= 0.6

    def sig(values):
        return array("I", values).tobytes()

    assert seen.first_of(sig(a), "a") is None
    assert seen.first_of(sig(b), "b") is None
    assert seen.first_of(sig(c), "c") == "b"


def test_a_text_hashed_in_pieces_has_the_digest_of_the_whole(monkeypatch):
    from cleancli.record import Record, pieces
    from cleancli.stages import dedup

    text = "Harbour  board, meets: on plan—number 7.\nThe pier\tReopens " * 40
    whole = text_key(text)
    monkeypatch.setattr(dedup, "pieces", lambda t: pieces(t, 11))
    assert text_key(text) == whole
    assert "".join(pieces(text, 11)) == text
    assert Record(id="a", source="b", text=text).word_count == len(text.split())


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_an_ascii_text_has_the_key_the_general_reading_gives(text):
    # A dash is no word, and makes the text non-ASCII: read by the regex, not the byte table.
    assert text_key(text) == text_key(text + " \u2014")


# The body of ../shared/cases/12-chinese-article-date-wordcount.txt.
CHINESE = [
    "青岚市轨道交通公司周一表示，地铁三号线将于八月中旬开始试运行，全线共设十四座车站，连接老城区和东部新区。",
    "试运行期间，列车将按照正式时刻表空载运行，以检验信号系统、站台门和车站设备是否正常。",
    "公司负责人说，如果测试顺利，三号线有望在今年国庆节前正式载客运营，届时东部新区到老城区的通勤时间将缩短一半左右。",
    "不少沿线居民表示期待，但也有市民担心开通初期换乘站会比较拥挤。",
]


def test_a_chinese_repost_with_small_edits_is_a_near_duplicate():
    edits = [("周一", "周二"), ("空载", "试验"), ("一半", "三成"), ("拥挤", "混乱")]
    reposted = [line.replace(old, new) for line, (old, new) in zip(CHINESE, edits, strict=True)]
    other = "青岚市图书馆周末将举办古籍修复展览，展出近百件清代文献，并邀请修复师现场演示装裱工艺。"
    seen = NearDeduper(0.6)
    assert seen.first_of(signature("\n".join(CHINESE)), "first") is None
    assert seen.first_of(signature("\n".join(reposted)), "second") == "first"
    assert seen.first_of(signature(other * 2), "third") is None


def test_scripts_without_spaces_are_shingled_by_character():
    assert shingles("地铁三号线将") == ["地 铁 三 号 线", "铁 三 号 线 将"]
    assert shingles("ภาษาไทย", 6) == ["ภ า ษ า ไ ท", "า ษ า ไ ท ย"]
    assert shingles("Line 3 地铁") == ["line 3 地 铁"]
