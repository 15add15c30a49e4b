"""The tuning method as commands: templates, diff, tune, sweep. Registered on cli.app; the
shared option definitions and printing helpers come from cli."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .catalog import Symptom, catalog, format_number
from .checks import check_parsed, parse_job
from .cli import (
    ACCOUNT,
    FORCE,
    FORMAT,
    OUTPUT,
    _Boundary,
    _check_account,
    _check_format,
    _complete,
    _emit,
    _err,
    _gate,
    app,
    load_job,
)
from .configfile import check_writable, write_tree
from .diffing import COST_WORDS, cost_direction, diff_jobs, diff_text
from .errors import EXIT_INVALID_JOB, RftcfgError, UsageError
from .estimate import estimate
from .job import Job
from .jobs import expand_ids, fill_defaults
from .render import Options, render, tool_command
from .sweep import Variant, check_variants, make_variant, parse_vary, stem_of, variants
from .templates import available as available_templates
from .tuning import tune as propose

SYMPTOM_NAMES = _complete(lambda: catalog().symptoms)


@app.command(cls=_Boundary)
def templates() -> None:
    """The starter job files in templates/ (use one with `rftcfg new --template NAME`)."""
    found = available_templates()
    if not found:
        raise UsageError("no templates are installed with this copy of rftcfg.")
    width = max(len(t.name) for t in found)
    for template in found:
        typer.echo(f"{template.name:<{width}}  {template.summary}")


@app.command(cls=_Boundary)
def diff(
    old: str = typer.Argument(..., metavar="A", help="The job before (YAML or JSON)."),
    new: str = typer.Argument(..., metavar="B", help="The job after."),
    as_json: bool = typer.Option(False, "--json", help="Print the differences as JSON."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when more than one tuned parameter changed."),
    account: str | None = ACCOUNT,
) -> None:
    """Every difference between two jobs, the cost direction of each, and one-change-at-a-time."""
    account = _check_account(account)
    job_a, job_b = load_job(old, account), load_job(new, account)
    changes = diff_jobs(job_a, job_b)
    several = not changes.one_change_at_a_time
    work = {name: estimate(job) for name, job in (("a", job_a), ("b", job_b))}
    if as_json:
        ratios = {
            k: {
                "rollout_tokens_vs_baseline": round(w.tokens_ratio, 4),
                "training_steps_vs_baseline": round(w.steps_ratio, 4),
            }
            for k, w in work.items()
        }
        typer.echo(json.dumps({"a": old, "b": new, **changes.as_dict(), "estimate": ratios}, indent=2))
    else:
        typer.echo(diff_text(changes))
        if not changes.identical:
            typer.echo(
                f"Rollout work against the documented baseline: A x{format_number(round(work['a'].tokens_ratio, 2))}, "
                f"B x{format_number(round(work['b'].tokens_ratio, 2))} (tokens); training steps A "
                f"x{format_number(round(work['a'].steps_ratio, 2))}, B x{format_number(round(work['b'].steps_ratio, 2))}."
            )
    if several:
        names = ", ".join(c.param for c in changes.parameters)
        rule = catalog().rules["one-change-at-a-time"]
        _err(f"warning: {len(changes.parameters)} tuned parameters changed ({names}). {rule.explain}")
        if strict:
            raise typer.Exit(EXIT_INVALID_JOB)


@app.command(cls=_Boundary)
def tune(
    job_file: str = typer.Argument(..., metavar="JOB", help="The job that showed the symptom."),
    symptom: str | None = typer.Option(
        None,
        "--symptom",
        "-s",
        metavar="NAME",
        help=f"What went wrong: {', '.join(catalog().symptoms)}.",
        autocompletion=SYMPTOM_NAMES,
    ),
    metrics: str | None = typer.Option(
        None, "--metrics", metavar="FILE", help="A reward curve (CSV or JSONL from W&B) to name the symptom from."
    ),
    step_column: str | None = typer.Option(None, "--step-column", metavar="NAME", help="Step column in --metrics."),
    reward_column: str | None = typer.Option(
        None, "--reward-column", metavar="NAME", help="Reward column in --metrics."
    ),
    output: str | None = OUTPUT,
    force: bool = FORCE,
    fmt: str | None = FORMAT,
    account: str | None = ACCOUNT,
) -> None:
    """Propose exactly one change for a symptom (or for what --metrics shows); -o writes the new job."""
    fmt = _check_format(fmt, None, output)
    account = _check_account(account)
    say = _err if output == "-" else typer.echo  # the report never mixes into a job on stdout
    if (symptom is None) == (metrics is None):
        raise UsageError(
            f"give --symptom NAME or --metrics FILE (one of them). Symptoms: {', '.join(catalog().symptoms)}."
        )
    if output:
        check_writable(output, force=force)
    job = load_job(job_file, account)
    chosen = _symptom(symptom) if symptom else None
    if metrics is not None:
        from .curves import diagnose, read_curve  # csv and statistics only when a curve is read

        curve = read_curve(metrics, step_column, reward_column)
        diagnosis = diagnose(curve)
        skipped = (
            f" ({curve.skipped} row{'s' if curve.skipped != 1 else ''} without a usable value skipped)"
            if curve.skipped
            else ""
        )
        say(f"Reward curve ({len(curve.rewards)} points of {curve.reward_column}{skipped}): {diagnosis.symptom}.")
        say(f"  {diagnosis.evidence}")
        if diagnosis.symptom == "healthy":
            say(
                "Nothing to change: keep this job as the one to compare against."
                + (" Nothing was written." if output else "")
            )
            return
        chosen = catalog().symptoms[diagnosis.symptom]
    assert chosen is not None
    tuning = propose(job, chosen)
    say(f"Symptom: {chosen.name} ({chosen.summary})")
    for reason in tuning.passed_over:
        say(f"  passed over: {reason}")
    if tuning.change is None:
        raise RftcfgError(
            f"no single change left for {chosen.name} inside the documented guidance; nothing was written."
        )
    change = tuning.change
    cost = COST_WORDS[cost_direction(change.param, change.old, change.new)]
    say(f"Change {change.param}: {format_number(change.old)} -> {format_number(change.new)} ({cost}): {change.why}.")
    base, _ = fill_defaults(job)
    variant = make_variant(base, {change.param: change.new}, stem_of(job, Path(job_file).stem))
    say(diff_text(diff_jobs(job, variant.job)))
    if output:
        header = (f"# Tuned from {job_file} for {chosen.name}: {change.param} {format_number(change.old)} -> "
                  f"{format_number(change.new)} ({change.why}).",)  # fmt: skip
        _emit(render(variant.job, fmt, Options(header=header)), output, force, fmt)
    else:
        _err("(report only: add -o FILE to write the tuned job)")


def _symptom(name: str) -> Symptom:
    found = catalog().symptom(name)
    if found is None:
        raise UsageError(f"unknown symptom '{name}'. Symptoms: {', '.join(catalog().symptoms)}.")
    return found


@app.command(cls=_Boundary)
def sweep(
    base_file: str = typer.Argument(..., metavar="BASE", help="The job every variant starts from."),
    vary: list[str] = typer.Option(
        [], "--vary", metavar="PARAM=V1,V2,...", help="A parameter and its values (repeatable)."
    ),
    output: str = typer.Option(
        ..., "--output", "-o", metavar="DIR", help="Folder for the jobs, launch.sh and summary.txt."
    ),
    grid: bool = typer.Option(
        False, "--grid", help="Every combination instead of one factor at a time (you lose attribution)."
    ),
    force: bool = FORCE,
    account: str | None = ACCOUNT,
) -> None:
    """One job per value, each differing from BASE in exactly one parameter, plus launch.sh."""
    account = _check_account(account)
    if not vary:
        raise UsageError("give at least one --vary PARAM=V1,V2,... (e.g. --vary learning_rate=5e-5,2e-4).")
    base, _ = fill_defaults(load_job(base_file, account))
    found = variants(base, [parse_vary(v) for v in vary], grid=grid, stem=stem_of(base, Path(base_file).stem))
    if grid and len(vary) > 1:
        _err(f"warning: --grid writes {len(found)} jobs that each change several parameters at once; "
             "when one does better you will not know which change helped.")  # fmt: skip
    problems = check_variants(found)
    for variant, finding in problems:
        _err(f"{variant.name}: {finding.render()}")
    invalid = {v.name for v, f in problems if f.level == "error"}
    if invalid:
        raise RftcfgError(f"{len(invalid)} of {len(found)} variants are invalid; nothing was written.")
    files = {f"{v.name}.yaml": _variant_yaml(v, base, base_file) for v in found}
    files["launch.sh"] = _launch_script(found)
    files["summary.txt"] = _summary(found, base)
    write_tree(output, files, force=force, executable=("launch.sh",))
    typer.echo(files["summary.txt"], nl=False)
    if base.get("wandb_config.enabled"):
        _err("note: every variant logs to the same W&B project with its own run_id (its job ID); firectl has no "
             "flag for the run ID, so launch.sh runs get the service's run names. Export WANDB_API_KEY first.")  # fmt: skip
    _err(f"Wrote {len(found)} job{'s' if len(found) != 1 else ''}, launch.sh and summary.txt to {output}.")


def _variant_yaml(variant: Variant, base: Job, base_file: str) -> str:
    params = catalog().parameters
    moves = ", ".join(
        f"{k} {format_number(base.get(params[k].path))} -> {format_number(v)}" for k, v in variant.changes.items()
    )
    header = (f"# Sweep variant of {base_file}: {moves}.",)
    return render(variant.job, "yaml", Options(header=header)).text


def _launch_script(found: list[Variant]) -> str:
    env = catalog().secrets["wandb_api_key_env"]
    lines = [
        "#!/bin/sh",
        "# One firectl command per sweep variant, written by rftcfg sweep. Compare their reward curves",
        f"# side by side. Jobs that log to W&B read the key from ${env}: export it first.",
        "set -e",
        "",
    ]
    for variant in found:
        lines += [f"# {variant.name}", tool_command(variant.job).shell(), ""]
    return "\n".join(lines)


def _summary(found: list[Variant], base: Job) -> str:
    params = catalog().parameters
    rows = [("variant", "change", "cost", "tokens vs baseline", "file")]
    for variant in found:
        change = ", ".join(
            f"{k} {format_number(base.get(params[k].path))} -> {format_number(v)}" for k, v in variant.changes.items()
        )
        costs = {cost_direction(k, base.get(params[k].path), v) for k, v in variant.changes.items()}
        cost = COST_WORDS[costs.pop()] if len(costs) == 1 else "mixed"
        if all(base.get(params[k].path) == v for k, v in variant.changes.items()):
            change, cost = f"{change} (the base value: a control run)", COST_WORDS["none"]
        ratio = f"x{format_number(round(estimate(variant.job).tokens_ratio, 2))}"
        rows.append((variant.name, change, cost, ratio, f"{variant.name}.yaml"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(f"{cell:<{widths[i]}}" if i < 4 else cell for i, cell in enumerate(r)) for r in rows]
    return "\n".join(lines) + "\n"


@app.command("import", cls=_Boundary)
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
) -> None:
    """Turn a firectl or ep command, a REST body, a `firectl ... get -o json` job or a job file into a job file."""
    from .configfile import read_text
    from .importing import import_text

    fmt = _check_format(fmt, None, output)
    account = _check_account(account)
    if (source is None) == (command is None):
        raise UsageError("give a SOURCE file (or - for stdin), or --command TEXT; one of them.")
    if output:
        check_writable(output, force=force)
    imported = import_text(command if command is not None else read_text(source or "-"))
    for note in imported.notes:
        _err(f"note: {note}")
    if imported.unknown:
        listed = ", ".join(imported.unknown)
        if not ignore_unknown:
            raise UsageError(f"the {imported.kind} input has flags or keys rftcfg cannot carry: {listed}. "
                             "Remove them, or pass --ignore-unknown to drop them.")  # fmt: skip
        _err(f"warning: dropped what rftcfg cannot carry: {listed}.")
    job, findings = parse_job(imported.data)
    problems = check_parsed(job, findings, account)
    if job is None or any(f.level == "error" for f in problems):
        _gate([f for f in problems if f.level == "error"], strict=False)
    assert job is not None
    job, filled = fill_defaults(job)
    job, _ = expand_ids(job, account)
    if filled:
        own = catalog().tools[imported.kind].own_defaults if imported.kind in catalog().tools else {}
        differs = ", ".join(f"{k} {format_number(v)}" for k, v in own.items() if k in filled)
        really = f" (firectl itself would use {differs})" if differs else ""
        _err(f"warning: the {imported.kind} input leaves {', '.join(filled)} to its tool's or the server's defaults{really}; "
             "the job gets the documented defaults instead.")  # fmt: skip
    _gate([f for f in check_parsed(job, findings, account) if f.code != "missing-parameter"], strict=False)
    header = (f"# Imported from {imported.kind} input.",)
    _emit(render(job, fmt, Options(header=header)), output, force, fmt)
