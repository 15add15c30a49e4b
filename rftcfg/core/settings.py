"""The service settings (data table `settings:`): checking a job's values (flag and wizard
text is read by core.values.parse_setting). Omitted settings are the service's business and are
never filled in; only what a job sets is judged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rftcfg.catalog import Setting, catalog, format_number
from rftcfg.core.errors import Finding, by_level, finding
from rftcfg.core.job import Job


def setting_fix(item: Setting) -> str:
    return f"use {item.range_text()}, or leave it out for the service's default; see `rftcfg explain {item.key}`."


def check_settings(job: Job) -> list[Finding]:
    """Every setting the job sets, checked alone, then the rule that ties kl_beta to the method."""
    found: list[Finding] = []
    for item in catalog().settings.values():
        value = job.get(item.path)
        if value is not None:
            found += check_one(item, value)
    found += _kl_beta_rule(job)
    return by_level(found)


def check_one(item: Setting, value: Any) -> Iterable[Finding]:
    if item.type == "choice":
        if value in item.api_also:
            yield finding("guidance", f"the API lists {value}, but the RFT tuning page covers only {item.range_text()}.",
                          field=item.path, value=value, fix=setting_fix(item))  # fmt: skip
        elif item.choice_of(value) is None and value not in item.also_default:
            spelled = ", ".join(item.api_spelling(c) for c in item.choices)
            yield finding("range", f"must be {item.range_text()} (in a job file: {spelled}).", field=item.path,
                          value=value, fix=setting_fix(item))  # fmt: skip
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        return  # the job file's types report it (files.model)
    low = item.min is not None and value < item.min
    high = item.max is not None and value > item.max
    if low or high:
        reason = f" ({item.max_reason})" if high and item.max_reason else ""
        said = (
            f"is outside the valid range {item.range_text()}"
            if item.max is not None
            else f"must be {item.range_text()}"
        )
        yield finding("range", f"{said}{reason}.", field=item.path,
                      value=value, fix=setting_fix(item))  # fmt: skip
    elif item.instead:
        yield finding("deprecated", f"{item.field} is deprecated; use {item.instead} instead.", field=item.path,
                      value=value, fix=f"remove {item.field}; see `rftcfg explain {item.key}`.")  # fmt: skip


def loss_method(job: Job) -> str:
    """The loss method a job runs with: its own, or the service's default when it sets none."""
    item = catalog().settings["loss_method"]
    value = job.get(item.path)
    return (item.choice_of(value) if value is not None else None) or str(item.default)


def _kl_beta_rule(job: Job) -> Iterable[Finding]:
    item = catalog().settings["kl_beta"]
    beta, method = job.get(item.path), loss_method(job)
    if isinstance(beta, int | float) and not isinstance(beta, bool) and beta > 0 and method not in item.only_with:
        rule = catalog().rules["kl-beta-method"]
        yield finding(
            "kl-beta-method",
            f"kl_beta {format_number(beta)} with loss method {method}: {rule.summary[0].lower()}{rule.summary[1:]} "
            "The service refuses to create this job.",
            field=item.path,
            value=beta,
            fix=f"leave kl_beta out (or 0) with {method}, or set the loss method to {', '.join(item.only_with)}.",
        )


def with_settings(data: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """`data` (a job's extra keys) with the settings a person gave, by setting key."""
    job = Job(data).replace({catalog().settings[k].path: v for k, v in values.items()})
    return job.kwargs()
