"""The typed view of `input_limits` in the data table: what the one reader accepts."""

from __future__ import annotations

from typing import NamedTuple


class InputLimits(NamedTuple):
    job_bytes: int  # a job file, or `import` input
    metrics_bytes: int  # a metrics file (tune --metrics)
    line_bytes: int  # one row of a dataset or a metrics file
    expanded_bytes: int  # a YAML document with its aliases expanded
    depth: int  # nesting of mappings and lists
    excerpt_chars: int  # longest quote of a value or a line in a message
