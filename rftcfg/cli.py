"""The command line: parse flags, call the pure modules, print, exit. The only module that prints.

Exit codes: 0 ok, 1 invalid job, 2 usage or file error, 130 interrupted, 3 internal error (a bug).
"""

from __future__ import annotations

import contextlib
import inspect
import io
import json
import os
import shlex
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

import typer
from typer.core import TyperCommand

from . import __version__
from .catalog import catalog, format_number
from .checks import check_job, check_parsed, parse_job
from .configfile import JobFile, check_writable, read_job_file, write_atomic
from .errors import (
    EXIT_INTERRUPTED,
    EXIT_INVALID_JOB,
    EXIT_OK,
    EXIT_USAGE,
    Finding,
    RftcfgError,
    UsageError,
)
from .estimate import dataset_lines, estimate, estimate_lines, guardrail_findings
from .ids import check_plain_id
from .job import Job
from .jobs import Resources, expand_ids, fill_defaults
from .preflight import DatasetStats, read_dataset
from .render import FORMATS, Options, Rendered, render
from .report import (
    explain_goal,
    explain_parameter,
    explain_passthrough,
    explain_rule,
    findings_text,
    goal_dict,
    goals_table,
    header_lines,
    overview,
    parameter_dict,
    passthrough_dict,
    plan_summary,
    rule_dict,
)
from .request import (
    NewRequest,
    Outcome,
    Start,
    equivalent_argv,
    goals_from,
    parameter_key,
    preferences_from,
    produce,
)
from .templates import available as available_templates

EXIT_INTERNAL = 3
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what shells report for a writer whose pipe closed


class _Boundary(TyperCommand):
    """The one place user-facing errors become a message on stderr and an exit code.

    A command class rather than the group: typer's own usage errors (unknown flags) are raised
    while parsing, before `invoke`, and keep typer's usual exit code 2.
    """

    def invoke(self, ctx: Any) -> Any:
        with user_errors():
            return super().invoke(ctx)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn what can go wrong into one message on stderr and an exit code (never a traceback)."""
    try:
        yield
    except RftcfgError as exc:
        _err(f"rftcfg: {exc.message}")
        raise typer.Exit(exc.exit_code) from None
    except (KeyboardInterrupt, EOFError):  # Ctrl-C anywhere; Ctrl-D at a wizard prompt
        _err("\nrftcfg: interrupted; nothing was written.")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader of stdout went away (`rftcfg ... | head -1`): stop quietly, as `cat` does.
        _silence_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if os.environ.get("RFTCFG_DEBUG"):
            raise
        _err(
            f"rftcfg: internal error ({type(exc).__name__}: {exc}). This is a bug in rftcfg; "
            "please report it with the command you ran (RFTCFG_DEBUG=1 shows the traceback)."
        )
        raise typer.Exit(EXIT_INTERNAL) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


app = typer.Typer(
    name="rftcfg",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Set up reinforcement fine-tuning (RFT) jobs on Fireworks AI: goals in, a validated job out.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rftcfg {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Set up reinforcement fine-tuning (RFT) jobs on Fireworks AI: goals in, a validated job out.

    Run `rftcfg wizard` for guided questions, or `rftcfg new` with flags in scripts.
    """
    if ctx.invoked_subcommand is not None:
        return
    if not _on_terminal():
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_USAGE)
    with user_errors():
        from .prompts import QuestionaryPrompter  # questionary only on the interactive path

        typer.echo("rftcfg sets up Fireworks RFT jobs. `rftcfg --help` lists the commands.")
        if QuestionaryPrompter().confirm("start", "Start the interactive wizard?", default=True):
            _run_wizard()
        else:
            typer.echo(ctx.get_help())


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _on_terminal() -> bool:
    return not _in_ci() and sys.stdin.isatty() and sys.stdout.isatty()


