"""The `explain` and `goals` pages, as text and as data for `--json` (pure: returns them)."""

from __future__ import annotations

from typing import NamedTuple

from rftcfg.catalog import Goal, Parameter, Passthrough, Remedy, Rule, Symptom, catalog, format_number
from rftcfg.core.errors import UsageError
from rftcfg.core.plan import make_plan

WIDTH = 96


def _wrap(text: str, indent: str = "  ") -> str:
    import textwrap  # only `explain` and `goals` wrap text; `new` should not pay for the import

    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent)


def explain_parameter(param: Parameter) -> str:
    flags = ", ".join((param.flag, *param.flag_aliases))
    lines = [
        f"{param.key} ({param.path}; flag {flags}; API {param.api_field})",
        _wrap(param.summary),
        "",
        f"  default      {format_number(param.default)}" + (f" {param.unit}" if param.unit else ""),
        f"  valid        {param.range_text()}" + (f" ({param.min_reason})" if param.min_reason else ""),
    ]
    for guidance in param.guidance:
        bound = (
            f"below {format_number(guidance.below)}"
            if guidance.below is not None
            else f"above {format_number(guidance.above)}"
        )
        lines.append(f"  warns        {bound}: {guidance.message}")
    lines += [
        f"  cost         {param.cost}",
        "",
        "  Too low:  " + param.too_low,
        "  Too high: " + param.too_high,
        "",
        "When to move it:",
        _wrap(param.when_to_move),
    ]
    moved_by = [g for g in catalog().goals.values() if any(m.param == param.key for m in g.moves)]
    if moved_by:
        lines += ["", "Goals that move it:"]
        for goal in moved_by:
            move = next(m for m in goal.moves if m.param == param.key)
            lines.append(f"  {goal.name:<20} {move.describe()}: {move.why}")
    lines += ["", f"Source: {catalog().cite(param.source)}"]
    return "\n".join(lines)


def explain_goal(goal: Goal) -> str:
    params = catalog().parameters
    aliases = f" (also: {', '.join(goal.aliases)})" if goal.aliases else ""
    lines = [f"{goal.name}{aliases}", _wrap(goal.summary), "", "Moves:"]
    for move in goal.moves:
        param = params[move.param]
        target = ""
        if move.target:
            low, high = move.target
            target = f" [documented band {format_number(low)}" + (f"..{format_number(high)}]" if high != low else "]")
        lines.append(f"  {param.key:<26} {move.describe()}{target}: {move.why}")
    conflicts = _conflicting_goals(goal)
    if conflicts:
        lines += ["", "Conflicts with: " + ", ".join(conflicts) + " (the goal given first wins; a warning names both)."]
    lines += ["", f"Source: {catalog().cite(goal.source)}"]
    return "\n".join(lines)


def _conflicting_goals(goal: Goal) -> list[str]:
    others = []
    for other in catalog().goals.values():
        if other.name != goal.name and make_plan([goal.name, other.name]).conflicts:
            others.append(other.name)
    return others


def explain_rule(rule: Rule) -> str:
    return "\n".join(
        [
            f"{rule.id} ({rule.level})",
            _wrap(rule.summary),
            _wrap(rule.explain),
            "",
            f"Source: {catalog().cite(rule.source)}",
        ]
    )


def describe_remedy(remedy: Remedy) -> str:
    """`halve, not below 5e-05`: the move `tune` would make, with the docs' bound on it."""
    if remedy.scale is not None:
        move = {2: "double", 0.5: "halve"}.get(remedy.scale, f"x{format_number(remedy.scale)}")
    elif remedy.add is not None:
        move = f"{'add' if remedy.add > 0 else 'subtract'} {format_number(abs(remedy.add))}"
    elif remedy.step is not None:
        move = f"{abs(remedy.step)} step {'down' if remedy.step < 0 else 'up'}"
    elif remedy.at_least is not None:
        move = f"raise to at least {format_number(remedy.at_least)}"
    else:
        move = f"lower to at most {format_number(remedy.at_most)}"
    bounds = [f"not below {format_number(remedy.floor)}"] if remedy.floor is not None else []
    bounds += [f"not above {format_number(remedy.ceiling)}"] if remedy.ceiling is not None else []
    return ", ".join([move, *bounds])


