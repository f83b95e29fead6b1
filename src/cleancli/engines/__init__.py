"""What runs the stages over a stream: the local fold and its tally (`pipeline`), worker
processes for `--jobs` (`processes`), and a Dask cluster (`dask_cluster`, writing its shards
and manifest into a folder kept by `shardfolder`).
"""
