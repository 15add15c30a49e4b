"""The cost-estimator page's numbers (data table `cost_page:`): its token formula's output share,
each model's GPU configuration and the price per GPU-hour. Read by core.cost only."""

from __future__ import annotations

from typing import Any, NamedTuple


class GpuConfig(NamedTuple):
    gpus: int
    gpu: str


class HoursRow(NamedTuple):
    """GPU hours per million tokens for a band of model sizes (the page's range, low to high)."""

    low: float
    high: float
    below_b: float | None = None
    otherwise: bool = False


class CostPage(NamedTuple):
    source: str
    output_share: float
    wording: str
    models: dict[str, GpuConfig]
    gpu_prices: dict[str, float]
    gpu_hours_per_million: tuple[HoursRow, ...]


def build_cost_page(raw: dict[str, Any]) -> CostPage:
    return CostPage(
        source=raw["source"],
        output_share=float(raw["output_share"]),
        wording=" ".join(raw["wording"].split()),
        models={k: GpuConfig(**v) for k, v in raw["models"].items()},
        gpu_prices={k: float(v) for k, v in raw["gpu_prices"].items()},
        gpu_hours_per_million=tuple(HoursRow(**r) for r in raw["gpu_hours_per_million"] or []),
    )
