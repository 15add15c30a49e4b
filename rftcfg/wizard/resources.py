"""The wizard's first two steps: where to start from, and the resources (model, dataset,
evaluator, IDs, account, W&B). Every answer goes through the same ID checks as the flags."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from rftcfg.app.load import load_job
from rftcfg.app.new import Start
from rftcfg.app.templates import available as available_templates
from rftcfg.catalog import catalog
from rftcfg.core.errors import RftcfgError
from rftcfg.core.ids import check_plain_id, resolve
from rftcfg.core.resources import Resources, resources_of
from rftcfg.method.derive import next_name
from rftcfg.wizard.prompter import Choice, Prompter

Show = Callable[[str], None]
TYPE_OWN = "__type__"


# --- 1. starting point ---------------------------------------------------------------------------


def ask_start(ask: Prompter, show: Show) -> Start | None:
    choices = [
        Choice(
            "The documented baseline (recommended for a first run: later runs need it to compare against)", "baseline"
        )
    ]
    choices += [
        Choice(f"Template {t.name}: {_summary(t.name, t.summary)}", f"template:{t.name}")
        for t in available_templates()
        if t.name != "baseline"  # the first choice already is the documented baseline
    ]
    choices.append(Choice("An existing job file, to adjust", "file"))
    answer = ask.select("start", "Start from", choices, default="baseline")
    if answer == "baseline":
        return None
    if answer.startswith("template:"):
        return Start("template", answer.split(":", 1)[1])
    path = ask.text("start-file", "Job file to start from", check=required(_job_file_problem))
    return Start("file", str(Path(path.strip()).expanduser()))


def _summary(name: str, summary: str) -> str:
    """`Baseline: every tuned ...` -> `every tuned ...` when the template's header repeats its name."""
    head, sep, rest = summary.partition(": ")
    return rest if sep and head.lower() == name.replace("-", " ") else summary


def _job_file_problem(path: str) -> str | None:
    """Only a file that cannot be read as a job is refused: values out of range or missing
    resources are fine to start from, since the later questions fix them."""
    try:
        load_job(str(Path(path.strip()).expanduser()), structure_only=True)
    except RftcfgError as exc:
        if not exc.details:  # unreadable: the message says why
            return exc.message
        return "\n".join([*exc.details, "Fix these in the file, or give another file."])
    return None


def start_resources(start: Start | None) -> Resources:
    if start is None or start.kind == "template":
        return Resources()
    return resources_of(load_job(start.name, structure_only=True).job)


# --- 2. resources --------------------------------------------------------------------------------


def ask_resources(ask: Prompter, show: Show, known: Resources, account: str | None) -> Resources:
    """Every resource, the starting file's values as defaults. With a starting file an empty
    answer is "" (remove the file's value) rather than None (keep it): see merge_resources."""

    def cleared(had: str | None) -> str | None:
        # "" removes what the file had (`--job-id ''`); None when it had nothing, so the printed
        # command carries no empty flags that change nothing.
        return "" if had else None

    account = ask.text(
        "account",
        "Fireworks account ID (expands short dataset/evaluator IDs; empty to type full names)",
        default=known.account or account or "",
        check=optional(lambda v: _plain_id_problem("account", v)),
    ).strip()
    base_model, warm_start = _ask_model(ask, known, account or None)
    dataset = ask.text(
        "dataset",
        "Dataset already uploaded to Fireworks (an ID or accounts/<account>/datasets/<id>)",
        default=known.dataset or "",
        check=required(_id_problem("dataset", account)),
    ).strip()
    evaluator = ask.text(
        "evaluator", "Evaluator", default=known.evaluator or "", check=required(_id_problem("evaluator", account))
    ).strip()
    if known.output_model:
        hint, suggested = f"a new run needs a new one; the file had {known.output_model}", next_name(known.output_model)
    else:
        hint, suggested = "suggested from the dataset; empty to use the job ID", suggest_output_model(dataset)
    output_model = ask.text(
        "output-model",
        f"Output model ID ({hint})",
        default=suggested,
        check=optional(_id_problem("output_model", account)),
    ).strip()
    # A file with an output model but no job ID still names its runs (the service uses the model
    # ID): the new run gets the next one for both, as `rftcfg new --from` would when unasked.
    named = known.job_id or known.output_model
    if known.job_id:
        hint = f"a new run needs a new one; the file had {known.job_id}"
    elif named:
        hint = "a new run needs a new one; empty: named after what this run changes"
    else:
        hint = "optional; empty lets the service pick one"
    job_id = ask.text(
        "job-id",
        f"Job ID ({hint})",
        default=next_name(named) if named else "",
        check=optional(lambda v: _plain_id_problem("job_id", v)),
    ).strip()
    project, entity = _ask_wandb(ask, show, known)
    return Resources(
        dataset=dataset,
        evaluator=evaluator,
        base_model=base_model,
        warm_start_from=warm_start,
        output_model=output_model or cleared(known.output_model),
        job_id=job_id or cleared(known.job_id),
        display_name=known.display_name,
        account=account or cleared(known.account),
        wandb_project=project or cleared(known.wandb_project),
        wandb_entity=entity or cleared(known.wandb_entity),
    )


