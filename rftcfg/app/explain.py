"""The `explain` and `goals` pages, as text and as data for `--json` (pure: returns them)."""

from __future__ import annotations

from typing import NamedTuple

from rftcfg.catalog import Goal, Move, Number, Parameter, Passthrough, Rule, catalog, format_number
from rftcfg.core.cost import Effect, baseline_values, change_effect, compare_values, probe_value
from rftcfg.core.errors import UsageError
from rftcfg.core.moves import bounded, moved
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
        verb = "warns" if guidance.level == "warning" else "notes"
        lines.append(f"  {verb}        {bound}: {guidance.message}")
    probe, effect = parameter_effect(param)
    verb = "raising it" if probe > param.default else "lowering it"
    lines += [
        f"  {verb:<12} {format_number(param.default)} -> {format_number(probe)}: {effect.words()}",
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


def parameter_effect(param: Parameter) -> tuple[Number, Effect]:
    """What the cost model says raising the parameter from its default does (see probe_value)."""
    probe = probe_value(param.key)
    return probe, change_effect(baseline_values(), param.key, probe)


def goal_effect(goal: Goal) -> Effect:
    """The goal's job (from the defaults, model size unknown) against the defaults."""
    return compare_values(baseline_values(), make_plan([goal.name]).values())


def move_effect(move: Move) -> Effect:
    """One move alone, applied to the defaults."""
    param = catalog().parameters[move.param]
    if move.by_model_size:
        value = next(r.value for r in move.by_model_size if r.unknown)
    else:
        value = bounded(param, moved(param, param.default, set_to=move.set, add=move.add, scale=move.scale,
                                     step=move.step))  # fmt: skip
    return change_effect(baseline_values(), move.param, value)


def explain_goal(goal: Goal) -> str:
    params = catalog().parameters
    aliases = f" (also: {', '.join(goal.aliases)})" if goal.aliases else ""
    lines = [
        f"{goal.name}{aliases}",
        _wrap(goal.summary),
        "",
        f"Work against the defaults: {goal_effect(goal).words()}.",
    ]
    lines += ["", "Moves:"]
    for move in goal.moves:
        param = params[move.param]
        target = ""
        if move.target:
            low, high = move.target
            target = f" [documented band {format_number(low)}" + (f"..{format_number(high)}]" if high != low else "]")
        lines.append(f"  {param.key:<26} {move.describe()}{target}: {move.why}")
        lines.append(f"  {'':<26} work: {move_effect(move).words()}")
    if goal.not_applied:
        lines += ["", "Left out:"]
        for move in goal.not_applied:
            lines.append(f"  {params[move.param].key:<26} {move.describe()} ({move_effect(move).words()}): "
                         + " ".join(move.why.split()))  # fmt: skip
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
        lines.append(f"    work: {goal_effect(goal).words()}")
        for move in goal.moves:
            lines.append(f"    {params[move.param].key}: {move.describe()}")
        for move in goal.not_applied:
            lines.append(
                f"    ({params[move.param].key}: {move.describe()} left out; see `rftcfg explain {goal.name}`)"
            )
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
    lines += ["", "Rules (rftcfg explain RULE):"]
    for rule in cat.rules.values():
        lines.append(f"  {rule.id:<26} {rule.summary}")
    return "\n".join(lines)


# --- the same pages as data, for `--json` -------------------------------------------------------


def parameter_dict(param: Parameter) -> dict[str, object]:
    data = param._asdict()
    probe, effect = parameter_effect(param)
    data.update(
        kind="parameter",
        guidance=[g._asdict() for g in param.guidance],
        source=catalog().cite(param.source),
        work={"from": param.default, "to": probe, **effect_dict(effect)},
    )
    return data


def effect_dict(effect: Effect) -> dict[str, object]:
    dims = ("compute", "generated", "trained", "steps", "memory")
    return {"directions": {d: effect.direction(d) for d in dims}, "words": effect.words()}


def goal_dict(goal: Goal) -> dict[str, object]:
    params = catalog().parameters
    moves = [
        {
            "parameter": m.param,
            "path": params[m.param].path,
            "move": m.describe(),
            "target": list(m.target) if m.target else None,
            "why": m.why,
            "work": effect_dict(move_effect(m)),
        }
        for m in goal.moves
    ]
    left_out = [{"parameter": m.param, "move": m.describe(), "why": " ".join(m.why.split()),
                 "work": effect_dict(move_effect(m))} for m in goal.not_applied]  # fmt: skip
    return {"kind": "goal", "name": goal.name, "aliases": list(goal.aliases), "summary": goal.summary,
            "work": effect_dict(goal_effect(goal)), "moves": moves, "not_applied": left_out,
            "source": catalog().cite(goal.source)}  # fmt: skip


def rule_dict(rule: Rule) -> dict[str, object]:
    return {"kind": "rule", **rule._asdict(), "source": catalog().cite(rule.source)}


def passthrough_dict(item: Passthrough) -> dict[str, object]:
    return {"kind": "passthrough", "path": item.path, "flags": item.flags}


# --- looking a name up ---------------------------------------------------------------------------


class Page(NamedTuple):
    text: str
    data: dict[str, object]


def explain_page(name: str | None) -> Page:
    """The page for a parameter, goal, rule or pass-through key (by any of its names), or the
    overview of everything when `name` is None. An unknown name is a usage error."""
    cat = catalog()
    if name is None:
        everything: dict[str, object] = {
            "parameters": [parameter_dict(p) for p in cat.parameters.values()],
            "goals": [goal_dict(g) for g in cat.goals.values()],
            "rules": [rule_dict(r) for r in cat.rules.values()],
        }
        return Page(overview(), everything)
    param, goal, rule, passthrough = cat.parameter(name), cat.goal(name), cat.rule(name), cat.passthrough(name)
    if param is not None:
        return Page(explain_parameter(param), parameter_dict(param))
    if goal is not None:
        return Page(explain_goal(goal), goal_dict(goal))
    if rule is not None:
        return Page(explain_rule(rule), rule_dict(rule))
    if passthrough is not None:
        return Page(explain_passthrough(passthrough), passthrough_dict(passthrough))
    hint = cat.suggest_parameter(name) or cat.suggest_goal(name)
    did_you_mean = f" Did you mean {hint}?" if hint else ""
    raise UsageError(f"nothing called '{name}'.{did_you_mean} Run `rftcfg explain` for the list.")
