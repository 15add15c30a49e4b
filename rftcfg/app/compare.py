"""`compare` and `next` on the ledger: two runs named in any form `record` accepts, their reward
curves, and the run-to-run spread of repeated configurations, handed to the pure judgement in
method/compare.py; the next single change from a run and what its lineage already knows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rftcfg.app.diagnosis import REWARD, diagnose_recorded
from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError, count
from rftcfg.ledger import Ledger, Run
from rftcfg.method.compare import Comparison, compare_runs, same_configuration

if TYPE_CHECKING:
    from rftcfg.core.series import Series
    from rftcfg.method.curves import Diagnosis


class Compared(NamedTuple):
    runs: tuple[Run, Run]
    curves: tuple[Series | None, Series | None]  # as recorded (drawn even when too short to judge)
    comparison: Comparison
    notes: tuple[str, ...]  # curves too short to judge, by run
    diagnoses: tuple[Diagnosis | None, Diagnosis | None]  # each run's log, read as `next` reads it


def too_short(run: Run, curve: Series) -> str | None:
    """Why `curve` cannot be judged (fewer points than `curve_rules.min_points`), or None."""
    least = catalog().curve_rules.min_points
    if len(curve.values) >= least:
        return None
    return f"run {run.run_id}'s reward curve has only {count(len(curve.values), 'point')}; at least {least} are needed to judge a curve"


def compare_refs(ledger: Ledger, first: str, second: str) -> Compared:
    a, b = ledger.find(first), ledger.find(second)
    if a.run_id == b.run_id:
        raise UsageError(f"{first} and {second} are the same run ({a.run_id}); name two runs to compare.")
    stored = (ledger.series(a.run_id), ledger.series(b.run_id))
    curves = (stored[0].get(REWARD), stored[1].get(REWARD))
    notes = tuple(n for run, c in zip((a, b), curves, strict=True) if c is not None and (n := too_short(run, c)))
    judged = [c.values if c is not None and too_short(run, c) is None else None for run, c in zip((a, b), curves, strict=True)]  # fmt: skip
    comparison = compare_runs(a.job, b.job, judged[0], judged[1], repeat_finals(ledger))
    diagnoses = (diagnose_recorded(a.job, stored[0]), diagnose_recorded(b.job, stored[1]))
    return Compared((a, b), curves, comparison, notes, diagnoses)


def verdict_between(ledger: Ledger, parent: Run, child: Run, repeats: Sequence[Sequence[float]]) -> str:
    """What the ledger knows of a one-change child: helped, hurt, within noise or unknown."""
    curves = (ledger.series(parent.run_id).get(REWARD), ledger.series(child.run_id).get(REWARD))
    if curves[0] is None or curves[1] is None or too_short(parent, curves[0]) or too_short(child, curves[1]):
        return "unknown"
    judged = compare_runs(parent.job, child.job, curves[0].values, curves[1].values, repeats)
    return judged.verdict or "unknown"


def repeat_finals(ledger: Ledger) -> list[list[float]]:
    """Final rewards of runs that share one configuration (names and IDs aside), in groups of two
    or more: the run-to-run spread a verdict is also judged against."""
    finals = _finals(ledger)
    runs = [r for r in ledger.runs() if finals.get(r.run_id) is not None]
    groups: list[tuple[Run, list[float]]] = []
    for run in runs:
        level = finals[run.run_id]
        assert level is not None
        home = next((g for g in groups if same_configuration(g[0].job, run.job)), None)
        if home is None:
            groups.append((run, [level]))
        else:
            home[1].append(level)
    return [levels for _, levels in groups if len(levels) > 1]


def best_run(ledger: Ledger) -> Run:
    """The run with the highest final reward so far (the newest among equals)."""
    finals = _finals(ledger)
    scored = [(finals[r.run_id], i, r) for i, r in enumerate(ledger.runs()) if finals.get(r.run_id) is not None]
    if not scored:
        raise UsageError(
            "no run has a reward curve yet, so there is no best run: attach one with "
            "`rftcfg record RUN --metrics FILE`, or name the run (`rftcfg next RUN --symptom NAME`)."
        )
    return max(scored, key=lambda s: (s[0], s[1]))[2]


def _finals(ledger: Ledger) -> dict[str, float | None]:
    """Each run's stored final reward, read from the summaries (no curve is loaded)."""
    return {run_id: named[REWARD][1] for run_id, named in ledger.summaries().items() if REWARD in named}
