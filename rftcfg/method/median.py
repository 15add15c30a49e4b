"""A running median in O(n log w): two heaps with lazy deletion.

For each point i the median of values[max(0, i - half) : i + half + 1], the same windows
(truncated at both ends) and the same numbers as `statistics.median` on each slice: the middle
value of an odd window, the mean of the two middle values `(low + high) / 2` of an even one.

The lower half sits in a max-heap (negated), the upper half in a min-heap, with the lower half
never smaller and at most one larger. A value leaving the window is only counted as gone and is
dropped when it reaches the top of its heap; when gone values outnumber the live ones both heaps
are rebuilt from the live values, so neither ever holds more than about twice the window.
"""

from __future__ import annotations

import heapq
import math
import statistics
from collections import Counter
from collections.abc import Sequence


class _Window:
    def __init__(self) -> None:
        self.low: list[float] = []  # the lower half, negated (a max-heap)
        self.high: list[float] = []  # the upper half
        self.sizes = [0, 0]  # live values in low, high
        self.gone: Counter[float] = Counter()  # values left the window, still in a heap
        self.stale = 0

    def add(self, value: float) -> None:
        if not self.low or value <= -self.low[0]:
            heapq.heappush(self.low, -value)
            self.sizes[0] += 1
        else:
            heapq.heappush(self.high, value)
            self.sizes[1] += 1
        self._balance()

    def remove(self, value: float) -> None:
        self.gone[value] += 1
        self.stale += 1
        if value <= -self.low[0]:
            self.sizes[0] -= 1
            if value == -self.low[0]:
                self._prune(self.low, -1)
        else:
            self.sizes[1] -= 1
            if self.high and value == self.high[0]:
                self._prune(self.high, 1)
        self._balance()
        if self.stale > self.sizes[0] + self.sizes[1] + 16:
            self._rebuild()

    def median(self) -> float:
        if self.sizes[0] > self.sizes[1]:
            return -self.low[0]
        low, high = -self.low[0], self.high[0]
        middle = (low + high) / 2
        # Two values near the largest float overflow when added; halved first they do not.
        return middle if not math.isinf(middle) else low / 2 + high / 2

    def _prune(self, heap: list[float], sign: int) -> None:
        while heap and self.gone[sign * heap[0]] > 0:
            self.gone[sign * heap[0]] -= 1
            self.stale -= 1
            heapq.heappop(heap)

    def _balance(self) -> None:
        if self.sizes[0] > self.sizes[1] + 1:
            heapq.heappush(self.high, -heapq.heappop(self.low))
            self.sizes = [self.sizes[0] - 1, self.sizes[1] + 1]
            self._prune(self.low, -1)
        elif self.sizes[0] < self.sizes[1]:
            heapq.heappush(self.low, -heapq.heappop(self.high))
            self.sizes = [self.sizes[0] + 1, self.sizes[1] - 1]
            self._prune(self.high, 1)

    def _rebuild(self) -> None:
        gone = self.gone
        live = []
        for value in sorted([-v for v in self.low] + self.high):
            if gone[value] > 0:
                gone[value] -= 1
            else:
                live.append(value)
        lower = (len(live) + 1) // 2
        self.low = [-v for v in reversed(live[:lower])]  # descending negated: already a heap
        self.high = live[lower:]  # ascending: already a heap
        self.sizes, self.gone, self.stale = [lower, len(live) - lower], Counter(), 0


def running_median(values: list[float], window: int) -> list[float]:
    """The median of each point's window of `window` points centred on it (see the module)."""
    half = window // 2
    n = len(values)
    state = _Window()
    for value in values[: min(n, half + 1)]:
        state.add(value)
    result = []
    for i in range(n):
        result.append(state.median())
        if i + half + 1 < n:
            state.add(values[i + half + 1])
        if i - half >= 0:
            state.remove(values[i - half])
    return result


def mean(values: Sequence[float]) -> float:
    """statistics.fmean, and the same mean without overflow when the values are near the largest
    float (a diverged run logs KL of 1e308): the sum overflows where the mean does not."""
    try:
        return statistics.fmean(values)
    except OverflowError:
        return math.fsum(v / len(values) for v in values)
