"""Numbers as rftcfg writes them: the shortest exact text, small ones in e-notation."""

from __future__ import annotations

import math
from typing import Any

Number = int | float


def format_number(value: Any) -> str:
    """Shortest exact text for a number; below 1e-3 in e-notation (1e-4 reads better than 0.0001)."""
    if isinstance(value, bool):
        return "true" if value else "false"  # as YAML and JSON write it
    if not isinstance(value, int | float):
        return str(value)
    text = repr(value)  # the shortest text that reads back as exactly this float
    if not isinstance(value, float) or value == 0 or abs(value) >= 1e-3 or "n" in text:
        return text
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}e{int(exponent)}"
    sign, digits = ("-", text[3:]) if text.startswith("-") else ("", text[2:])  # digits after "0."
    significant = digits.lstrip("0")
    mantissa = significant[0] + (f".{significant[1:]}" if len(significant) > 1 else "")
    return f"{sign}{mantissa}e{-(len(digits) - len(significant) + 1)}"


def round_significant(value: float, digits: int, decimals: int = 0) -> float:
    """`value` rounded to `decimals` places, or more when that keeps fewer than `digits`
    significant digits: a small non-zero number never rounds to 0 (0.03125 -> 0.031 at 2 digits)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, max(decimals, digits - 1 - math.floor(math.log10(abs(value)))))
