"""rftcfg: turn the documented RFT tuning advice into validated Fireworks AI job configs.

The public API, for scripts and notebooks (the CLI is a thin shell over the same functions):

    from rftcfg import NewRequest, Resources, produce, render
    outcome = produce(NewRequest(goals=("better-quality",), resources=Resources(
        base_model="qwen3-8b", dataset="accounts/acme/datasets/gsm8k",
        evaluator="accounts/acme/evaluators/math-exact")))
    print(render(outcome.job, "firectl").text)

Names are imported on first use, so `import rftcfg` (which every command does) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "NewRequest": "rftcfg.app.new",
    "Outcome": "rftcfg.app.new",
    "produce": "rftcfg.app.new",
    "load_job": "rftcfg.app.load",
    "validate_file": "rftcfg.app.validate",
    "tune_file": "rftcfg.app.tune",
    "plan_sweep": "rftcfg.app.sweep",
    "import_job": "rftcfg.app.importing",
    "explain_page": "rftcfg.app.explain",
    "Job": "rftcfg.core.job",
    "Resources": "rftcfg.core.resources",
    "render": "rftcfg.formats",
    "FORMATS": "rftcfg.formats",
    "catalog": "rftcfg.catalog",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'rftcfg' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
