"""Know before you launch: how much rollout work a job implies, relative to the documented
baseline on the same data, plus the guardrails that need the dataset or a pass rate to judge.

No prices: only the facts the data table states (with their source), and ratios.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import NamedTuple

from .catalog import Number, catalog, format_number
from .errors import Finding
from .ids import model_size_b
from .job import Job
from .preflight import DatasetStats
from .tuning import effective_values


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


def estimate_lines(job: Job, work: Work) -> list[str]:
    params = catalog().parameters
    values = effective_values(job)
    scope = f"{work.prompts:,} prompts" if work.prompts is not None else "each prompt"
    product = " x ".join(format_number(values[k]) for k in ("epochs", "response_candidates_count", "max_output_tokens"))
    lines = [
        f"Rollout work: at most {work.rollout_tokens:,} generated tokens for {scope} "
        f"(epochs x rollouts x max output tokens = {product}{' x prompts' if work.prompts is not None else ''}).",
        f"Against the documented baseline on the same data: rollout tokens x{_ratio(work.tokens_ratio)}, "
        f"training steps x{_ratio(work.steps_ratio)}.",
    ]
    moved = [f"{params[k].key} x{_ratio(f)}" for k, f in work.factors if f != 1]
    if moved:
        lines.append(
            f"  from: {', '.join(moved)}"
            + (
                f"; batch size {format_number(values['batch_size'])} sets steps per token"
                if values["batch_size"] != params["batch_size"].default
                else ""
            )
        )
    lines += price_facts(job)
    return lines


def price_facts(job: Job) -> list[str]:
    facts = catalog().facts
    model = job.get("training_config.base_model")
    size = model_size_b(model)
    if model is None or size is None:
        return []
    if size < facts.free_rft_below_b:
        return [f"Price: {model.rsplit('/', 1)[-1]} reads as {size:g}B parameters; {facts.free_rft}."]
    return [
        f"Price: {model.rsplit('/', 1)[-1]} reads as {size:g}B parameters, so the free tier for models under {facts.free_rft_below_b:g}B does not apply; rftcfg does not know current prices."
    ]


def _ratio(value: float) -> str:
    return format_number(round(value, 2))


def zero_signal_share(pass_rate: float, rollouts: int) -> float:
    """With a pass/fail reward, the chance that all n rollouts of a prompt score the same."""
    return float(pass_rate**rollouts + (1 - pass_rate) ** rollouts)


def guardrail_findings(
    job: Job, dataset: DatasetStats | None = None, pass_rate: float | None = None, prompts: int | None = None
) -> list[Finding]:
    rules, limits, values = catalog().rules, catalog().guardrails, effective_values(job)
    found: list[Finding] = []
    if pass_rate is not None:
        share = zero_signal_share(pass_rate, int(values["response_candidates_count"]))
        if share > limits.zero_signal_share:
            rule = rules["zero-signal-groups"]
            found.append(Finding(
                rule.level, rule.id,
                f"with pass rate {format_number(pass_rate)} and {format_number(values['response_candidates_count'])} rollouts, "
                f"about {share:.0%} of prompts give every rollout the same score. {rule.explain}",
                field="inference_parameters.response_candidates_count", value=values["response_candidates_count"],
            ))  # fmt: skip
    if dataset is not None:
        found += _dataset_findings(dataset, values)
    elif prompts is not None and prompts < limits.small_dataset_rows:
        rule = rules["small-dataset"]
        found.append(Finding(rule.level, rule.id, f"{prompts} prompts. {rule.explain}"))
    return found


def _dataset_findings(dataset: DatasetStats, values: dict[str, Number]) -> list[Finding]:
    rules, limits = catalog().rules, catalog().guardrails
    found: list[Finding] = []
    if dataset.malformed:
        rule = rules["dataset-malformed"]
        found.append(
            Finding(rule.level, rule.id, f"{dataset.malformed:,} malformed lines in {dataset.path}. {rule.explain}")
        )
    if not dataset.rows:
        rule = rules["dataset-empty"]
        return [
            *found,
            Finding(
                rule.level, rule.id, f"{dataset.path}: {rule.explain}", fix="check the file, or drop --dataset-file."
            ),
        ]
    room = int(values["max_context_length"] - values["max_output_tokens"])
    over = dataset.share_longer_than(room)
    if over > limits.truncation_share:
        rule = rules["prompt-truncation"]
        found.append(Finding(
            rule.level, rule.id,
            f"{over:.0%} of prompts are longer than the {room:,} tokens left after max_output_tokens. {rule.explain}",
            field="training_config.max_context_length", value=values["max_context_length"],
        ))  # fmt: skip
    cut = dataset.share_longer_than(int(values["max_output_tokens"]), answers=True)
    if cut > limits.answer_cut_share:
        rule = rules["answers-cut"]
        found.append(Finding(
            rule.level, rule.id,
            f"{cut:.0%} of the dataset's reference answers are longer than max_output_tokens "
            f"(95th percentile about {dataset.percentile(0.95, answers=True):,} tokens). {rule.explain}",
            field="inference_parameters.max_output_tokens", value=values["max_output_tokens"],
        ))  # fmt: skip
    if dataset.rows < limits.small_dataset_rows:
        rule = rules["small-dataset"]
        found.append(Finding(rule.level, rule.id, f"{dataset.rows} prompts. {rule.explain}"))
    return found


def dataset_lines(dataset: DatasetStats) -> list[str]:
    lines = [
        f"Dataset {dataset.path}: {dataset.rows:,} rows"
        + (f", {dataset.malformed:,} malformed" if dataset.malformed else "")
        + "."
    ]
    lines += [f"  line {line}: {reason}" for line, reason in dataset.malformed_examples]
    if dataset.malformed > len(dataset.malformed_examples):
        lines.append(f"  ... and {dataset.malformed - len(dataset.malformed_examples):,} more")
    if dataset.rows:
        p = dataset.percentile
        lines.append(
            f"  prompt tokens (about 4 characters each): median {p(0.5):,}, 90th percentile {p(0.9):,}, "
            f"99th {p(0.99):,}, longest {max(dataset.prompt_tokens):,}"
        )
        lines.append("  longest prompts: " + ", ".join(f"line {line} ({tokens:,})" for tokens, line in dataset.longest))
        if dataset.answer_tokens:
            lines.append(f"  reference answers: median {p(0.5, True):,} tokens, 95th percentile {p(0.95, True):,}")
    return lines


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
