"""What `rftcfg new` is asked for, and the one function that turns that into a checked job.

The flags and the wizard both build a NewRequest and call `produce`, so anything the wizard can
make, a script can make; `equivalent_argv` is the `rftcfg new` command line for a request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.checks import check_job
from rftcfg.core.cost import Estimate, estimate
from rftcfg.core.dataset import DatasetStats
from rftcfg.core.errors import Finding, InvalidJobError, UsageError, finding, shown_text
from rftcfg.core.guardrails import guardrail_findings
from rftcfg.core.job import Job
from rftcfg.core.plan import Plan, Setting, Source, make_plan, resolve_goals
from rftcfg.core.resources import (
    Resources,
    build_job,
    effective_values,
    expand_ids,
    passthrough_of,
    resources_of,
    values_of,
)
from rftcfg.core.settings import with_settings
from rftcfg.core.values import read_number, read_settings


class Start(NamedTuple):
    """A starting point other than the documented defaults: a template or an existing job file."""

    kind: Literal["template", "file"]
    name: str  # template name or file path


class NewRequest(NamedTuple):
    goals: tuple[str, ...] = ()
    resources: Resources = Resources()
    values: Mapping[str, Number] = {}  # explicit parameter values (flags, or the wizard's edits)
    settings: Mapping[str, Any] = {}  # service settings by key (table `settings:`); never filled in
    prefer: Mapping[str, str] = {}  # parameter -> goal that wins a conflict on it
    only: tuple[str, ...] = ()  # apply goal moves to these parameters only
    start: Start | None = None
    fmt: str = "yaml"
    output: str | None = None
    force: bool = False
    firectl_form: str | None = None
    one_line: bool = False
    dataset_file: str | None = None  # local JSONL copy of the dataset, for pre-flight and estimates
    prompts: int | None = None  # the dataset's row count when no file is given
    pass_rate: float | None = None  # expected pass rate of a pass/fail reward
    budget: int | None = None  # most rollout tokens the job may generate
    schema_comment: str | None = None  # JSON Schema path or URL for the YAML editor modeline


class Outcome(NamedTuple):
    plan: Plan
    job: Job
    findings: list[Finding]
    starting_point: str
    work: Estimate | None  # None when the job has errors: the checks report first, and the
    # estimate's arithmetic (it divides by the batch size) is only meaningful for valid values
    dataset: DatasetStats | None
    start_job: Job | None = None  # the starting file's job (new --from): the ledger finds its run by it


def goals_from(names: Sequence[str]) -> tuple[str, ...]:
    """Canonical goal names; `quality,cost` counts as two. Unknown names are usage errors."""
    goals, unknown = resolve_goals([part for name in names for part in name.split(",") if part.strip()])
    for name in unknown:
        hint = catalog().suggest_goal(name)
        did_you_mean = f" Did you mean {hint}?" if hint else ""
        known = ", ".join(catalog().goals)
        raise UsageError(f"unknown goal '{name}'.{did_you_mean} Goals: {known} (see `rftcfg goals`).")
    return tuple(goals)


def parameter_key(name: str, flag: str) -> str:
    param = catalog().parameter(name)
    if param is None:
        hint = catalog().suggest_parameter(name)
        did_you_mean = f" Did you mean {hint}?" if hint else ""
        raise UsageError(f"{flag}: unknown parameter '{name}'.{did_you_mean} See `rftcfg explain`.")
    return param.key


def preferences_from(pairs: Sequence[str], goals: Sequence[str]) -> dict[str, str]:
    """`--prefer temperature=more-creative` pairs, checked against the goals given."""
    prefer: dict[str, str] = {}
    for pair in pairs:
        name, sep, goal_name = pair.partition("=")
        goal = catalog().goal(goal_name) if sep else None
        if goal is None:
            raise UsageError(f"--prefer '{pair}': write PARAMETER=GOAL, e.g. --prefer temperature=more-creative.")
        if goal.name not in goals:
            raise UsageError(
                f"--prefer '{pair}': {goal.name} is not one of the goals given ({', '.join(goals) or 'none'})."
            )
        prefer[parameter_key(name, "--prefer")] = goal.name
    return prefer


def check_only(goals: Sequence[str], only: Sequence[str]) -> None:
    """`--only PARAM` narrows the goals' moves; a PARAM no goal moves would be silently ignored."""
    moves = {g: [m.param for m in catalog().goals[g].moves] for g in goals}
    for param in only:
        if any(param in moved for moved in moves.values()):
            continue
        if not goals:
            raise UsageError(f"--only {param}: no goal was given, so there are no moves to narrow (add --goal GOAL).")
        what = "; ".join(f"{g} moves {', '.join(moved)}" for g, moved in moves.items())
        raise UsageError(
            f"--only {param}: none of the goals given ({', '.join(goals)}) moves {param} ({what}). "
            f"Pick one of those parameters, or set {param} itself with {catalog().parameters[param].flag}."
        )


