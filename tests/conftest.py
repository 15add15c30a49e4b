"""Shared helpers: run the CLI in-process with stdout and stderr kept apart."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rftcfg.cli import app

RESOURCES = [
    "--base-model",
    "qwen3-8b",
    "--dataset",
    "accounts/acme/datasets/gsm8k",
    "--evaluator",
    "accounts/acme/evaluators/math-exact",
    "--output-model",
    "gsm8k-rft-v1",
]


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run(*args: str, stdin: str | None = None) -> Run:
    result = CliRunner().invoke(app, list(args), input=stdin, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests must not depend on the developer's account or keys."""
    for name in ("FIREWORKS_ACCOUNT_ID", "FIREWORKS_API_KEY", "WANDB_API_KEY", "RFTCFG_DEBUG", "RFTCFG_LEDGER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path
