"""`compare`: what differs between two runs, and, when exactly one thing does, whether it helped.

The rules (the threshold and the words live in the data table, `compare_rules`):
1. Differences are those of `diff_jobs` (parameters at their effective values: unset is the
   documented default), plus the model, dataset, evaluator and pass-through training keys; names,
   IDs and places (`compare_rules.ignored`) are no difference.
2. Each run's result is its curve's final level (`curves.final_level`, the "end" `diagnose`
   reports), with the standard error of that level.
3. One noise width of the difference B - A is the larger of the curves' own noise (the two
   standard errors combined) and, when repeated runs of one configuration exist, their pooled
   run-to-run standard deviation times sqrt 2 (a difference of two single runs).
4. Exactly one difference: helped (B higher by more than `noise_widths` noise widths; higher
   reward is better), hurt (lower by as much), or within noise; unknown without both curves.
   Several differences: no verdict, a warning naming them. None: the same configuration.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from rftcfg.catalog import catalog
from rftcfg.core.job import Job
from rftcfg.method.curves import final_estimate
from rftcfg.method.diff import JobDiff, diff_jobs

VERDICTS = ("helped", "hurt", "within noise", "unknown")
BETTER = "higher"  # the reward is maximised: a higher final level is the better run


class Difference(NamedTuple):
    name: str  # a parameter key, a resource name or a pass-through key
    old: Any
    new: Any
    kind: str  # parameter | resource | other


class Final(NamedTuple):
    level: float  # the smoothed final reward
    stderr: float  # its standard error
    points: int


class Comparison(NamedTuple):
    diff: JobDiff
    differences: tuple[Difference, ...]  # what counts: names and IDs left out
    finals: tuple[Final | None, Final | None]  # A, B (None: no curve)
    difference: float | None  # B - A
    curve_noise: float | None  # one noise width from the curves themselves
    repeat_noise: float | None  # one noise width from repeated runs, when there are any
    repeats: int  # runs in groups of two or more that the run-to-run spread rests on
    widths: float  # how many noise widths a difference must clear
    verdict: str | None  # one of VERDICTS for exactly one difference, else None

    @property
    def kind(self) -> str:
        """one change | several | same"""
        return {0: "same", 1: "one change"}.get(len(self.differences), "several")

    @property
    def noise(self) -> float | None:
        """The noise width the verdict used: the larger of the two."""
        known = [n for n in (self.curve_noise, self.repeat_noise) if n is not None]
        return max(known) if known else None

    @property
    def noise_used(self) -> str | None:
        """curve noise | repeat noise (the words' keys in `compare_rules.wording`)."""
        if self.noise is None:
            return None
        return "repeat noise" if self.repeat_noise is not None and self.noise == self.repeat_noise else "curve noise"

    @property
    def warning(self) -> str | None:
        if self.kind != "several":
            return None
        names = ", ".join(d.name for d in self.differences)
        return f"{len(self.differences)} differences ({names}): {catalog().compare_rules.wording['several']}."


def compare_runs(
    a: Job,
    b: Job,
    rewards_a: Sequence[float] | None,
    rewards_b: Sequence[float] | None,
    repeat_finals: Sequence[Sequence[float]] = (),
) -> Comparison:
    """A against B. `repeat_finals`: groups of final rewards, each group from runs of one identical
    configuration (any configuration: the spread between repeats is taken to be the same)."""
    rules = catalog().compare_rules
    diff = diff_jobs(a, b)
    differences = _differences(diff, rules.ignored)
    finals = (_final(rewards_a), _final(rewards_b))
    difference = curve_noise = None
    first, second = finals
    if first is not None and second is not None:
        difference = second.level - first.level
        curve_noise = math.hypot(first.stderr, second.stderr)
    repeat_sd, repeats = pooled_sd(repeat_finals)
    repeat_noise = None if repeat_sd is None else math.sqrt(2) * repeat_sd
    verdict = None
    if len(differences) == 1:
        verdict = (
            "unknown"
            if difference is None
            else judge(difference, max(curve_noise or 0, repeat_noise or 0), rules.noise_widths)
        )
    return Comparison(
        diff, differences, finals, difference, curve_noise, repeat_noise, repeats, rules.noise_widths, verdict
    )


def judge(difference: float, noise: float, widths: float) -> str:
    if abs(difference) <= widths * noise:
        return "within noise"
    return "helped" if difference > 0 else "hurt"


def pooled_sd(groups: Sequence[Sequence[float]]) -> tuple[float | None, int]:
    """The pooled sample standard deviation within groups of repeats (each group around its own
    mean), and how many runs it rests on; None with no group of two or more."""
    squares, freedom, runs = 0.0, 0, 0
    for group in groups:
        if len(group) < 2:
            continue
        mean = math.fsum(group) / len(group)
        squares += math.fsum((x - mean) ** 2 for x in group)
        freedom += len(group) - 1
        runs += len(group)
    return (math.sqrt(squares / freedom), runs) if freedom else (None, 0)


def _final(rewards: Sequence[float] | None) -> Final | None:
    if rewards is None:
        return None
    level, stderr = final_estimate(rewards)
    return Final(level, stderr, len(rewards))


def same_configuration(a: Job, b: Job) -> bool:
    """Whether two jobs are repeats of one configuration: nothing differs but names and IDs."""
    return not _differences(diff_jobs(a, b), catalog().compare_rules.ignored)


def _differences(diff: JobDiff, ignored: Sequence[str]) -> tuple[Difference, ...]:
    found = [Difference(c.param, c.old, c.new, "parameter") for c in diff.parameters]
    found += [Difference(c.field, c.old, c.new, "resource") for c in diff.resources if c.field not in ignored]
    found += [Difference(c.field, c.old, c.new, "other") for c in diff.other if c.field not in ignored]
    return tuple(found)
