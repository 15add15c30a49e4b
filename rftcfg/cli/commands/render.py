"""`rftcfg render FILE`: any job file to any format."""

from __future__ import annotations

import typer

from rftcfg.catalog import catalog, format_number
from rftcfg.cli.boundary import err
from rftcfg.cli.options import ACCOUNT, FIRECTL_FORM, FORCE, FORMAT, ONE_LINE, OUTPUT, check_account, check_format
from rftcfg.cli.output import emit, gate
from rftcfg.cli.root import app


@app.command("render")
def render_command(
    file: str = typer.Argument(..., metavar="FILE", help="Job file (YAML or JSON), or - for stdin."),
    fmt: str | None = FORMAT,
    output: str | None = OUTPUT,
    force: bool = FORCE,
    account: str | None = ACCOUNT,
    firectl_form: str | None = FIRECTL_FORM,
    one_line: bool = ONE_LINE,
) -> None:
    """Render any job file to any format; omitted parameters get the documented default."""
    from rftcfg.app.load import load_job
    from rftcfg.core.checks import check_job
    from rftcfg.core.resources import fill_defaults
    from rftcfg.files.writing import check_writable
    from rftcfg.formats import Options, render

    fmt = check_format(fmt, firectl_form, output)
    account = check_account(account)
    if output and output != "-":
        check_writable(output, force=force)
    loaded = load_job(file, account)
    job, filled = fill_defaults(loaded.job)
    for key in filled:
        param = catalog().parameters[key]
        err(
            f"note: {param.path} was not in {loaded.file.path}; using the documented default {format_number(param.default)}."
        )
    gate(loaded.file.locate(check_job(job, account=account)), strict=False, path=loaded.file.path)
    emit(render(job, fmt, Options(firectl_form=firectl_form, one_line=one_line)), output, force, fmt)
