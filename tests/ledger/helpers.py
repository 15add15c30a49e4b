"""Ledgers for tests: real SQLite files in temporary folders, in every state a ledger can be in."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rftcfg.catalog import catalog
from rftcfg.core.job import Job
from rftcfg.ledger.schema import VERSION, migrate


def job(n: int = 1, **extra: object) -> Job:
    data: dict[str, object] = {
        "dataset": "accounts/acme/datasets/gsm8k",
        "evaluator": "accounts/acme/evaluators/math",
        "reinforcement_fine_tuning_job_id": f"run-{n}",
        "training_config": {
            "base_model": "accounts/fireworks/models/qwen3-8b",
            "output_model": f"accounts/acme/models/m-{n}",
        },
    }
    data.update(extra)
    return Job(data)


def sqlite_file(path: Path, *, version: int = VERSION, ours: bool = True) -> Path:
    """A database at `path` at schema `version` (our migrations up to it; beyond them, only the
    number, as a newer rftcfg would leave it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    if ours:
        db.execute(f"PRAGMA application_id = {catalog().ledger.application_id}")
    db.execute("BEGIN IMMEDIATE")
    migrate(db, to=min(version, VERSION))
    db.execute("COMMIT")
    if version > VERSION:
        db.execute(f"PRAGMA user_version = {version}")
    db.close()
    return path


def newer_ledger_bytes(tmp: Path) -> bytes:
    return sqlite_file(tmp / "newer.db", version=VERSION + 1).read_bytes()