def _detection(symptom: Symptom) -> str:
    if symptom.detect:
        return f"`rftcfg tune JOB --metrics FILE` can detect it from a reward curve (or name it: --symptom {symptom.name})."
    return f"--metrics cannot detect it from a reward curve; name it: `rftcfg tune JOB --symptom {symptom.name}`."


def explain_symptom(symptom: Symptom) -> str:
    params = catalog().parameters
    aliases = f", also: {', '.join(symptom.aliases)}" if symptom.aliases else ""
    lines = [f"{symptom.name} (symptom{aliases})", _wrap(symptom.summary), ""]
    lines.append("Single moves, in order (`rftcfg tune` makes the first that changes the job):")
    for number, remedy in enumerate(symptom.remedies, 1):
        lines.append(f"  {number}. {params[remedy.param].key:<26} {describe_remedy(remedy)}: {remedy.why}")
    lines += ["", _wrap(_detection(symptom), ""), "", f"Source: {catalog().cite(symptom.source)}"]
    return "\n".join(lines)


def explain_passthrough(item: Passthrough) -> str:
    flags = [f"{tool} {flag}" for tool, flag in item.flags.items() if flag]
    flag = "flags: " + ", ".join(flags) if flags else "no command-line flag (set it through the API or SDK)"
    return "\n".join(
        [
            f"{item.path} (passed through; {flag})",
            _wrap(
                "rftcfg does not tune this key: it checks the value's type, keeps it in the job file and sends it "
                "unchanged. Its meaning and defaults are the service's; see the Fireworks API reference."
            ),
        ]
    )


def goals_table() -> str:
    params = catalog().parameters
    lines = []
    for goal in catalog().goals.values():
        aliases = f" (also: {', '.join(goal.aliases)})" if goal.aliases else ""
        lines.append(f"{goal.name}{aliases}")
        lines.append(_wrap(goal.summary))
        for move in goal.moves:
            lines.append(f"    {params[move.param].key}: {move.describe()}")
        lines.append("")
    lines.append("Combine goals with repeated --goal; where two disagree, the one given first wins.")
    return "\n".join(lines)


def overview() -> str:
    cat = catalog()
    lines = ["Parameters (rftcfg explain NAME for details):"]
    for param in cat.parameters.values():
        lines.append(f"  {param.key:<26} default {format_number(param.default):<8} {param.summary}")
    lines += ["", "Goals (rftcfg explain GOAL):"]
    for goal in cat.goals.values():
        lines.append(f"  {goal.name:<26} {goal.summary}")
    lines += ["", "Symptoms (rftcfg explain SYMPTOM; * = `tune --metrics` can detect it):"]
    for symptom in cat.symptoms.values():
        lines.append(f"  {symptom.name + (' *' if symptom.detect else ''):<26} {symptom.summary}")
    lines += ["", "Rules (rftcfg explain RULE):"]
    for rule in cat.rules.values():
        lines.append(f"  {rule.id:<26} {rule.level:<8} {rule.summary}")
    lines += ["", "Other findings (rftcfg explain CODE):"]
    for entry in cat.findings.values():
        lines.append(f"  {entry.id:<26} {entry.level:<8} {entry.summary}")
    return "\n".join(lines)


# --- the same pages as data, for `--json` -------------------------------------------------------


def parameter_dict(param: Parameter) -> dict[str, object]:
    data = param._asdict()
    data.update(kind="parameter", guidance=[g._asdict() for g in param.guidance], source=catalog().cite(param.source))
    return data


def goal_dict(goal: Goal) -> dict[str, object]:
    params = catalog().parameters
    moves = [
        {
            "parameter": m.param,
            "path": params[m.param].path,
            "move": m.describe(),
            "target": list(m.target) if m.target else None,
            "why": m.why,
        }
        for m in goal.moves
    ]
    return {"kind": "goal", "name": goal.name, "aliases": list(goal.aliases), "summary": goal.summary,
            "moves": moves, "source": catalog().cite(goal.source)}  # fmt: skip


