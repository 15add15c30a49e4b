"""Fireworks' cost-estimator page in the one cost model: its token formula for every covered
model, its GPUs and prices from the table, and plain words where a model is not covered."""

from __future__ import annotations

import pytest

from rftcfg.catalog import catalog
from rftcfg.core.cost import page_estimate
from rftcfg.core.job import Job
from tests.conftest import RESOURCES, run

PAGE = catalog().cost_page


def job(model: str, **values: float) -> Job:
    params = catalog().parameters
    data = {p.path: values.get(k, p.default) for k, p in params.items()}
    return Job({}).replace({"training_config.base_model": f"accounts/fireworks/models/{model}", **data})


@pytest.mark.parametrize("model", list(PAGE.models))
@pytest.mark.parametrize(
    ("prompts", "epochs", "n", "max_tokens"), [(1, 1, 2, 16), (1000, 1, 4, 2048), (250, 3, 16, 8192)]
)
def test_every_covered_model_gets_the_pages_tokens_gpus_and_price(
    model: str, prompts: int, epochs: int, n: int, max_tokens: int
) -> None:
    found = page_estimate(job(model, epochs=epochs, response_candidates_count=n, max_output_tokens=max_tokens), prompts)
    assert found.tokens == pytest.approx(prompts * epochs * n * max_tokens * PAGE.output_share)
    assert found.config == PAGE.models[model]
    assert found.price == PAGE.gpu_prices[found.config.gpu]
    assert (found.cost is None) is (not PAGE.gpu_hours_per_million)  # no rates read: no dollar total
    assert page_estimate(job(model), None).tokens is None


@pytest.mark.parametrize("model", ["qwen3-8b", "llama-v3p1-70b-instruct", "mystery"])
def test_a_model_the_page_does_not_cover_gets_no_guess(model: str) -> None:
    found = page_estimate(job(model), 100)
    assert (found.config, found.price, found.cost) == (None, None, None)
    assert found.tokens is not None


def test_every_gpu_the_page_configures_has_a_price() -> None:
    assert {c.gpu for c in PAGE.models.values()} <= set(PAGE.gpu_prices)


def test_new_shows_the_estimate_with_its_page_date_and_caveat(in_tmp: object) -> None:
    args = [a if a != "qwen3-8b" else "deepseek-r1-0528" for a in RESOURCES]
    told = run("new", *args, "--prompts", "1000").stderr
    assert (
        'Cost estimator (Fireworks docs, "Cost Estimator" (docs.fireworks.ai/fine-tuning/rft-cost-estimator, read 2026-12-03))'
        in told
    )
    assert "about 4,915,200 tokens" in told
    assert "8 x NVIDIA_H200_141GB at 6.0 USD per GPU-hour (48.0 USD per hour of training)" in told
    assert "order-of-magnitude planning figure" in told
    small = run("new", *RESOURCES, "--prompts", "1000").stderr
    assert "qwen3-8b is not among the models the page gives a GPU configuration for" in small
    assert "USD" not in small


def test_explain_cost_shows_the_page_and_the_goal_stays_reachable() -> None:
    page = run("explain", "cost")
    assert page.stdout.startswith("cost (how rftcfg estimates it)")
    assert "docs.fireworks.ai/fine-tuning/rft-cost-estimator, read 2026-12-03" in page.stdout
    assert "order-of-magnitude planning figure" in page.stdout
    assert run("explain", "goal:cost").stdout.startswith("lower-cost")
