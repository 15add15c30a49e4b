"""Reading a reward curve: CSV or JSONL as exported from Weights & Biases, rows without a finite
reward skipped and counted, points sorted by step."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any, NamedTuple

from rftcfg.core.errors import UsageError
from rftcfg.files.reading import read_text

STEP_NAMES = ("step", "_step", "global_step", "trainer/global_step", "train/global_step", "train/step", "iteration")


class Curve(NamedTuple):
    steps: list[float]
    rewards: list[float]
    reward_column: str
    skipped: int  # rows without a usable reward or step


def read_curve(path: str, step_column: str | None = None, reward_column: str | None = None) -> Curve:
    text = read_text(path)
    # By name, or for stdin (no name) by content: JSONL lines are objects, a CSV starts with a header.
    as_json = path.endswith((".jsonl", ".json")) or (path == "-" and text.lstrip().startswith("{"))
    rows, torn = _jsonl_rows(text) if as_json else (_csv_rows(text, path), 0)
    if not rows:
        raise UsageError(
            f"{path}: no rows of metrics found; expected CSV with a header row, or JSONL (one object per line)."
        )
    columns = list(dict.fromkeys(k for row in rows for k in row))
    step_key = _column(
        path, columns, "step", step_column or next((c for c in columns if c.lower() in STEP_NAMES), None)
    )
    reward_key = _column(path, columns, "reward", reward_column or _reward_column(columns))
    points, skipped = [], 0
    for row in rows:
        step, reward = _number(row.get(step_key)), _number(row.get(reward_key))
        if step is None or reward is None:
            skipped += 1
        else:
            points.append((step, reward))
    points.sort()
    return Curve([p[0] for p in points], [p[1] for p in points], reward_key, skipped + torn)


def _column(path: str, columns: list[str], kind: str, name: str | None) -> str:
    if name is None or name not in columns:
        among = ", ".join(columns)
        if name:
            found = f"{kind} column '{name}' is not one of {among}"
        else:
            found = f"no {kind} column among {among} ({_LOOKED_FOR[kind]})"
        raise UsageError(f"{path}: {found}; name it with --{kind}-column.")
    return name


# What the automatic choice looks for, said when it finds nothing.
_LOOKED_FOR = {
    "step": "a column named " + ", ".join(STEP_NAMES[:-1]) + f" or {STEP_NAMES[-1]}, in any case",
    "reward": 'a column whose name contains "reward"',
}


def _reward_column(columns: list[str]) -> str | None:
    # W&B exports add "<name>__MIN" / "__MAX" companions and *_std series; the plain training
    # series is the one wanted, so training rewards come before evaluation ones.
    skip = ("__min", "__max", "_step", "_std", "_stderr", "_min", "_max", "_count")
    rewards = [c for c in columns if "reward" in c.lower() and not c.lower().endswith(skip)]
    rewards.sort(key=lambda c: ("train" not in c.lower(), "eval" in c.lower()))
    return rewards[0] if rewards else None


def _csv_rows(text: str, path: str) -> list[dict[str, Any]]:
    try:
        return list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise UsageError(f"{path}: not readable as CSV: {exc}.") from None


def _jsonl_rows(text: str) -> tuple[list[dict[str, Any]], int]:
    """The rows, and how many lines were not a JSON object (torn or partial lines)."""
    rows, torn = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            row = None
        if isinstance(row, dict):
            rows.append(row)
        else:
            torn += 1
    return rows, torn


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
