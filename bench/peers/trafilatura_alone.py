"""trafilatura alone over a JSONL dump of HTML pages, with the settings cleancli gives it."""

import sys

import orjson
import trafilatura

with open(sys.argv[1], "rb") as source, open(sys.argv[2], "wb") as out:  # noqa: PTH123
    for line in source:
        row = orjson.loads(line)
        doc = trafilatura.bare_extraction(
            row["html"],
            url=row.get("url"),
            favor_precision=True,
            include_comments=False,
            deduplicate=False,
            with_metadata=True,
        )
        text = doc.text if doc is not None and not isinstance(doc, dict) else ""
        out.write(orjson.dumps({"url": row.get("url"), "text": text or ""}) + b"\n")
