"""The `explain` and `goals` pages, as text and as data for `--json` (pure: returns them)."""

from __future__ import annotations

from rftcfg.app.explain_logs import detection_lines
from rftcfg.catalog import (
    Goal,
    Move,
    Number,
    Parameter,
    Passthrough,
    Remedy,
    Rule,
    Setting,
    Symptom,
    catalog,
    format_number,
)  # fmt: skip
from rftcfg.core.cost import Effect, baseline_values, change_effect, compare_values, probe_value
from rftcfg.core.moves import bounded, moved
from rftcfg.core.plan import make_plan

WIDTH = 96


def _wrap(text: str, indent: str = "  ") -> str:
    import textwrap  # only `explain` and `goals` wrap text; `new` should not pay for the import

    return textwrap.fill(
        " ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    )  # never "policy-not-\n moving": names keep their hyphens whole


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


def describe_remedy(remedy: Remedy) -> str:
    """`halve, not below 5e-05`: the move `tune` would make, with the docs' bound on it."""
    if remedy.to is not None:
        move = f"set to {format_number(remedy.to)}"
    elif remedy.scale is not None:
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


def explain_symptom(symptom: Symptom) -> str:
    aliases = f", also: {', '.join(symptom.aliases)}" if symptom.aliases else ""
    lines = [f"{symptom.name} (symptom{aliases})", _wrap(symptom.summary), ""]
    lines.append("Single moves, in order (`rftcfg tune` makes the first that changes the job):")
    for number, remedy in enumerate(symptom.remedies, 1):
        lines.append(f"  {number}. {remedy.param:<26} {describe_remedy(remedy)}: {remedy.why}")
    lines += [
        "",
        *(_wrap(line, "") for line in detection_lines(symptom)),
        "",
        f"Source: {catalog().cite(symptom.source)}",
    ]
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


def explain_setting(item: Setting) -> str:
    """A service setting's page: what it does, what omitting it means, its range and its source."""
    tools = next((p.flags for p in catalog().passthrough_keys if p.path == item.path), {})
    flags = "; ".join(f"{tool} {flag or '(no flag: API and SDK only)'}" for tool, flag in tools.items())
    lines = [
        f"{item.key} ({item.path}; flag {item.flag}; service setting{', deprecated' if item.instead else ''})",
        _wrap(item.summary),
        "",
        f"  omitted      {item.default_text}; rftcfg leaves it out unless you set it",
        f"  valid        {item.range_text()}" + (f" ({item.max_reason})" if item.max_reason else ""),
    ]
    lines += [f"  {format_number(value):<12} {text}" for value, text in item.special]
    lines += [f"  {choice:<12} {' '.join(text.split())}" for choice, text in item.choice_help.items()]
    if item.instead:
        lines.append(f"  instead      {item.instead}")
    lines += ["", "When to move it:", _wrap(item.when_to_move)]
    if tools:
        lines += ["", f"Tools: {flags}"]
    cited = catalog().cite(item.source)
    lines += ["", f"Source: {cited}" + ("" if item.read in cited else f" (read {item.read})")]
    return "\n".join(lines)


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
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        ("Parameters (rftcfg explain NAME for details):",
         [(p.key, f"default {format_number(p.default):<8} {p.summary}") for p in cat.parameters.values()]),
        ("Service settings (omitted: the service's default; rftcfg explain NAME):",
         [(i.key, i.summary) for i in cat.settings.values()]),
        ("Goals (rftcfg explain GOAL):", [(g.name, g.summary) for g in cat.goals.values()]),
        ("Symptoms (rftcfg explain SYMPTOM; * = `tune --metrics` can detect it):",
         [(s.name + (" *" if s.detect else ""), s.summary) for s in cat.symptoms.values()]),
        ("Rules (rftcfg explain RULE):", [(r.id, f"{r.level:<8} {r.summary}") for r in cat.rules.values()]),
        ("Other findings (rftcfg explain CODE):", [(f.id, f"{f.level:<8} {f.summary}") for f in cat.findings.values()]),
        ("Training-log series, read beside the reward by tune --metrics, record, compare, next (rftcfg explain SERIES):",
         [(k.key, k.label) for k in cat.log_series.kinds.values()]),
    ]  # fmt: skip
    lines: list[str] = []
    for title, rows in sections:
        lines += ["", title] if lines else [title]
        lines += [f"  {name:<26} {text}" for name, text in rows]
    return "\n".join(lines)
