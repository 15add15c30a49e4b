"""`compare` and `next` on the ledger: two runs named in any form `record` accepts, their reward
curves, and the run-to-run spread of repeated configurations, handed to the pure judgement in
method/compare.py; the next single change from a run and what its lineage already knows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rftcfg.app.runs import REWARD
from rftcfg.core.errors import UsageError
from rftcfg.ledger import Ledger, Run
from rftcfg.method.compare import Comparison, compare_runs, same_configuration

if TYPE_CHECKING:
    from rftcfg.core.series import Series


class Compared(NamedTuple):
    runs: tuple[Run, Run]
    curves: tuple[Series | None, Series | None]
    comparison: Comparison


def compare_refs(ledger: Ledger, first: str, second: str) -> Compared:
    a, b = ledger.find(first), ledger.find(second)
    if a.run_id == b.run_id:
        raise UsageError(f"{first} and {second} are the same run ({a.run_id}); name two runs to compare.")
    curves = (ledger.series(a.run_id).get(REWARD), ledger.series(b.run_id).get(REWARD))
    comparison = compare_runs(
        a.job,
        b.job,
        curves[0].values if curves[0] else None,
        curves[1].values if curves[1] else None,
        repeat_finals(ledger),
    )
    return Compared((a, b), curves, comparison)


def verdict_between(ledger: Ledger, parent: Run, child: Run, repeats: Sequence[Sequence[float]]) -> str:
    """What the ledger knows of a one-change child: helped, hurt, within noise or unknown."""
    curves = (ledger.series(parent.run_id).get(REWARD), ledger.series(child.run_id).get(REWARD))
    if curves[0] is None or curves[1] is None:
        return "unknown"
    judged = compare_runs(parent.job, child.job, curves[0].values, curves[1].values, repeats)
    return judged.verdict or "unknown"


def repeat_finals(ledger: Ledger) -> list[list[float]]:
    """Final rewards of runs that share one configuration (names and IDs aside), in groups of two
    or more: the run-to-run spread a verdict is also judged against."""
    finals = {run_id: named[REWARD][1] for run_id, named in ledger.summaries().items() if REWARD in named}
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
    finals = {run_id: named[REWARD][1] for run_id, named in ledger.summaries().items() if REWARD in named}
    scored = [(finals[r.run_id], i, r) for i, r in enumerate(ledger.runs()) if finals.get(r.run_id) is not None]
    if not scored:
        raise UsageError(
            "no run has a reward curve yet, so there is no best run: attach one with "
            "`rftcfg record RUN --metrics FILE`, or name the run (`rftcfg next RUN --symptom NAME`)."
        )
    return max(scored, key=lambda s: (s[0], s[1]))[2]
