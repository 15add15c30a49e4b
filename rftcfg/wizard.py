"""The interactive wizard: questions in, a NewRequest out.

A thin layer over the same functions `rftcfg new` uses: every default, range, goal and rule comes
from the data table through `request.produce`, every answer is checked by the same checks the
flags go through, and the result is a NewRequest whose `equivalent_argv` reproduces it exactly.
It asks through a Prompter (prompts.py) and shows text through `show`; it never imports
questionary itself.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from .catalog import Number, Parameter, catalog, format_number
from .checks import check_value, parse_job
from .configfile import read_job_file
from .errors import RftcfgError
from .estimate import estimate_lines
from .ids import check_plain_id, resolve
from .jobs import Resources, resources_of
from .prompts import Choice, Prompter
from .report import findings_text, review_table
from .request import NewRequest, Outcome, Start, produce
from .templates import available as available_templates

Show = Callable[[str], None]
TYPE_OWN = "__type__"
EXTENSIONS = {"yaml": "yaml", "json": "json", "api": "body.json", "firectl": "sh"}
FORMAT_TITLES = {
    "yaml": "YAML job file (submit with the SDK, or render it later)",
    "json": "JSON job file",
    "api": "REST API request body (JSON)",
    "firectl": "firectl command (a shell script to run)",
}


def run_wizard(ask: Prompter, show: Show, *, account: str | None = None) -> NewRequest:
    show("rftcfg wizard: answer a few questions to get a validated RFT job. Ctrl-C stops without writing.\n")
    start = _ask_start(ask, show)
    resources = _ask_resources(ask, _start_resources(start), account)
    request = NewRequest(resources=resources, start=start)
    request = _ask_goals(ask, show, request)
    request = _review(ask, show, request)
    request = _adjust(ask, show, request)
    return ask_output(ask, request)


# --- 1. starting point ---------------------------------------------------------------------------


def _ask_start(ask: Prompter, show: Show) -> Start | None:
    choices = [
        Choice(
            "The documented baseline (recommended for a first run: later runs need it to compare against)", "baseline"
        )
    ]
    choices += [
        Choice(f"Template {t.name}: {_summary(t.name, t.summary)}", f"template:{t.name}") for t in available_templates()
    ]
    choices.append(Choice("An existing job file, to adjust", "file"))
    answer = ask.select("start", "Start from", choices, default="baseline")
    if answer == "baseline":
        return None
    if answer.startswith("template:"):
        return Start("template", answer.split(":", 1)[1])
    path = ask.text("start-file", "Job file to start from", check=_required(_job_file_problem))
    return Start("file", str(Path(path.strip()).expanduser()))


def _summary(name: str, summary: str) -> str:
    """`Baseline: every tuned ...` -> `every tuned ...` when the template's header repeats its name."""
    head, sep, rest = summary.partition(": ")
    return rest if sep and head.lower() == name.replace("-", " ") else summary


def _job_file_problem(path: str) -> str | None:
    """Only a file that cannot be read as a job is refused: values out of range or missing
    resources are fine to start from, since the later questions fix them."""
    try:
        jobfile = read_job_file(str(Path(path.strip()).expanduser()))
    except RftcfgError as exc:
        return exc.message
    job, findings = parse_job(jobfile.data)
    errors = [f for f in jobfile.locate(findings) if f.level == "error"]
    if job is None or errors:
        return errors[0].render(jobfile.path) if errors else f"{jobfile.path}: not a job file."
    return None


def _start_resources(start: Start | None) -> Resources:
    if start is None or start.kind == "template":
        return Resources()
    job, _ = parse_job(read_job_file(start.name).data)
    return resources_of(job) if job is not None else Resources()


# --- 2. resources --------------------------------------------------------------------------------