def rule_dict(rule: Rule) -> dict[str, object]:
    kind = "rule" if rule.id in catalog().rules else "finding"
    return {"kind": kind, **rule._asdict(), "source": catalog().cite(rule.source)}


def symptom_dict(symptom: Symptom) -> dict[str, object]:
    params = catalog().parameters
    moves = [
        {"parameter": r.param, "path": params[r.param].path, "move": describe_remedy(r), "floor": r.floor,
         "ceiling": r.ceiling, "why": r.why}
        for r in symptom.remedies
    ]  # fmt: skip
    return {"kind": "symptom", "name": symptom.name, "aliases": list(symptom.aliases), "summary": symptom.summary,
            "moves": moves, "detect": symptom.detect, "source": catalog().cite(symptom.source)}  # fmt: skip


def passthrough_dict(item: Passthrough) -> dict[str, object]:
    return {"kind": "passthrough", "path": item.path, "flags": item.flags}


# --- looking a name up ---------------------------------------------------------------------------


class Page(NamedTuple):
    text: str
    data: dict[str, object]


KINDS = ("parameter", "goal", "rule", "finding", "symptom", "passthrough")


def _pages(name: str) -> list[tuple[str, Page]]:
    """Every page called `name`, in the order KINDS lists them."""
    cat = catalog()
    param, goal, rule, code = cat.parameter(name), cat.goal(name), cat.rule(name), cat.finding(name)
    symptom, passthrough = cat.symptom(name), cat.passthrough(name)
    found: list[tuple[str, Page]] = []
    if param is not None:
        found.append(("parameter", Page(explain_parameter(param), parameter_dict(param))))
    if goal is not None:
        found.append(("goal", Page(explain_goal(goal), goal_dict(goal))))
    for kind, entry in (("rule", rule), ("finding", code)):
        if entry is not None:
            found.append((kind, Page(explain_rule(entry), rule_dict(entry))))
    if symptom is not None:
        found.append(("symptom", Page(explain_symptom(symptom), symptom_dict(symptom))))
    if passthrough is not None:
        found.append(("passthrough", Page(explain_passthrough(passthrough), passthrough_dict(passthrough))))
    return found


def explain_page(name: str | None) -> Page:
    """The page for a parameter, goal, rule, finding code, symptom or pass-through key (by any of
    its names), or the overview of everything when `name` is None. `KIND:NAME` picks one kind
    where a name means two things (`symptom:overfitting`). An unknown name is a usage error."""
    cat = catalog()
    if name is None:
        everything: dict[str, object] = {
            "parameters": [parameter_dict(p) for p in cat.parameters.values()],
            "goals": [goal_dict(g) for g in cat.goals.values()],
            "symptoms": [symptom_dict(s) for s in cat.symptoms.values()],
            "rules": [rule_dict(r) for r in cat.rules.values()],
            "findings": [rule_dict(r) for r in cat.findings.values()],
        }
        return Page(overview(), everything)
    kind, sep, rest = name.partition(":")
    wanted = kind.strip().lower() if sep and kind.strip().lower() in KINDS else None
    pages = [(k, page) for k, page in _pages(rest if wanted else name) if wanted in (None, k)]
    if pages:
        (_, page), others = pages[0], [k for k, _ in pages[1:]]
        if not others:
            return page
        also = [f"{k}:{name}" for k in others]
        more = "; ".join(f"the {k} (`rftcfg explain {k}:{name}`)" for k in others)
        return Page(f"{page.text}\n\n'{name}' also names {more}.", {**page.data, "also": also})
    hint = cat.suggest_parameter(name) or cat.suggest_goal(name)
    did_you_mean = f" Did you mean {hint}?" if hint else ""
    raise UsageError(f"nothing called '{name}'.{did_you_mean} Run `rftcfg explain` for the list.")
