"""The running median (method.median) gives exactly what statistics.median gives on each window,
truncated windows at both ends included: held with hypothesis against the naive version. One
exception, on purpose: where statistics.median's (low + high) / 2 overflows to infinity on two
finite values near the largest float, ours halves first and stays finite."""

from __future__ import annotations

import math
import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from rftcfg.method.median import running_median


def naive(values: list[float], window: int) -> list[float]:
    """The definition: statistics.median of each slice (the code before, O(n * w))."""
    half = window // 2
    return [_median(values[max(0, i - half) : i + half + 1]) for i in range(len(values))]


def _median(values: list[float]) -> float:
    found = statistics.median(values)
    if math.isinf(found):  # the mean of the two middle values overflowed: the same mean, halved first
        low, high = sorted(values)[len(values) // 2 - 1 : len(values) // 2 + 1]
        return low / 2 + high / 2
    return found


def test_two_middle_values_near_the_largest_float_do_not_overflow() -> None:
    big = 8.98846567431158e307
    assert running_median([big, big], 2) == [big, big]
    assert math.isinf(statistics.median([big, big]))  # what the naive definition alone would give


# Few distinct values make ties (and duplicate removals) common; any finite float covers the rest.
VALUES = st.one_of(
    st.lists(st.sampled_from([0.0, -0.0, 1.0, 2.0, 0.5, -3.0]), max_size=200),
    st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=200),
    st.lists(st.integers(-5, 5).map(float), max_size=400),
)


@settings(max_examples=400, deadline=None)
@given(VALUES, st.integers(1, 60))
def test_the_running_median_is_exactly_the_median_of_each_window(values: list[float], window: int) -> None:
    assert running_median(values, window) == naive(values, window)


def test_long_monotone_runs_keep_the_heaps_small() -> None:
    """A rising curve leaves every departing value at the bottom of its heap: the rebuild keeps
    the result exact however many pile up."""
    values = [float(i % 997) + i / 1000 for i in range(5000)]
    assert running_median(values, 101) == naive(values, 101)
    assert running_median(values[::-1], 100) == naive(values[::-1], 100)