def _run_wizard() -> None:
    from .prompts import QuestionaryPrompter  # questionary only on the interactive path
    from .wizard import ask_output, run_wizard

    prompter = QuestionaryPrompter()
    request = run_wizard(prompter, typer.echo, account=os.environ.get(_ACCOUNT_ENV))
    while True:
        try:
            outcome = deliver(request, explain=False)
            break
        except UsageError as exc:  # the file could not be written: ask for another, keep the answers
            typer.echo(f"  {exc.message}")
            request = ask_output(prompter, request, again=True)
    firectl = render(outcome.job, "firectl", Options(firectl_form=request.firectl_form)).text
    typer.echo(f"\nLaunch it with firectl:\n{firectl}")
    typer.echo(f"The same job from a script (writes an identical file):\n{shlex.join(equivalent_argv(request))}")


def _err(text: str) -> None:
    """Diagnostics to stderr. A closed stderr must not change what gets written or the exit code."""
    if text:
        with contextlib.suppress(OSError):
            typer.echo(text, err=True)


# --- options shared by commands --------------------------------------------------------------

_ACCOUNT_ENV = catalog().secrets["account_env"]
ACCOUNT = typer.Option(
    None,
    "--account",
    metavar="ACCOUNT",
    envvar=_ACCOUNT_ENV,
    help="Fireworks account ID used to expand short dataset and evaluator IDs.",
)


def _complete(names: Callable[[], Iterable[str]]) -> Callable[[str], list[str]]:
    """Shell completion from the data table (`rftcfg --install-completion` sets it up)."""
    return lambda incomplete: [n for n in names() if n.startswith(incomplete)]


GOAL_NAMES = _complete(lambda: catalog().goals)
TEMPLATE_NAMES = _complete(lambda: (t.name for t in available_templates()))
FORMAT = typer.Option(
    None, "--format", "-f", metavar="FORMAT",
    help=f"Output format: {', '.join(FORMATS)} (default: json for an -o file ending .json, else yaml).",
    autocompletion=_complete(lambda: FORMATS),
)  # fmt: skip
OUTPUT = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file (atomically) instead of stdout.")
FORCE = typer.Option(False, "--force", help="Overwrite the output file if it exists.")
STRICT = typer.Option(False, "--strict", help="Fail (exit 1) on warnings and goal conflicts too, not only errors.")
FIRECTL_FORM = typer.Option(
    None,
    "--firectl-form",
    metavar="FORM",
    help="firectl command form: noun-verb (current, default) or verb-noun (older firectl).",
)
DATASET_FILE = typer.Option(
    None,
    "--dataset-file",
    metavar="FILE",
    help="Local JSONL copy of the training data: pre-flight checks and a real row count.",
)
PROMPTS = typer.Option(
    None, "--prompts", metavar="N", min=1, help="Rows in the dataset, for the estimate (without --dataset-file)."
)
PASS_RATE = typer.Option(
    None, "--expected-pass-rate", metavar="P", min=0.0, max=1.0,
    help="Expected pass rate of a pass/fail reward (0-1): warns when many rollout groups would all score alike.",
)  # fmt: skip
ONE_LINE = typer.Option(
    False, "--one-line", help="firectl: print the command on one line instead of one flag per line."
)


