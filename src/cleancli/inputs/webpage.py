"""HTML pages to text and metadata, through trafilatura (or resiliparse).

`htmlworker` runs this in a worker process with a deadline per page; `extract_html` here runs
it in the calling process.

trafilatura's own deduplication is off: it keeps a per-process cache, so its output would depend
on page order and worker count. cleancli deduplicates itself.

trafilatura parses with libxml2, which silently drops everything nested deeper than 256 levels.
When it finds little text, the page's depth is checked (two lxml parses, a millisecond), and a
page past that limit is read by resiliparse instead, which builds the whole tree; past 2048
levels, where resiliparse itself grows slow and can overflow its stack, the page is refused with
that reason rather than blamed for having no text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    from cleancli.options import HtmlEngine as Engine


@dataclass(frozen=True, slots=True)
class WebPage:
    """What the HTML engine kept: the article's blocks as lines, and what the page says."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    site: str | None = None
    lang: str | None = None
    #: The page's own address (canonical link, og:url), when the markup gives one.
    url: str | None = None


class HtmlError(Exception):
    """A page the engine could not read, or that overran its deadline."""


#: htmldate reads the dates markup states (meta tags, JSON-LD, <time>), not free text: its
#: extensive search hands hard strings to dateparser, whose first use in a process loads every
#: locale (about 2 s, inside some page's deadline), and strip reads the page's text itself.
#: The time of day too, when the markup states one ("2025-07-22T10:05:00+0200"); a day alone
#: comes back at "T00:00:00" without a zone, and `_stated` gives it as the day.
_DATE_SEARCH: Final = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_MIDNIGHT: Final = "T00:00:00"
_BASIC_ZONE: Final = re.compile(r"([+-]\d{2})(\d{2})$")


def _stated(date: str | None) -> str | None:
    """htmldate's date as RFC 3339 shows it: the day alone ("2025-07-22"), or the day and time
    with the zone when the markup states one ("2025-07-22T10:05:00+02:00")."""
    if date is None or not date.endswith(_MIDNIGHT):
        return None if date is None else _BASIC_ZONE.sub(r"\1:\2", date)
    return date.removesuffix(_MIDNIGHT)


#: A precise extraction shorter than this may have cut the article itself, not just its chrome.
_SHORT_WORDS: Final = 50


def _trafilatura(html: bytes | str, url: str | None) -> WebPage:
    """trafilatura with `favor_precision`, and its balanced mode as a second opinion when the
    precise text is very short: precision mode sometimes prunes the article's own container.
    The second opinion wins only when it finds several times more text."""
    import trafilatura

    def run(*, precise: bool) -> Any:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            favor_precision=precise,
            deduplicate=False,
            with_metadata=True,
            date_extraction_params=_DATE_SEARCH,
        )
        return None if doc is None or isinstance(doc, dict) else doc

    def words(doc: Any) -> int:
        return len((doc.text or "").split()) if doc is not None else 0

    doc = run(precise=True)
    if words(doc) < _SHORT_WORDS:
        wider = run(precise=False)
        if words(wider) >= 3 * max(words(doc), 1):
            doc = wider
    # libxml2 drops what lies deeper than its limit, so little text may mean a deep page
    if words(doc) < _SHORT_WORDS and (nesting := _nesting(html)) != "within":
        if nesting == "too deep":
            if not words(doc):
                raise HtmlError(f"HTML nested deeper than {_DEEPEST} levels: too deep to read")
        else:
            deep = _resiliparse(html, url)
            if len(deep.text.split()) > words(doc):
                meta = doc or trafilatura.extract_metadata(html, default_url=url)
                if meta is None:
                    return deep
                return replace(_web_page(meta, deep.text), title=meta.title or deep.title)
    return WebPage("") if doc is None else _web_page(doc, doc.text or "")


def _web_page(doc: Any, text: str) -> WebPage:
    """A trafilatura document's metadata, with `text`."""
    return WebPage(
        text=text,
        title=doc.title,
        author=doc.author,
        date=_stated(doc.date),
        site=_named_site(doc.sitename, doc.url),
        lang=doc.language,
        url=doc.url,
    )


# The host trafilatura names a site by when its markup and title name none: the URL's, without
# a leading "www." or "w2.".
_HOST_AS_NAME: Final = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")


def _named_site(sitename: str | None, url: str | None) -> str | None:
    """The site's name as its markup or title gives it; None when it is only the URL's host,
    which names no publisher."""
    if not sitename:
        return None
    host = _HOST_AS_NAME.match(url or "")
    return None if host is not None and host[1] == sitename else sitename


#: libxml2's depth limit with XML_PARSE_HUGE (lxml's `huge_tree`); without, it is 256.
_DEEPEST: Final = 2048


def _nesting(html: bytes | str) -> Literal["within", "deep", "too deep"]:
    """Whether a page is nested within libxml2's default depth limit, deeper but within the
    limit of its huge mode, or deeper still: libxml2 says so in its error log."""
    from lxml import etree  # type: ignore[import-untyped]

    data = html.encode("utf-8", "replace") if isinstance(html, str) else html
    for huge in (False, True):
        parser = etree.HTMLParser(
            huge_tree=huge, encoding="utf-8" if isinstance(html, str) else None
        )
        try:
            etree.HTML(data, parser)
        except etree.LxmlError:
            return "within"  # nothing libxml2 can parse: depth is not what went wrong
        if not any("Excessive depth" in error.message for error in parser.error_log):
            return "deep" if huge else "within"
    return "too deep"


def _as_str(html: bytes | str) -> str:
    """A page as text for resiliparse: bytes decoded by the charset resiliparse detects."""
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    return html if isinstance(html, str) else bytes_to_str(html, detect_encoding(html) or "utf-8")


def _resiliparse(html: bytes | str, url: str | None) -> WebPage:  # noqa: ARG001 - same signature
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(_as_str(html))
    body = extract_plain_text(tree, main_content=True, alt_texts=False, links=False)
    title = tree.title.strip() if tree.title else None
    return WebPage(text=body, title=title or None)


_ENGINES: Final = {"trafilatura": _trafilatura, "resiliparse": _resiliparse}


def visible_text(html: bytes | str) -> str:
    """All the text a page shows, one block element per line (list items without bullets;
    the head, scripts, styles and image alt texts left out): what an engine picks its article
    from. Runs in this process, so a page nested too deep to read safely gives "".
    """
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    if _nesting(html) == "too deep":
        return ""
    tree = HTMLTree.parse(_as_str(html))
    return extract_plain_text(
        tree, main_content=False, alt_texts=False, links=False, list_bullets=False
    )


def extract_html(
    html: bytes | str, url: str | None = None, engine: Engine = "trafilatura"
) -> WebPage:
    """Extract one page in this process (no deadline): for tests and for callers that isolate."""
    return _ENGINES[engine](html, url)


def as_page_text(page: WebPage) -> str:
    """The lines strip reads: the page's title first, then the blocks the engine kept."""
    return "\n".join(x for x in (page.title, page.text) if x)


def meta_of(page: WebPage) -> dict[str, Any]:
    """What the page's markup says of it, for strip to fall back on: author, date, site."""
    return {
        k: v for k, v in (("author", page.author), ("date", page.date), ("site", page.site)) if v
    }
