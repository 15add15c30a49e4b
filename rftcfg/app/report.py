"""Human-readable text: what a plan changed and why, findings, and `explain` / `goals` pages.

Pure: returns strings; only cli.py prints them.
"""

from __future__ import annotations

from collections.abc import Iterable

from rftcfg.catalog import catalog, format_number
from rftcfg.core.cost import baseline_values, compare_values
from rftcfg.core.errors import Finding
from rftcfg.core.job import Job
from rftcfg.core.plan import Plan, Setting


def _why(setting: Setting) -> str:
    return f"{setting.source}: {setting.reason}"


def change_rows(plan: Plan) -> list[str]:
    """One row per parameter this run changed, with its reason: from the starting point's value
    when there is one, else from the documented default."""
    changed = plan.moved()
    if not changed:
        return []
    name_width = max(len(s.param) for s in changed)
    rows = []
    for setting in changed:
        move = f"{format_number(plan.origin(setting.param))} -> {format_number(setting.value)}"
        rows.append(f"{setting.param:<{name_width}}  {move:<16} {_why(setting)}")
    return rows


def start_line(plan: Plan) -> str | None:
    """What the starting point itself differs from the documented defaults in (one line), or None
    when it is the baseline or there is no starting point."""
    moves = plan.start_changes()
    if not moves:
        return None
    listed = ", ".join(f"{k} {format_number(d)} -> {format_number(v)}" for k, d, v in moves)
    effect = compare_values(baseline_values(), plan.start or {})
    return f"The starting point differs from the documented defaults in {listed}: {effect.words()}."


def _start_text(plan: Plan, starting_point: str, settings: list[str]) -> list[str]:
    """With a starting point: the start's own difference from the defaults, then this run's changes
    from it. Without one, the changes from the documented defaults as before. Service settings
    changed count as changes too: a job that moves one is no baseline run."""
    rows = change_rows(plan) + settings
    if plan.start is None:
        if rows:
            return ["Changes from the documented defaults:", *[f"  {r}" for r in rows]]
        return ["No parameter differs from the documented defaults (a baseline run)."]
    lines = [line for line in (start_line(plan),) if line]
    if rows:
        return [*lines, f"Changes from the starting point ({starting_point}):", *[f"  {r}" for r in rows]]
    return [*lines, f"No parameter differs from the starting point ({starting_point})."]


def plan_summary(
    plan: Plan, starting_point: str = "the documented defaults", start: Job | None = None, job: Job | None = None
) -> str:
    """`start` and `job`: the starting point's job and the result, for the service settings moved."""
    goals = ", ".join(plan.goals) if plan.goals else "none"
    settings = settings_rows(start, job) if job is not None else []
    return "\n".join(
        [f"Starting point: {starting_point}. Goals: {goals}.", *_start_text(plan, starting_point, settings)]
    )


def settings_rows(start: Job | None, job: Job) -> list[str]:
    """`loss_config.method  (service default) -> DAPO`: each service setting the job sets otherwise
    than its starting point (left out, a setting is the service's default)."""
    rows = []
    for setting in catalog().settings.values():
        old, new = (start.get(setting.path) if start is not None else None), job.get(setting.path)
        if old != new:
            shown = [("(service default)" if v is None else format_number(v)) for v in (old, new)]
            rows.append(f"{setting.path}  {shown[0]} -> {shown[1]}     service setting")
    return rows


def review_table(plan: Plan, width: int | None = None) -> str:
    """Every parameter: documented default, the starting point's value (when there is one),
    proposed value, and why (the wizard's review). With `width`, each row is cut to fit a
    terminal that wide."""
    params = catalog().parameters
    start = plan.start
    rows = [("parameter", "default", *(("start",) if start is not None else ()), "proposed", "why")]
    for key, setting in plan.settings.items():
        default = params[key].default
        why = _why(setting) if setting.value != default or setting.source.kind != "default" else ""
        if setting.source.kind == "flag":  # the wizard's own edits: it has no flags to name
            why = "set by you"
        begun = (format_number(start[key]),) if start is not None else ()
        rows.append((key, format_number(default), *begun, format_number(setting.value), why))
    numbers = len(rows[0]) - 1
    widths = [max(len(r[i]) for r in rows) for i in range(numbers)]
    cells = [f"{r[0]:<{widths[0]}}" + "".join(f"  {r[i]:>{widths[i]}}" for i in range(1, numbers)) for r in rows]
    lines = [f"{c}  {r[-1]}".rstrip() for c, r in zip(cells, rows, strict=True)]
    if width:
        lines = [line if len(line) < width else line[: width - 2] + "…" for line in lines]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def header_lines(plan: Plan, command: str | None = None, starting_point: str = "the starting point") -> tuple[str, ...]:
    """Provenance for a YAML job file: goals, the starting point, and the reason for every change."""
    lines = [f"# Goals: {', '.join(plan.goals) if plan.goals else 'none'}."]
    if plan.start is not None or plan.moved():  # without a start, a baseline run has no header rows
        lines += [f"# {line}" for line in _start_text(plan, starting_point, [])]
    for conflict in plan.conflicts:
        lines.append(
            f"# Conflict on {conflict.param}: {conflict.winner} ({format_number(conflict.winner_value)}) "
            f"won over {conflict.loser} ({format_number(conflict.loser_value)})"
            + (" by your choice." if conflict.chosen else ", given first.")
        )
    if command:
        lines.append(f"# Made with: {command}")
    return tuple(lines)


# Fixes whose "PARAMETER to N" `new` can name as the flag that does it (the check itself is shared
# with files, sweeps and the wizard, which have no such flags).
_FLAGGED_FIXES = ("batch-holds-sequence",)


def with_flags(found: Finding) -> Finding:
    """For `new`: "batch_size to 65536" in a fix becomes "batch_size to 65536 (--batch-size 65536)"."""
    if found.code not in _FLAGGED_FIXES or not found.fix:
        return found
    import re  # only a job with this error reaches here

    fix = found.fix
    for key, param in catalog().parameters.items():
        fix = re.sub(rf"\b{key} to ([0-9.e+-]+)", rf"{key} to \1 ({param.flag} \1)", fix)
    return found._replace(fix=fix)


def findings_text(findings: Iterable[Finding], path: str | None = None) -> str:
    return "\n".join(f.render(path) for f in findings)
