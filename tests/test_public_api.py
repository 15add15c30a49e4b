"""The names `rftcfg` promises in __all__ exist and do what the module docstring shows."""

from __future__ import annotations

import rftcfg


def test_every_exported_name_resolves() -> None:
    for name in rftcfg.__all__:
        assert getattr(rftcfg, name) is not None, name


def test_the_docstring_example_runs() -> None:
    outcome = rftcfg.produce(
        rftcfg.NewRequest(
            goals=("better-quality",),
            resources=rftcfg.Resources(
                base_model="qwen3-8b",
                dataset="accounts/acme/datasets/gsm8k",
                evaluator="accounts/acme/evaluators/math-exact",
            ),
        )
    )
    text = rftcfg.render(outcome.job, "firectl").text
    assert text.startswith("firectl reinforcement-fine-tuning-job create \\\n")
    assert "--temperature 1.0" in text
