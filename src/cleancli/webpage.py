"""HTML pages to text and metadata, through trafilatura (or resiliparse), at arm's length.

HTML parsers can hang or crash on hostile pages, so extraction runs in one persistent worker
process with a deadline per page: a page that overruns or kills the worker becomes a reject, the
worker is restarted, and the run goes on. One worker for the whole run keeps the cost of the
isolation to a pipe round trip per page instead of a process per page.

trafilatura's own deduplication is off: it keeps a per-process cache, so its output would depend
on page order and worker count. cleancli deduplicates itself.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Self

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from cleancli.settings import Engine

DEFAULT_TIMEOUT: Final = 10.0


@dataclass(frozen=True, slots=True)
class WebPage:
    """What the HTML engine kept: the article's blocks as lines, and what the page says."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    site: str | None = None
    lang: str | None = None


class HtmlError(Exception):
    """A page the engine could not read, or that overran its deadline."""


def _trafilatura(html: bytes | str, url: str | None) -> WebPage:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        favor_precision=True,
        deduplicate=False,
        with_metadata=True,
    )
    if doc is None or isinstance(doc, dict):
        return WebPage("")
    return WebPage(
        text=doc.text or "",
        title=doc.title,
        author=doc.author,
        date=doc.date,
        site=doc.sitename,
        lang=doc.language,
    )


def _resiliparse(html: bytes | str, url: str | None) -> WebPage:  # noqa: ARG001 - same signature
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    text = html if isinstance(html, str) else bytes_to_str(html, detect_encoding(html) or "utf-8")
    tree = HTMLTree.parse(text)
    body = extract_plain_text(tree, main_content=True, alt_texts=False, links=False)
    title = tree.title.strip() if tree.title else None
    return WebPage(text=body, title=title or None)


_ENGINES: Final = {"trafilatura": _trafilatura, "resiliparse": _resiliparse}


def extract_html(
    html: bytes | str, url: str | None = None, engine: Engine = "trafilatura"
) -> WebPage:
    """Extract one page in this process (no deadline): for tests and for callers that isolate."""
    return _ENGINES[engine](html, url)


def _serve(conn: Connection, engine: Engine) -> None:
    """The worker's loop: pages in, pages (or the error's text) out, until the pipe closes."""
    while True:
        try:
            html, url = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", extract_html(html, url, engine)))
        except Exception as exc:  # noqa: BLE001 - any parser failure is this page's reject
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class HtmlWorker:
    """One worker process that extracts pages under a deadline, restarted after a failure."""

    def __init__(self, engine: Engine = "trafilatura", timeout: float = DEFAULT_TIMEOUT) -> None:
        self.engine = engine
        self.timeout = timeout
        self._conn: Connection | None = None
        self._proc: BaseProcess | None = None

    def _start(self) -> Connection:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        proc = context.Process(target=_serve, args=(child, self.engine), daemon=True)
        proc.start()
        child.close()
        self._conn, self._proc = parent, proc
        return parent

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._proc is not None:
            self._proc.join(timeout=2)
            if self._proc.is_alive():
                self._proc.kill()
        self._conn = self._proc = None

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join()
        self._conn = self._proc = None

    def extract(self, html: bytes | str, url: str | None = None) -> WebPage:
        conn = self._conn or self._start()
        try:
            conn.send((html, url))
            if not conn.poll(self.timeout):
                self._kill()
                raise HtmlError(f"HTML extraction took longer than {self.timeout:g} s")
            status, value = conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError) as exc:
            self._kill()
            raise HtmlError("the HTML parser crashed on this page") from exc
        if status == "error":
            raise HtmlError(str(value))
        page: WebPage = value
        return page

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def as_page_text(page: WebPage) -> str:
    """The lines strip reads: the page's title first, then the blocks the engine kept."""
    return "\n".join(x for x in (page.title, page.text) if x)


def meta_of(page: WebPage) -> dict[str, Any]:
    return {k: v for k, v in (("author", page.author), ("date", page.date)) if v}
