"""Know before you launch: how much rollout work a job implies, relative to the documented
baseline on the same data, plus the guardrails that need the dataset or a pass rate to judge.

No prices: only the facts the data table states (with their source), and ratios.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from typing import NamedTuple

from rftcfg.catalog import Number, catalog
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values, with_values


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
    smallest: int  # the smallest budget this data allows, with the fixed values and the floors below
    least: dict[str, Number]  # rollouts / max output tokens: the lowest value the fit may use
    held: tuple[str, ...]  # why a lever stops above its documented minimum


Problem = Callable[[Job], str | None]  # what a candidate job newly gets wrong, or None


def fit_budget(
    job: Job, prompts: int, budget: int, fixed: Collection[str] = (), problem: Problem | None = None
) -> BudgetFit:
    """Lower rollouts per prompt, then max output tokens (the lower-cost levers, in that order),
    never below their documented minimums, until prompts x epochs x rollouts x max output tokens
    fits `budget`. Parameters in `fixed` (set explicitly) are never lowered. `problem` judges a
    candidate: a lever stops at the lowest value it accepts (both findings it guards against grow
    one way: fewer rollouts, more all-alike groups; fewer tokens, more cut answers). When
    `smallest` is above `budget`, no job in the valid ranges (with the fixed values) fits."""
    params, values = catalog().parameters, effective_values(job)
    epochs, held = values["epochs"], []
    least: dict[str, Number] = {}
    for key in ("response_candidates_count", "max_output_tokens"):
        param = params[key]
        lowest = values[key] if key in fixed else min(param.min or 1, values[key])
        floor, reason = _floor(job, key, int(lowest), int(values[key]), problem)
        least[key] = floor
        if reason:
            held.append(reason)
    n_key, t_key = "response_candidates_count", "max_output_tokens"
    smallest = int(prompts * epochs * least[n_key] * least[t_key])
    per_rollout = prompts * epochs * values[t_key]
    changes: dict[str, Number] = {}
    if per_rollout * values[n_key] <= budget:
        return BudgetFit(changes, smallest, least, tuple(held))
    n = min(max(int(budget // per_rollout), int(least[n_key])), int(values[n_key]))
    if n != values[n_key]:
        changes[n_key] = n
    if prompts * epochs * n * values[t_key] > budget:
        tokens = max(int(budget // (prompts * epochs * n)), int(least[t_key]))
        if tokens != values[t_key]:
            changes[t_key] = tokens
    return BudgetFit(changes, smallest, least, tuple(held))


def _floor(job: Job, key: str, lowest: int, current: int, problem: Problem | None) -> tuple[int, str | None]:
    """The lowest value in [lowest, current] that `problem` accepts (a binary search: the findings
    it guards against only grow as the value falls), and why no lower one is, if that is the case."""
    if problem is None or lowest >= current or problem(with_values(job, {key: lowest})) is None:
        return lowest, None
    good, bad = current, lowest
    while good - bad > 1:
        middle = (good + bad) // 2
        if problem(with_values(job, {key: middle})) is None:
            good = middle
        else:
            bad = middle
    why = problem(with_values(job, {key: good - 1}))
    return good, f"{key} stays at {good} or more: {good - 1} would {why}"
