"""Writing records: output files replaced only when a run ends well, the document formats
(cleancli's schema v3, Dolma, datatrove), JSONL and Parquet sinks.

Imports the core and `inputs` (the JSONL codec, and the input paths an output must not be).
"""
