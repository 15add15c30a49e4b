"""The terminal chart, to the character: two curves, where they meet, a single point, a flat
curve, curves of different lengths, long legends, and a clear minimum size; and for any input,
exactly `height` lines of at most `width` characters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftcfg.core.errors import UsageError
from rftcfg.formats.chart import BOTH, MARKS, chart, minimum_width

A = (
    "A base",
    [0, 100, 200, 300, 400, 500, 600, 700, 800, 900],
    [0.1, 0.3, 0.45, 0.55, 0.6, 0.62, 0.63, 0.64, 0.64, 0.65],
)
B = ("B lr 5e-5", [0, 100, 200, 300, 400, 500], [0.1, 0.2, 0.3, 0.38, 0.44, 0.5])  # a shorter run


def test_two_curves_of_different_lengths_share_the_axes_and_mark_where_they_meet() -> None:
    assert chart([A, B], 40, 10) == (
        "0.65 ┤                  ●   ●   ●  ●   ●\n"
        "     │           ●   ●\n"
        "     │       ●       ○  ○\n"
        "     │           ○\n"
        "     │    ●  ○\n"
        "     │    ○\n"
        " 0.1 ┤◉\n"
        "     └──────────────────────────────────\n"
        "      0                              900\n"
        "● A base  ○ B lr 5e-5  ◉ both"
    )


def test_one_point() -> None:
    assert chart([("only", [3.0], [0.42])], 20, 6) == (
        "     │\n"
        "0.42 ┤●\n"
        "     │\n"
        "     └──────────────\n"
        "      3\n"
        "● only"
    )  # fmt: skip


def test_a_flat_curve_sits_in_the_middle_with_one_label() -> None:
    assert chart([("flat", [0, 1, 2, 3], [0.5] * 4)], 24, 6) == (
        "    │\n"
        "0.5 ┤●     ●     ●     ●\n"
        "    │\n"
        "    └───────────────────\n"
        "     0                 3\n"
        "● flat"
    )  # fmt: skip


def test_crossing_curves_and_a_legend_cut_to_the_width() -> None:
    assert chart([("a run with a long name", [0, 1], [0, 1]), ("another run with a long name", [0, 1], [1, 0])], 30, 7) == (
        "1.0 ┤○                       ●\n"
        "    │\n"
        "    │\n"
        "0.0 ┤●                       ○\n"
        "    └─────────────────────────\n"
        "     0                       1\n"
        "● a run with …  ○ another run…"
    )  # fmt: skip


def test_a_million_points_become_one_mean_a_column() -> None:
    n = 1_000_000
    assert chart([("ramp", range(n), [i / n for i in range(n)])], 24, 6) == (
        " 0.983 ┤            ●●●●\n"
        "       │    ●●●●●●●●\n"
        "0.0167 ┤●●●●\n"
        "       └────────────────\n"
        "        0        999,999\n"
        "● ramp"
    )  # fmt: skip


@pytest.mark.parametrize(("width", "height"), [(15, 10), (40, 5), (0, 0)])
def test_too_small_is_a_clear_error_naming_the_minimum(width: int, height: int) -> None:
    with pytest.raises(UsageError) as caught:
        chart([A], width, height)
    assert str(caught.value) == (
        f"a chart needs at least 16 columns and 6 lines; there are {width} and {height}. "
        "Widen the terminal, or leave the chart out."
    )
    assert minimum_width([A]) == 16
    assert chart([A], 16, 6).count("\n") == 5


def test_no_points_at_all_and_too_many_series() -> None:
    assert chart([("empty", [], [])], 40, 10) == "(no points to draw)"
    with pytest.raises(ValueError, match="1 to 4 series"):
        chart([A] * 5, 80, 20)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
curves = st.lists(st.tuples(finite, finite), min_size=1, max_size=60).map(lambda p: sorted(p))


@settings(max_examples=150, deadline=None)
@given(st.lists(curves, min_size=1, max_size=4), st.integers(0, 40), st.integers(0, 12))
def test_any_curves_fill_exactly_the_given_size(
    points: list[list[tuple[float, float]]], extra_w: int, extra_h: int
) -> None:
    series = [(f"run {i}", [p[0] for p in c], [p[1] for p in c]) for i, c in enumerate(points)]
    width, height = minimum_width(series) + extra_w, 6 + extra_h
    lines = chart(series, width, height).splitlines()
    assert len(lines) == height
    assert all(len(line) <= width for line in lines)
    plotted = "".join(lines[: height - 3])
    for mark in MARKS[: len(series)]:
        assert mark in plotted or BOTH in plotted  # every series shows, alone or where it meets another
