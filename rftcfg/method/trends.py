"""A logged series summarised as the reward curve is (method.curves): smoothed with the same
running median, its start and end the means of its first and last 10%; and places in a run,
named by step and share of the run."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import cached_property

from rftcfg.catalog import catalog, format_number
from rftcfg.core.series import Series
from rftcfg.method.median import mean, running_median


class Trend:
    """A series' start and end levels, worked out from only the points their windows reach (a
    whole log has several long series, and most rules need only these two numbers); the whole
    running median is worked out on first use, for the rules that follow a series through the run."""

    def __init__(self, series: Series) -> None:
        self.name = series.name  # as the log names it
        self.steps = series.steps
        self.values = list(series.values)
        n = len(self.values)
        self.window = max(3, round(n * catalog().curve_rules.smoothing_fraction))
        half, edge = self.window // 2, max(1, n // 10)
        # The first `edge` windows end by index edge - 1 + half; the last ones start at n - edge - half.
        head = running_median(self.values[: edge + half], self.window)[:edge]
        tail = running_median(self.values[max(0, n - edge - half) :], self.window)[-edge:]
        self.start = mean(head)  # mean of the first 10% of the running median
        self.end = mean(tail)  # mean of the last 10%

    @cached_property
    def smooth(self) -> list[float]:
        return running_median(self.values, self.window)


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


def index_at(steps: Sequence[float], step: float) -> int:
    """The index of the last of `steps` at or before `step` (the first, if none is)."""
    return max(0, bisect.bisect_right(list(steps), step) - 1)