def _ask_wandb(ask: Prompter, show: Show, known: Resources) -> tuple[str, str]:
    """Project and entity, or ("", "") for no W&B. An empty answer to either is a way out of the
    "yes" (W&B needs both), said out loud rather than asked again."""
    if not ask.confirm("wandb", "Log this run to Weights & Biases?", default=bool(known.wandb_project)):
        return "", ""
    project = ask.text("wandb-project", "W&B project (empty: no W&B after all)", default=known.wandb_project or "")
    if project.strip():
        entity = ask.text(
            "wandb-entity", "W&B entity, user or team (empty: no W&B after all)", default=known.wandb_entity or ""
        )
        if entity.strip():
            return project.strip(), entity.strip()
    missing = "entity" if project.strip() else "project"
    show(f"No W&B {missing} given, so this run will not log to Weights & Biases (it needs a project and an entity).")
    return "", ""


def _ask_model(ask: Prompter, known: Resources, account: str | None) -> tuple[str | None, str | None]:
    kind = ask.select(
        "model-kind",
        "Train",
        [Choice("A base model", "base"), Choice("Continue from an adapter you trained before (warm start)", "warm")],
        default="warm" if known.warm_start_from else "base",
    )
    if kind == "warm":
        check = required(_id_problem("warm_start_from", account))
        return None, ask.text(
            "warm-start", "Adapter to continue from", default=known.warm_start_from or "", check=check
        )
    models = list(catalog().known_models)
    fireworks = f"accounts/{catalog().ids.fireworks_models_account}/models/"
    current = (known.base_model or models[0]).removeprefix(fireworks)  # the list's own spelling
    choices = [Choice(m, m) for m in models]
    if current not in models:
        choices.insert(0, Choice(current, current))
    choices.append(Choice("Type another model ID", TYPE_OWN))
    model = ask.select("base-model", "Base model", choices, default=current)
    if model == TYPE_OWN:
        model = ask.text("base-model-id", "Base model ID", check=required(_id_problem("base_model", account)))
    return model.strip(), None


def suggest_output_model(dataset: str) -> str:
    """`accounts/acme/datasets/gsm8k` -> `gsm8k-rft`, kept inside the ID format."""
    stem = re.sub(r"[^a-z0-9-]+", "-", dataset.rsplit("/", 1)[-1].lower()).strip("-")
    room = catalog().ids.max_length - len("-rft")
    return f"{stem[:room].rstrip('-')}-rft" if stem else ""


def _id_problem(field: str, account: str | None) -> Callable[[str], str | None]:
    """The flags' ID checks, told in the wizard's terms: the wizard has no --account, so a short ID
    that needs an account is asked again rather than accepted with advice about a flag."""

    def problem(value: str) -> str | None:
        findings = resolve(field, value.strip(), account).findings
        errors = [f for f in findings if f.level == "error"]
        if errors:
            message = errors[0].message
            return f"{message[:1].upper()}{message[1:]} {_fix_in_wizard_terms(field, errors[0].fix)}"
        if any(f.code == "short-id-no-account" for f in findings):
            full = f"accounts/<account>/{catalog().resources[field].collection}/{value.strip()}"
            return (
                f"{value.strip()} is a short ID, and no Fireworks account was given to expand it with: "
                f"type the full name, {full}."
            )
        return None

    return problem


def _fix_in_wizard_terms(field: str, fix: str | None) -> str:
    if field not in ("dataset", "evaluator"):
        return fix or ""
    full_name = catalog().resources[field].full_name
    return f"Type {full_name}, or the ID alone when you gave your Fireworks account."


def _plain_id_problem(field: str, value: str) -> str | None:
    finding = check_plain_id(field, value.strip())
    return f"{finding.message} {finding.fix}" if finding else None


def required(check: Callable[[str], str | None]) -> Callable[[str], str | None]:
    return lambda value: "an answer is needed here." if not value.strip() else check(value)


def optional(check: Callable[[str], str | None]) -> Callable[[str], str | None]:
    return lambda value: None if not value.strip() else check(value)
