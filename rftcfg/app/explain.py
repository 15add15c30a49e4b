"""`explain NAME`: which page a name means (a parameter, service setting, goal, rule, finding
code, symptom, pass-through key or training-log series, by any of its names), as text and as data."""

from __future__ import annotations

from typing import NamedTuple

from rftcfg.app.explain_cost import NAMES, cost_page
from rftcfg.app.explain_data import goal_dict, parameter_dict, passthrough_dict, rule_dict, setting_dict, symptom_dict
from rftcfg.app.explain_logs import explain_series, series_dict
from rftcfg.app.explain_text import (
    explain_goal,
    explain_parameter,
    explain_passthrough,
    explain_rule,
    explain_setting,
    explain_symptom,
    overview,
)
from rftcfg.catalog import catalog
from rftcfg.catalog.types import normal_name
from rftcfg.core.errors import UsageError

# --- looking a name up ---------------------------------------------------------------------------


class Page(NamedTuple):
    text: str
    data: dict[str, object]


KINDS = ("cost", "parameter", "setting", "goal", "rule", "finding", "symptom", "passthrough", "series")


def _pages(name: str) -> list[tuple[str, Page]]:
    """Every page called `name`, in the order KINDS lists them."""
    cat = catalog()
    param, goal, rule, code = cat.parameter(name), cat.goal(name), cat.rule(name), cat.finding(name)
    symptom, passthrough, setting = cat.symptom(name), cat.passthrough(name), cat.setting(name)
    if setting is not None and passthrough is not None and passthrough.path == setting.path:
        passthrough = None  # the setting's page says all the pass-through one would, and more
    found: list[tuple[str, Page]] = []
    if normal_name(name).replace("_", "-") in NAMES:  # before the lower-cost goal, which `cost` also names
        found.append(("cost", Page(*cost_page())))
    if param is not None:
        found.append(("parameter", Page(explain_parameter(param), parameter_dict(param))))
    if setting is not None:
        found.append(("setting", Page(explain_setting(setting), setting_dict(setting))))
    if goal is not None:
        found.append(("goal", Page(explain_goal(goal), goal_dict(goal))))
    for kind, entry in (("rule", rule), ("finding", code)):
        if entry is not None:
            found.append((kind, Page(explain_rule(entry), rule_dict(entry))))
    if symptom is not None:
        found.append(("symptom", Page(explain_symptom(symptom), symptom_dict(symptom))))
    if passthrough is not None:
        found.append(("passthrough", Page(explain_passthrough(passthrough), passthrough_dict(passthrough))))
    if (series := cat.log_series.find(name)) is not None:
        found.append(("series", Page(explain_series(series), series_dict(series))))
    return found


def explain_page(name: str | None) -> Page:
    """The page for a parameter, goal, rule, finding code, symptom or pass-through key (by any of
    its names), or the overview of everything when `name` is None. `KIND:NAME` picks one kind
    where a name means two things (`symptom:overfitting`). An unknown name is a usage error."""
    cat = catalog()
    if name is None:
        everything: dict[str, object] = {
            "parameters": [parameter_dict(p) for p in cat.parameters.values()],
            "settings": [setting_dict(i) for i in cat.settings.values()],
            "goals": [goal_dict(g) for g in cat.goals.values()],
            "symptoms": [symptom_dict(s) for s in cat.symptoms.values()],
            "rules": [rule_dict(r) for r in cat.rules.values()],
            "findings": [rule_dict(r) for r in cat.findings.values()],
            "series": [series_dict(k) for k in cat.log_series.kinds.values()],
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
