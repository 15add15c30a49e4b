"""`tune`: one change for a symptom named by the person or read from a reward curve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rftcfg.app.load import load_job
from rftcfg.catalog import Symptom, catalog, format_number
from rftcfg.core.errors import UsageError, shown_text
from rftcfg.core.job import Job
from rftcfg.core.resources import fill_defaults
from rftcfg.method.derive import derive_ids, with_ids
from rftcfg.method.tune import Tuning, applied, tune

if TYPE_CHECKING:  # reading and judging curves needs csv and statistics: only `tune --metrics` loads them
    from rftcfg.files.metrics import Curve
    from rftcfg.method.curves import Diagnosis


class TuneResult(NamedTuple):
    job: Job  # the job that showed the symptom
    curve: Curve | None  # read from --metrics
    diagnosis: Diagnosis | None  # what the log shows
    tuning: Tuning | None  # None: the log looks healthy, nothing to change
    tuned: Job | None  # the job with the change, under new IDs
    header: tuple[str, ...]  # provenance for the written file


def find_symptom(name: str) -> Symptom:
    found = catalog().symptom(name)
    if found is None:
        import difflib  # only this error path suggests names

        names = [n for s in catalog().symptoms.values() for n in (s.name, *s.aliases)]
        close = difflib.get_close_matches(name.strip().lower(), names, n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise UsageError(f"unknown symptom '{name}'.{hint} Symptoms: {', '.join(catalog().symptoms)}.")
    return found


def tune_file(
    path: str,
    account: str | None,
    *,
    symptom: str | None = None,
    metrics: str | None = None,
    step_column: str | None = None,
    reward_column: str | None = None,
) -> TuneResult:
    if (symptom is None) == (metrics is None):
        raise UsageError(
            f"give --symptom NAME or --metrics FILE (one of them). Symptoms: {', '.join(catalog().symptoms)}."
        )
    job = load_job(path, account).job
    chosen = find_symptom(symptom) if symptom else None
    curve = diagnosis = None
    if metrics is not None:
        from rftcfg.app.diagnosis import diagnose_log_of
        from rftcfg.files.metrics import read_log  # csv and statistics only when a log is read

        curve, beside = read_log(metrics, step_column, reward_column)
        diagnosis = diagnose_log_of(job, curve, beside)
        if diagnosis.symptom == "healthy":
            return TuneResult(job, curve, diagnosis, None, None, ())
        chosen = catalog().symptoms[diagnosis.symptom]
    assert chosen is not None
    tuning = tune(job, chosen)
    if tuning.change is None:
        return TuneResult(job, curve, diagnosis, tuning, None, ())
    change = tuning.change
    base, _ = fill_defaults(job)
    changes = {change.param: change.new}
    tuned = with_ids(applied(base, change), derive_ids(base, "tune", changes, fallback=Path(path).stem))
    header = (f"# Tuned from {shown_text(path)} for {chosen.name}: {change.param} {format_number(change.old)} -> "
              f"{format_number(change.new)} ({change.why}).",)  # fmt: skip
    return TuneResult(job, curve, diagnosis, tuning, tuned, header)
