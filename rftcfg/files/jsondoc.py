"""One JSON document of metrics, read as a stream: a list of row objects, or an object whose
values are columns (lists), as dashboards export, or rows (a list of objects, as TRL's
trainer_state.json keeps its "log_history"). One value (a row, a number) is decoded at a
time from a sliding buffer, so a document of a million points is never held as Python objects;
a single value past `input_limits.line_bytes` is refused, as a line is in CSV or JSONL."""

from __future__ import annotations

import codecs
import json
import re
from array import array
from typing import Any, BinaryIO

from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError
from rftcfg.files.columns import Column, Keep, Rows, Table, number
from rftcfg.files.source import shown_name, size_text, too_large

CHUNK = 1 << 16
_SPACE = re.compile(r"[ \t\r\n]*")
_DECODER = json.JSONDecoder(parse_int=float)  # no int() of thousands of digits


class _Text:
    def __init__(self, handle: BinaryIO, path: str) -> None:
        limits = catalog().input_limits
        self.handle, self.shown = handle, shown_name(path)
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf, self.pos, self.eof, self.read = "", 0, False, 0
        self.value_limit = limits.line_bytes
        self.total = limits.metrics_bytes if path == "-" else None  # a regular file was judged by its size

    def fill(self, want: int) -> None:
        raw = self.handle.read(max(want, CHUNK))
        self.read += len(raw)
        if self.total is not None and self.read > self.total:
            raise too_large(self.shown, self.total, "metrics_bytes", "a metrics file")
        try:
            text = self.decoder.decode(raw, final=not raw)
        except UnicodeDecodeError:
            raise UsageError(f"{self.shown}: not UTF-8 text; export the metrics as CSV, JSONL or JSON.") from None
        self.eof = not raw
        if self.pos * 2 > len(self.buf):  # drop what was read once it is most of the buffer
            self.buf, self.pos = self.buf[self.pos :], 0
        self.buf += text

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), left unread."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if self.eof:
                return ""
            self.fill(CHUNK)

    def take(self, allowed: str) -> str:
        found = self.peek()
        if not found or found not in allowed:
            shown = repr(found) if found else "the end"
            self.fail(f"expected {' or '.join(repr(c) for c in allowed)}, found {shown}")
        self.pos += 1
        return found

    def value(self) -> Any:
        self.peek()
        while True:
            try:  # a value that ends at the end of the buffer may go on (0.5 of 0.55): read more first
                value, end = _DECODER.raw_decode(self.buf, self.pos)
                if end < len(self.buf) or self.eof:
                    self.pos = end
                    return value
            except RecursionError:
                self.fail("nested too deeply")
            except ValueError as exc:
                if self.eof:
                    self.fail(exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc))
            pending = len(self.buf) - self.pos
            if pending > self.value_limit:
                raise UsageError(
                    f"{self.shown}: one JSON value longer than {size_text(self.value_limit)} "
                    "(input_limits.line_bytes); a metrics row is a few KB: check that it is the file you meant."
                )
            self.fill(pending)  # doubling what is held: linear time however long the value

    def fail(self, what: str) -> None:
        raise UsageError(
            f"{self.shown}: not a JSON document of metrics ({what}); expected a list of row objects "
            "or an object of columns (name -> list of values) or of rows (as trainer_state.json's log_history)."
        )


def json_document(handle: BinaryIO, path: str, keep: Keep) -> Table:
    text = _Text(handle, path)
    found = Rows(keep)
    opening = text.take("[{")
    if opening == "[":
        torn = 0
        for row in _elements(text, "]"):
            if isinstance(row, dict):
                found.add(row)
            else:
                torn += 1
        table = found.table(torn)
    else:
        table = found.table(0, rows=_columns(text, found))
    if text.peek():
        text.fail("more text after the document")
    return table


def _elements(text: _Text, closing: str) -> Any:
    if text.peek() == closing:
        text.pos += 1
        return
    while True:
        yield text.value()
        if text.take("," + closing) == closing:
            return


def _columns(text: _Text, found: Rows) -> int:
    """Each list-valued key is a column (its n-th value is row n); other keys are passed over."""
    longest = 0
    if text.peek() == "}":
        text.pos += 1
        return 0
    while True:
        name = text.value()
        if not isinstance(name, str):
            text.fail("a key that is not a string")
        text.take(":")
        if text.peek() == "[":
            text.pos += 1
            column: Column | None = (array("q"), array("d")) if found.keep(name) else None
            row = 0
            for value in _elements(text, "]"):
                if isinstance(value, dict):  # a list of row objects: TRL's trainer_state.json "log_history"
                    found.add(value)
                    continue
                if column is not None and (value := number(value)) is not None:
                    column[0].append(row)
                    column[1].append(value)
                row += 1
            if row or not found.rows:  # a column (a key holding rows, as "log_history", is not one)
                found.name(name)
            if column is not None and row:
                found.columns[name] = column
            longest = max(longest, row, found.rows)
        else:  # a single value beside the columns or rows ("global_step"): not a column
            text.value()
        if text.take(",}") == "}":
            return longest
