"""`rftcfg import SOURCE`: bring in a firectl or ep command, a REST body, or a service job."""

from __future__ import annotations

import typer

from rftcfg.cli.boundary import err
from rftcfg.cli.options import ACCOUNT, FORCE, FORMAT, OUTPUT, check_account, check_format
from rftcfg.cli.output import emit, gate
from rftcfg.cli.recording import NO_RECORD, note_unrecorded, record_entries, recording
from rftcfg.cli.root import app
from rftcfg.core.errors import UsageError


@app.command("import")
def import_command(
    source: str | None = typer.Argument(None, metavar="[SOURCE]", help="File to import, or - for stdin."),
    command: str | None = typer.Option(None, "--command", "-c", metavar="TEXT", help="A pasted firectl or ep command."),
    output: str | None = OUTPUT,
    force: bool = FORCE,
    fmt: str | None = FORMAT,
    account: str | None = ACCOUNT,
    ignore_unknown: bool = typer.Option(
        False, "--ignore-unknown", help="Drop flags or keys rftcfg cannot carry (they are still listed)."
    ),
    no_record: bool = NO_RECORD,
) -> None:
    """Turn a firectl or ep command, a REST body, a `firectl ... get -o json` job or a job file into a job file."""
    from rftcfg.app.importing import import_job
    from rftcfg.files.reading import read_text
    from rftcfg.files.writing import check_writable
    from rftcfg.formats import Options, render

    fmt = check_format(fmt, None, output)
    account = check_account(account)
    if (source is None) == (command is None):
        raise UsageError("give a SOURCE file (or - for stdin), or --command TEXT; one of them.")
    if output:
        check_writable(output, force=force)
    with recording(no_record, to_file=bool(output and output != "-")) as ledger:  # checked before anything is written
        text = command if command is not None else read_text(source or "-")
        shown = "--command" if command is not None else ("<stdin>" if source in (None, "-") else str(source))
        result = import_job(text, account, ignore_unknown=ignore_unknown, shown=shown)
        for note in result.notes:
            err(f"note: {note}")
        for warning in result.warnings:
            err(f"warning: {warning}")
        gate(result.findings, strict=False)
        header = (f"# Imported from {result.kind} input.",)
        emit(render(result.job, fmt, Options(header=header)), output, force, fmt)
        if ledger is not None and output:
            from rftcfg.app.recording import Entry

            entry = Entry(result.job, output, (), f"imported from {result.kind} input")
            record_entries(ledger, "import", [entry], [result.job])  # a parent only when the content was recorded
        elif not output or output == "-":
            note_unrecorded(no_record)
