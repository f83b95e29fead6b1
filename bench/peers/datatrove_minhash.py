"""datatrove's MinHash near-dedup: signatures, buckets, clusters, filter (its four stages)."""

import sys

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup import (
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

source, out = sys.argv[1], sys.argv[2]
folder, name = source.rsplit("/", 1)
config = MinhashConfig()


def reader() -> JsonlReader:
    return JsonlReader(folder, glob_pattern=name, text_key="text", id_key="url")


stages = [
    [reader(), MinhashDedupSignature(output_folder=f"{out}/sigs", config=config)],
    [MinhashDedupBuckets(input_folder=f"{out}/sigs", output_folder=f"{out}/bkt", config=config)],
    [MinhashDedupCluster(input_folder=f"{out}/bkt", output_folder=f"{out}/ids", config=config)],
    [
        reader(),
        MinhashDedupFilter(input_folder=f"{out}/ids"),
        JsonlWriter(f"{out}/kept", compression=None),
    ],
]
for n, pipeline in enumerate(stages):
    LocalPipelineExecutor(
        pipeline=pipeline,
        tasks=config.num_buckets if n == 1 else 1,
        workers=1,
        logging_dir=f"{out}-logs{n}",
        skip_completed=False,
    ).run()
