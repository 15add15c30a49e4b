"""The ledger's schema, as a list of migrations: migration N takes a database from version N-1
to version N (SQLite's `PRAGMA user_version`). A new version only ever appends one.

Each migration runs inside the caller's write transaction (BEGIN IMMEDIATE), together with the
version bump, so a ledger is always at one whole version, and two processes upgrading at once
upgrade it once."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _runs(db: sqlite3.Connection) -> None:
    """Version 1: the runs. Changes are stored as JSON beside the run: they are always read with
    it, and listing 10,000 runs is then one query."""
    db.execute(
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,          -- insertion order: oldest first
            run_id TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            job TEXT NOT NULL,               -- canonical JSON (sorted keys)
            content_hash TEXT NOT NULL,      -- sha256 of that JSON
            parent TEXT REFERENCES runs(run_id),
            command TEXT NOT NULL,
            changes TEXT NOT NULL,           -- JSON list of [param, old, new, reason]
            reason TEXT NOT NULL,
            path TEXT,
            job_id TEXT,
            output_model TEXT,
            wandb_project TEXT,
            wandb_run TEXT,
            state TEXT NOT NULL
        )"""
    )
    for column in ("content_hash", "parent", "path", "job_id", "output_model"):
        db.execute(f"CREATE INDEX runs_{column} ON runs({column})")


def _series(db: sqlite3.Connection) -> None:
    """Version 2: curves attached to runs (`rftcfg record`), and the Fireworks job a run became."""
    db.execute("ALTER TABLE runs ADD COLUMN fireworks_job TEXT")
    db.execute(
        """CREATE TABLE series (
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            name TEXT NOT NULL,
            points INTEGER NOT NULL,
            final REAL,                      -- the smoothed final level, worked out when attached
            steps BLOB NOT NULL,             -- float64, little-endian (rftcfg.ledger.curves)
            vals BLOB NOT NULL,
            source TEXT NOT NULL,            -- the metrics file it came from
            attached TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        )"""
    )


def _launches(db: sqlite3.Connection) -> None:
    """Version 3: when `rftcfg launch` had the service create the run's job (its name goes in
    fireworks_job, its state in state)."""
    db.execute("ALTER TABLE runs ADD COLUMN launched TEXT")
    db.execute("CREATE INDEX runs_fireworks_job ON runs(fireworks_job)")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_runs, _series, _launches)
VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, *, to: int = VERSION) -> int:
    """Bring `db` (inside a write transaction) from its version up to `to`; the version it had."""
    found = int(db.execute("PRAGMA user_version").fetchone()[0])
    for number in range(found + 1, to + 1):
        MIGRATIONS[number - 1](db)
        db.execute(f"PRAGMA user_version = {number}")  # a PRAGMA takes no parameters; number is ours
    return found
