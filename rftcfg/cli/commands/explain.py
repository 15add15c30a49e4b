"""`rftcfg explain`, `goals`, `templates` and `schema`: what rftcfg knows, from the data table."""

from __future__ import annotations

import json

import typer

from rftcfg.catalog import catalog
from rftcfg.cli.options import FORCE, OUTPUT
from rftcfg.cli.output import emit
from rftcfg.cli.root import app
from rftcfg.core.errors import UsageError


# Unknown options pass through as the NAME, so `rftcfg explain --rollouts` works like the flag reads.
@app.command(context_settings={"ignore_unknown_options": True})
def explain(
    name: str | None = typer.Argument(
        None,
        metavar="[NAME]",
        help="A parameter, goal, rule, finding code or symptom (KIND:NAME where a name means two); omit for the overview.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print it as JSON."),
) -> None:
    """What a parameter, goal, rule, finding code or symptom means, and what to do about it."""
    from rftcfg.app.explain import explain_page

    page = explain_page(name)
    typer.echo(json.dumps(page.data, indent=2) if as_json else page.text)


@app.command()
def goals(as_json: bool = typer.Option(False, "--json", help="Print them as JSON.")) -> None:
    """The seven goals and what each changes."""
    from rftcfg.app.explain_data import goal_dict
    from rftcfg.app.explain_text import goals_table

    if as_json:
        typer.echo(json.dumps({"goals": [goal_dict(g) for g in catalog().goals.values()]}, indent=2))
    else:
        typer.echo(goals_table())


@app.command()
def templates() -> None:
    """The starter job files in templates/ (use one with `rftcfg new --template NAME`)."""
    from rftcfg.app.templates import available as available_templates

    found = available_templates()
    if not found:
        raise UsageError("no templates are installed with this copy of rftcfg.")
    width = max(len(t.name) for t in found)
    for template in found:
        typer.echo(f"{template.name:<{width}}  {template.summary}")


@app.command()
def schema(output: str | None = OUTPUT, force: bool = FORCE) -> None:
    """The JSON Schema (draft 2020-12) of a job file, for editors; see --schema-comment on `new`."""
    from rftcfg.formats import Rendered
    from rftcfg.formats.schema import job_schema  # builds the pydantic models: only this command needs them

    emit(Rendered(json.dumps(job_schema(), indent=2) + "\n"), output, force, "JSON Schema")
