"""Printing and writing what a command produced: findings to stderr, the result to stdout or a
file. The only place (with the boundary) that prints."""

from __future__ import annotations

import typer

from rftcfg.app.report import findings_text
from rftcfg.cli.boundary import err
from rftcfg.core.errors import Finding, InvalidJobError, count, shown_text
from rftcfg.formats import FORMATS, Rendered, file_text


def gate(findings: list[Finding], strict: bool, conflicts: int = 0, path: str | None = None) -> None:
    """Print findings; stop with exit 1 on errors, or on warnings under --strict."""
    errors = [f for f in findings if f.level == "error"]
    if errors:
        raise InvalidJobError(findings, path)
    err(findings_text(findings, path))
    warnings = sum(f.level == "warning" for f in findings)
    if strict and warnings:
        extra = f", {count(conflicts, 'goal conflict')} among them" if conflicts else ""
        raise InvalidJobError([], path, f"--strict: {count(warnings, 'warning')}{extra}; nothing was written.")


def emit(rendered: Rendered, output: str | None, force: bool, fmt: str) -> None:
    """The result to stdout, or atomically to `output` (a command becomes an executable script)."""
    for note in rendered.notes:
        err(f"note: {note}")
    if output and output != "-":
        script = fmt in FORMATS and FORMATS[fmt].script
        text = file_text(rendered, fmt) if fmt in FORMATS else rendered.text
        from rftcfg.files.writing import write_atomic  # stdout needs none of the file machinery

        write_atomic(output, text, force=force, executable=script)
        err(f"Wrote {shown_text(output)} ({fmt}).")
    else:
        typer.echo(rendered.text, nl=False)