def with_parameter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give `func` (which ends in **tuned) one option per parameter in the data table."""
    signature = inspect.signature(func)
    fixed = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    tuned = []
    for param in catalog().parameters.values():
        kind = int if param.type == "int" else float
        help_text = f"{param.summary} Default {format_number(param.default)}; valid {param.range_text()}."
        option = typer.Option(
            None, param.flag, *param.flag_aliases, metavar="INT" if kind is int else "NUMBER", help=help_text
        )
        tuned.append(
            inspect.Parameter(param.key, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind | None)
        )
    func.__signature__ = signature.replace(parameters=[*fixed, *tuned])  # type: ignore[attr-defined]
    return func


@app.command(cls=_Boundary)
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
            account=_check_account(account),
            wandb_project=wandb_project,
            wandb_entity=wandb_entity,
        ),
        values={k: v for k, v in tuned.items() if v is not None},
        prefer=preferences_from(prefer, goals),
        only=tuple(parameter_key(name, "--only") for name in only),
        start=Start("template", template) if template else (Start("file", from_file) if from_file else None),
        fmt=_check_format(fmt, firectl_form, output),
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


def deliver(request: NewRequest, *, strict: bool = False, explain: bool = True) -> Outcome:
    """Produce the job, explain it on stderr, stop on errors (or warnings under --strict), then
    write or print it. Shared by `new` and the wizard (which has shown the explanation already)."""
    if request.output:
        check_writable(request.output, force=request.force)  # a refusal should be the only output
    outcome = produce(request)
    if explain:
        _err(plan_summary(outcome.plan, outcome.starting_point))
        _err(
            "\n".join(
                [
                    *(dataset_lines(outcome.dataset) if outcome.dataset else []),
                    *estimate_lines(outcome.job, outcome.work),
                ]
            )
        )
    shown = outcome.findings if explain else [f for f in outcome.findings if f.level == "error"]
    _gate(shown, strict, conflicts=len(outcome.plan.conflicts))
    options = Options(
        firectl_form=request.firectl_form,
        one_line=request.one_line,
        header=header_lines(outcome.plan),
        schema=request.schema_comment,
    )
    _emit(render(outcome.job, request.fmt, options), request.output, request.force, request.fmt)
    return outcome


def _check_format(fmt: str | None, firectl_form: str | None, output: str | None = None) -> str:
    """The format name, normalised (or guessed from the output file's name); unknown formats and
    firectl forms are usage errors."""
    if fmt is None:
        return "json" if output and output.endswith(".json") else "yaml"
    if fmt.lower() not in FORMATS:
        raise UsageError(f"unknown --format '{fmt}'; choose one of {', '.join(FORMATS)}.")
    forms = catalog().tools["firectl"].forms
    if firectl_form is not None and firectl_form not in forms:
        raise UsageError(f"unknown --firectl-form '{firectl_form}'; choose one of {', '.join(forms)}.")
    return fmt.lower()


def _check_account(account: str | None) -> str | None:
    finding = check_plain_id("account_id", account) if account else None
    if finding:
        raise UsageError(f"--account '{account}' is not a valid account ID; {catalog().ids.fixes['account_id']}.")
    return account


def _gate(findings: list[Finding], strict: bool, conflicts: int = 0, path: str | None = None) -> None:
    """Print findings; stop with exit 1 on errors, or on warnings under --strict."""
    _err(findings_text(findings, path))
    errors = sum(f.level == "error" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    if errors:
        where = f"{path}: " if path else ""
        raise RftcfgError(f"{where}the job is invalid ({_count(errors, 'error')}); nothing was written.")
    if strict and warnings:
        extra = f", {_count(conflicts, 'goal conflict')} among them" if conflicts else ""
        raise RftcfgError(f"--strict: {_count(warnings, 'warning')}{extra}; nothing was written.")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _emit(rendered: Rendered, output: str | None, force: bool, fmt: str) -> None:
    for note in rendered.notes:
        _err(f"note: {note}")
    if output and output != "-":
        if fmt in ("firectl", "ep"):  # a command written to a file is a script to run
            rendered = rendered._replace(text="#!/bin/sh\n" + rendered.text)
        write_atomic(output, rendered.text, force=force, executable=fmt in ("firectl", "ep"))
        _err(f"Wrote {output} ({fmt}).")
    else:
        typer.echo(rendered.text, nl=False)


def load_job(path: str, account: str | None) -> Job:
    """A job file, fully checked; any error stops the command (exit 1) with every problem listed."""
    return load_job_file(path, account)[0]


def load_job_file(path: str, account: str | None) -> tuple[Job, JobFile]:
    """As load_job, keeping the file too, to put line numbers on later findings."""
    jobfile = read_job_file(path)
    job, findings = parse_job(jobfile.data)
    problems = jobfile.locate(check_parsed(job, findings, account))
    if job is None or any(f.level == "error" for f in problems):
        _gate([f for f in problems if f.level == "error"], strict=False, path=jobfile.path)
    assert job is not None  # _gate stopped on every error
    job, _ = expand_ids(job, account)
    return job, jobfile


@app.command("render", cls=_Boundary)
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
    fmt = _check_format(fmt, firectl_form, output)
    account = _check_account(account)
    if output and output != "-":
        check_writable(output, force=force)
    loaded, jobfile = load_job_file(file, account)
    job, filled = fill_defaults(loaded)
    for key in filled:
        param = catalog().parameters[key]
        _err(
            f"note: {param.path} was not in {jobfile.path}; using the documented default {format_number(param.default)}."
        )
    _gate(jobfile.locate(check_job(job, account=account)), strict=False, path=jobfile.path)
    _emit(render(job, fmt, Options(firectl_form=firectl_form, one_line=one_line)), output, force, fmt)


@app.command(cls=_Boundary)
def validate(
    files: list[str] = typer.Argument(..., metavar="FILE...", help="Job files (YAML or JSON); - for stdin."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too, not only errors."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON report on stdout."),
    account: str | None = ACCOUNT,
    dataset_file: str | None = DATASET_FILE,
    prompts: int | None = PROMPTS,
    pass_rate: float | None = PASS_RATE,
) -> None:
    """Check job files against the documented ranges and rules; every problem is listed."""
    account = _check_account(account)
    dataset = read_dataset(dataset_file) if dataset_file else None
    if dataset is not None and not as_json:
        _err("\n".join(dataset_lines(dataset)))
    context = Preflight(dataset, dataset.rows if dataset else prompts, pass_rate)
    reports = [_validate_one(path, account, context) for path in files]
    code = EXIT_OK
    for report in reports:
        code = max(code, _exit_for(report, strict))
    if as_json:
        typer.echo(json.dumps({"valid": code == EXIT_OK, "strict": strict, "files": reports}, indent=2))
    else:
        for report in reports:
            _err(_report_text(report, strict))
    raise typer.Exit(code)


class Preflight(NamedTuple):
    dataset: DatasetStats | None
    prompts: int | None
    pass_rate: float | None


def _validate_one(path: str, account: str | None, context: Preflight) -> dict[str, Any]:
    try:
        jobfile = read_job_file(path)
    except UsageError as exc:
        return {"path": path, "readable": False, "error": exc.message, "findings": [], "estimate": None}
    job, findings = parse_job(jobfile.data)
    findings = check_parsed(job, findings, account)
    work = None
    if job is not None and not any(f.level == "error" for f in findings):  # no estimate for a broken job
        findings = [*findings, *guardrail_findings(job, context.dataset, context.pass_rate, context.prompts)]
        mean = context.dataset.mean_prompt_tokens() if context.dataset else 0.0
        work = estimate(job, context.prompts, mean)
    report: dict[str, Any] = {
        "path": jobfile.path,
        "readable": True,
        "findings": [f.as_dict() for f in jobfile.locate(findings)],
    }
    report["estimate"] = None if work is None else {
        "prompts": work.prompts, "max_rollout_tokens": work.rollout_tokens, "per_prompt": work.prompts is None,
        "rollout_tokens_vs_baseline": round(work.tokens_ratio, 4), "training_steps_vs_baseline": round(work.steps_ratio, 4),
    }  # fmt: skip
    report["estimate_text"] = estimate_lines(job, work) if job is not None and work is not None else []
    return report


def _exit_for(report: dict[str, Any], strict: bool) -> int:
    if not report["readable"]:
        return EXIT_USAGE
    levels = {f["level"] for f in report["findings"]}
    return EXIT_INVALID_JOB if "error" in levels or (strict and "warning" in levels) else EXIT_OK


def _report_text(report: dict[str, Any], strict: bool) -> str:
    if not report["readable"]:
        return f"rftcfg: {report['error']}"
    findings = [Finding(**f) for f in report["findings"]]
    counts = {lvl: sum(f.level == lvl for f in findings) for lvl in ("error", "warning", "note")}
    verdict = "invalid" if counts["error"] else ("fails --strict" if strict and counts["warning"] else "valid")
    estimate_text = "\n".join(f"{report['path']}: {line}" for line in report["estimate_text"])
    summary = f"{report['path']}: {verdict} ({_count(counts['error'], 'error')}, {_count(counts['warning'], 'warning')}, {_count(counts['note'], 'note')})"
    return "\n".join(filter(None, [findings_text(findings, report["path"]), estimate_text, summary]))


# Unknown options pass through as the NAME, so `rftcfg explain --rollouts` works like the flag reads.
@app.command(cls=_Boundary, context_settings={"ignore_unknown_options": True})
def explain(
    name: str | None = typer.Argument(None, metavar="[NAME]", help="A parameter, goal or rule; omit for the overview."),
    as_json: bool = typer.Option(False, "--json", help="Print it as JSON."),
) -> None:
    """What a parameter, goal or rule does, its default and range, and when to move it."""
    cat = catalog()
    if name is None:
        if as_json:
            everything = {
                "parameters": [parameter_dict(p) for p in cat.parameters.values()],
                "goals": [goal_dict(g) for g in cat.goals.values()],
                "rules": [rule_dict(r) for r in cat.rules.values()],
            }
            typer.echo(json.dumps(everything, indent=2))
        else:
            typer.echo(overview())
        return
    param, goal, rule, passthrough = cat.parameter(name), cat.goal(name), cat.rule(name), cat.passthrough(name)
    if param is not None:
        typer.echo(json.dumps(parameter_dict(param), indent=2) if as_json else explain_parameter(param))
    elif goal is not None:
        typer.echo(json.dumps(goal_dict(goal), indent=2) if as_json else explain_goal(goal))
    elif rule is not None:
        typer.echo(json.dumps(rule_dict(rule), indent=2) if as_json else explain_rule(rule))
    elif passthrough is not None:
        typer.echo(json.dumps(passthrough_dict(passthrough), indent=2) if as_json else explain_passthrough(passthrough))
    else:
        hint = cat.suggest_parameter(name) or cat.suggest_goal(name)
        did_you_mean = f" Did you mean {hint}?" if hint else ""
        raise UsageError(f"nothing called '{name}'.{did_you_mean} Run `rftcfg explain` for the list.")


@app.command(cls=_Boundary)
def goals(as_json: bool = typer.Option(False, "--json", help="Print them as JSON.")) -> None:
    """The seven goals and what each changes."""
    if as_json:
        typer.echo(json.dumps({"goals": [goal_dict(g) for g in catalog().goals.values()]}, indent=2))
    else:
        typer.echo(goals_table())


@app.command(cls=_Boundary)
def schema(output: str | None = OUTPUT, force: bool = FORCE) -> None:
    """The JSON Schema (draft 2020-12) of a job file, for editors; see --schema-comment on `new`."""
    from .schema import job_schema  # builds the pydantic models: only this command needs them

    _emit(Rendered(json.dumps(job_schema(), indent=2) + "\n"), output, force, "JSON Schema")


@app.command(cls=_Boundary)
def wizard() -> None:
    """Guided questions in the terminal; writes what `rftcfg new` would and prints that command."""
    if not _on_terminal():
        why = "CI is set" if _in_ci() else "it needs an interactive terminal"
        raise UsageError(
            f"the wizard asks questions and {why}; in scripts and CI use `rftcfg new` with flags "
            "(see `rftcfg new --help`)."
        )
    _run_wizard()


def main() -> None:
    app(prog_name="rftcfg")  # the same name in help whether run as `rftcfg` or `python -m rftcfg`


# The tuning-method commands live in their own module; importing it registers them on `app`.
from . import cli_method  # noqa: E402, F401
