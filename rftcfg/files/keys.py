"""Keys that are not names: YAML reads `~:` and `null:` as no key at all, `1:` as a number, `yes:`
as a boolean and `2024-01-01:` as a date. Each becomes one finding on its own line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rftcfg.catalog import format_number
from rftcfg.core.errors import Finding, finding


def take_nameless_keys(data: dict[str, Any], lines: Mapping[str, int]) -> list[Finding]:
    """Remove keys that YAML read as something other than text (`~:` or `null:` as no key at all,
    `1:` as a number, `yes:` as a boolean, `2024-01-01:` as a date), with one finding each on the
    line the key is written on. Left in, they have no dotted name, so pydantic's error for them
    could be neither placed nor pruned and came back every round."""
    found: list[Finding] = []

    def walk(node: dict[Any, Any], prefix: str) -> None:
        for key in list(node):
            if isinstance(key, str):
                if isinstance(node[key], dict):
                    walk(node[key], f"{prefix}{key}.")
                continue
            del node[key]
            written, line = next(((s, lines[prefix + s]) for s in _spellings(key) if prefix + s in lines), (None, None))
            found.append(_nameless(key, written, prefix.rstrip(".")).at_line(line))

    walk(data, "")
    return found


def _spellings(key: Any) -> tuple[str, ...]:
    """How a key YAML reads as `key` may be written (the reader's lines are by the text)."""
    if key is None:
        return ("~", "null", "Null", "NULL", "")
    if isinstance(key, bool):
        words = ("true", "yes", "on") if key else ("false", "no", "off")
        return tuple(form for w in words for form in (w, w.capitalize(), w.upper()))
    return (format_number(key), str(key))


def _nameless(key: Any, written: str | None, section: str) -> Finding:
    where = f"under {section}" if section else "at the top level"
    fix = "write the key's name (the keys are those of the SDK's create() call, see README), or delete the line."
    if key is None:
        shown = f" ({written})" if written else ""
        return finding("unknown-key", f"a key with no name{shown} {where}; YAML reads ~, null and an empty key as no name.", fix=fix)  # fmt: skip
    kind = {bool: "a boolean", int: "a number", float: "a number"}.get(type(key), f"a {type(key).__name__}")
    shown = written if written is not None else format_number(key)
    return finding("unknown-key", f"the key {shown} {where} is read as {kind}, not a name.", fix=fix)
