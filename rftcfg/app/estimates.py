"""The estimate and the dataset pre-flight as text (pure: the CLI and the wizard print it)."""

from __future__ import annotations

import math

from rftcfg.catalog import catalog, format_number, round_significant
from rftcfg.core.cost import Effect, Estimate, page_estimate
from rftcfg.core.dataset import DatasetStats
from rftcfg.core.errors import count
from rftcfg.core.ids import model_size_b
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values


def compact_line(estimate: Estimate) -> str | None:
    """One line of work against the starting point (the documented baseline when there is none);
    None for a job that does the same work as it."""
    effect, against = against_what(estimate)
    if not effect.changed:
        return None
    return f"Work against {against}: {effect.words()}."


def against_what(estimate: Estimate) -> tuple[Effect, str]:
    """What the work is compared with: the starting point `new` began from, else the baseline."""
    if estimate.from_start is not None:
        return estimate.from_start, "the starting point"
    return estimate.baseline, "the documented baseline"


def estimate_lines(job: Job, estimate: Estimate) -> list[str]:
    """The detailed estimate, for a person who told us the data's size: totals, the effect of each
    parameter that moved, and the price fact the data table holds."""
    work, values = estimate.work, effective_values(job)
    effect, against = against_what(estimate)
    scope = count(work.prompts, "prompt") if work.prompts is not None else "each prompt"
    product = " x ".join(format_number(values[k]) for k in ("epochs", "response_candidates_count", "max_output_tokens"))
    product += f" x {work.prompts:,}" if work.prompts is not None else ""
    # The batch size as the job writes it (a parameter value, so no thousands separator).
    batch = f"{format_number(values['batch_size'])} token{'' if values['batch_size'] == 1 else 's'}"
    steps = (
        "no bound (the batch holds no tokens) steps"
        if math.isinf(work.steps)
        else f"about {count(math.ceil(work.steps), 'step')}"
    )
    steps = f", {steps} of {batch}" if work.prompts is not None else ""
    lines = [
        f"Work for {scope}: at most {int(work.generated_tokens):,} generated tokens (epochs x rollouts x max output "
        f"tokens{' x prompts' if work.prompts is not None else ''} = {product}), at most "
        f"{int(work.trained_tokens):,} trained tokens{steps}.",
        f"Against {against} on the same data: {effect.words()}.",
    ]
    lines += [
        f"  {k} {format_number(estimate.origin(k))} -> {format_number(v)}: {factor.words()}"
        for k, v, factor in estimate.factors
        if factor.changed
    ]
    return lines + page_lines(job, work.prompts) + price_facts(job)


def ratios_dict(effect: Effect) -> dict[str, object]:
    """An effect as JSON; a ratio with no bound (a batch of 0 tokens) is null."""

    def num(r: float) -> float | None:
        return None if math.isinf(r) else round_significant(r, 2, 4)  # a non-zero ratio never 0.0

    return {
        "rollout_tokens_vs_baseline": num(effect.generated),
        "trained_tokens_vs_baseline": num(effect.trained),
        "training_steps_vs_baseline": num(effect.steps),
        "memory_per_step_vs_baseline": effect.memory,
        "compute_vs_baseline": effect.compute,
        "words": effect.words(),
    }


def estimate_dict(estimate: Estimate) -> dict[str, object]:
    work = estimate.work
    return {
        "prompts": work.prompts,
        "per_prompt": work.prompts is None,
        "max_rollout_tokens": int(work.generated_tokens),
        "max_trained_tokens": int(work.trained_tokens),
        "steps": None if math.isinf(work.steps) else round(work.steps, 4),
        **ratios_dict(estimate.baseline),
    }


def page_lines(job: Job, prompts: int | None) -> list[str]:
    """The cost-estimator page's figures (core.cost.page_estimate), with the page and its date."""
    page, found = catalog().cost_page, page_estimate(job, prompts)
    head = f"Cost estimator ({catalog().cite(page.source)})"
    if found.tokens is None:
        lines = [f"{head}: its token formula needs the prompt count (--prompts or --dataset-file)."]
    else:
        values = effective_values(job)
        product = " x ".join(
            format_number(values[k]) for k in ("epochs", "response_candidates_count", "max_output_tokens")
        )
        lines = [f"{head}: about {round(found.tokens):,} tokens (prompts x epochs x rollouts x max output tokens x "
                 f"{format_number(page.output_share)} = {prompts:,} x {product} x {format_number(page.output_share)})."]  # fmt: skip
    if found.model is None:
        return [*lines, "  The page prices a base model; a warm start names none, so it gives no figure here."]
    if found.config is None or found.price is None:
        return [*lines, f"  {found.model} is not among the models the page gives a GPU configuration for; rftcfg "
                        "gives no figure rather than guess one."]  # fmt: skip
    gpus, price = found.config.gpus, found.price
    lines.append(f"  The page runs {found.model} on {gpus} x {found.config.gpu} at {format_number(price)} USD per "
                 f"GPU-hour ({format_number(gpus * price)} USD per hour of training).")  # fmt: skip
    if found.cost is not None:
        lines.append(f"  About {found.cost[0]:,.0f}-{found.cost[1]:,.0f} USD by its GPU hours per million tokens.")
    else:
        lines.append("  No dollar total: the page's GPU hours per million tokens (by model size) were not in the "
                     "copy rftcfg read; its calculator gives one.")  # fmt: skip
    return [*lines, f"  That is {page.wording}."]


def price_facts(job: Job) -> list[str]:
    facts = catalog().facts
    model = job.get("training_config.base_model")
    size = model_size_b(model)
    if model is None or size is None:
        return []
    if size < facts.free_rft_below_b:
        return [f"Price: {model.rsplit('/', 1)[-1]} reads as {size:g}B parameters; {facts.free_rft}."]
    return [
        f"Price: {model.rsplit('/', 1)[-1]} reads as {size:g}B parameters, so the free tier for models under {facts.free_rft_below_b:g}B does not apply; "
        + (
            "see the cost estimator above."
            if page_estimate(job, None).config
            else "rftcfg does not know current prices."
        )
    ]


def dataset_lines(dataset: DatasetStats) -> list[str]:
    lines = [
        f"Dataset {dataset.path}: {dataset.rows:,} row{'' if dataset.rows == 1 else 's'}"
        + (f", {dataset.malformed:,} malformed" if dataset.malformed else "")
        + "."
    ]
    lines += [f"  line {line}: {reason}" for line, reason in dataset.malformed_examples]
    if dataset.malformed > len(dataset.malformed_examples):
        lines.append(f"  ... and {dataset.malformed - len(dataset.malformed_examples):,} more")
    if dataset.rows:
        p = dataset.percentile
        lines.append(
            f"  prompt tokens (about {1 / catalog().facts.tokens_per_char:g} characters each): median {p(0.5):,}, 90th percentile {p(0.9):,}, "
            f"99th {p(0.99):,}, longest {max(dataset.prompt_tokens):,}"
        )
        lines.append(
            f"  longest prompt{'s' if len(dataset.longest) > 1 else ''}: "
            + ", ".join(f"line {line} ({tokens:,})" for tokens, line in dataset.longest)
        )
        if dataset.answer_tokens:
            lines.append(
                f"  reference answers: median {count(p(0.5, True), 'token')}, 95th percentile {p(0.95, True):,}"
            )
    return lines
