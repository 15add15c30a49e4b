"""`rftcfg new`: a validated job from goals and flags."""

from __future__ import annotations

from typing import Any

import typer

from rftcfg.app.new import NewRequest, Start, goals_from, parameter_key, preferences_from
from rftcfg.cli.delivery import deliver
from rftcfg.cli.options import (
    ACCOUNT,
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
    parameter_values,
    with_parameter_options,
)
from rftcfg.cli.root import app
from rftcfg.core.errors import UsageError
from rftcfg.core.resources import Resources


@app.command()
@with_parameter_options
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
        None, "--from", metavar="FILE", help="Start from an existing job file: its values, resources and extra keys."
    ),
    base_model: str | None = typer.Option(
        None,
        "--base-model",
        metavar="MODEL",
        help="Model to fine-tune, e.g. qwen3-8b or accounts/fireworks/models/qwen3-8b.",
    ),
    warm_start_from: str | None = typer.Option(
        None,
        "--warm-start-from",
        metavar="MODEL",
        help="Existing adapter model to continue from (instead of --base-model).",
    ),
    dataset: str | None = typer.Option(
        None,
        "--dataset",
        metavar="DATASET",
        help="Training dataset: accounts/<acct>/datasets/<id>, or <id> with --account.",
    ),
    evaluator: str | None = typer.Option(
        None,
        "--evaluator",
        metavar="EVALUATOR",
        help="Evaluator: accounts/<acct>/evaluators/<id>, or <id> with --account.",
    ),
    output_model: str | None = typer.Option(
        None, "--output-model", metavar="MODEL_ID", help="ID for the trained model (the job ID is used if omitted)."
    ),
    job_id: str | None = typer.Option(
        None, "--job-id", metavar="JOB_ID", help="Explicit job ID (the service makes one if omitted)."
    ),
    display_name: str | None = typer.Option(
        None, "--display-name", metavar="TEXT", help="Human-readable job name (API and SDK only)."
    ),
    account: str | None = ACCOUNT,
    wandb_project: str | None = typer.Option(
        None, "--wandb-project", metavar="PROJECT", help="Log to this Weights & Biases project (needs --wandb-entity)."
    ),
    wandb_entity: str | None = typer.Option(
        None, "--wandb-entity", metavar="ENTITY", help="Weights & Biases entity (needs --wandb-project)."
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
        help="Start the YAML with a yaml-language-server modeline naming this schema (see `rftcfg schema`).",
    ),
    **tuned: Any,
) -> None:
    """Write a validated job: defaults (or --template/--from) -> goals, in order -> explicit flags."""
    if template and from_file:
        raise UsageError("give --template or --from, not both.")
    values = parameter_values(tuned)
    goals = goals_from(goal)
    request = NewRequest(
        goals=goals,
        resources=Resources(
            dataset=dataset,
            evaluator=evaluator,
            base_model=base_model,
            warm_start_from=warm_start_from,
            output_model=output_model,
            job_id=job_id,
            display_name=display_name,
            account=check_account(account),
            wandb_project=wandb_project,
            wandb_entity=wandb_entity,
        ),
        values=values,
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
    deliver(request, strict=strict)