def _ask_resources(ask: Prompter, known: Resources, account: str | None) -> Resources:
    """Every resource, the starting file's values as defaults. With a starting file an empty
    answer is "" (remove the file's value) rather than None (keep it): see merge_resources."""
    from_file = known != Resources()
    empty: str | None = "" if from_file else None
    account = ask.text(
        "account",
        "Fireworks account ID (expands short dataset/evaluator IDs; empty to type full names)",
        default=known.account or account or "",
        check=_optional(lambda v: _plain_id_problem("account_id", v)),
    ).strip()
    base_model, warm_start = _ask_model(ask, known, account or None)
    dataset = ask.text(
        "dataset",
        "Dataset already uploaded to Fireworks (an ID or accounts/<account>/datasets/<id>)",
        default=known.dataset or "",
        check=_required(_id_problem("dataset", account)),
    ).strip()
    evaluator = ask.text(
        "evaluator", "Evaluator", default=known.evaluator or "", check=_required(_id_problem("evaluator", account))
    ).strip()
    if known.output_model:
        hint, suggested = f"a new run needs a new one; the file had {known.output_model}", next_id(known.output_model)
    else:
        hint, suggested = "suggested from the dataset; empty to use the job ID", suggest_output_model(dataset)
    output_model = ask.text(
        "output-model",
        f"Output model ID ({hint})",
        default=suggested,
        check=_optional(_id_problem("output_model", account)),
    ).strip()
    hint = (
        f"a new run needs a new one; the file had {known.job_id}"
        if known.job_id
        else "optional; empty lets the service pick one"
    )
    job_id = ask.text(
        "job-id",
        f"Job ID ({hint})",
        default=next_id(known.job_id) if known.job_id else "",
        check=_optional(lambda v: _plain_id_problem("reinforcement_fine_tuning_job_id", v)),
    ).strip()
    project = entity = ""
    if ask.confirm("wandb", "Log this run to Weights & Biases?", default=bool(known.wandb_project)):
        project = ask.text("wandb-project", "W&B project", default=known.wandb_project or "", check=_required(_ok))
        entity = ask.text(
            "wandb-entity", "W&B entity (user or team)", default=known.wandb_entity or "", check=_required(_ok)
        )
    return Resources(
        dataset=dataset,
        evaluator=evaluator,
        base_model=base_model,
        warm_start_from=warm_start,
        output_model=output_model or empty,
        job_id=job_id or empty,
        display_name=known.display_name,
        account=account or empty,
        wandb_project=project.strip() or empty,
        wandb_entity=entity.strip() or empty,
    )


def next_id(current: str) -> str:
    """`support-safer-1` -> `support-safer-2`, `gsm8k-rft` -> `gsm8k-rft-2` (IDs must be new per run)."""
    prefix, _, model_id = current.rpartition("/")
    match = re.match(r"^(.*?)-(\d+)$", model_id)
    bumped = f"{match.group(1)}-{int(match.group(2)) + 1}" if match else f"{model_id[:61].rstrip('-')}-2"
    return f"{prefix}/{bumped}" if prefix else bumped


def _ask_model(ask: Prompter, known: Resources, account: str | None) -> tuple[str | None, str | None]:
    kind = ask.select(
        "model-kind",
        "Train",
        [Choice("A base model", "base"), Choice("Continue from an adapter you trained before (warm start)", "warm")],
        default="warm" if known.warm_start_from else "base",
    )
    if kind == "warm":
        check = _required(_id_problem("warm_start_from", account))
        return None, ask.text(
            "warm-start", "Adapter to continue from", default=known.warm_start_from or "", check=check
        )
    models = list(catalog().known_models)
    current = known.base_model or models[0]
    choices = [Choice(m, m) for m in models]
    if current not in models:
        choices.insert(0, Choice(current, current))
    choices.append(Choice("Type another model ID", TYPE_OWN))
    model = ask.select("base-model", "Base model", choices, default=current)
    if model == TYPE_OWN:
        model = ask.text("base-model-id", "Base model ID", check=_required(_id_problem("base_model", account)))
    return model.strip(), None


