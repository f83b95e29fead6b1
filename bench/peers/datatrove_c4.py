"""datatrove's local executor: JSONL reader, its C4 quality filter, JSONL writer."""

import sys

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import C4QualityFilter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

source, out = sys.argv[1], sys.argv[2]
folder, name = source.rsplit("/", 1)
LocalPipelineExecutor(
    pipeline=[
        JsonlReader(folder, glob_pattern=name, text_key="text", id_key="url"),
        C4QualityFilter(),
        JsonlWriter(out, compression=None),
    ],
    tasks=1,
    workers=1,
    logging_dir=out + "-logs",
    skip_completed=False,
).run()
