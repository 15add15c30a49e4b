"""Dataset pre-flight: read a local JSONL training file (Fireworks chat format) in one streaming
pass and keep only counts, so memory stays flat however large the file is.

Token counts are approximations: characters x `tokens_per_char` from the data table (about four
characters per token for English text); the real tokenizer of each model differs.
"""

from __future__ import annotations

import heapq
import json
import math
from collections import Counter
from typing import Any

from rftcfg.catalog import catalog
from rftcfg.core.dataset import DatasetStats
from rftcfg.files.source import lines, open_input, size_text

SHOWN_MALFORMED = 5
SHOWN_LONGEST = 3


def approx_tokens(text: str) -> int:
    return math.ceil(len(text) * catalog().facts.tokens_per_char)


def read_dataset(path: str) -> DatasetStats:
    """One pass over the file (or stdin), line by line through the one bounded reader; a row
    longer than `input_limits.line_bytes` is malformed and never held whole; unreadable files
    are usage errors (exit 2)."""
    prompts: Counter[int] = Counter()
    answers: Counter[int] = Counter()
    longest: list[tuple[int, int]] = []
    malformed: list[tuple[int, str]] = []
    bad = rows = 0
    limit = catalog().input_limits.line_bytes
    with open_input(path) as handle:
        for number, raw in enumerate(lines(handle, limit), start=1):
            if raw is not None and not raw.strip():
                continue
            parsed = _row(raw) if raw is not None else f"longer than {size_text(limit)} (input_limits.line_bytes)"
            if isinstance(parsed, str):
                bad += 1
                if len(malformed) < SHOWN_MALFORMED:
                    malformed.append((number, parsed))
                continue
            rows += 1
            prompt, answer = parsed
            prompts[prompt] += 1
            if answer is not None:
                answers[answer] += 1
            heapq.heappush(longest, (prompt, -number))
            if len(longest) > SHOWN_LONGEST:
                heapq.heappop(longest)
    top = tuple((tokens, -line) for tokens, line in sorted(longest, reverse=True))
    return DatasetStats(path, rows, bad, tuple(malformed), prompts, answers, top)


def _row(raw: bytes) -> tuple[int, int | None] | str:
    """(prompt tokens, answer tokens or None) for a good row, else the reason it is malformed."""
    try:
        # An editor's byte-order mark is not part of line 1; numbers are never needed, so every
        # integer is read as a float (no int() of thousands of digits).
        row = json.loads(raw.decode("utf-8-sig"), parse_int=float)
    except UnicodeDecodeError:
        return "not UTF-8 text"
    except json.JSONDecodeError as exc:
        return f"not JSON ({exc.msg})"
    except RecursionError:  # json's C decoder stops cleanly at Python's recursion limit
        return "not JSON (nested too deeply)"
    messages = row.get("messages") if isinstance(row, dict) else None
    if not isinstance(messages, list) or not messages:
        return "no `messages` list"
    texts: list[tuple[str, str]] = []
    for message in messages:
        role = message.get("role") if isinstance(message, dict) else None
        content = _text(message.get("content")) if isinstance(message, dict) else None
        if not isinstance(role, str) or content is None:
            return "a message without a `role` and text `content`"
        texts.append((role, content))
    answer = texts.pop()[1] if texts[-1][0] == "assistant" and len(texts) > 1 else None
    prompt = sum(approx_tokens(content) for _, content in texts)
    return prompt, approx_tokens(answer) if answer is not None else None


def _text(content: Any) -> str | None:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # multi-part content: keep the text parts
        parts = [str(p["text"]) for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)]
        return "".join(parts) if parts or not content else None
    return None