def suggest_output_model(dataset: str) -> str:
    """`accounts/acme/datasets/gsm8k` -> `gsm8k-rft`, kept inside the ID format."""
    stem = re.sub(r"[^a-z0-9-]+", "-", dataset.rsplit("/", 1)[-1].lower()).strip("-")
    return f"{stem[:59].rstrip('-')}-rft" if stem else ""


def _id_problem(field: str, account: str | None) -> Callable[[str], str | None]:
    def problem(value: str) -> str | None:
        errors = [f for f in resolve(field, value.strip(), account).findings if f.level == "error"]
        return f"Not a valid name: {errors[0].fix}" if errors else None

    return problem


def _plain_id_problem(field: str, value: str) -> str | None:
    finding = check_plain_id(field, value.strip())
    return f"{finding.message} {finding.fix}" if finding else None


def _ok(_: str) -> str | None:
    return None


def _required(check: Callable[[str], str | None]) -> Callable[[str], str | None]:
    return lambda value: "an answer is needed here." if not value.strip() else check(value)


def _optional(check: Callable[[str], str | None]) -> Callable[[str], str | None]:
    return lambda value: None if not value.strip() else check(value)


# --- 3. goals ------------------------------------------------------------------------------------


def _ask_goals(ask: Prompter, show: Show, request: NewRequest) -> NewRequest:
    choices = [Choice(f"{g.name}: {g.summary}", g.name) for g in catalog().goals.values()]
    goals = tuple(ask.checkbox("goals", "Goals (space to pick, Enter to go on; none = the baseline)", choices))
    request = request._replace(goals=goals)
    plan = produce(request).plan
    prefer: dict[str, str] = {}
    for param in dict.fromkeys(c.param for c in plan.conflicts):
        offers = plan.proposals[param]  # every goal that moves it, agreeing ones included
        by_value: dict[object, list[str]] = {}
        for offer in offers:
            by_value.setdefault(offer.value, []).append(offer.goal)
        wants = [f"{', '.join(g)} {'want' if len(g) > 1 else 'wants'} {format_number(v)}" for v, g in by_value.items()]
        show(f"Goals disagree on {param}: {'; '.join(wants)}.")
        options = [
            Choice(f"{', '.join(goals_)} ({format_number(value)})", goals_[0]) for value, goals_ in by_value.items()
        ]
        prefer[param] = ask.select(f"conflict-{param}", f"Which should set {param}?", options, default=offers[0].goal)
    return request._replace(prefer=prefer)


# --- 4. review -----------------------------------------------------------------------------------


def _review(ask: Prompter, show: Show, request: NewRequest) -> NewRequest:
    outcome = _show_review(show, request)
    # Counted from the starting point: values a starting file brings are its, not this run's.
    moved = [s for s in outcome.plan.changed() if s.source.kind not in ("file", "template")]
    changed = [s for s in moved if s.source.kind == "goal"]
    if len(moved) > 1 and changed:
        rule = catalog().rules["one-change-at-a-time"]
        where = "the baseline" if request.start is None else "your starting point"
        show(f"{len(moved)} parameters differ from {where}. {rule.explain}")
        params = catalog().parameters
        options = [Choice("Keep all of these changes", "")]
        options += [
            Choice(
                f"Keep only {s.param}: {format_number(params[s.param].default)} -> {format_number(s.value)} ({s.source.name})",
                s.param,
            )
            for s in changed
        ]
        keep = ask.select("one-change", "Keep", options, default="")
        if keep:
            request = request._replace(only=(keep,))
            _show_review(show, request)
    return request


def _show_review(show: Show, request: NewRequest) -> Outcome:
    outcome = produce(request)
    show(review_table(outcome.plan, shutil.get_terminal_size().columns))
    show("\n".join(estimate_lines(outcome.job, outcome.work)))
    # The wizard asks about one-change-at-a-time itself, right after this.
    findings = [f for f in outcome.findings if f.code != "one-change-at-a-time"]
    if findings:
        show(findings_text(findings))
    return outcome


