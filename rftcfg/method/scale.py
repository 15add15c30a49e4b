"""The scale a reward is on, for the rules that need "high" and "low" (method.logs): the data
table's (`log_rules.reward_scale`, 0..1), or TRL's sum of k reward functions on it, 0..k."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rftcfg.catalog import catalog
from rftcfg.method.curves import Reading
from rftcfg.method.trends import Trend


class Scale(NamedTuple):
    low: float
    high: float
    text: str  # "0..1", "0..2"
    why: str = ""  # "; the sum of 2 reward functions of 0..1 each"

    def share(self, value: float) -> float:
        return (value - self.low) / (self.high - self.low)


def reward_scale(reading: Reading, functions: Sequence[Trend]) -> Scale | None:
    """The reward's scale. With two or more per-function rewards each on the table's scale, the
    reward that ends at their sum (TRL's default) is on k times it, one that ends at their mean on
    it, and any other (weighted) on none known. Without them: the table's, if the smoothed curve
    stays on it."""
    rules = catalog().log_rules
    low, high = rules.reward_scale
    slack = rules.scale_slack * (high - low)
    k = len(functions)
    if k > 1 and all(low - slack <= min(f.smooth) and max(f.smooth) <= high + slack for f in functions):
        total = sum(f.end for f in functions)
        if abs(reading.final - total) <= k * slack:
            return Scale(
                k * low,
                k * high,
                f"{k * low:g}..{k * high:g}",
                f"; the sum of {k} reward functions of {scale_text()} each",
            )
        if abs(reading.final - total / k) > slack:
            return None  # weighted: its scale cannot be told from the functions'
    if low - slack <= min(reading.smooth) and max(reading.smooth) <= high + slack:
        return Scale(low, high, scale_text())
    return None


def scale_text() -> str:
    low, high = catalog().log_rules.reward_scale
    return f"{low:g}..{high:g}"
