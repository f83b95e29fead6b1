"""The floor: read every JSONL line, parse it, write it back. Nothing can clean text faster."""

import sys

import orjson

with open(sys.argv[1], "rb") as source, open(sys.argv[2], "wb") as out:  # noqa: PTH123
    out.writelines(orjson.dumps(orjson.loads(line)) + b"\n" for line in source)
