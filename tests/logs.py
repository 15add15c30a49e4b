"""Training logs made to order for the diagnosis tests (our own generators, no real run's data).

Two kinds:
- `reward_only`: a step and a reward column, the reward following a shape plus Gaussian noise;
  what a W&B panel export of one metric holds.
- `grpo_log`: every series a TRL GRPO run writes (reward, reward_std, frac_reward_zero_std,
  per-function rewards, kl, entropy, completion lengths, clipped ratio), worked out from a
  simulation rather than drawn independently, so the series agree with each other as a real
  run's do: each step samples prompts of fixed difficulty, scores `generations` rollouts each
  as pass (1) or fail (0) with probability sigmoid(skill - difficulty), and takes the group
  statistics the way TRL's GRPOTrainer logs them (group mean and standard deviation, the share
  of groups whose standard deviation is zero). Completion lengths are log-normal around the
  scenario's mean and cut at the cap, which is what TRL's `completions/clipped_ratio` counts.

Scenarios (`SCENARIOS`) are the shapes the diagnosis rules are written for; `x` is the share of
the run done (0..1) in every shape.
"""

from __future__ import annotations

import csv
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Shape = Callable[[float], float]


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _ramp(a: float, b: float, start: float = 0.0, end: float = 1.0) -> Shape:
    """a until `start`, then a straight line to b at `end`, then b."""

    def shape(x: float) -> float:
        if x <= start:
            return a
        if x >= end:
            return b
        return a + (b - a) * (x - start) / (end - start)

    return shape


def _rise(a: float, b: float, rate: float) -> Shape:
    """From a towards b, most of the way there by x = 3 / rate."""
    return lambda x: b - (b - a) * math.exp(-rate * x)


# --- reward only ---------------------------------------------------------------------------------

REWARD_SHAPES: dict[str, Shape] = {
    "reward-collapse": lambda x: x / 0.4 if x < 0.4 else max(0.15, 1 - (x - 0.4) * 3),
    "plateau-early": lambda x: 1 - math.exp(-x / 0.07),
    "still-improving": lambda x: x,
    "healthy": lambda x: 1 / (1 + math.exp(-(x - 0.45) * 12)),
    "flat": lambda x: 0.3,
    "saturated-looking": lambda x: min(0.93, 0.5 + 2.2 * x),  # the first case, reward alone
}


def reward_only(shape: Shape, *, n: int = 200, noise: float = 0.05, seed: int = 0) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [{"step": i, "reward": shape(i / (n - 1)) + rng.gauss(0, noise)} for i in range(n)]


# --- GRPO runs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    skill: Shape  # the policy's log-odds of passing a prompt of difficulty 0
    entropy: Shape  # mean token entropy
    kl: Shape  # KL to the reference model
    length: Shape  # median completion length, in tokens
    length_spread: float = 0.35  # sigma of log(length)
    difficulty_spread: float = 1.0  # sigma of the prompts' difficulty
    hard_share: float = 0.0  # prompts no rollout can pass (a task beyond the model, or a broken answer)
    cap: int = 2048  # max_output_tokens
    notes: dict[str, str] = field(default_factory=dict)


SCENARIOS: dict[str, Scenario] = {
    # Learns steadily and levels off near the end; entropy eases, KL grows slowly.
    "healthy": Scenario(
        skill=lambda x: -1.5 + 3.5 * _sigmoid((x - 0.45) * 10),
        entropy=_ramp(0.6, 0.45),
        kl=_ramp(0.0, 0.02),
        length=_ramp(380, 420),
    ),
    # The first case: the reward reaches the low 0.9s in the first fifth, then most groups
    # score alike because every rollout passes.
    "saturated": Scenario(
        skill=_rise(0.3, 5.0, 14),
        entropy=_ramp(0.5, 0.35),
        kl=_rise(0.0, 0.03, 8),
        length=_ramp(300, 280),
        difficulty_spread=0.8,
        hard_share=0.06,
    ),
    # Prompts far too hard: almost every rollout fails, so almost every group scores alike at 0.
    "no-signal": Scenario(
        skill=lambda x: -4.0,
        entropy=lambda x: 0.55,
        kl=lambda x: 0.00002,
        length=lambda x: 500,
        difficulty_spread=0.5,
    ),
    # Groups differ (the prompts are of middling difficulty) but the policy barely moves: KL stays
    # near zero and entropy steady, the mark of a step size too small to matter.
    "not-moving": Scenario(
        skill=lambda x: 0.0,
        entropy=lambda x: 0.52,
        kl=lambda x: 0.00003,
        length=lambda x: 420,
    ),
    # Answers longer than the cap: a third are cut off, and the cut ones fail.
    "truncated": Scenario(
        skill=_ramp(-0.5, 0.6),
        entropy=_ramp(0.6, 0.5),
        kl=_ramp(0.0, 0.015),
        length=lambda x: 1750,
        length_spread=0.3,
    ),
    # The second case: learns, then from about 80% of the run the reward falls to zero
    # while entropy jumps from 0.15 to 3, completions shrink and KL shoots up.
    "collapse": Scenario(
        skill=lambda x: (-1.0 + 3.0 * min(x, 0.6) / 0.6) if x < 0.8 else 2.0 - (x - 0.8) * 60,
        entropy=lambda x: 0.15 if x < 0.8 else min(3.0, 0.15 + (x - 0.8) * 40),
        kl=lambda x: 0.02 * x if x < 0.8 else min(0.6, 0.016 + (x - 0.8) * 8),
        length=lambda x: 400 if x < 0.8 else max(60.0, 400 - (x - 0.8) * 5000),
    ),
}


