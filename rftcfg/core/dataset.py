"""What a dataset pre-flight found: counts and length histograms, never the rows themselves."""

from __future__ import annotations

import math
from collections import Counter
from typing import NamedTuple


class DatasetStats(NamedTuple):
    path: str
    rows: int
    malformed: int
    malformed_examples: tuple[tuple[int, str], ...]  # (line, reason), the first few
    prompt_tokens: Counter[int]  # approximate prompt length -> how many rows
    answer_tokens: Counter[int]  # length of the final assistant message, where there is one
    longest: tuple[tuple[int, int], ...]  # (tokens, line), longest prompts first

    def percentile(self, q: float, answers: bool = False) -> int:
        counts = self.answer_tokens if answers else self.prompt_tokens
        total = sum(counts.values())
        if not total:
            return 0
        rank, seen = math.ceil(q * total), 0
        for length in sorted(counts):
            seen += counts[length]
            if seen >= rank:
                return length
        return max(counts)

    def mean_prompt_tokens(self) -> float:
        total = sum(self.prompt_tokens.values())
        return sum(length * n for length, n in self.prompt_tokens.items()) / total if total else 0.0

    def share_longer_than(self, limit: int, answers: bool = False) -> float:
        counts = self.answer_tokens if answers else self.prompt_tokens
        total = sum(counts.values())
        return sum(n for length, n in counts.items() if length > limit) / total if total else 0.0