def produce(request: NewRequest) -> Outcome:
    """Plan, build and check the job a request describes. Raises UsageError for missing or
    contradictory inputs and InvalidJobError when the starting file itself is broken or a value
    is not a number of its parameter's type. Out-of-range values are findings."""
    base: dict[str, Setting] | None = None  # None: the documented defaults are the starting point
    known, extra, starting_point = Resources(), {}, "the documented defaults"
    start_job = None
    if request.start is not None:
        job, source, starting_point = _load_start(request.start)
        start_job = job if request.start.kind == "file" else None
        base = {k: Setting(k, v, source, "kept from the starting point") for k, v in values_of(job).items()}
        known, extra = resources_of(job), passthrough_of(job)
    extra = with_settings(extra, read_settings(request.settings))
    resources = merge_resources(known, request.resources)
    require_resources(resources)
    check_only(request.goals, request.only)
    dataset = None
    if request.dataset_file:
        from rftcfg.files.dataset import read_dataset  # only a request with a local dataset reads one

        dataset = read_dataset(request.dataset_file)
    prompts = dataset.rows if dataset is not None else request.prompts
    explicit = {k: (v, Source("flag", catalog().parameters[k].flag)) for k, v in _typed(request.values).items()}
    plan = make_plan(
        request.goals,
        base=base,
        explicit=explicit,
        model=resources.base_model,
        winners=request.prefer,
        only=request.only,
    )
    fitting: list[Finding] = []
    if request.budget is not None:
        if prompts is None:
            raise UsageError("--max-rollout-tokens needs the prompt count: pass --dataset-file FILE or --prompts N.")
        from rftcfg.app.budget import Budget, fit_plan  # only a request with a budget fits one

        budget = Budget(request.budget, prompts, dataset, request.pass_rate)
        plan, fitting = fit_plan(
            plan, budget, resources, goals=request.goals, base=base, explicit=explicit,
            prefer=request.prefer, only=request.only,
        )  # fmt: skip
    renamed: list[Finding] = []
    if request.start is not None and request.start.kind == "file":
        resources, renamed = _new_ids(job, resources, request.resources, plan.values())
    job, _ = expand_ids(build_job(resources, plan.values(), extra), resources.account)
    if job.get("wandb_config.run_id") and resources.job_id != known.job_id:
        # A W&B run is one job: the file's run ID would file this run under the old one.
        job = job.replace({"wandb_config.run_id": resources.job_id})  # None drops it
    findings = [*plan.findings, *fitting]
    findings += check_job(job, account=resources.account, chosen_by_goal=plan.chosen_by_goal())
    findings += guardrail_findings(job, dataset, request.pass_rate, prompts)
    findings += [*renamed, *_reused_ids(known, resources)]
    mean_prompt = dataset.mean_prompt_tokens() if dataset is not None else 0.0
    valid = not any(f.level == "error" for f in findings)
    work = estimate(job, prompts, mean_prompt, start=plan.start) if valid else None
    return Outcome(plan, job, findings, starting_point, work, dataset, start_job)


def _typed(values: Mapping[str, Number]) -> dict[str, Number]:
    """Explicit values as the one parser reads them (core.values): the flags and the wizard have
    parsed theirs already; a caller of the API that passes 2.5 epochs, NaN or a number of
    hundreds of digits gets the same refusal, not an overflow further on."""
    params = catalog().parameters
    typed: dict[str, Number] = {}
    refused: list[Finding] = []
    for key, value in values.items():
        result = read_number(params[key], value)
        if isinstance(result, Finding):
            refused.append(result)
        else:
            typed[key] = result
    if refused:
        raise InvalidJobError(refused)
    return typed


def _new_ids(
    start: Job, resources: Resources, given: Resources, values: Mapping[str, Number]
) -> tuple[Resources, list[Finding]]:
    """A job made from a file is a new run, and the file's IDs are taken: unless the person names
    them (an empty one drops the file's), the job gets IDs named after the tuned values that differ
    from the file's, or the next number when none does (method/derive.py)."""
    if not (start.get("reinforcement_fine_tuning_job_id") or start.get("training_config.output_model")):
        return resources, []  # nothing to reuse: the service names the job
    from rftcfg.method.derive import COUNTER, derive_ids  # only a job started from a file is derived

    old = effective_values(start)  # a value the file leaves out is the default the service uses
    changes = {k: v for k, v in {**old, **values}.items() if v != old[k]}
    ids, rule = derive_ids(start, "new" if changes else COUNTER, changes), catalog().rules["new-ids"]
    updates = {
        f: new for f, new in (("job_id", ids.job_id), ("output_model", ids.output_model)) if getattr(given, f) is None
    }
    named = ", ".join(f"{'job ID' if f == 'job_id' else 'output model'} {v}" for f, v in updates.items())
    notes = [finding("new-ids", f"{named}: {rule.summary[0].lower()}{rule.summary[1:]}", fix=rule.fix)]
    return resources._replace(**updates), notes if updates else []


