"""The one cost model: what a job's settings mean for the work it does, and how two jobs compare.

Every statement rftcfg makes about cost (the estimate, `diff`'s column, `tune`'s change, the
sweep summary, `explain` for a parameter or goal, `goals`) is worded from `compare` below, so
they cannot disagree. The dimensions, per prompt of the dataset (times the prompt count when
it is known):

  generated tokens  epochs x rollouts x response length: an upper bound on what rollouts
                    sample, where the response length is max output tokens, cut to what the
                    context leaves after the prompt (a response cannot outgrow the context).
  trained tokens    the same samples x their full length (prompt + response, at most the
                    max context length): what the trainer reads forwards and backwards.
  steps             trained tokens / batch size: optimizer updates. Batch size is counted in
                    tokens (PT "Batch Size"), so it sets how the same tokens are cut into steps,
                    not how many tokens there are. Each step has a fixed overhead, so fewer,
                    larger steps are the "faster throughput" the docs name.
  memory per step   not a number: three drivers that each raise it - the tokens in one step
                    (batch size), the longest sequence (max context length) and the adapter's
                    size (LoRA rank, which sets the trainable weights and their optimizer state).
                    When the drivers move apart the direction is "mixed".

"Compute" is the tokens (generated and trained). Learning rate, temperature, top-p and top-k
change which tokens are produced, not how many, so they change no dimension (top-k's latency
above 50 is a guidance warning in the data table, not a change in work). Prices come only from
the data table: its free-tier fact and Fireworks' cost-estimator page (`page_estimate`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from typing import NamedTuple

from rftcfg.catalog import Number, catalog, format_number, round_significant
from rftcfg.catalog.pricing import GpuConfig
from rftcfg.core.ids import model_size_b
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values, with_values

MEMORY_DRIVERS = {"batch_size": "batch tokens", "max_context_length": "context length", "lora_rank": "adapter size"}
DIRECTION_WORDS = {"up": "more compute", "down": "less compute", "none": "same compute", "mixed": "mixed compute"}


class Work(NamedTuple):
    """A job's work; per prompt when `prompts` is None."""

    prompts: int | None
    generated_tokens: float  # upper bound
    trained_tokens: float  # upper bound
    steps: float  # math.inf when the batch holds no tokens (an invalid job)
    memory: tuple[Number, ...]  # the MEMORY_DRIVERS' values, in that order
    values: Mapping[str, Number]  # the parameter values it was computed from


def work(values: Mapping[str, Number], prompts: int | None = None, mean_prompt_tokens: float = 0.0) -> Work:
    """The dimensions of the module docstring, for one value per parameter."""
    context = float(values["max_context_length"])
    prompt = min(float(mean_prompt_tokens), context)
    response = max(0.0, min(float(values["max_output_tokens"]), context - prompt))
    samples = float(values["epochs"]) * float(values["response_candidates_count"]) * (1 if prompts is None else prompts)
    generated, trained = samples * response, samples * (prompt + response)
    batch = float(values["batch_size"])
    steps = trained / batch if batch > 0 else math.inf  # guard: batch size 0 is invalid, never a crash
    return Work(prompts, generated, trained, steps, tuple(values[k] for k in MEMORY_DRIVERS), dict(values))


def baseline_values() -> dict[str, Number]:
    return {k: p.default for k, p in catalog().parameters.items()}


def _ratio(old: float, new: float) -> float:
    if old == new or math.isclose(old, new, rel_tol=1e-9):
        return 1.0
    return math.inf if old == 0 else new / old


def _direction(moves: Collection[str]) -> str:
    moved = set(moves) - {"none"}
    return "none" if not moved else (moved.pop() if len(moved) == 1 else "mixed")


def _way(ratio: float) -> str:
    return "none" if ratio == 1 else ("up" if ratio > 1 else "down")


class Effect(NamedTuple):
    """Job B against job A on the same data: a ratio (B / A) per counted dimension, a direction
    for memory per step, and which memory drivers moved which way."""

    generated: float
    trained: float
    steps: float
    memory: str  # up, down, none or mixed
    memory_drivers: tuple[tuple[str, str], ...]  # (parameter, up/down) for each driver that moved

    @property
    def compute(self) -> str:
        """Which way the tokens move: up, down, none or mixed (generated and trained apart)."""
        return _direction((_way(self.generated), _way(self.trained)))

    @property
    def changed(self) -> bool:
        return (self.generated, self.trained, self.steps, self.memory) != (1.0, 1.0, 1.0, "none")

    def direction(self, dimension: str) -> str:
        """up/down/none/mixed for compute, generated, trained, steps or memory."""
        if dimension == "compute":
            return self.compute
        if dimension == "memory":
            return self.memory
        ratio: float = getattr(self, dimension)
        return _way(ratio)

    def parts(self) -> list[str]:
        parts = []
        if self.generated == self.trained:
            parts += (
                [f"tokens x{show_ratio(self.generated)}"] if self.generated != 1 else []
            )  # inf: from no tokens at all
        else:
            parts += [f"{name} tokens x{show_ratio(r)}" for name, r in (("generated", self.generated),
                                                                     ("trained", self.trained)) if r != 1]  # fmt: skip
        if self.steps != 1:
            parts.append("steps without bound" if math.isinf(self.steps) else f"steps x{show_ratio(self.steps)}")
        if self.memory in ("up", "down"):
            parts.append(f"{'more' if self.memory == 'up' else 'less'} memory per step")
        elif self.memory == "mixed":
            moved = ", ".join(f"{MEMORY_DRIVERS[k]} {'up' if d == 'up' else 'down'}" for k, d in self.memory_drivers)
            parts.append(f"memory per step mixed ({moved})")
        return parts

    def words(self) -> str:
        """The one wording every command uses, e.g. `same compute (steps x0.5, more memory per step)`."""
        if not self.changed:
            return "no change in work"
        parts = self.parts()
        return DIRECTION_WORDS[self.compute] + (f" ({', '.join(parts)})" if parts else "")


