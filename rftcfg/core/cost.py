"""Know before you launch: how much rollout work a job implies, relative to the documented
baseline on the same data, plus the guardrails that need the dataset or a pass rate to judge.

No prices: only the facts the data table states (with their source), and ratios.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import NamedTuple

from rftcfg.catalog import Number, catalog
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values


class Work(NamedTuple):
    prompts: int | None
    rollout_tokens: int  # upper bound on generated tokens (per prompt when `prompts` is None)
    tokens_ratio: float  # against the documented baseline on the same data
    steps_ratio: float  # training steps, against the same baseline
    factors: tuple[tuple[str, float], ...]  # (parameter, its share of tokens_ratio)


def estimate(job: Job, prompts: int | None = None, mean_prompt_tokens: float = 0.0) -> Work:
    """prompts x epochs x rollouts x max output tokens bounds the generated tokens. Training steps
    scale with the same samples times their length (prompt + response) over the batch size."""
    values, params = effective_values(job), catalog().parameters
    base = {k: p.default for k, p in params.items()}
    factors = tuple((k, values[k] / base[k]) for k in ("epochs", "response_candidates_count", "max_output_tokens"))
    tokens_ratio = math.prod(f for _, f in factors)
    length = (mean_prompt_tokens + values["max_output_tokens"]) / (mean_prompt_tokens + base["max_output_tokens"])
    steps_ratio = (values["epochs"] / base["epochs"]) * (
        values["response_candidates_count"] / base["response_candidates_count"]
    )
    steps_ratio *= length * base["batch_size"] / values["batch_size"]
    per_prompt = int(values["epochs"] * values["response_candidates_count"] * values["max_output_tokens"])
    total = per_prompt * (prompts if prompts is not None else 1)
    return Work(prompts, total, tokens_ratio, steps_ratio, factors)


def zero_signal_share(pass_rate: float, rollouts: int) -> float:
    """With a pass/fail reward, the chance that all n rollouts of a prompt score the same."""
    return float(pass_rate**rollouts + (1 - pass_rate) ** rollouts)


class BudgetFit(NamedTuple):
    changes: dict[str, Number]  # parameter -> new value (empty when the job already fits)
    smallest: int  # the smallest budget the valid ranges allow for this data


def fit_budget(job: Job, prompts: int, budget: int, fixed: Collection[str] = ()) -> BudgetFit:
    """Lower rollouts per prompt, then max output tokens (the lower-cost levers, in that order),
    never below their documented minimums, until prompts x epochs x rollouts x max output tokens
    fits `budget`. Parameters in `fixed` (set explicitly) are never lowered. When `smallest` is
    above `budget`, no job in the valid ranges (with the fixed values) fits."""
    params, values = catalog().parameters, effective_values(job)
    epochs = values["epochs"]
    rollouts, max_out = params["response_candidates_count"], params["max_output_tokens"]
    least_n = values[rollouts.key] if rollouts.key in fixed else rollouts.min or 1
    least_tokens = values[max_out.key] if max_out.key in fixed else max_out.min or 1
    smallest = int(prompts * epochs * least_n * least_tokens)
    per_rollout = prompts * epochs * values["max_output_tokens"]
    changes: dict[str, Number] = {}
    if per_rollout * values["response_candidates_count"] <= budget:
        return BudgetFit(changes, smallest)
    n = int(values[rollouts.key])
    if rollouts.key not in fixed:
        n = min(max(int(budget // per_rollout), int(least_n)), n)
        changes[rollouts.key] = n
    if prompts * epochs * n * values["max_output_tokens"] > budget and max_out.key not in fixed:
        changes[max_out.key] = max(int(budget // (prompts * epochs * n)), int(least_tokens))
    return BudgetFit(changes, smallest)
