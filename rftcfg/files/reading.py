"""Reading job files safely: YAML or JSON, errors as path:line, duplicate keys refused."""

from __future__ import annotations

import contextlib
import functools
import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from rftcfg.catalog import catalog
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


@functools.cache
def _loader() -> type[Any]:
    """The safe loader with number resolvers narrowed to the one number grammar (core.values):
    plain decimal of at most `number_text.max_length` characters that YAML 1.1 also reads as a
    number. YAML 1.1's other forms (010 as octal, 0x10, 1_000, 1:30, .inf) and over-long digit
    strings stay text, so the one parser judges them as it judges a flag's text instead of the
    loader turning them into surprising or overflowing numbers. Decimal that YAML 1.1 reads as
    text (1e-4: no dot, or no exponent sign) stays text too, so the parser's quoted-number
    warning still tells the user that `yaml.safe_load` would send it as a string."""
    base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    number_tags = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    kept = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag not in number_tags]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    loader: type[Any] = type("JobLoader", (base,), {"yaml_implicit_resolvers": kept})
    limit = f"(?=.{{1,{catalog().number_text_max}}}$)"
    integer = re.compile(f"^{limit}[-+]?(?:0|[1-9][0-9]*)$", re.ASCII)
    fraction = r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?"  # YAML 1.1's float, less its extras
    decimal = re.compile(f"^{limit}(?![-+]?0[0-9]){fraction}$", re.ASCII)
    loader.add_implicit_resolver(number_tags[0], integer, list("-+0123456789"))
    loader.add_implicit_resolver(number_tags[1], decimal, list("-+0123456789."))
    return loader


def parse_yaml(text: str) -> Any:
    """YAML as job files are read (see `_loader`). Raises yaml.YAMLError."""
    return yaml.load(text, Loader=_loader())


def parse_json(text: str) -> Any:
    """JSON as job files are read: numbers too long for the grammar, NaN and Infinity stay text
    for the one parser to refuse. Raises json.JSONDecodeError."""
    limit = catalog().number_text_max
    return json.loads(
        text,
        parse_int=lambda t: int(t) if len(t) <= limit else t,
        parse_float=lambda t: float(t) if len(t) <= limit else t,
        parse_constant=lambda t: t,
    )


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
            data = parse_json(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{shown}:{exc.lineno}: malformed JSON: {exc.msg}.") from None
    else:
        try:
            data = parse_yaml(text)
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
