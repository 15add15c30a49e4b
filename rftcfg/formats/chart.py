"""Reward curves drawn together in the terminal: one mark per series in each column (the mean of
the points that fall in it), a y axis labelled with the lowest and highest drawn reward, an x axis
with the first and last step, and a legend. Plain text, so it can be tested to the character.

    0.81 ┤           ○○○○○○○○○○
         │      ○○○●●●●●●●●●●●●
         │  ○●●●
    0.15 ┤●○
         └─────────────────────
          0                 500
         ● A baseline  ○ B lr 5e-5  ◉ both

No plotting library: the one job here is a few dozen characters a row, and every library weighed
costs more start-up than the whole of rftcfg (see the report in benchmarks/compare.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from rftcfg.catalog import format_number, round_significant
from rftcfg.core.errors import UsageError

MARKS = ("●", "○", "▲", "△")  # one a series, in order; a cell two series share shows BOTH
BOTH = "◉"
MIN_COLUMNS = 10  # plotted columns: fewer cannot show the shape of a curve
MIN_ROWS = 3
FRAME_ROWS = 3  # x axis, x labels, legend
SIGNIFICANT = 3

Drawn = tuple[str, Sequence[float], Sequence[float]]  # legend label, steps, values


def chart(series: Sequence[Drawn], width: int, height: int) -> str:
    """`series` (at most len(MARKS)) in exactly `height` lines of at most `width` characters."""
    if not 1 <= len(series) <= len(MARKS):
        raise ValueError(f"chart draws 1 to {len(MARKS)} series, not {len(series)}")
    drawn = [s for s in series if len(s[1])]
    if not drawn:
        return "(no points to draw)"
    x_low = min(min(s[1]) for s in drawn)
    x_high = max(max(s[1]) for s in drawn)
    need = minimum_width(series)
    rows = height - FRAME_ROWS
    if width < need or rows < MIN_ROWS:
        raise UsageError(
            f"a chart needs at least {need} columns and {MIN_ROWS + FRAME_ROWS} lines; "
            f"there are {width} and {height}. Widen the terminal, or leave the chart out."
        )
    label = _label_width(series)
    while True:  # the labels are of the drawn means; one longer than the raw extremes' takes a column more
        columns = [_columns(steps, values, x_low, x_high, width - label - 2) for _, steps, values in series]
        means = [v for c in columns for v in c if v is not None]
        y_low, y_high = min(means), max(means)
        if max(len(_y(y_low)), len(_y(y_high))) <= label:
            break
        label = max(len(_y(y_low)), len(_y(y_high)))
    grid = [[" "] * len(columns[0]) for _ in range(rows)]
    for mark, column in zip(MARKS, columns, strict=False):
        for x, value in enumerate(column):
            if value is None:
                continue
            y = round((y_high - value) / (y_high - y_low) * (rows - 1)) if y_high > y_low else rows // 2
            grid[y][x] = mark if grid[y][x] in (" ", mark) else BOTH
    return "\n".join(_frame(series, grid, label, (y_low, y_high), (x_low, x_high), width))


def minimum_width(series: Sequence[Drawn]) -> int:
    return _label_width(series) + 2 + MIN_COLUMNS


def _label_width(series: Sequence[Drawn]) -> int:
    values = [v for s in series for v in (min(s[2]), max(s[2])) if len(s[2])]
    return max((len(_y(v)) for v in values), default=1)


def _columns(steps: Sequence[float], values: Sequence[float], low: float, high: float, n: int) -> list[float | None]:
    """The mean of the values whose step falls in each of `n` columns, None where none does."""
    sums, counts = [0.0] * n, [0] * n
    span, last = high - low, n - 1
    for step, value in zip(steps, values, strict=True):
        x = min(last, round((step - low) / span * last)) if span > 0 else 0  # a share first: no inf for a tiny span
        sums[x] += value
        counts[x] += 1
    return [s / c if c else None for s, c in zip(sums, counts, strict=True)]


def _frame(series: Sequence[Drawn], grid: list[list[str]], label: int, y: tuple[float, float],
           x: tuple[float, float], width: int) -> list[str]:  # fmt: skip
    (y_low, y_high), (x_low, x_high) = y, x
    rows = len(grid)
    marked = {0: _y(y_high), rows - 1: _y(y_low)} if y_high > y_low else {rows // 2: _y(y_low)}
    lines = [
        f"{marked[i]:>{label}} ┤{''.join(row)}".rstrip() if i in marked else f"{'':>{label}} │{''.join(row)}".rstrip()
        for i, row in enumerate(grid)
    ]
    plot = len(grid[0])
    lines.append(f"{'':>{label}} └{'─' * plot}")
    first, last = _x(x_low), _x(x_high)
    gap = plot - len(first) - len(last)
    lines.append(
        f"{'':>{label}}  {first}{' ' * gap}{last}" if gap >= 1 and x_high > x_low else f"{'':>{label}}  {first}"
    )
    lines.append(_legend(series, grid, width))
    return lines


def _legend(series: Sequence[Drawn], grid: list[list[str]], width: int) -> str:
    items = [f"{mark} {name}" for mark, (name, _, _) in zip(MARKS, series, strict=False)]
    if any(BOTH in row for row in grid):
        items.append(f"{BOTH} both")
    text = "  ".join(items)
    if len(text) <= width:
        return text
    room = max(1, (width - 2 * (len(items) - 1)) // len(items))  # each item cut to an equal share
    return "  ".join(i if len(i) <= room else i[: room - 1] + "…" for i in items)


def _y(value: float) -> str:
    return format_number(round_significant(value, SIGNIFICANT, 2))


def _x(value: float) -> str:
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else format_number(round_significant(value, SIGNIFICANT))
