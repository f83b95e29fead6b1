"""Reading what users have into raw pages and records: paths, folders, globs and stdin,
compression, format sniffing, encodings, JSONL, WARC archives, and the HTML engines.

Imports only the core (`record`, `schema`, `errors`, `options`, `scripts`).
"""
