"""`rftcfg new`: a validated job from goals and flags."""

from __future__ import annotations

from typing import Any

import typer

from rftcfg.app.new import NewRequest, Start, goals_from, parameter_key, preferences_from
from rftcfg.catalog import catalog
from rftcfg.cli.delivery import deliver
from rftcfg.cli.options import (
    DATASET_FILE,
    FIRECTL_FORM,
    FORCE,
    FORMAT,
    GOAL_NAMES,
    ONE_LINE,
    OUTPUT,
    PASS_RATE,
    PROMPTS,
    STRICT,
    TEMPLATE_NAMES,
    check_account,
    check_format,
    one_line,
    parameter_values,
    with_parameter_options,
    with_resource_options,
)
from rftcfg.cli.recording import NO_RECORD
from rftcfg.cli.root import app
from rftcfg.core.errors import UsageError
from rftcfg.core.resources import Resources
from rftcfg.core.values import read_settings


@app.command()
@with_parameter_options
@with_resource_options(after="from_file")
def new(
    goal: list[str] = typer.Option(
        [],
        "--goal",
        "-g",
        metavar="GOAL",
        help="A goal (repeatable, first given wins conflicts). See `rftcfg goals`.",
        autocompletion=GOAL_NAMES,
    ),
    prefer: list[str] = typer.Option(
        [], "--prefer", metavar="PARAM=GOAL", help="Settle a goal conflict on PARAM in favour of GOAL (repeatable)."
    ),
    only: list[str] = typer.Option(
        [], "--only", metavar="PARAM", help="Apply the goals' moves to this parameter only (repeatable)."
    ),
    template: str | None = typer.Option(
        None,
        "--template",
        metavar="NAME",
        help="Start from a template in templates/ instead of the defaults.",
        autocompletion=TEMPLATE_NAMES,
    ),
    from_file: str | None = typer.Option(
        None,
        "--from",
        metavar="FILE",
        help="Start from an existing job file: its values, resources and extra keys.",
    ),
    fmt: str | None = FORMAT,
    output: str | None = OUTPUT,
    force: bool = FORCE,
    strict: bool = STRICT,
    firectl_form: str | None = FIRECTL_FORM,
    one_line: bool = ONE_LINE,
    dataset_file: str | None = DATASET_FILE,
    prompts: int | None = PROMPTS,
    pass_rate: float | None = PASS_RATE,
    budget: int | None = typer.Option(
        None,
        "--max-rollout-tokens",
        metavar="N",
        min=1,
        help="Fit the job under this many generated tokens by lowering rollouts, then max output tokens.",
    ),
    schema_comment: str | None = typer.Option(
        None,
        "--schema-comment",
        metavar="PATH",
        callback=one_line,
        help="Start the YAML with a yaml-language-server modeline naming this schema (see `rftcfg schema`).",
    ),
    no_record: bool = NO_RECORD,
    **generated: Any,
) -> None:
    """Write a validated job: defaults (or --template/--from) -> goals, in order -> explicit flags."""
    if template and from_file:
        raise UsageError("give --template or --from, not both.")
    given = Resources(**{name: generated.pop(name) for name in Resources._fields})
    settings = read_settings({key: generated.pop(key) for key in catalog().settings})
    values = parameter_values(generated)
    goals = goals_from(goal)
    request = NewRequest(
        goals=goals,
        resources=given._replace(account=check_account(given.account)),
        values=values,
        settings=settings,
        prefer=preferences_from(prefer, goals),
        only=tuple(parameter_key(name, "--only") for name in only),
        start=Start("template", template) if template else (Start("file", from_file) if from_file else None),
        fmt=check_format(fmt, firectl_form, output),
        output=output if output != "-" else None,
        force=force,
        firectl_form=firectl_form,
        one_line=one_line,
        dataset_file=dataset_file,
        prompts=prompts,
        pass_rate=pass_rate,
        budget=budget,
        schema_comment=schema_comment,
    )
    deliver(request, strict=strict, no_record=no_record)
