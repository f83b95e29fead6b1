"""Schema v3: records as JSON objects and back.

`record_to_dict` gives the schema's keys in their documented order (docs/schema.md);
`item_from_dict` validates every field of a dict read from JSONL and answers with a `Reject`
instead of raising, so one bad line never ends a run. Dolma and datatrove documents that
cleancli wrote read back as the records they were rendered from.
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

from cleancli.record import (
    KINDS,
    LAYOUTS,
    PRECISIONS,
    ROLES,
    Block,
    Item,
    Link,
    Precision,
    Record,
    Reject,
    Section,
    make_id,
    preview,
)

#: The version of the output schema (docs/schema.md says what changed between versions).
SCHEMA_VERSION: Final = 3


#: Emitted keys, in order: the schema's user contract (docs/schema.md).
SCHEMA_KEYS: Final = (
    "id",
    "kind",
    "parent_id",
    "title",
    "text",
    "publisher",
    "site",
    "url",
    "published",
    "published_raw",
    "published_precision",
    "published_zone_assumed",
    "lang",
    "word_count",
    "source",
    "links",
    "duplicate_of",
)


def reject_to_dict(rej: Reject) -> dict[str, Any]:
    return {
        "kind": "reject",
        "source": rej.source,
        "stage": rej.stage,
        "reason": rej.reason,
        "preview": rej.preview,
    }


def record_to_dict(
    rec: Record, *, keep_blocks: bool = True, keep_meta: bool = True
) -> dict[str, Any]:
    """The schema keys in order; in-flight fields (blocks, sections, fetched) when asked."""
    out: dict[str, Any] = {
        "id": rec.id,
        "kind": rec.kind,
        "parent_id": rec.parent_id,
        "title": rec.title,
        "text": rec.text,
        "publisher": rec.publisher,
        "site": rec.site,
        "url": rec.url,
        "published": rec.published,
        "published_raw": rec.published_raw,
        "published_precision": rec.published_precision,
        "published_zone_assumed": rec.published_zone_assumed,
        "lang": rec.lang,
        "word_count": rec.word_count,
        "source": rec.source,
        "links": [{"title": link.title, "url": link.url} for link in rec.links],
        "duplicate_of": rec.duplicate_of,
    }
    if keep_meta:
        out["meta"] = rec.meta
    if keep_blocks:
        out["fetched"] = rec.fetched
        if rec.layout != "lines":
            out["layout"] = rec.layout
        out["blocks"] = [
            {"text": b.text, "role": b.role, "why": b.why, "part": b.part} for b in rec.blocks
        ]
        out["sections"] = [
            {
                "title": s.title,
                "publisher": s.publisher,
                "published": s.published,
                "published_raw": s.published_raw,
                "published_precision": s.published_precision,
                "published_zone_assumed": s.published_zone_assumed,
                "links": [{"title": link.title, "url": link.url} for link in s.links],
                "text": s.text,
            }
            for s in rec.sections
        ]
    return out


def item_to_dict(item: Item, *, keep_blocks: bool = True) -> dict[str, Any]:
    if isinstance(item, Reject):
        return reject_to_dict(item)
    return record_to_dict(item, keep_blocks=keep_blocks)


class _InvalidError(ValueError):
    pass


def _opt_str(d: dict[str, Any], key: str) -> str | None:
    value = d.get(key)
    if value is None or isinstance(value, str):
        return value
    raise _InvalidError(f"field {key!r} must be a string or null, not {type(value).__name__}")


def _opt_bool(d: dict[str, Any], key: str) -> bool | None:
    value = d.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise _InvalidError(f"field {key!r} must be true, false or null, not {type(value).__name__}")


def _precision(d: dict[str, Any]) -> Precision | None:
    value = _opt_str(d, "published_precision")
    if value is None or value in PRECISIONS:
        return value  # type: ignore[return-value]
    raise _InvalidError(f"field 'published_precision' must be one of {', '.join(PRECISIONS)}")


def _str(d: dict[str, Any], key: str, default: str | None = None) -> str:
    value = d.get(key, default)
    if isinstance(value, str):
        return value
    if value is None:
        raise _InvalidError(f"field {key!r} is missing")
    raise _InvalidError(f"field {key!r} must be a string, not {type(value).__name__}")


def _list(d: dict[str, Any], key: str) -> list[Any]:
    value = d.get(key) or []
    if not isinstance(value, list):
        raise _InvalidError(f"field {key!r} must be a list")
    return value


def _block(d: Any) -> Block:
    if not isinstance(d, dict):
        raise _InvalidError("each block must be an object")
    role = _str(d, "role")
    if role not in ROLES:
        raise _InvalidError(f"block role {role!r} is not one of {', '.join(sorted(ROLES))}")
    part = d.get("part", 0)
    if not isinstance(part, int) or isinstance(part, bool) or part < 0:
        raise _InvalidError("block part must be a whole number ≥ 0")
    return Block(text=_str(d, "text"), role=role, why=_str(d, "why", ""), part=part)  # type: ignore[arg-type]


def _link(d: Any) -> Link:
    if not isinstance(d, dict):
        raise _InvalidError("each link must be an object")
    return Link(title=_str(d, "title"), url=_opt_str(d, "url"))


def _section(d: Any) -> Section:
    if not isinstance(d, dict):
        raise _InvalidError("each section must be an object")
    return Section(
        title=_opt_str(d, "title"),
        publisher=_opt_str(d, "publisher"),
        published=_opt_str(d, "published"),
        published_raw=_opt_str(d, "published_raw"),
        published_precision=_precision(d),
        published_zone_assumed=_opt_bool(d, "published_zone_assumed"),
        links=tuple(_link(x) for x in _list(d, "links")),
        text=_str(d, "text", ""),
    )


_KNOWN: Final = frozenset((*SCHEMA_KEYS, "fetched", "layout", "blocks", "sections", "meta"))


def _record_id(d: dict[str, Any], where: str) -> str:
    """An id for a record given without one: its URL, a digest of its text, its line number."""
    text = d.get("text")
    digest = hashlib.blake2b(
        (text if isinstance(text, str) else "").encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()
    url = d.get("url")
    return make_id("record", url if isinstance(url, str) else "", digest, where.rpartition(":")[2])


def is_document(d: Any) -> bool:
    """Whether `d` is a record rendered as a Dolma or datatrove document (`docformats`): `id`
    and `text` at the top, schema v3's other keys in `metadata`, `kind` first."""
    metadata = d.get("metadata") if isinstance(d, dict) else None
    return (
        isinstance(metadata, dict)
        and "id" in d
        and "text" in d
        and next(iter(metadata), None) == "kind"
        and metadata["kind"] in KINDS
    )


