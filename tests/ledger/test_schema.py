"""Migrations: a ledger made by an older rftcfg is upgraded in place, keeping every run."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from rftcfg.ledger import Series, open_ledger
from rftcfg.ledger.schema import MIGRATIONS, VERSION
from tests.ledger.helpers import job, sqlite_file


def test_every_version_is_one_migration() -> None:
    assert VERSION == len(MIGRATIONS) >= 2
    assert all(callable(m) for m in MIGRATIONS)


def test_a_version_1_ledger_is_upgraded_keeping_its_runs(tmp_path: Path) -> None:
    path = sqlite_file(tmp_path / "runs.db", version=1)
    db = sqlite3.connect(path, isolation_level=None)
    data = json.dumps(job(1).kwargs(), sort_keys=True, separators=(",", ":"))
    db.execute(
        "INSERT INTO runs (run_id, created, job, content_hash, parent, command, changes, reason, path, job_id, "
        "output_model, wandb_project, wandb_run, state) VALUES "
        "('0123abcd', '2025-01-01T00:00:00+00:00', ?, 'h', NULL, 'new', '[]', 'old', NULL, 'run-1', NULL, NULL, NULL, 'written')",
        (data,),
    )
    db.close()
    with open_ledger(path) as ledger:
        (run,) = ledger.runs()
        assert (run.run_id, run.job, run.fireworks_job, run.reason) == ("0123abcd", job(1), None, "old")
        ledger.attach(run.run_id, [Series("reward", [1.0], [0.5])], source="m.csv")  # the new table works
        assert list(ledger.series(run.run_id)) == ["reward"]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION
    db.close()


def test_each_version_upgrades_to_the_latest(tmp_path: Path) -> None:
    for version in range(1, VERSION + 1):
        path = sqlite_file(tmp_path / f"v{version}.db", version=version)
        with open_ledger(path) as ledger:
            ledger.record(job(version), command="new")
            assert len(ledger.runs()) == 1
