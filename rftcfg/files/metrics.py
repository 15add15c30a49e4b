"""Reading a reward curve: CSV or JSONL as exported from Weights & Biases, rows without a finite
reward skipped and counted, points sorted by step.

One streaming pass through the one bounded reader (files.source): a file past
`input_limits.metrics_bytes` or a line past `line_bytes` is refused, and only the columns that
could be the step or the reward are kept, as packed numbers (16 bytes a value), never the rows.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from array import array
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, NamedTuple

from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError, excerpt
from rftcfg.files.source import lines, open_input, shown_name, size_text

STEP_NAMES = ("step", "_step", "global_step", "trainer/global_step", "train/global_step", "train/step", "iteration")
SHOWN_COLUMNS = 20  # column names a message lists before "and N more"

Column = tuple["array[int]", "array[float]"]  # row numbers, and the finite value in each


class Curve(NamedTuple):
    steps: list[float]
    rewards: list[float]
    reward_column: str
    skipped: int  # rows without a usable reward or step


def read_curve(path: str, step_column: str | None = None, reward_column: str | None = None) -> Curve:
    """The curve in `path` (or stdin), read in one streaming pass that keeps only the numbers it
    may need; a file past `input_limits.metrics_bytes` or a line past `line_bytes` is refused."""
    limits = catalog().input_limits
    with open_input(path, limits.metrics_bytes, "metrics_bytes", "a metrics file") as handle:
        text = _text_lines(path, handle)
        head = []
        for line in text:  # for stdin (no name) the content decides: JSONL lines are objects
            head.append(line)
            if line.strip():
                break
        as_json = path.endswith((".jsonl", ".json")) or (path == "-" and "".join(head).lstrip().startswith("{"))
        stream = itertools.chain(head, text)
        wanted = (step_column, reward_column)
        table = _jsonl_columns(stream, wanted) if as_json else _csv_columns(stream, path, wanted)
    if not table.rows:
        raise UsageError(
            f"{shown_name(path)}: no rows of metrics found; expected CSV with a header row, or JSONL (one object per line)."
        )
    columns = list(table.candidates)  # every column the automatic choice could pick, in order
    step_key = _column(path, table, "step", step_column or next((c for c in columns if c.lower() in STEP_NAMES), None))
    reward_key = _column(path, table, "reward", reward_column or _reward_column(columns))
    points = sorted(_joined(table.candidates[step_key], table.candidates[reward_key]))
    skipped = table.rows - len(points) + table.torn
    return Curve([p[0] for p in points], [p[1] for p in points], reward_key, skipped)


def _text_lines(path: str, handle: BinaryIO) -> Iterator[str]:
    limits = catalog().input_limits
    total = (limits.metrics_bytes, shown_name(path), "metrics_bytes", "a metrics file") if path == "-" else None
    for number, raw in enumerate(lines(handle, limits.line_bytes, total), start=1):
        if raw is None:
            raise UsageError(
                f"{shown_name(path)}:{number}: a line longer than {size_text(limits.line_bytes)} "
                "(input_limits.line_bytes); a metrics row is a few KB: check that it is the file you meant."
            )
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise UsageError(
                f"{shown_name(path)}:{number}: not UTF-8 text; export the metrics as CSV or JSONL."
            ) from None


class _Table(NamedTuple):
    names: list[str]  # the first SHOWN_COLUMNS column names, in order of first appearance
    more: int  # how many other column names there were
    candidates: dict[str, Column]  # columns that could be the step or the reward, in order
    rows: int
    torn: int  # JSONL lines that were not an object


def _candidate(name: str, wanted: tuple[str | None, str | None]) -> bool:
    lower = name.lower()
    return name in wanted or lower in STEP_NAMES or "reward" in lower


def _csv_columns(stream: Iterable[str], path: str, wanted: tuple[str | None, str | None]) -> _Table:
    reader = csv.reader(stream)
    try:
        header = next(reader, [])
        last = {name: i for i, name in enumerate(header)}  # as csv.DictReader: a repeated name's last column
        keep = {i: name for name, i in last.items() if _candidate(name, wanted)}
        candidates: dict[str, Column] = {name: (array("q"), array("d")) for name in last if _candidate(name, wanted)}
        rows = 0
        for row in reader:
            if not row:
                continue
            for i, name in keep.items():
                if i < len(row) and (number := _number(row[i])) is not None:
                    candidates[name][0].append(rows)
                    candidates[name][1].append(number)
            rows += 1
    except csv.Error as exc:
        raise UsageError(f"{shown_name(path)}: not readable as CSV: {exc}.") from None
    names = list(last)
    return _Table(names[:SHOWN_COLUMNS], max(0, len(names) - SHOWN_COLUMNS), candidates, rows, 0)


def _jsonl_columns(stream: Iterable[str], wanted: tuple[str | None, str | None]) -> _Table:
    names: dict[str, None] = {}
    others: set[str] = set()  # names past the first SHOWN_COLUMNS, counted for the message
    candidates: dict[str, Column] = {}
    rows = torn = 0
    for line in stream:
        if not line.strip():
            continue
        try:  # every integer as a float: no int() of thousands of digits, no int too large for float()
            row = json.loads(line, parse_int=float)
        except (ValueError, RecursionError):  # json's C decoder stops cleanly at the recursion limit
            row = None
        if not isinstance(row, dict):
            torn += 1
            continue
        for name, value in row.items():
            if name not in names and name not in candidates:
                if len(names) < SHOWN_COLUMNS:
                    names[name] = None
                else:
                    others.add(name)
            if _candidate(name, wanted):
                found = candidates.setdefault(name, (array("q"), array("d")))
                if (number := _number(value)) is not None:
                    found[0].append(rows)
                    found[1].append(number)
        rows += 1
    return _Table(list(names), len(others), candidates, rows, torn)


def _joined(steps: Column, rewards: Column) -> Iterator[tuple[float, float]]:
    """(step, reward) of every row that has both: a merge of two lists of row numbers."""
    i = j = 0
    while i < len(steps[0]) and j < len(rewards[0]):
        if steps[0][i] == rewards[0][j]:
            yield steps[1][i], rewards[1][j]
            i, j = i + 1, j + 1
        elif steps[0][i] < rewards[0][j]:
            i += 1
        else:
            j += 1


def _column(path: str, table: _Table, kind: str, name: str | None) -> str:
    if name is None or name not in table.candidates:
        among = ", ".join(excerpt(c) for c in table.names) + (f" and {table.more:,} more" if table.more else "")
        if name:
            found = f"{kind} column '{excerpt(name)}' is not one of {among}"
        else:
            found = f"no {kind} column among {among} ({_LOOKED_FOR[kind]})"
        raise UsageError(f"{shown_name(path)}: {found}; name it with --{kind}-column.")
    return name


# What the automatic choice looks for, said when it finds nothing.
_LOOKED_FOR = {
    "step": "a column named " + ", ".join(STEP_NAMES[:-1]) + f" or {STEP_NAMES[-1]}, in any case",
    "reward": 'a column whose name contains "reward"',
}


def _reward_column(columns: list[str]) -> str | None:
    # W&B exports add "<name>__MIN" / "__MAX" companions and *_std series; the plain training
    # series is the one wanted, so training rewards come before evaluation ones.
    skip = ("__min", "__max", "_step", "_std", "_stderr", "_min", "_max", "_count")
    rewards = [c for c in columns if "reward" in c.lower() and not c.lower().endswith(skip)]
    rewards.sort(key=lambda c: ("train" not in c.lower(), "eval" in c.lower()))
    return rewards[0] if rewards else None


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
