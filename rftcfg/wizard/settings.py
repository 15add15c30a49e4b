"""The wizard's adjust step for the service settings (loss method, KL beta, chunking, ...): only
reached by choosing one by hand, never on the main path, and "leave it to the service" always
offered, since an omitted setting means the service's own default."""

from __future__ import annotations

from typing import Any

from rftcfg.app.new import NewRequest, Outcome
from rftcfg.catalog import catalog, format_number
from rftcfg.core.values import parse_setting
from rftcfg.wizard.prompter import Choice, Prompter
from rftcfg.wizard.resources import Show

PREFIX = "setting:"  # marks a setting among the adjust step's parameter choices
OMIT = ""  # the answer that leaves a setting to the service


def setting_choices(outcome: Outcome) -> list[Choice]:
    choices = []
    for item in catalog().settings.values():
        value = outcome.job.get(item.path)
        now = "the service's default" if value is None else shown(item.key, value)
        gone = ", deprecated" if item.instead else ""
        choices.append(Choice(f"{item.key} (service setting{gone}; now {now})", PREFIX + item.key))
    return choices


def shown(key: str, value: Any) -> str:
    item = catalog().settings[key]
    return (item.choice_of(value) or str(value)) if item.type == "choice" else format_number(value)


def adjust_setting(ask: Prompter, show: Show, request: NewRequest, key: str) -> NewRequest:
    item = catalog().settings[key]
    show(f"{item.key}: {item.summary} Valid {item.range_text()}; left out, {item.default_text}.")
    show(f"When to move it: {' '.join(item.when_to_move.split())}")
    current = request.settings.get(key)
    keep = {k: v for k, v in request.settings.items() if k != key}
    if item.type == "choice":
        picks = [Choice(c, c) for c in item.choices] + [Choice("leave it to the service", OMIT)]
        now = shown(key, current) if current is not None else OMIT
        answer = ask.select("adjust-setting-choice", f"{item.key}", picks, default=now)
    else:
        answer = ask.text(
            "adjust-setting-value",
            f"New value for {item.key} (empty: leave it to the service)",
            default=shown(key, current) if current is not None else OMIT,
            check=lambda text: None if not text.strip() else problem(key, text),
        )
    if not answer.strip():
        return request._replace(settings=keep)
    value, _ = parse_setting(item, answer)
    return request._replace(settings={**keep, key: value})


def problem(key: str, text: str) -> str | None:
    """What is wrong with a typed value, as the flag would say it; None when it is accepted."""
    _, found = parse_setting(catalog().settings[key], text)
    errors = [f for f in found if f.level == "error"]
    return f"{key} {errors[0].message.rstrip('.')}; {errors[0].fix}" if errors else None
