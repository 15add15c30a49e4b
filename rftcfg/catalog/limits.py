"""Typed views of small sections of the data table: `input_limits` (what the one reader accepts),
`compare_rules` and `next_rules` (how runs are compared and the next change picked)."""

from __future__ import annotations

from typing import NamedTuple


class InputLimits(NamedTuple):
    job_bytes: int  # a job file, or `import` input
    metrics_bytes: int  # a metrics file (tune --metrics)
    line_bytes: int  # one row of a dataset or a metrics file
    expanded_bytes: int  # a YAML document with its aliases expanded
    depth: int  # nesting of mappings and lists
    excerpt_chars: int  # longest quote of a value or a line in a message


class CompareRules(NamedTuple):
    noise_widths: float  # a difference within this many noise widths is "within noise"
    ignored: tuple[str, ...]  # resources and pass-through keys that only name or file a run
    wording: dict[str, str]  # verdicts, warnings and noise names, in our own words


class NextRules(NamedTuple):
    wording: dict[str, str]
