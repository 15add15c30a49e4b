"""Output formats: one Format record per output, in one registry (yaml, json, api, firectl, ep).

Everything about a format is here: its name, file extension, the wizard's title for it, whether
it is a script, its renderer, and what `rftcfg import` calls it when it is read back.
"""

from __future__ import annotations

from typing import Any

from rftcfg.core.errors import InvalidJobError, finding
from rftcfg.core.job import Job
from rftcfg.formats.base import EnvRef, Format, Options, Rendered
from rftcfg.formats.commands import to_ep, to_firectl
from rftcfg.formats.documents import to_api, to_json, to_yaml

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("yaml", "yaml", "YAML job file (submit with the SDK, or render it later)", False, to_yaml, "job"),
        Format("json", "json", "JSON job file", False, to_json, "job"),
        Format("api", "body.json", "REST API request body (JSON)", False, to_api, "api"),
        Format("firectl", "sh", "firectl command (a shell script to run)", True, to_firectl, "firectl"),
        Format("ep", "ep.sh", "eval-protocol `ep create rft` command (a shell script)", True, to_ep, "ep"),
    )
}


def render(job: Job, fmt: str, options: Options | None = None) -> Rendered:
    _refuse_undecodable(job.kwargs())
    return FORMATS[fmt].render(job, options or Options())


def _refuse_undecodable(node: Any, prefix: str = "") -> None:
    """Text holding an undecodable byte (a lone surrogate, as Python reads a stray byte in an
    argument, or a JSON \\udcff escape) cannot be written as UTF-8: refused by its key, before
    any format (or a file half-written) meets it."""
    if isinstance(node, dict):
        for key, value in node.items():
            _refuse_undecodable(value, f"{prefix}{key}.")
    elif isinstance(node, str) and any("\ud800" <= ch <= "\udfff" for ch in node):
        field = prefix.rstrip(".")
        problem = finding(
            "type", "is not valid Unicode text: it holds an undecodable byte.", field=field, value=node,
            fix="write it as UTF-8 text.",
        )  # fmt: skip
        raise InvalidJobError([problem])


def file_text(rendered: Rendered, fmt: str) -> str:
    """What goes into a file: a command becomes a script that runs it."""
    return ("#!/bin/sh\n" if FORMATS[fmt].script else "") + rendered.text


__all__ = ["FORMATS", "EnvRef", "Format", "Options", "Rendered", "file_text", "render"]