# --- 5. adjust -----------------------------------------------------------------------------------


def _adjust(ask: Prompter, show: Show, request: NewRequest) -> NewRequest:
    while True:
        outcome = produce(request)
        errors = [f for f in outcome.findings if f.level == "error"]
        if errors:
            show("These must be fixed before the job can be written:\n" + findings_text(errors))
        elif not ask.confirm("adjust", "Change a value by hand?", default=False):
            return request
        request = _adjust_one(ask, show, request, outcome)


def _adjust_one(ask: Prompter, show: Show, request: NewRequest, outcome: Outcome) -> NewRequest:
    values = outcome.plan.values()
    options = [Choice(f"{p.key} (now {format_number(values[p.key])})", p.key) for p in catalog().parameters.values()]
    options.append(Choice("Done: no change", ""))
    key = ask.select("adjust-param", "Which parameter?", options)
    if not key:
        return request
    param = catalog().parameters[key]
    show(f"{param.key}: {param.summary} Valid {param.range_text()}, default {format_number(param.default)}.")
    show(f"When to move it: {' '.join(param.when_to_move.split())}")
    if param.choices:
        picks = [Choice(format_number(c), format_number(c)) for c in param.choices]
        answer = ask.select("adjust-choice", f"New value for {param.key}", picks, default=format_number(values[key]))
    else:
        answer = ask.text(
            "adjust-value",
            f"New value for {param.key}",
            default=format_number(values[key]),
            check=_value_problem(param),
        )
    value = _number(param, answer)
    assert value is not None  # the check above refuses anything that does not parse
    request = request._replace(values={**request.values, param.key: value})
    _show_review(show, request)  # warnings about the new value are listed under the table
    return request


def _number(param: Parameter, text: str) -> Number | None:
    """Parsed as the flags parse it: whole numbers only for whole-number parameters."""
    try:
        return int(text.strip()) if param.type == "int" else float(text.strip())
    except ValueError:
        return None


def _value_problem(param: Parameter) -> Callable[[str], str | None]:
    def problem(text: str) -> str | None:
        value = _number(param, text)
        if value is None:
            return f"{param.key} must be a {'whole number' if param.type == 'int' else 'number'}; valid {param.range_text()}."
        errors = [f for f in check_value(param, value) if f.level == "error"]
        return f"{param.key} {errors[0].message.rstrip('.')} {_fix_without_range(errors[0].fix)}" if errors else None

    return problem


def _fix_without_range(fix: str | None) -> str:
    # The message already names the range; keep the default and the pointer to `explain`.
    return re.sub(r"^use .*? \(default", "(default", fix or "")


# --- 6. output -----------------------------------------------------------------------------------


def ask_output(ask: Prompter, request: NewRequest, *, again: bool = False) -> NewRequest:
    """Format and file; `again` (after a failed write) keeps the format and asks for the file only."""
    fmt = (
        request.fmt
        if again
        else ask.select("format", "Write it as", [Choice(t, f) for f, t in FORMAT_TITLES.items()], default="yaml")
    )
    stem = (request.resources.job_id or request.resources.output_model or "job").rsplit("/", 1)[-1]
    default = f"{stem}.{EXTENSIONS[fmt]}"
    while True:
        path = ask.text("output", "File to write", default=default, check=_path_problem).strip()
        if not Path(path).exists():
            return request._replace(fmt=fmt, output=path, force=False)
        if ask.confirm("overwrite", f"{path} exists. Overwrite it?", default=False):
            return request._replace(fmt=fmt, output=path, force=True)
        default = path


def _path_problem(text: str) -> str | None:
    path = Path(text.strip())
    if not text.strip():
        return "a file name is needed."
    if path.is_dir():
        return f"{path} is a folder; give a file name."
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist."
    return None
