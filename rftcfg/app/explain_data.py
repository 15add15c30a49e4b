"""The `explain` and `goals` pages as data, for `--json` (the same content as the text pages)."""

from __future__ import annotations

from rftcfg.app.explain_logs import detection_dict
from rftcfg.app.explain_text import describe_remedy, goal_effect, move_effect, parameter_effect
from rftcfg.catalog import Goal, Parameter, Passthrough, Rule, Setting, Symptom, catalog
from rftcfg.core.cost import Effect


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
    kind = "rule" if rule.id in catalog().rules else "finding"
    return {"kind": kind, **rule._asdict(), "source": catalog().cite(rule.source)}


def symptom_dict(symptom: Symptom) -> dict[str, object]:
    paths = {
        **{k: p.path for k, p in catalog().parameters.items()},
        **{k: i.path for k, i in catalog().settings.items()},
    }
    moves = [
        {"parameter": r.param, "path": paths[r.param], "move": describe_remedy(r), "floor": r.floor,
         "ceiling": r.ceiling, "why": r.why}
        for r in symptom.remedies
    ]  # fmt: skip
    return {"kind": "symptom", "name": symptom.name, "aliases": list(symptom.aliases), "summary": symptom.summary,
            "moves": moves, "detect": symptom.detect, **detection_dict(symptom),
            "source": catalog().cite(symptom.source)}  # fmt: skip


def passthrough_dict(item: Passthrough) -> dict[str, object]:
    return {"kind": "passthrough", "path": item.path, "flags": item.flags}


def setting_dict(item: Setting) -> dict[str, object]:
    tools = next((p.flags for p in catalog().passthrough_keys if p.path == item.path), {})
    data = item._asdict()
    data.update(kind="setting", special=[list(pair) for pair in item.special], tools=tools,
                source=catalog().cite(item.source))  # fmt: skip
    return data