def _reused_ids(known: Resources, resources: Resources) -> list[Finding]:
    rule = catalog().rules["reused-id"]
    pairs = (("reinforcement_fine_tuning_job_id", known.job_id, resources.job_id),
             ("training_config.output_model", known.output_model, resources.output_model))  # fmt: skip
    return [
        finding("reused-id", rule.explain, field=field, value=new) for field, old, new in pairs if old and old == new
    ]


def _load_start(start: Start) -> tuple[Job, Source, str]:
    from rftcfg.app.load import load_job  # starting points only: the defaults need no file
    from rftcfg.app.templates import find as find_template

    path = str(find_template(start.name).path) if start.kind == "template" else start.name
    job = load_job(path, structure_only=True).job
    label = f"{start.kind} {shown_text(start.name)}"  # shown in the header and on stderr: one line
    return job, Source(start.kind, shown_text(start.name)), label


def merge_resources(base: Resources, given: Resources) -> Resources:
    """Resources given now win over the starting file's; an empty one ("") removes the file's
    (`--job-id ''`). The model pair and the W&B pair move together, so a flag never mixes with
    half of the file's pair."""
    merged = {f: getattr(base, f) if getattr(given, f) is None else getattr(given, f) for f in Resources._fields}
    for pair in (("base_model", "warm_start_from"), ("wandb_project", "wandb_entity")):
        if any(getattr(given, f) is not None for f in pair):
            merged.update({f: getattr(given, f) for f in pair})
    return Resources(**{f: v or None for f, v in merged.items()})


def require_resources(resources: Resources) -> None:
    if resources.base_model and resources.warm_start_from:
        raise UsageError(
            "give --base-model or --warm-start-from, not both (a warm start takes its base from the adapter)."
        )
    if not (resources.base_model or resources.warm_start_from):
        raise UsageError("missing --base-model (e.g. --base-model qwen3-8b) or --warm-start-from.")
    for spec in catalog().resources.values():
        if spec.required and not getattr(resources, spec.name):
            raise UsageError(f"missing {spec.flag}; every RFT job needs a dataset and an evaluator.")
    if bool(resources.wandb_project) != bool(resources.wandb_entity):
        raise UsageError("--wandb-project and --wandb-entity go together; give both (and export WANDB_API_KEY).")


def equivalent_argv(request: NewRequest) -> list[str]:
    """The `rftcfg new` command line that reproduces `request` exactly."""
    argv = ["rftcfg", "new"]
    if request.start is not None:
        argv += ["--template" if request.start.kind == "template" else "--from", request.start.name]
    for goal in request.goals:
        argv += ["--goal", goal]
    for param, goal in request.prefer.items():
        argv += ["--prefer", f"{param}={goal}"]
    for param in request.only:
        argv += ["--only", param]
    for spec in catalog().resources.values():
        value = getattr(request.resources, spec.name)
        if value is not None:  # "" clears what a starting file has
            argv += [spec.flag, value]
    params = catalog().parameters
    for key, value in request.values.items():
        argv += [params[key].flag, format_number(value)]
    for key, value in request.settings.items():
        item = catalog().settings[key]
        argv += [item.flag, item.choice_of(value) or str(value) if item.type == "choice" else format_number(value)]
    options: list[tuple[str, Any]] = [
        ("--format", request.fmt if request.fmt != "yaml" else None),
        ("--firectl-form", request.firectl_form),
        ("--output", request.output),
    ]
    argv += [word for flag, value in options if value for word in (flag, str(value))]
    argv += [flag for flag, on in (("--one-line", request.one_line), ("--force", request.force)) if on]
    extras: list[tuple[str, Any]] = [
        ("--dataset-file", request.dataset_file),
        ("--prompts", request.prompts),
        ("--expected-pass-rate", request.pass_rate),
        ("--max-rollout-tokens", request.budget),
        ("--schema-comment", request.schema_comment),
    ]
    argv += [word for flag, value in extras if value is not None for word in (flag, str(value))]
    return argv
