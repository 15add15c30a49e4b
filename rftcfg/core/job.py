"""A job as the tool passes it around: the SDK keyword arguments as a plain nested mapping.

Deliberately not a pydantic model. Building and validating pydantic models costs more start-up
time than the rest of `rftcfg new` put together, and values rftcfg produces itself need no
parsing. Untrusted input (job files) goes through `rftcfg.files.parse.check_data` first.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from typing import Any


class Job:
    """Immutable view of a job's data (snake_case keys, omitted fields absent, never None)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = _without_none(data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Job) and self._data == other._data

    def __hash__(self) -> int:
        return hash(repr(self._data))

    def __repr__(self) -> str:
        return f"Job({self._data!r})"

    def kwargs(self) -> dict[str, Any]:
        """A deep copy of the SDK keyword arguments, safe for the caller to change."""
        return copy.deepcopy(self._data)

    def get(self, path: str) -> Any:
        node: Any = self._data
        for part in path.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return None
            node = node[part]
        return node

    def replace(self, values: Mapping[str, Any]) -> Job:
        """A new job with dotted paths set; a None value removes the key (and a section left empty)."""
        data = self.kwargs()
        for path, value in values.items():
            *parents, leaf = path.split(".")
            node = data
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
        return Job(_without_empty(_without_none(data)))


def snake_case(name: str) -> str:
    """`maxOutputTokens` -> `max_output_tokens`, `awsS3Config` -> `aws_s3_config` (REST -> job file)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def camel_case(name: str) -> str:
    """`max_output_tokens` -> `maxOutputTokens` (job file -> REST, as the SDK sends it)."""
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def rekeyed(data: Mapping[str, Any], spell: Callable[[str], str]) -> dict[str, Any]:
    """`data` with every key, at every depth, respelled by `spell`."""
    return {spell(str(k)): rekeyed(v, spell) if isinstance(v, Mapping) else v for k, v in data.items()}


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: _without_empty(v) if isinstance(v, dict) else v for k, v in data.items()}
    return {k: v for k, v in cleaned.items() if v != {}}


def _without_none(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: _without_none(value) if isinstance(value, Mapping) else value
        for key, value in data.items()
        if value is not None
    }
