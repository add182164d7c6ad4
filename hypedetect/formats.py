"""The output formats the row writers know.

A module of its own, importing nothing, because the command line needs the
names when it starts (``hypedetect --version`` must not wait for pandas).
"""

#: An aligned text table (written at the end), or CSV, JSON and JSONL (written as they are scored).
FORMATS = ("table", "csv", "json", "jsonl")
