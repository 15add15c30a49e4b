"""Reading a reward curve (CSV or JSONL, as exported from Weights & Biases) and naming its shape.

The rules (thresholds live in the data table, `curve_rules`):
1. Rows without a finite reward are skipped; the rest are sorted by step.
2. The curve is smoothed with a running median (window: `smoothing_fraction` of the points,
   at least 3), which ignores single spikes and most noise.
3. start = mean of the first 10% of the smoothed curve, final (shown as "end") = mean of the
   last 10%, peak = its maximum; noise = the typical distance of raw points from the smoothed curve.
4. reward-collapse: the reward ended lower than it started (beyond the tolerance below), or the
   peak (clearing `noise_widths` raw noise widths) came before `collapse_peak_before` of the run
   and the final level gave back more than `collapse_drop` of the gain up to the peak.
5. plateau-early (no learning): final - start is within the tolerance: `noise_widths` times the
   smoothed curve's own noise (the raw points' spread over the square root of the window), or
   `flat_gain` of the curve's spread, whichever is larger.
6. still-improving: from 70% of the run to the end (the last-10% mean), the reward still rose by
   at least `rising_tail` of the total gain.
7. plateau-early: 90% of the total gain was reached within the first `plateau_reached_by`.
8. Otherwise healthy: steady improvement that levels off near the end.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import NamedTuple

from rftcfg.catalog import catalog, format_number, round_significant
from rftcfg.core.errors import UsageError, count
from rftcfg.files.metrics import Curve
from rftcfg.method.median import mean, running_median

SIGNIFICANT = 3  # digits of every reward in the evidence: enough to tell 0.81 from 0.7, no noise digits


class LogReading(NamedTuple):
    """What a training log's other series add to the reward's reading (method.logs)."""

    series: tuple[tuple[str, str], ...]  # (kind, metric name as logged) of each series read beside the reward
    reward_symptom: str  # what the reward alone reads
    lines: tuple[str, ...]  # the evidence: each finding with its series, values and place in the run
    findings: tuple[tuple[str, str], ...] = ()  # (symptom, its numbers) of each finding, acted on first
    not_judged: tuple[str, ...] = ()  # rules the log could not feed, each with the reason


class Diagnosis(NamedTuple):
    symptom: str  # the one acted on: a symptom name, or "healthy"
    evidence: str  # the reward curve's own reading, in numbers
    log: LogReading | None = None  # None: the log had nothing beside the reward to read


class Reading(NamedTuple):
    """The reward curve's reading and the numbers behind it, for the whole-log rules."""

    symptom: str
    evidence: str
    smooth: list[float]  # the running median
    start: float
    final: float
    peak_index: int
    flat: bool  # the reward barely moved over the whole run


def diagnose(curve: Curve) -> Diagnosis:
    """The symptom a reward curve shows, from the reward alone."""
    reading = read_reward(curve)
    return Diagnosis(reading.symptom, reading.evidence)