def show_ratio(ratio: float) -> str:
    """A ratio as every command prints it: two decimals (x2.0, x0.25), more for a small ratio so a
    non-zero one never reads as x0.0 (x0.0078)."""
    return "inf" if math.isinf(ratio) else format_number(round_significant(ratio, 2, 2))


def compare(a: Work, b: Work) -> Effect:
    """B against A. Both should be for the same data (prompts and prompt length)."""
    drivers = tuple(
        (key, "up" if new > old else "down")
        for key, old, new in zip(MEMORY_DRIVERS, a.memory, b.memory, strict=True)
        if new != old
    )
    return Effect(
        _ratio(a.generated_tokens, b.generated_tokens),
        _ratio(a.trained_tokens, b.trained_tokens),
        _ratio(a.steps, b.steps),
        _direction([d for _, d in drivers]),
        drivers,
    )


def compare_values(a: Mapping[str, Number], b: Mapping[str, Number], mean_prompt_tokens: float = 0.0) -> Effect:
    return compare(work(a, None, mean_prompt_tokens), work(b, None, mean_prompt_tokens))


def compare_jobs(a: Job, b: Job, mean_prompt_tokens: float = 0.0) -> Effect:
    return compare_values(effective_values(a), effective_values(b), mean_prompt_tokens)


def change_effect(values: Mapping[str, Number], param: str, new: Number, mean_prompt_tokens: float = 0.0) -> Effect:
    """What setting one parameter to `new` does, everything else as in `values`."""
    return compare_values(values, {**values, param: new}, mean_prompt_tokens)


def probe_value(param: str) -> Number:
    """The value `explain` raises a parameter to from its default: the next allowed choice, or
    double, capped at the maximum; a default already at the top is halved instead."""
    p = catalog().parameters[param]
    if p.choices:
        higher = [c for c in p.choices if c > p.default]
        return higher[0] if higher else max(c for c in p.choices if c < p.default)
    doubled = p.coerce(p.default * 2)
    return doubled if p.max is None or doubled <= p.max else p.coerce(p.default / 2)


class Estimate(NamedTuple):
    work: Work
    baseline: Effect  # this job against the documented defaults on the same data
    factors: tuple[tuple[str, Number, Effect], ...]  # (parameter, value, its effect from the origin's value)
    # With a starting point (a template or file `new` began from): its values, and this job
    # against it; the factors are then counted from it too.
    start: Mapping[str, Number] | None = None
    from_start: Effect | None = None

    def origin(self, param: str) -> Number:
        return self.start[param] if self.start is not None else catalog().parameters[param].default


def estimate(
    job: Job, prompts: int | None = None, mean_prompt_tokens: float = 0.0, start: Mapping[str, Number] | None = None
) -> Estimate:
    values, base = effective_values(job), baseline_values()
    origin = dict(start) if start is not None else base
    factors = tuple(
        (k, v, change_effect(origin, k, v, mean_prompt_tokens)) for k, v in values.items() if v != origin[k]
    )
    ours = work(values, prompts, mean_prompt_tokens)
    from_start = compare(work(origin, prompts, mean_prompt_tokens), ours) if start is not None else None
    return Estimate(ours, compare(work(base, prompts, mean_prompt_tokens), ours), factors, start, from_start)


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


class PageEstimate(NamedTuple):
    """The cost-estimator page's figures for a job (table `cost_page`): an order of magnitude."""

    tokens: float | None  # prompts x epochs x rollouts x max output tokens x the page's share
    model: str | None  # the base model's ID; None for a warm start (the page needs the base model)
    config: GpuConfig | None  # None: the page does not cover this model
    price: float | None  # USD per GPU-hour of that configuration's GPU
    cost: tuple[float, float] | None  # USD, low to high; None without the page's GPU-hours rates
    free: bool  # under the free tier's size bound


def page_estimate(job: Job, prompts: int | None) -> PageEstimate:
    page, values, model = catalog().cost_page, effective_values(job), job.get("training_config.base_model")
    model_id, size = (model.rsplit("/", 1)[-1] if model else None), model_size_b(model)
    per_prompt = math.prod(float(values[k]) for k in ("epochs", "response_candidates_count", "max_output_tokens"))
    tokens = None if prompts is None else prompts * per_prompt * page.output_share
    config = page.models.get(model_id or "")
    price = page.gpu_prices[config.gpu] if config else None
    rows = page.gpu_hours_per_million  # GPU hours = tokens / 1M x the rate for the size; x price = cost
    rate = next((r for r in rows if r.otherwise or (size is not None and size < (r.below_b or 0))), None)
    cost = (tokens / 1e6 * rate.low * price, tokens / 1e6 * rate.high * price) if tokens and price and rate else None
    free = size is not None and size < catalog().facts.free_rft_below_b
    return PageEstimate(tokens, model_id, config, price, cost, free)
