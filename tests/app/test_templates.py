"""Starter job files under templates/ parse, stay in range, and the baseline cannot drift."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rftcfg.catalog import catalog
from rftcfg.core.checks import check_value
from rftcfg.files.parse import parse_job

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "templates").glob("*.yaml"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_template_is_a_valid_partial_job(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# "), "each template opens with a comment saying what it suits"
    job, findings = parse_job(yaml.safe_load(text))
    assert findings == []
    assert job is not None
    for param in catalog().parameters.values():
        value = job.get(param.path)
        assert value is not None, f"{path.name} leaves {param.key} to the server's default"
        assert [f for f in check_value(param, value) if f.level == "error"] == []


def test_baseline_template_is_the_documented_defaults() -> None:
    job, _ = parse_job(yaml.safe_load((TEMPLATES[0].parent / "baseline.yaml").read_text(encoding="utf-8")))
    assert job is not None
    assert {k: job.get(p.path) for k, p in catalog().parameters.items()} == {
        k: p.default for k, p in catalog().parameters.items()
    }
