"""The ledger's use cases: making one, listing its runs as a lineage, attaching a curve."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from rftcfg.app.diagnosis import REWARD, diagnose_recorded
from rftcfg.app.recording import change_text
from rftcfg.catalog import catalog, format_number, round_significant
from rftcfg.core.errors import UsageError, excerpt
from rftcfg.ledger import Ledger, Run, Series

if TYPE_CHECKING:
    from rftcfg.method.curves import Diagnosis

SIGNIFICANT = 3  # digits of a final reward shown: enough to tell runs apart, no noise digits
MAX_INDENT = 12  # lineage levels drawn as indentation; deeper runs name their parent instead


class Listed(NamedTuple):
    run: Run
    depth: int
    last: tuple[bool, ...]  # for each level down to this run: was it its parent's last child
    final: float | None  # the smoothed final reward, when a reward curve is attached
    series: dict[str, tuple[int, float | None, str]]  # name -> (points, final, source)


def lineage(ledger: Ledger) -> list[Listed]:
    """Every run, each under its parent, in the order recorded (an explicit stack: a chain of
    thousands of one-change children must not reach Python's recursion limit)."""
    runs = ledger.runs()
    summaries = ledger.summaries()
    children: dict[str | None, list[Run]] = {}
    for run in runs:
        children.setdefault(run.parent, []).append(run)
    listed: list[Listed] = []
    stack: list[tuple[Run, tuple[bool, ...]]] = [(r, (i == 0,)) for i, r in enumerate(reversed(children.get(None, [])))]
    while stack:
        run, last = stack.pop()
        series = summaries.get(run.run_id, {})
        final = series[REWARD][1] if REWARD in series else None
        if REWARD in series and final is None:  # attached without its level: work it out now
            final = _final(ledger.series(run.run_id)[REWARD])
        listed.append(Listed(run, len(last) - 1, last, final, series))
        kids = children.get(run.run_id, [])
        stack += [(kid, (*last, i == 0)) for i, kid in enumerate(reversed(kids))]
    return listed


def _final(series: Series) -> float:
    from rftcfg.method.curves import final_level  # statistics only when a level must be worked out

    return final_level(series.values)


def _what(run: Run) -> str:
    if run.changes:
        return "; ".join(change_text(c) for c in run.changes)
    return f"{run.command}: {run.reason}" if run.reason else run.command


def runs_lines(listed: list[Listed]) -> Iterator[str]:
    for entry in listed:
        run = entry.run
        shown = min(entry.depth, MAX_INDENT)
        prefix = "".join("   " if last else "│  " for last in entry.last[1:shown]) if shown else ""
        branch = ("└─ " if entry.last[shown] else "├─ ") if shown else ""
        parent = f" (parent {run.parent})" if entry.depth > MAX_INDENT else ""
        outcome = f"final reward {_number(entry.final)}" if entry.final is not None else "no reward curve"
        job = run.job_id or run.output_model or "(no job ID)"
        yield f"{prefix}{branch}{run.run_id}  {job}  {_what(run)}  [{run.state}, {outcome}]{parent}"


def _number(value: float) -> str:
    return format_number(round_significant(value, SIGNIFICANT))


def runs_json(listed: list[Listed]) -> list[dict[str, Any]]:
    rows = []
    for entry in listed:
        run = entry.run
        row: dict[str, Any] = {k: v for k, v in run._asdict().items() if k not in ("job", "changes")}
        row["changes"] = [c._asdict() for c in run.changes]
        row["depth"] = entry.depth
        row["final_reward"] = entry.final
        row["series"] = {n: {"points": p, "final": f, "source": s} for n, (p, f, s) in entry.series.items()}
        row["job"] = run.job.kwargs()
        rows.append(row)
    return rows


class Attached(NamedTuple):
    run: Run
    series: list[Series]
    replaced: tuple[str, ...]
    final: float | None
    skipped: int
    column: str
    diagnosis: Diagnosis | None  # what the log shows (None: too short to judge)


def attach_metrics(
    ledger: Ledger,
    ref: str,
    metrics: str,
    *,
    step_column: str | None = None,
    reward_column: str | None = None,
    fireworks_job: str | None = None,
) -> Attached:
    """Read every series in `metrics` (one pass) and attach them to the run: the reward curve,
    chosen as `tune --metrics` chooses it, as "reward", and the same run's other series (reward
    std, KL, completion length, ...) under their own names."""
    from rftcfg.files.metrics import PANEL, read_series, reward_series

    run = ledger.find(ref)
    job = check_fireworks_job(fireworks_job) if fireworks_job is not None else None
    found = read_series(metrics, step_column)
    full = [s.name if s.run is None else f"{s.run}{PANEL}{s.name}" for s in found]
    if reward_column is not None:
        chosen = next((s for s, name in zip(found, full, strict=True) if reward_column in (name, s.name)), None)
    else:
        chosen = reward_series(found)
    if chosen is None or not chosen.values:
        among = ", ".join(excerpt(n) for n in full[:20]) or "none"
        wanted = f"reward column '{excerpt(reward_column)}' is not" if reward_column else "no reward column is"
        raise UsageError(
            f"{excerpt(metrics)}: {wanted} among the series with usable values ({among}); name it with --reward-column."
        )
    column = full[found.index(chosen)]
    others = [Series(s.name, s.steps, s.values) for s in found
              if s is not chosen and s.run == chosen.run and s.name != REWARD and s.values]  # fmt: skip
    series = [Series(REWARD, chosen.steps, chosen.values), *others]
    finals = {REWARD: _final(series[0])}  # the level `runs` and `compare` show; the others' on demand
    source = metrics if metrics == "-" else str(Path(metrics).absolute())
    replaced = ledger.attach(run.run_id, series, source=source, fireworks_job=job, finals=finals)
    diagnosis = diagnose_recorded(run.job, {s.name: s for s in series})  # as `next` and `compare` will read it
    return Attached(run, series, replaced, finals.get(REWARD), 0, column, diagnosis)


_JOB_NAME = re.compile(r"^accounts/([^/\s]+)/reinforcementFineTuningJobs/([^/\s]+)$")


def check_fireworks_job(name: str) -> str:
    """A Fireworks job: its full name or its short ID (ids.pattern)."""
    pattern = re.compile(catalog().ids.pattern)
    full = _JOB_NAME.match(name)
    short = full.group(2) if full else name
    if not pattern.match(short) or (full and not pattern.match(full.group(1))):
        raise UsageError(
            f"--job '{excerpt(name)}': not a Fireworks job; give accounts/<account>/reinforcementFineTuningJobs/<id> "
            f"or the short <id> ({catalog().ids.format})."
        )
    return name
