"""The estimate and the dataset pre-flight as text (pure: the CLI and the wizard print it)."""

from __future__ import annotations

from rftcfg.catalog import catalog, format_number
from rftcfg.core.cost import Work
from rftcfg.core.dataset import DatasetStats
from rftcfg.core.ids import model_size_b
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values


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
