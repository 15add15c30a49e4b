"""Reading job files safely: YAML or JSON, bounded (files.source, files.bounded), errors as
path:line with a short excerpt, duplicate keys refused."""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from yaml.nodes import MappingNode, Node

from rftcfg.catalog import catalog
from rftcfg.core.errors import Finding, UsageError, by_level, excerpt
from rftcfg.files.bounded import Malformed, bounded_base, check_json_depth, compose
from rftcfg.files.source import read_limited, reading, shown_name

__all__ = ["JobFile", "Malformed", "parse_json", "parse_yaml", "read_job_file", "read_text", "reading"]


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
    base = bounded_base()
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


def parse_yaml(text: str, shown: str = "<input>") -> Any:
    """YAML as job files are read (see `_loader`): nesting and alias expansion bounded. Raises
    Malformed (a yaml.YAMLError) for bad syntax, a UsageError past a limit."""
    return compose(_loader(), text, shown)[0]


def parse_json(text: str, shown: str = "<input>") -> Any:
    """JSON as job files are read: numbers too long for the grammar, NaN and Infinity stay text
    for the one parser to refuse (so int() never meets thousands of digits); nesting is measured
    first, in one pass, so json.loads cannot recurse past its limit. Raises
    json.JSONDecodeError, or a UsageError past a limit."""
    check_json_depth(text, shown)
    limit = catalog().number_text_max
    return json.loads(
        text,
        parse_int=lambda t: int(t) if len(t) <= limit else t,
        parse_float=lambda t: float(t) if len(t) <= limit else t,
        parse_constant=lambda t: t,
    )


def read_text(path: str) -> str:
    """The UTF-8 text of `path` (or `-` for stdin), at most `input_limits.job_bytes`; anything
    unreadable, too large or binary is a usage error (exit 2)."""
    raw = read_limited(path, catalog().input_limits.job_bytes, "job_bytes", "a job file")
    return _decode(raw, shown_name(path))


def read_job_file(path: str) -> JobFile:
    """Read `path` (or `-` for stdin). Unreadable or malformed input is a usage error (exit 2)."""
    shown = shown_name(path)
    text = read_text(path)
    root = None
    if path.endswith(".json"):
        try:
            data = parse_json(text, shown)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{shown}:{exc.lineno}: malformed JSON: {exc.msg}{_near(text, exc.lineno)}.") from None
    else:
        try:
            data, root = compose(_loader(), text, shown)
        except Malformed as exc:
            raise UsageError(f"{shown}:{exc.line}: malformed YAML: {exc.problem}{_near(text, exc.line)}.") from None
    if data is None:
        raise UsageError(f"{shown}: the file is empty; {_SHAPE}")
    if not isinstance(data, dict):
        raise UsageError(f"{shown}:1: the file holds a {_kind(data)}, not a job; {_SHAPE}")
    return JobFile(shown, data, _key_lines(root, shown) if root is not None else key_lines(text, shown))


def _near(text: str, line: int | None) -> str:
    """`; the line: ...`, shortened and escaped like any shown value."""
    if not line:
        return ""
    found = text.split("\n", line)[line - 1 : line]  # at most `line` splits: a long file is not split whole
    return f"; the line: {excerpt(found[0].strip())}" if found and found[0].strip() else ""


_SHAPE = "a job file is a mapping of keys (dataset:, evaluator:, training_config:, inference_parameters:); see README, 'The job file'."


def _kind(data: Any) -> str:
    return "list" if isinstance(data, list) else "single value"


def _decode(raw: bytes, shown: str) -> str:
    try:
        text = raw.decode("utf-8-sig")  # tolerate a byte-order mark some editors write
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise UsageError(
            f"{shown}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02X}); a job file is YAML or JSON saved as UTF-8."
        ) from None
    if (nul := text.find("\0")) >= 0:
        line = text.count("\n", 0, nul) + 1
        raise UsageError(f"{shown}:{line}: contains a NUL byte (binary data?); a job file is YAML or JSON text.")
    return text


def key_lines(text: str, shown: str) -> dict[str, int]:
    """Every key's line by dotted path, for YAML or JSON text; a duplicate key is refused."""
    root = _nodes_of(text, shown)  # JSON is YAML too: its YAML nodes carry the line numbers
    if root is None and text.lstrip().startswith("{"):
        _refuse_json_duplicates(text, shown)  # JSON the YAML reader does not take: no lines, still no duplicates
    return _key_lines(root, shown)


def _refuse_json_duplicates(text: str, shown: str) -> None:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        twice = next((k for k in keys if keys.count(k) > 1), None)
        if twice is not None:
            raise UsageError(f"{shown}: duplicate key {excerpt(twice)}; keep only one.")
        return dict(items)

    with contextlib.suppress(ValueError):  # malformed JSON is reported by the parser, not here
        json.loads(text, object_pairs_hook=pairs, parse_constant=str)


def _nodes_of(text: str, shown: str) -> Node | None:
    """The YAML nodes of a JSON file (JSON is YAML too), for their line numbers; None if the
    YAML reader disagrees about the text."""
    try:
        return compose(_loader(), text, shown)[1]
    except (Malformed, UsageError):
        return None


def _key_lines(root: Node | None, shown: str) -> dict[str, int]:
    """Line numbers of every mapping key, by dotted path.

    Also refuses duplicate keys: YAML readers silently keep the last one, so a file that says
    `epochs` twice means whatever the reader picks. Each mapping is walked once: an alias is the
    very node its anchor names, so walking it again would find no key of its own, only time
    (billions of times, for a file of aliases of aliases).
    """
    lines: dict[str, int] = {}
    seen: set[int] = set()

    def walk(node: Node, prefix: str) -> None:
        if not isinstance(node, MappingNode) or id(node) in seen:
            return
        seen.add(id(node))
        for key, value in node.value:
            dotted = f"{prefix}{key.value}"
            line = key.start_mark.line + 1
            if dotted in lines:
                raise UsageError(
                    f"{shown}:{line}: duplicate key {dotted} (first on line {lines[dotted]}); keep only one."
                )
            lines[dotted] = line
            walk(value, dotted + ".")

    if root is not None:
        walk(root, "")
    return lines
