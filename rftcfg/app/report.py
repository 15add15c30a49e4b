"""Human-readable text: what a plan changed and why, findings, and `explain` / `goals` pages.

Pure: returns strings; only cli.py prints them.
"""

from __future__ import annotations

from collections.abc import Iterable

from rftcfg.catalog import catalog, format_number
from rftcfg.core.errors import Finding
from rftcfg.core.plan import Plan, Setting


def _why(setting: Setting) -> str:
    return f"{setting.source}: {setting.reason}"


def change_rows(plan: Plan) -> list[str]:
    """One row per parameter that differs from the documented default, with its reason."""
    params = catalog().parameters
    changed = plan.changed()
    if not changed:
        return []
    name_width = max(len(s.param) for s in changed)
    rows = []
    for setting in changed:
        move = f"{format_number(params[setting.param].default)} -> {format_number(setting.value)}"
        rows.append(f"{setting.param:<{name_width}}  {move:<16} {_why(setting)}")
    return rows


def plan_summary(plan: Plan, starting_point: str = "the documented defaults") -> str:
    goals = ", ".join(plan.goals) if plan.goals else "none"
    lines = [f"Starting point: {starting_point}. Goals: {goals}."]
    rows = change_rows(plan)
    if rows:
        lines.append("Changes from the documented defaults:")
        lines += [f"  {r}" for r in rows]
    else:
        lines.append("No parameter differs from the documented defaults (a baseline run).")
    return "\n".join(lines)


def review_table(plan: Plan, width: int | None = None) -> str:
    """Every parameter: documented default, proposed value, and why (the wizard's review).
    With `width`, each row is cut to fit a terminal that wide."""
    params = catalog().parameters
    rows = [("parameter", "default", "proposed", "why")]
    for key, setting in plan.settings.items():
        default = params[key].default
        why = _why(setting) if setting.value != default or setting.source.kind != "default" else ""
        if setting.source.kind == "flag":  # the wizard's own edits: it has no flags to name
            why = "set by you"
        rows.append((key, format_number(default), format_number(setting.value), why))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}".rstrip() for r in rows]
    if width:
        lines = [line if len(line) < width else line[: width - 2] + "…" for line in lines]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def header_lines(plan: Plan, command: str | None = None) -> tuple[str, ...]:
    """Provenance for a YAML job file: goals and the reason for every change."""
    lines = [f"# Goals: {', '.join(plan.goals) if plan.goals else 'none'}."]
    rows = change_rows(plan)
    if rows:
        lines.append("# Changes from the documented defaults:")
        lines += [f"#   {r}" for r in rows]
    for conflict in plan.conflicts:
        lines.append(
            f"# Conflict on {conflict.param}: {conflict.winner} ({format_number(conflict.winner_value)}) "
            f"won over {conflict.loser} ({format_number(conflict.loser_value)})"
            + (" by your choice." if conflict.chosen else ", given first.")
        )
    if command:
        lines.append(f"# Made with: {command}")
    return tuple(lines)


def findings_text(findings: Iterable[Finding], path: str | None = None) -> str:
    return "\n".join(f.render(path) for f in findings)
