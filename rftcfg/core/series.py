"""One logged series of a training run: a reward curve, reward std, KL, completion length..."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Series(NamedTuple):
    name: str  # the metric's own name, e.g. "train/reward" (a W&B panel's "<run> - " prefix removed)
    steps: Sequence[float]  # ascending
    values: Sequence[float]  # finite, one for each step
    run: str | None = None  # the run a W&B panel export named in "<run> - <metric>", else None
