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
from pathlib import Path

from rftcfg.app.estimates import compact_line
from rftcfg.app.new import NewRequest, Outcome, produce
from rftcfg.app.report import findings_text, review_table
from rftcfg.catalog import Number, Parameter, catalog, format_number
from rftcfg.core.plan import Setting
from rftcfg.core.values import parse_number
from rftcfg.formats import FORMATS
from rftcfg.wizard.prompter import Choice, Prompter
from rftcfg.wizard.resources import Show, ask_resources, ask_start, start_resources
from rftcfg.wizard.settings import PREFIX, adjust_setting, setting_choices


def run_wizard(ask: Prompter, show: Show, *, account: str | None = None) -> NewRequest:
    show("rftcfg wizard: answer a few questions to get a validated RFT job. Ctrl-C stops without writing.\n")
    start = ask_start(ask, show)
    resources = ask_resources(ask, show, start_resources(start), account)
    request = NewRequest(resources=resources, start=start)
    request = _ask_goals(ask, show, request)
    request = _review(ask, show, request)
    request = _adjust(ask, show, request)
    return ask_output(ask, request)


# --- 3. goals ------------------------------------------------------------------------------------


def _ask_goals(ask: Prompter, show: Show, request: NewRequest) -> NewRequest:
    choices = [Choice(f"{g.name}: {g.summary}", g.name) for g in catalog().goals.values()]
    keep = "the baseline" if request.start is None else "keep the starting point"
    goals = tuple(ask.checkbox("goals", f"Goals (space to pick, Enter to go on; none = {keep})", choices))
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
    # Counted from the starting point (the plan's): values a starting file brings are its, not this run's.
    plan = outcome.plan
    moved = plan.moved()
    changed = [s for s in moved if s.source.kind == "goal"]
    if len(moved) > 1 and changed:
        rule = catalog().rules["one-change-at-a-time"]
        where = "the baseline" if plan.start is None else "your starting point"
        show(f"{len(moved)} parameters differ from {where}. {rule.explain}")
        options = [Choice("Keep all of these changes", "")]
        options += [
            Choice(
                f"Keep only {s.param}: {format_number(plan.origin(s.param))} -> {format_number(s.value)} ({s.source.name})",
                s.param,
            )
            for s in changed
        ]
        keep = ask.select("one-change", "Keep", options, default="")
        if keep:
            request = keep_only(request, next(s for s in changed if s.param == keep))
            _show_review(show, request)
    return request


def keep_only(request: NewRequest, setting: Setting) -> NewRequest:
    """One change: only the goal that set it stays, so the file's header and the printed command
    name no goal, conflict or --prefer that no longer touches the job."""
    goal = setting.source.name or ""
    return request._replace(goals=(goal,), only=(setting.param,), prefer={})


def _show_review(show: Show, request: NewRequest) -> Outcome:
    outcome = produce(request)
    show(review_table(outcome.plan, shutil.get_terminal_size().columns))
    line = compact_line(outcome.work) if outcome.work is not None else None  # errors are listed below instead
    if line:
        show(line)
    # The wizard asks about one-change-at-a-time itself, right after this.
    findings = [f for f in outcome.findings if f.code != "one-change-at-a-time"]
    # The wizard asked for the IDs already; a fix naming `new`'s flags would point nowhere.
    findings = [f._replace(fix=None) if f.code == "new-ids" else f for f in findings]
    if findings:
        show(findings_text(findings))
    return outcome


# --- 5. adjust -----------------------------------------------------------------------------------


def _adjust(ask: Prompter, show: Show, request: NewRequest) -> NewRequest:
    while True:
        outcome = produce(request)
        errors = [f for f in outcome.findings if f.level == "error"]
        if errors:  # the review just listed them, under the table
            show("The errors listed above must be fixed before the job can be written.")
        elif not ask.confirm("adjust", "Change a value by hand?", default=False):
            return request
        request = _adjust_one(ask, show, request, outcome)


def _adjust_one(ask: Prompter, show: Show, request: NewRequest, outcome: Outcome) -> NewRequest:
    values = outcome.plan.values()
    options = [Choice(f"{p.key} (now {format_number(values[p.key])})", p.key) for p in catalog().parameters.values()]
    options += [*setting_choices(outcome), Choice("None of these: go back", "")]
    key = ask.select("adjust-param", "Which parameter?", options)
    if not key:
        return request
    if key.startswith(PREFIX):  # a service setting: its own questions, with "leave it to the service"
        request = adjust_setting(ask, show, request, key.removeprefix(PREFIX))
        _show_review(show, request)
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
            check=lambda text: read_answer(param, text)[1],
        )
    value = read_answer(param, answer)[0]
    assert value is not None  # the check above refuses anything that does not parse
    request = request._replace(values={**request.values, param.key: value})
    _show_review(show, request)  # warnings about the new value are listed under the table
    return request


def read_answer(param: Parameter, text: str) -> tuple[Number | None, str | None]:
    """A typed value, read as the flags read it (the one parser and range check, core.values):
    the value, or None and the problem to show before asking again."""
    value, findings = parse_number(param, text)
    errors = [f for f in findings if f.level == "error"]
    if not errors:
        return value, None
    message, fix = errors[0].message.rstrip("."), errors[0].fix or ""
    if param.range_text() in message:  # said once is enough
        return None, f"{param.key} {message} {_fix_without_range(fix)}"
    return None, f"{param.key} {message}; {fix}"


def _fix_without_range(fix: str | None) -> str:
    # The message already names the range; keep the default and the pointer to `explain`.
    return re.sub(r"^use .*? \(default", "(default", fix or "")


# --- 6. output -----------------------------------------------------------------------------------


def ask_output(ask: Prompter, request: NewRequest, *, again: bool = False) -> NewRequest:
    """Format and file; `again` (after a failed write) keeps the format and asks for the file only."""
    fmt = (
        request.fmt
        if again
        else ask.select("format", "Write it as", [Choice(f.title, f.name) for f in FORMATS.values()], default="yaml")
    )
    stem = (request.resources.job_id or request.resources.output_model or "job").rsplit("/", 1)[-1]
    default = f"{stem}.{FORMATS[fmt].extension}"
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