def from_document(d: Any) -> Any:
    """A Dolma or datatrove document `is_document` accepts as the dict of schema v3 it was
    rendered from (a Dolma `added` as its fetch time, so that it is rendered again); anything
    else as it is."""
    if not is_document(d):
        return d
    record = {"id": d["id"], **d["metadata"], "text": d["text"]}
    if isinstance(d.get("added"), str):  # Dolma's: when the page was acquired, kept for a rerun
        record.setdefault("fetched", d["added"])
    return record


def item_from_dict(d: Any, *, where: str, stage: str) -> Item:
    """Validate a dict read from JSONL into a record or a reject; never raises on bad data.
    A record written as a Dolma or datatrove document is read as the record it is."""
    d = from_document(d)
    if not isinstance(d, dict):
        return Reject(
            where, stage, f"expected a JSON object, got {type(d).__name__}", preview(str(d))
        )
    try:
        if d.get("kind") == "reject":
            return Reject(
                source=_str(d, "source"),
                stage=_str(d, "stage"),
                reason=_str(d, "reason"),
                preview=_str(d, "preview", ""),
            )
        kind = _str(d, "kind", "article")
        if kind not in KINDS:
            raise _InvalidError(
                f"field 'kind' must be 'article', 'related' or 'reject', not {kind!r}"
            )
        meta = d.get("meta") or {}
        if not isinstance(meta, dict):
            raise _InvalidError("field 'meta' must be an object")
        source = _str(d, "source", where)
        layout = _str(d, "layout", "lines")
        if layout not in LAYOUTS:
            raise _InvalidError(f"field 'layout' must be 'lines' or 'blocks', not {layout!r}")
        return Record(
            id=_str(d, "id", "") or _record_id(d, where),
            source=source,
            kind=kind,  # type: ignore[arg-type]
            parent_id=_opt_str(d, "parent_id"),
            title=_opt_str(d, "title"),
            text=_str(d, "text", ""),
            publisher=_opt_str(d, "publisher"),
            site=_opt_str(d, "site"),
            url=_opt_str(d, "url"),
            published=_opt_str(d, "published"),
            published_raw=_opt_str(d, "published_raw"),
            published_precision=_precision(d),
            published_zone_assumed=_opt_bool(d, "published_zone_assumed"),
            lang=_opt_str(d, "lang"),
            links=tuple(_link(x) for x in _list(d, "links")),
            duplicate_of=_opt_str(d, "duplicate_of"),
            fetched=_opt_str(d, "fetched"),
            layout=layout,  # type: ignore[arg-type]
            meta={**meta, **{k: v for k, v in d.items() if k not in _KNOWN}},
            blocks=tuple(_block(x) for x in _list(d, "blocks")),
            sections=tuple(_section(x) for x in _list(d, "sections")),
        )
    except _InvalidError as exc:
        return Reject(where, stage, f"invalid record: {exc}", preview(str(d)))
