"""Guardrails that need more than one value to judge: the dataset against the job, a pass rate
against the rollouts. Thresholds and wording live in the data table."""

from __future__ import annotations

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.cost import zero_signal_share
from rftcfg.core.dataset import DatasetStats
from rftcfg.core.errors import Finding, count, finding
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values


def guardrail_findings(
    job: Job, dataset: DatasetStats | None = None, pass_rate: float | None = None, prompts: int | None = None
) -> list[Finding]:
    rules, limits, values = catalog().rules, catalog().guardrails, effective_values(job)
    found: list[Finding] = []
    if pass_rate is not None:
        share = zero_signal_share(pass_rate, int(values["response_candidates_count"]))
        if share > limits.zero_signal_share:
            rule = rules["zero-signal-groups"]
            found.append(finding(
                "zero-signal-groups",
                f"with pass rate {format_number(pass_rate)} and {count(int(values['response_candidates_count']), 'rollout')}, "
                f"about {share:.0%} of prompts give every rollout the same score. {rule.explain}",
                field="inference_parameters.response_candidates_count", value=values["response_candidates_count"],
            ))  # fmt: skip
    if dataset is not None:
        found += _dataset_findings(dataset, values)
    elif prompts is not None and prompts < limits.small_dataset_rows:
        rule = rules["small-dataset"]
        found.append(finding("small-dataset", f"{count(prompts, 'prompt')}. {rule.explain}"))
    return found


def _dataset_findings(dataset: DatasetStats, values: dict[str, Number]) -> list[Finding]:
    rules, limits = catalog().rules, catalog().guardrails
    found: list[Finding] = []
    if dataset.malformed:
        rule = rules["dataset-malformed"]
        found.append(
            finding(
                "dataset-malformed",
                f"{count(dataset.malformed, 'malformed line')} in {dataset.path}. {rule.explain}",
            )
        )
    if not dataset.rows:
        rule = rules["dataset-empty"]
        return [
            *found,
            finding("dataset-empty", f"{dataset.path}: {rule.explain}", fix="check the file, or drop --dataset-file."),
        ]
    room = int(values["max_context_length"] - values["max_output_tokens"])
    over = dataset.share_longer_than(room)
    if over > limits.truncation_share:
        rule = rules["prompt-truncation"]
        found.append(finding(
            "prompt-truncation",
            f"{over:.0%} of prompts are longer than the {count(room, 'token')} left after max_output_tokens. {rule.explain}",
            field="training_config.max_context_length", value=values["max_context_length"],
        ))  # fmt: skip
    cut = dataset.share_longer_than(int(values["max_output_tokens"]), answers=True)
    if cut > limits.answer_cut_share:
        rule = rules["answers-cut"]
        found.append(finding(
            "answers-cut",
            f"{cut:.0%} of the dataset's reference answers are longer than max_output_tokens "
            f"(95th percentile about {count(dataset.percentile(0.95, answers=True), 'token')}). {rule.explain}",
            field="inference_parameters.max_output_tokens", value=values["max_output_tokens"],
        ))  # fmt: skip
    if dataset.rows < limits.small_dataset_rows:
        rule = rules["small-dataset"]
        found.append(finding("small-dataset", f"{count(dataset.rows, 'prompt')}. {rule.explain}"))
    return found
