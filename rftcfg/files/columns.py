"""The numbers of a metrics file, column by column: CSV, JSONL, or one JSON document (a list of
row objects, or an object of column -> list, as dashboards export), read in one streaming pass.

Only the columns `keep` accepts are held, as packed numbers (16 bytes a value: the row number and
the value), never the rows; cells that are not finite numbers are left out of their column.
"""

from __future__ import annotations

import csv
import json
import math
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO, NamedTuple

from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError
from rftcfg.files.source import lines, shown_name, size_text

SHOWN_COLUMNS = 20  # column names a message lists before "and N more"

Column = tuple["array[int]", "array[float]"]  # row numbers, and the finite value in each
Keep = Callable[[str], bool]


class Table(NamedTuple):
    names: list[str]  # the first SHOWN_COLUMNS column names, in order of first appearance
    more: int  # how many other column names there were
    columns: dict[str, Column]  # the kept columns, in order of first appearance
    rows: int
    torn: int  # JSONL lines that were not an object


def text_lines(path: str, handle: BinaryIO) -> Iterator[str]:
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


def csv_columns(stream: Iterable[str], path: str, keep: Keep) -> Table:
    reader = csv.reader(stream)
    try:
        header = next(reader, [])
        last = {name: i for i, name in enumerate(header)}  # as csv.DictReader: a repeated name's last column
        kept = {i: name for name, i in last.items() if keep(name)}
        columns: dict[str, Column] = {name: (array("q"), array("d")) for name in last if keep(name)}
        rows = 0
        for row in reader:
            if not row:
                continue
            for i, name in kept.items():
                if i < len(row) and (value := number(row[i])) is not None:
                    columns[name][0].append(rows)
                    columns[name][1].append(value)
            rows += 1
    except csv.Error as exc:
        raise UsageError(f"{shown_name(path)}: not readable as CSV: {exc}.") from None
    names = list(last)
    return Table(names[:SHOWN_COLUMNS], max(0, len(names) - SHOWN_COLUMNS), columns, rows, 0)


class Rows:
    """Row objects added one at a time; the shared half of the JSONL and JSON readers."""

    def __init__(self, keep: Keep) -> None:
        self.keep = keep
        self.names: dict[str, None] = {}
        self.others: set[str] = set()  # names past the first SHOWN_COLUMNS, counted for the message
        self.columns: dict[str, Column] = {}
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        for name, value in row.items():
            self.name(name)
            if self.keep(name):
                found = self.columns.setdefault(name, (array("q"), array("d")))
                if (value := number(value)) is not None:
                    found[0].append(self.rows)
                    found[1].append(value)
        self.rows += 1

    def name(self, name: str) -> None:
        if name not in self.names and name not in self.columns:
            if len(self.names) < SHOWN_COLUMNS:
                self.names[name] = None
            else:
                self.others.add(name)

    def table(self, torn: int = 0, rows: int | None = None) -> Table:
        return Table(list(self.names), len(self.others), self.columns, self.rows if rows is None else rows, torn)


def jsonl_columns(stream: Iterable[str], keep: Keep) -> Table:
    found = Rows(keep)
    torn = 0
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
        found.add(row)
    return found.table(torn)


def number(value: Any) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def joined(first: Column, second: Column) -> Iterator[tuple[float, float]]:
    """(a, b) of every row that has both: a merge of two ascending lists of row numbers."""
    i = j = 0
    rows_a, rows_b = first[0], second[0]
    while i < len(rows_a) and j < len(rows_b):
        if rows_a[i] == rows_b[j]:
            yield first[1][i], second[1][j]
            i, j = i + 1, j + 1
        elif rows_a[i] < rows_b[j]:
            i += 1
        else:
            j += 1