# The finding each scenario is made for: what the whole-log diagnosis must name.
DIAGNOSED = {
    "healthy": "healthy",
    "saturated": "saturated",
    "no-signal": "no-signal",
    "not-moving": "policy-not-moving",
    "truncated": "truncated",
    "collapse": "reward-collapse",
}


def grpo_log(
    scenario: Scenario,
    *,
    steps: int = 200,
    prompts: int = 16,
    generations: int = 8,
    seed: int = 0,
    prefix: str = "train/",
    with_kl: bool = True,
    nan_every: int = 0,
    only: tuple[str, ...] | None = None,
) -> list[dict[str, Any]]:
    """One row per logged step with TRL GRPO's metric names under `prefix` (W&B's "train/"), and
    "train/global_step" (or, without a prefix, TRL's own "step"). `nan_every`: every n-th row's diagnostic series are NaN (W&B writes
    NaN where a step logged nothing). `only`: keep just these metric names (without the prefix)."""
    rng = random.Random(seed)
    pool = [rng.gauss(0, scenario.difficulty_spread) for _ in range(prompts * 8)]
    pool[: round(len(pool) * scenario.hard_share)] = [50.0] * round(len(pool) * scenario.hard_share)
    rows = []
    for step in range(steps):
        x = step / (steps - 1)
        skill = scenario.skill(x)
        means, stds, zero, passes, lengths = [], [], 0, [], []
        for difficulty in rng.sample(pool, prompts):
            p = _sigmoid(skill - difficulty)
            group = []
            for _ in range(generations):
                length = min(
                    scenario.cap, round(math.exp(rng.gauss(math.log(scenario.length(x)), scenario.length_spread)))
                )
                lengths.append(length)
                group.append(1.0 if length < scenario.cap and rng.random() < p else 0.0)  # a cut answer fails
            mean = sum(group) / generations
            std = math.sqrt(sum((r - mean) ** 2 for r in group) / (generations - 1))
            means.append(mean)
            stds.append(std)
            zero += std == 0
            passes += group
        reward = sum(means) / prompts
        row: dict[str, Any] = {
            "reward": reward,
            "reward_std": sum(stds) / prompts,
            "frac_reward_zero_std": zero / prompts,
            "rewards/accuracy_reward/mean": reward,
            "rewards/accuracy_reward/std": _std(passes),
            "entropy": max(0.0, scenario.entropy(x) + rng.gauss(0, 0.01)),
            "completions/mean_length": sum(lengths) / len(lengths),
            "completions/max_length": float(max(lengths)),
            "completions/min_length": float(min(lengths)),
            "completions/clipped_ratio": sum(n >= scenario.cap for n in lengths) / len(lengths),
            "loss": rng.gauss(0, 0.01),
            "grad_norm": abs(rng.gauss(0.3, 0.05)),
            "learning_rate": 1e-4,
            "clip_ratio/region_mean": 0.0,  # TRL's policy-ratio clipping: not a length cut
        }
        if with_kl:
            row["kl"] = max(0.0, scenario.kl(x) * (1 + rng.gauss(0, 0.05)))
        if only is not None:
            row = {k: v for k, v in row.items() if k in only}
        if nan_every and step % nan_every == nan_every - 1:
            row = {k: (v if k == "reward" else math.nan) for k, v in row.items()}
        step_name = "train/global_step" if prefix else "step"  # W&B's history, or TRL's own log_history
        rows.append({step_name: step + 1, **{prefix + k: v for k, v in row.items()}})
    return rows


def _std(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / max(1, len(values) - 1))


# --- writing -------------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    names = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, names)
        out.writeheader()
        for row in rows:
            out.writerow({k: ("nan" if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()})
    return path


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    """As TRL's trainer_state.json log_history or a JSONL export: NaN written as null."""
    lines = [
        json.dumps({k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}) for r in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_panel_csv(path: Path, rows: list[dict[str, Any]], run: str = "run-1") -> Path:
    """A W&B panel export: "Step", then "<run> - <metric>" with __MIN/__MAX companions."""
    metrics = [k for k in rows[0] if k not in ("step", "train/global_step")]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Step", *(f"{run} - {m}{s}" for m in metrics for s in ("", "__MIN", "__MAX"))])
        for i, row in enumerate(rows):
            step = row.get("step", row.get("train/global_step", i))
            out.writerow([step, *(row[m] for m in metrics for _ in range(3))])
    return path
