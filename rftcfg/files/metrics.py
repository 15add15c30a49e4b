"""Reading metrics as exported from Weights & Biases, TRL or a dashboard (CSV, JSONL or one JSON
document; files.columns): the reward curve (`read_curve`, for `tune --metrics`) or every numeric
series with a step (`read_series`, for recording a run). Rows without a finite value or step are
skipped and counted; points are sorted by step.

One streaming pass through the one bounded reader (files.source): a file past
`input_limits.metrics_bytes` or a line past `line_bytes` is refused, and only the columns that
may be needed are kept, as packed numbers (16 bytes a value), never the rows.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from typing import Any, BinaryIO, NamedTuple, cast

from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError, excerpt, listed
from rftcfg.core.series import Series
from rftcfg.files.columns import Keep, Table, csv_columns, joined, jsonl_columns, text_lines
from rftcfg.files.jsondoc import json_document
from rftcfg.files.source import open_input, shown_name

STEP_NAMES = ("step", "_step", "global_step", "trainer/global_step", "train/global_step", "train/step", "iteration")
# W&B panel exports add "<metric>__MIN" / "__MAX" companions: the band around a smoothed line.
COMPANIONS = ("__min", "__max")
PANEL = " - "
_COLUMNS_OPEN = re.compile(
    r'\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\['
)  # {"name": [  # a W&B panel export names each column "<run> - <metric>"


class Curve(NamedTuple):
    steps: list[float]
    rewards: list[float]
    reward_column: str
    skipped: int  # rows without a usable reward or step


def read_curve(path: str, step_column: str | None = None, reward_column: str | None = None) -> Curve:
    """The curve in `path` (or stdin), read in one streaming pass that keeps only the numbers it
    may need; a file past `input_limits.metrics_bytes` or a line past `line_bytes` is refused."""
    return read_log(path, step_column, reward_column, beside=False)[0]


def read_log(
    path: str, step_column: str | None = None, reward_column: str | None = None, *, beside: bool = True
) -> tuple[Curve, list[Series]]:
    """The reward curve in `path` (or stdin) and, with `beside`, the same run's series the
    diagnosis reads next to it (the kinds in the data table's `log_series`, and per-function
    rewards), each against the step and without its rows that have no finite value."""
    wanted = (step_column, reward_column)
    kinds = catalog().log_series

    def other(name: str) -> bool:
        metric = split_panel_name(name)[1]
        return beside and (kinds.kind_of(metric) is not None or kinds.is_reward_function(metric))

    def keep(name: str) -> bool:
        lower = name.lower()
        return name in wanted or lower in STEP_NAMES or "reward" in lower or other(name) or _named_reward(name)

    table = _read(path, keep)
    columns = [c for c in table.columns if not other(c) or "reward" in c.lower()]  # the automatic choice's candidates
    step_key = _column(path, table, "step", step_column or _step_column(columns))
    reward_key = _column(path, table, "reward", reward_column or _reward_column(columns))
    points = sorted(joined(table.columns[step_key], table.columns[reward_key]))
    skipped = table.rows - len(points) + table.torn
    curve = Curve([p[0] for p in points], [p[1] for p in points], reward_key, skipped)
    run = split_panel_name(reward_key)[0]
    found = []
    for name, column in table.columns.items():
        same_run, metric = split_panel_name(name)
        if name in (step_key, reward_key) or same_run != run or not other(name):
            continue
        pairs = sorted(joined(table.columns[step_key], column))
        if pairs:
            found.append(Series(metric, [p[0] for p in pairs], [p[1] for p in pairs], same_run))
    return curve, found


def read_series(path: str, step_column: str | None = None) -> list[Series]:
    """Every numeric series in `path` (or stdin) against its step, each without the rows where it
    has no finite value, sorted by step: in the file's column order, W&B's __MIN/__MAX companions
    left out and its "<run> - " prefix moved to `Series.run`. W&B's own `_runtime`, `_timestamp`
    and the like are not metrics and are left out too."""

    def keep(name: str) -> bool:
        lower = name.lower()
        return name == step_column or lower in STEP_NAMES or not (lower.endswith(COMPANIONS) or name.startswith("_"))

    table = _read(path, keep)
    step_key = _column(path, table, "step", step_column or _step_column(list(table.columns)))
    found = []
    for name, column in table.columns.items():
        if name == step_key or name.lower() in STEP_NAMES:
            continue
        points = sorted(joined(table.columns[step_key], column))
        if points:
            run, metric = split_panel_name(name)
            found.append(Series(metric, [p[0] for p in points], [p[1] for p in points], run))
    return found


def reward_series(series: list[Series]) -> Series | None:
    """The reward curve among `series`, chosen as `read_curve` chooses its column."""
    names = [s.name if s.run is None else f"{s.run}{PANEL}{s.name}" for s in series]
    chosen = _reward_column(names)
    return None if chosen is None else series[names.index(chosen)]


def split_panel_name(name: str) -> tuple[str | None, str]:
    """("run-1", "train/reward") from a W&B panel column "run-1 - train/reward"; (None, name) else."""
    run, sep, metric = name.rpartition(PANEL)
    return (run, metric) if sep and run and metric else (None, name)


def read_table(path: str, keep: Keep) -> Table:
    """The kept columns of `path` (or stdin); past `input_limits.metrics_bytes` or a line past
    `line_bytes` is refused. The format is told by the name (.csv, .jsonl, .json) and, for stdin or
    a .json name, by the content: `[` or an object of lists is one JSON document, else JSONL."""
    limits = catalog().input_limits
    with open_input(path, limits.metrics_bytes, "metrics_bytes", "a metrics file") as raw:
        handle = raw if hasattr(raw, "peek") else cast(BinaryIO, io.BufferedReader(cast(Any, raw)))
        kind = _kind(path, cast(Any, handle).peek(1 << 16))
        if kind == "json":
            return json_document(handle, path, keep)
        stream = text_lines(path, handle)
        return jsonl_columns(stream, keep) if kind == "jsonl" else csv_columns(stream, path, keep)


def _kind(path: str, head: bytes) -> str:
    if path.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("["):
        return "json"
    if not text.startswith("{"):
        return "jsonl" if path.endswith((".jsonl", ".json")) else "csv"
    first, newline, rest = text.partition("\n")
    try:
        row = json.loads(first) if newline else None
    except ValueError:
        row = None
    if isinstance(row, dict):  # a whole object on the first line: JSONL, unless every value is a list
        return "json" if row and all(isinstance(v, list) for v in row.values()) else "jsonl"
    if newline:  # an object spread over lines (trainer_state.json, a pretty-printed export): one document,
        second = rest.partition("\n")[0]  # unless the next line is a whole object (JSONL with a torn first line)
        try:
            return "jsonl" if isinstance(json.loads(second), dict) else "json"
        except ValueError:
            return "json"
    # A first line longer than the look-ahead: columns when its first value is a list.
    return "json" if _COLUMNS_OPEN.match(text) else "jsonl"


def _read(path: str, keep: Callable[[str], bool]) -> Table:
    table = read_table(path, keep)
    if not table.rows:
        raise UsageError(
            f"{shown_name(path)}: no rows of metrics found; expected CSV with a header row, JSONL (one object per "
            "line) or one JSON document (a list of rows, an object of columns, or trainer_state.json's log_history)."
        )
    return table


def _step_column(columns: list[str]) -> str | None:
    return next((c for c in columns if c.lower() in STEP_NAMES), None)


def _column(path: str, table: Table, kind: str, name: str | None) -> str:
    if name is None or name not in table.columns:
        among = ", ".join(excerpt(c) for c in table.names) + (f" and {table.more:,} more" if table.more else "")
        if name:
            found = f"{kind} column '{excerpt(name)}' is not one of {among}"
        else:
            found = f"no {kind} column among {among} ({_looked_for(kind)})"
        raise UsageError(f"{shown_name(path)}: {found}; name it with --{kind}-column.")
    return name


def _named_reward(name: str) -> bool:
    named = catalog().log_series
    return any(b in named.reward_names for b in named.bare_names(split_panel_name(name)[1]))


# What the automatic choice looks for, said when it finds nothing.
def _looked_for(kind: str) -> str:
    if kind == "step":
        return f"a column named {listed(list(STEP_NAMES))}, in any case"
    return 'a column whose name contains "reward", or ' + " or ".join(catalog().log_series.reward_names)


def _reward_column(columns: list[str]) -> str | None:
    # A name the data table knows as the evaluator's score (verl's critic/score/mean) comes first:
    # beside it, verl's critic/rewards/* carry the KL penalty folded in.
    named = next((c for c in columns if _named_reward(c)), None)
    if named is not None:
        return named
    # W&B exports add "<name>__MIN" / "__MAX" companions and *_std series; the plain training
    # series is the one wanted, so training rewards come before evaluation ones, and a metric
    # named just "reward" before per-function ones (TRL's rewards/<fn>/mean). Spreads, extremes
    # and penalties are never the reward.
    skip = ("__min", "__max", "_step", "_std", "_stderr", "_min", "_max", "_count", "/std", "/min", "/max", "/count")
    rewards = [
        c for c in columns if "reward" in c.lower() and not c.lower().endswith(skip) and "penalty" not in c.lower()
    ]

    def rank(column: str) -> tuple[bool, bool, bool]:
        lower = split_panel_name(column)[1].lower()
        return "train" not in lower, "eval" in lower, lower.rsplit("/", 1)[-1] != "reward"

    rewards.sort(key=rank)
    return rewards[0] if rewards else None
