"""`next`: the next single change to try from a run, from its curve's diagnosis and what the
lineage already knows (the seeds' loop: spot a problem, change ONE parameter for it, compare,
repeat; Tuning Strategies, "One Change at a Time").

The rules (the words live in the data table, `next_rules`):
1. The symptom is the one asked for, else the diagnosis's. A healthy curve gets no change: the
   seeds advise keeping the defaults without a clear hypothesis from the metrics ("Start with
   Defaults"), and a healthy curve gives none. No curve and no symptom: nothing to go on.
2. The candidates are the symptom's single changes, in the table's order, each made as `tune`
   makes it (inside the guidance, adding no error or warning).
3. A change already tried from this run (the same parameter moved the same way) is skipped,
   whatever its verdict: trying it again answers nothing new. A change that hurt elsewhere in the
   lineage is never proposed; one that helped elsewhere is tried first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.errors import UsageError
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values
from rftcfg.method.tune import Change, try_remedy

if TYPE_CHECKING:  # judging curves needs statistics: only the caller that read a curve loads it
    from rftcfg.method.curves import Diagnosis

VERDICTS = ("helped", "hurt", "within noise", "unknown")


class Tried(NamedTuple):
    param: str  # a catalog parameter key
    old: Number | None  # None: it was unset (the documented default)
    new: Number
    verdict: str  # one of VERDICTS


class NextChange(NamedTuple):
    symptom: str | None  # the symptom acted on, "healthy", or None with nothing to go on
    change: Change | None
    reason: str
    evidence: tuple[str, ...]  # the diagnosis, then each candidate passed over and why


def next_change(
    job: Job,
    diagnosis: Diagnosis | None,
    tried: Sequence[Tried] = (),
    history: Sequence[Tried] = (),
    symptom: str | None = None,
) -> NextChange:
    """`tried`: changes already made from this run (its children) with their verdicts;
    `history`: changes elsewhere in the lineage, with theirs. `symptom` overrides the diagnosis."""
    wording = catalog().next_rules.wording
    name = symptom or (diagnosis.symptom if diagnosis is not None else None)
    seen = (diagnosis.evidence,) if diagnosis is not None else ()
    if name is None:
        return NextChange(None, None, wording["no curve"], ())
    if name == "healthy":
        return NextChange("healthy", None, wording["healthy"], seen)
    found = catalog().symptom(name)
    if found is None:
        raise UsageError(f"unknown symptom '{name}'. Symptoms: {', '.join(catalog().symptoms)}.")
    values = effective_values(job)
    evidence = list(seen)
    candidates: list[Change] = []
    for remedy in found.remedies:
        change, why_not = try_remedy(job, values, remedy)
        if change is None:
            evidence.append(f"passed over: {why_not}")
            continue
        move = f"{change.param} {format_number(change.old)} -> {format_number(change.new)}"
        if (same := _matching(change, tried, values)) is not None:
            evidence.append(f"passed over: {move}: {wording['tried']} ({same.verdict}).")
        elif _matching(change, [h for h in history if h.verdict == "hurt"], None) is not None:
            evidence.append(f"passed over: {move}: {wording['hurt before']}.")
        else:
            candidates.append(change)
    helped = [h for h in history if h.verdict == "helped"]
    candidates.sort(key=lambda c: _matching(c, helped, None) is None)  # stable: the table's order otherwise
    if not candidates:
        # A symptom whose answer, once no change is left, is to change nothing says so and why.
        return NextChange(found.name, None, found.settled or wording["exhausted"], tuple(evidence))
    chosen = candidates[0]
    if _matching(chosen, helped, None) is not None:
        evidence.append(f"{chosen.param}: {wording['helped before']}.")
    return NextChange(found.name, chosen, f"{found.name}: {chosen.why}", tuple(evidence))


def direction(old: Number, new: Number) -> int:
    return (new > old) - (new < old)


def _matching(change: Change, changes: Sequence[Tried], values: dict[str, Number] | None) -> Tried | None:
    """The first of `changes` that moved the same parameter the same way as `change`. Each is
    measured from its own old value, or, with `values` (changes from this very run), from the
    run's value, whatever `old` says."""
    if isinstance(change.old, str) or isinstance(change.new, str) or change.param in catalog().settings:
        # A service setting has no direction: the same move is the same new value.
        return next((t for t in changes if t.param == change.param and t.new == change.new), None)
    way = direction(change.old, change.new)
    for t in changes:
        if t.param != change.param:
            continue
        old = values[t.param] if values is not None else t.old
        if old is None:
            old = catalog().parameters[t.param].default
        if direction(old, t.new) == way:
            return t
    return None
