"""What every output format shares: the options a renderer takes, what it returns, and the
Format record that says everything else about a format (file extension, title, script or not)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rftcfg.core.job import Job


class Options(NamedTuple):
    firectl_form: str | None = None  # None: the data table's default form
    one_line: bool = False
    header: tuple[str, ...] = ()  # provenance lines for formats that carry comments
    schema: str | None = None  # path or URL of the JSON Schema, for YAML editors


class Rendered(NamedTuple):
    text: str
    notes: tuple[str, ...] = ()


class EnvRef(NamedTuple):
    """An argument the shell must expand at run time, e.g. "$WANDB_API_KEY"."""

    name: str


Renderer = Callable[[Job, Options], Rendered]


class Format(NamedTuple):
    """One output format. `script`: a shell command, so a file gets `#!/bin/sh` and the
    executable bit. `reads_back`: what `rftcfg import` calls input in this format."""

    name: str
    extension: str
    title: str
    script: bool
    render: Renderer
    reads_back: str