def read_reward(curve: Curve) -> Reading:
    rules = catalog().curve_rules
    rewards = curve.rewards
    n = len(rewards)
    require_points(n)
    window, edge = _window(n), _edge(n)
    smooth = running_median(rewards, window)
    start, final = mean(smooth[:edge]), final_level(rewards, smooth)
    peak_index = max(range(n), key=smooth.__getitem__)
    peak = smooth[peak_index]
    # How far the smoothed curve itself wanders by chance: the raw points' spread around it,
    # shrunk by the number of points each smoothed value rests on.
    raw_noise = 1.4826 * statistics.median(abs(r - s) for r, s in zip(rewards, smooth, strict=True))
    spread = max(smooth) - min(smooth)
    tolerance = max(rules.noise_widths * raw_noise / math.sqrt(window), rules.flat_gain * spread)
    gain = final - start
    at = peak_index / (n - 1)
    # Say which numbers are smoothed, and give the raw ones a person can find in W&B beside them.
    numbers = (
        f"smoothed: start {_f(start)}, peak {_f(peak)} at {at:.0%} of the run, end {_f(final)} "
        f"(raw: first {_f(rewards[0])}, highest {_f(max(rewards))}, last {_f(rewards[-1])})"
    )

    def said(symptom: str, why: str, flat: bool = False) -> Reading:
        return Reading(symptom, f"{numbers}: {why}", smooth, start, final, peak_index, flat)

    if gain < -tolerance:
        return said("reward-collapse", "the reward ended lower than it started.")
    # The highest of many smoothed points sits above the rest by chance, so a peak must clear the
    # raw points' own noise to count.
    rose = peak - start > max(tolerance, rules.noise_widths * raw_noise)
    if at < rules.collapse_peak_before and rose and peak - final > rules.collapse_drop * (peak - start):
        return said("reward-collapse", "the reward gave back most of its gain after peaking.")
    if gain <= tolerance:
        return said("plateau-early", "the reward barely moved over the whole run.", flat=True)
    middle = int(n * rules.tail_from)
    tail = final - mean(smooth[max(0, middle - edge // 2) : middle + edge // 2 + 1])
    if tail >= rules.rising_tail * gain:
        share = f"{1 - rules.tail_from:.0%}"
        return said("still-improving", f"the last {share} of the run still added {tail / gain:.0%} of the gain.")
    reached = gain_reached(smooth, start, gain) / (n - 1)
    if reached <= rules.plateau_reached_by:
        return said("plateau-early", f"90% of the gain was in by {reached:.0%} of the run, then it stalled.")
    return said("healthy", "steady improvement that levels off near the end.")


def gain_reached(smooth: Sequence[float], start: float, gain: float) -> int:
    """The index where the smoothed curve first holds 90% of its gain (`gain` > 0): the "by when"
    of plateau-early here and of saturated in method.logs."""
    return next(i for i, s in enumerate(smooth) if s >= start + 0.9 * gain)


def final_level(rewards: Sequence[float], smooth: Sequence[float] | None = None) -> float:
    """Where a curve ended: the mean of the last 10% of its running median (`smooth`, when the
    caller has it already). The one definition `diagnose` and `compare` share."""
    if not rewards:
        raise ValueError("final_level of an empty curve")
    tail = _smoothed_tail(rewards) if smooth is None else smooth[-_edge(len(rewards)) :]
    return mean(tail)


def final_estimate(rewards: Sequence[float]) -> tuple[float, float]:
    """The final level and its standard error: the raw points' spread around the smoothed curve
    over the last 10% (robust: 1.4826 x the median distance, as `diagnose` measures noise),
    over the square root of the points the level averages."""
    require_points(len(rewards))
    tail = _smoothed_tail(rewards)
    edge = len(tail)
    spread = 1.4826 * statistics.median(abs(r - s) for r, s in zip(rewards[-edge:], tail, strict=True))
    return mean(tail), spread / math.sqrt(edge)


def _smoothed_tail(rewards: Sequence[float]) -> list[float]:
    """The running median of the last 10% of the points, computed from only the points their
    windows reach: the same numbers as the whole curve's, about 7x faster."""
    n, window = len(rewards), _window(len(rewards))
    half, edge = window // 2, _edge(n)
    start = max(0, n - edge - half)
    smooth = running_median(list(rewards[start:]), window)  # windows from `start + half` on are whole on the left
    return smooth[-edge:]


def require_points(n: int) -> None:
    rules = catalog().curve_rules
    if n < rules.min_points:
        raise UsageError(
            f"only {count(n, 'usable reward point')}; at least {rules.min_points} are needed to judge a curve."
        )


def _window(n: int) -> int:
    return max(3, round(n * catalog().curve_rules.smoothing_fraction))


def _edge(n: int) -> int:
    return max(1, n // 10)  # the first or last 10% of the points


def _f(value: float) -> str:
    return format_number(round_significant(value, SIGNIFICANT))
