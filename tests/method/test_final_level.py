"""method/curves.final_level: the one definition of where a reward curve ended."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=400))
def test_final_level_is_the_mean_of_the_last_tenth_of_the_running_median(rewards: list[float]) -> None:
    """The one definition of a curve's final level (diagnose's `end`, `rftcfg runs`' final reward),
    checked against statistics.median over each window, written out independently."""
    from rftcfg.catalog import catalog
    from rftcfg.method.curves import final_level

    n = len(rewards)
    half = max(3, round(n * catalog().curve_rules.smoothing_fraction)) // 2
    smooth = [statistics.median(rewards[max(0, i - half) : i + half + 1]) for i in range(n)]
    expected = statistics.fmean(smooth[-max(1, n // 10) :])
    assert final_level(rewards) == pytest.approx(expected, rel=1e-12, abs=1e-9)


def test_final_level_refuses_an_empty_curve() -> None:
    from rftcfg.method.curves import final_level

    with pytest.raises(ValueError, match="empty"):
        final_level([])
