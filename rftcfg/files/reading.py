"""Reading job files safely: YAML or JSON, errors as path:line, duplicate keys refused."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from rftcfg.core.errors import Finding, UsageError, by_level


class JobFile(NamedTuple):
    """A parsed job file: its data and the line each dotted key path starts on."""

    path: str
    data: Any
    lines: Mapping[str, int]

    def locate(self, findings: list[Finding]) -> list[Finding]:
        """Attach line numbers, then order by level and, within a level, by line."""
        located = [f.at_line(self._line_of(f.field)) if f.field else f for f in findings]
        return by_level(sorted(located, key=lambda f: f.line or 0))

    def _line_of(self, dotted: str) -> int | None:
        while dotted:
            if dotted in self.lines:
                return self.lines[dotted]
            dotted = dotted.rpartition(".")[0]
        return None


def _loader() -> type[Any]:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@contextlib.contextmanager
def reading(shown: str) -> Iterator[None]:
    """Whatever goes wrong opening or reading a file becomes one usage error (exit 2)."""
    try:
        yield
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file. Check the path.") from None
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a directory, not a file.") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read it: {exc.strerror or exc}.") from None


def read_text(path: str) -> str:
    """The UTF-8 text of `path` (or `-` for stdin); anything unreadable is a usage error (exit 2)."""
    shown = "<stdin>" if path == "-" else path
    with reading(shown):
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    return _decode(raw, shown)


def read_job_file(path: str) -> JobFile:
    """Read `path` (or `-` for stdin). Unreadable or malformed input is a usage error (exit 2)."""
    shown = "<stdin>" if path == "-" else path
    text = read_text(path)
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{shown}:{exc.lineno}: malformed JSON: {exc.msg}.") from None
    else:
        try:
            data = yaml.load(text, Loader=_loader())
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
            raise UsageError(f"{shown}:{line}: malformed YAML: {exc.problem or exc}.") from None
        except yaml.YAMLError as exc:
            raise UsageError(f"{shown}: malformed YAML: {exc}.") from None
    if data is None:
        raise UsageError(f"{shown}: the file is empty; {_SHAPE}")
    if not isinstance(data, dict):
        raise UsageError(f"{shown}:1: the file holds a {_kind(data)}, not a job; {_SHAPE}")
    return JobFile(shown, data, _key_lines(text, shown))


_SHAPE = "a job file is a mapping of keys (dataset:, evaluator:, training_config:, inference_parameters:); see README, 'The job file'."


def _kind(data: Any) -> str:
    return "list" if isinstance(data, list) else "single value"


def _decode(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # tolerate a byte-order mark some editors write
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise UsageError(
            f"{shown}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02X}); a job file is YAML or JSON saved as UTF-8."
        ) from None


def _key_lines(text: str, shown: str) -> dict[str, int]:
    """Line numbers of every mapping key, by dotted path (JSON parses as YAML too).

    Also refuses duplicate keys: YAML readers silently keep the last one, so a file that says
    `epochs` twice means whatever the reader picks.
    """
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                dotted = f"{prefix}{key.value}"
                line = key.start_mark.line + 1
                if dotted in lines:
                    raise UsageError(
                        f"{shown}:{line}: duplicate key {dotted} (first on line {lines[dotted]}); keep only one."
                    )
                lines[dotted] = line
                walk(value, dotted + ".")

    walk(root, "")
    return lines
