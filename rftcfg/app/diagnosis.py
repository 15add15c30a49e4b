"""One diagnosis for every command that reads a run's log (`tune --metrics`, `record`, `compare`,
`next`): the reward curve with the same run's other series, read by method.logs, and the same
text wherever it is shown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rftcfg.catalog import catalog
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values

if TYPE_CHECKING:  # reading curves needs statistics: only the commands that judge one load it
    from rftcfg.core.series import Series
    from rftcfg.files.metrics import Curve
    from rftcfg.method.curves import Diagnosis

REWARD = "reward"  # the series name of a run's reward curve in the ledger


def diagnose_log_of(job: Job, curve: Curve, beside: list[Series]) -> Diagnosis:
    """The diagnosis of a run of `job`: its reward `curve` and the series `beside` it."""
    from rftcfg.method.logs import diagnose_log

    cap = effective_values(job)["max_output_tokens"]
    return diagnose_log(curve, beside, int(cap))


def diagnose_recorded(job: Job, series: Mapping[str, Series]) -> Diagnosis | None:
    """The diagnosis of a recorded run from its stored series (None without a reward curve, or
    with one too short to judge: the caller says which)."""
    curve = series.get(REWARD)
    if curve is None or len(curve.values) < catalog().curve_rules.min_points:
        return None
    from rftcfg.files.metrics import Curve

    beside = [s for name, s in series.items() if name != REWARD]
    return diagnose_log_of(job, Curve(list(curve.steps), list(curve.values), REWARD, 0), beside)


def log_lines(diagnosis: Diagnosis, indent: str = "") -> list[str]:
    """What the rest of the log adds to the reward's reading: a heading naming the series read
    and the finding acted on, then the evidence; nothing for a log with only a reward."""
    log = diagnosis.log
    if log is None:
        return []
    kinds = catalog().log_series.kinds
    shown = ", ".join(kinds[kind].short for kind, _ in log.series)
    heading = f"{indent}Training log (beside the reward: {shown}): {diagnosis.symptom}."
    return [heading, *(f"{indent}  {line}" for line in log.lines)]


def diagnosis_lines(diagnosis: Diagnosis, indent: str = "") -> list[str]:
    """The whole diagnosis for commands that show no reward heading of their own (record, compare)."""
    reward = diagnosis.log.reward_symptom if diagnosis.log is not None else diagnosis.symptom
    return [f"{indent}Reward curve: {reward}.", f"{indent}  {diagnosis.evidence}", *log_lines(diagnosis, indent)]


def diagnosis_dict(diagnosis: Diagnosis) -> dict[str, object]:
    log = diagnosis.log
    return {
        "symptom": diagnosis.symptom,
        "reward_symptom": log.reward_symptom if log is not None else diagnosis.symptom,
        "reward_evidence": diagnosis.evidence,
        "series": dict(log.series) if log is not None else {},
        "evidence": list(log.lines) if log is not None else [],
        "findings": [{"symptom": s, "evidence": e} for s, e in log.findings] if log is not None else [],
        "not_judged": list(log.not_judged) if log is not None else [],
    }
