"""A logged series summarised as the reward curve is (method.curves): smoothed with the same
running median, its start and end the means of its first and last 10%; and places in a run,
named by step and share of the run."""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Sequence
from typing import NamedTuple

from rftcfg.catalog import catalog, format_number
from rftcfg.core.series import Series
from rftcfg.method.median import running_median


class Trend(NamedTuple):
    name: str  # as the log names it
    steps: Sequence[float]
    values: Sequence[float]
    smooth: list[float]
    start: float  # mean of the first 10% of the running median
    end: float  # mean of the last 10%


class RunPlaces:
    """Places in the run, by the reward curve's steps."""

    def __init__(self, steps: Sequence[float]) -> None:
        self.first, self.last = steps[0], steps[-1]

    def share(self, step: float) -> float:
        return (step - self.first) / (self.last - self.first) if self.last > self.first else 0.0

    def at(self, step: float) -> str:
        shown = format_number(int(step)) if step == int(step) else format_number(step)
        return f"step {shown} ({self.share(step):.0%} of the run)"

    def halfway(self, steps: Sequence[float], smooth: Sequence[float], i: int, before: float, end: float) -> str:
        """The first step from `i` on where `smooth` is half-way from `before` to `end`."""
        middle = (before + end) / 2
        rising = end > before
        j = next((j for j in range(i, len(smooth)) if (smooth[j] >= middle) == rising), len(smooth) - 1)
        return self.at(steps[j])


def trend(s: Series) -> Trend:
    values = list(s.values)
    n = len(values)
    smooth = running_median(values, max(3, round(n * catalog().curve_rules.smoothing_fraction)))
    edge = max(1, n // 10)
    return Trend(s.name, s.steps, values, smooth, statistics.fmean(smooth[:edge]), statistics.fmean(smooth[-edge:]))


def index_at(steps: Sequence[float], step: float) -> int:
    """The index of the last of `steps` at or before `step` (the first, if none is)."""
    return max(0, bisect.bisect_right(list(steps), step) - 1)
