"""`explain cost`: how rftcfg weighs cost, and Fireworks' cost-estimator page as the data table
holds it. Every figure comes from core.cost (the one cost model) and the table it reads."""

from __future__ import annotations

from rftcfg.catalog import catalog, format_number
from rftcfg.core.cost import baseline_values, page_estimate
from rftcfg.core.job import Job

NAMES = ("cost", "cost-estimate", "cost-estimator", "pricing", "price")
EXAMPLE_PROMPTS = 1000  # an illustration's size, not a default of anything


def cost_page() -> tuple[str, dict[str, object]]:
    cat = catalog()
    page, facts = cat.cost_page, cat.facts
    share = format_number(page.output_share)
    params = cat.parameters
    example = Job({}).replace({p.path: v for p, v in zip(params.values(), baseline_values().values(), strict=True)})
    tokens = page_estimate(example, EXAMPLE_PROMPTS).tokens or 0.0
    lines = [
        "cost (how rftcfg estimates it)",
        "  Work: `new --prompts N` (or --dataset-file) counts generated and trained tokens, steps and memory per",
        "  step, and compares them with the documented baseline (`rftcfg explain PARAMETER` shows each one's).",
        "",
        "  Money, by Fireworks' cost-estimator page:",
        f"    tokens     prompts x epochs x rollouts x (max output tokens x {share})",
        "    GPU hours  tokens / 1M x the page's GPU hours per million tokens for the model's size"
        + ("" if page.gpu_hours_per_million else " (not in the copy rftcfg read, so no dollar total)"),
        "    cost       GPU hours x price per GPU-hour; wall-clock time = GPU hours / GPUs",
        f"    example    {EXAMPLE_PROMPTS:,} prompts at the documented defaults: about {round(tokens):,} tokens",
        "",
        "  Price per GPU-hour (USD): " + ", ".join(f"{g} {format_number(p)}" for g, p in page.gpu_prices.items()),
        "  Models the page gives a GPU configuration for:",
        *(f"    {m:<30} {c.gpus} x {c.gpu}" for m, c in page.models.items()),
        "  Any other model is not covered: rftcfg says so and gives no figure rather than guess one.",
        f"  Free tier: {facts.free_rft}.",
        "",
        f"  This is {page.wording}.",
        "",
        f"Source: {cat.cite(page.source)}; {cat.cite(facts.free_rft_source)}",
    ]
    data: dict[str, object] = {
        "kind": "cost",
        "formula": {
            "output_share": page.output_share,
            "gpu_hours_per_million": [r._asdict() for r in page.gpu_hours_per_million],
        },
        "gpu_prices_usd_per_hour": page.gpu_prices,
        "models": {m: c._asdict() for m, c in page.models.items()},
        "example": {"prompts": EXAMPLE_PROMPTS, "tokens": tokens},
        "wording": page.wording,
        "source": cat.cite(page.source),
    }
    return "\n".join(lines), data
