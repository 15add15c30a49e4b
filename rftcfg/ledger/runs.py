"""The Ledger: recording runs, finding them by any name a person has for them, attaching curves."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError, excerpt, shown_path
from rftcfg.core.job import Job
from rftcfg.core.series import Series
from rftcfg.ledger.curves import pack, unpack
from rftcfg.ledger.store import ledger_error, open_db, write_transaction
from rftcfg.ledger.types import LedgerError, RecordedChange, Run

_COLUMNS = (
    "run_id, created, job, content_hash, parent, command, changes, reason, path, job_id, output_model, "
    "wandb_project, wandb_run, fireworks_job, state, launched"
)
_TRIES = 20  # fresh run IDs to draw before giving up: a clash is rare, twenty in a row is a broken random source


def canonical(job: Job) -> str:
    """The job as canonical JSON (sorted keys, no spaces): what is stored and what is hashed."""
    return json.dumps(job.kwargs(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(job: Job) -> str:
    return hashlib.sha256(canonical(job).encode("utf-8")).hexdigest()


def _run(row: Sequence[Any]) -> Run:
    changes = tuple(RecordedChange(*change) for change in json.loads(row[6])) if row[6] != "[]" else ()
    return Run(row[0], row[1], _stored_job(row[2]), row[3], row[4], row[5], changes, *row[7:])


def _stored_job(text: str) -> Job:
    """A Job from JSON this ledger wrote from a Job: it holds no None to drop, so the copy that
    Job() makes to drop them is skipped (a third of listing 10,000 runs)."""
    job = Job.__new__(Job)
    job._data = json.loads(text)
    return job


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


class Ledger:
    """An open ledger (a context manager). Every SQLite error becomes a UsageError naming the file."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    @contextlib.contextmanager
    def _sqlite(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise ledger_error(self.path, exc) from None

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Several records as one transaction: all of them land, or none (a sweep's variants)."""
        with self._sqlite(), write_transaction(self.db):
            yield

    def record(
        self,
        job: Job,
        *,
        command: str,
        parent: str | None = None,
        changes: Sequence[RecordedChange] = (),
        reason: str = "",
        path: str | None = None,
    ) -> Run:
        text = canonical(job)
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        wandb_run = job.get("wandb_config.run_id")
        fields = (
            created, text, hashlib.sha256(text.encode("utf-8")).hexdigest(), parent, command,
            json.dumps([list(c) for c in changes]), reason, str(Path(path).absolute()) if path else None,
            _text(job.get("reinforcement_fine_tuning_job_id")), _text(job.get("training_config.output_model")),
            _text(job.get("wandb_config.project")), _text(wandb_run), None, "written", None,
        )  # fmt: skip
        length = catalog().ledger.run_id_length
        with self._sqlite(), write_transaction(self.db):
            for _ in range(_TRIES):
                run_id = os.urandom((length + 1) // 2).hex()[:length]
                try:
                    self.db.execute(f"INSERT INTO runs ({_COLUMNS}) VALUES ({', '.join('?' * 16)})", (run_id, *fields))
                except sqlite3.IntegrityError as exc:
                    if "run_id" not in str(exc):
                        raise
                    continue  # that ID is taken: draw another
                return _run((run_id, *fields))
        raise LedgerError(f"{shown_path(str(self.path))}: could not draw a run ID not already in use.")

    def set_launched(self, run_id: str, fireworks_job: str, state: str) -> None:
        """The service created the run's job: its full name, its state and now."""
        launched = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._sqlite(), write_transaction(self.db):
            self.db.execute(
                "UPDATE runs SET fireworks_job = ?, state = ?, launched = ? WHERE run_id = ?",
                (fireworks_job, state, launched, run_id),
            )

    def set_state(self, fireworks_job: str, state: str) -> list[str]:
        """Every run launched as `fireworks_job` (its full name) now has `state`; their run IDs."""
        with self._sqlite(), write_transaction(self.db):
            rows = self.db.execute("SELECT run_id FROM runs WHERE fireworks_job = ?", (fireworks_job,)).fetchall()
            self.db.execute("UPDATE runs SET state = ? WHERE fireworks_job = ?", (state, fireworks_job))
        return [r[0] for r in rows]

    def by_fireworks_job(self, name: str) -> Run | None:
        """The newest run linked to the Fireworks job `name` (its full name), or None."""
        with self._sqlite():
            row = self.db.execute(
                f"SELECT {_COLUMNS} FROM runs WHERE fireworks_job = ? ORDER BY id DESC LIMIT 1", (name,)
            ).fetchone()
        return _run(row) if row else None

    def parent_of(self, job: Job) -> str | None:
        """The newest recorded run with exactly this job's content, or None."""
        with self._sqlite():
            row = self.db.execute(
                "SELECT run_id FROM runs WHERE content_hash = ? ORDER BY id DESC LIMIT 1", (content_hash(job),)
            ).fetchone()
        return row[0] if row else None

    def runs(self) -> list[Run]:
        """Every run, oldest first."""
        with self._sqlite():
            return [_run(row) for row in self.db.execute(f"SELECT {_COLUMNS} FROM runs ORDER BY id")]

    def children(self, run_id: str) -> list[Run]:
        with self._sqlite():
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM runs WHERE parent = ? ORDER BY id", (run_id,))
            return [_run(row) for row in rows]

    def find(self, ref: str) -> Run:
        """A run by its ID or a unique start of it, the path of its recorded job file, its job ID
        or its output model (full name or short ID); the newest run when a name fits several."""
        with self._sqlite():
            found = self._lookup(ref)
        if isinstance(found, Run):
            return found
        spec = catalog().ledger
        if found:
            shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
            raise UsageError(f"'{excerpt(ref)}' starts {len(found)} run IDs ({shown}); give more of it.")
        raise UsageError(
            f"no run '{excerpt(ref)}' in {shown_path(str(self.path))}: tried it as a run ID (or its first "
            f"{spec.min_prefix} or more characters), a recorded job file, a job ID and an output model. "
            "`rftcfg runs` lists the runs."
        )

    def _lookup(self, ref: str) -> Run | list[str]:
        one = f"SELECT {_COLUMNS} FROM runs WHERE {{}} ORDER BY id DESC LIMIT 1"
        row = self.db.execute(one.format("run_id = ?"), (ref,)).fetchone()
        if row is None and _is_file(ref):
            row = self.db.execute(one.format("path = ?"), (str(Path(ref).resolve()),)).fetchone()
            row = row or self.db.execute(one.format("path = ?"), (str(Path(ref).absolute()),)).fetchone()
        short = ref.rstrip("/").rpartition("/")[2]
        for column in ("job_id", "output_model"):
            if row is None:
                where = f"{column} = ? OR {column} = ? OR {column} LIKE ? ESCAPE '\\'"  # full name or short ID
                row = self.db.execute(one.format(where), (ref, short, "%/" + _like(short))).fetchone()
        if row is not None:
            return _run(row)
        if len(ref) < catalog().ledger.min_prefix or not all(c in "0123456789abcdef" for c in ref.lower()):
            return []
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM runs WHERE run_id LIKE ? ORDER BY id", (ref.lower() + "%",))
        matches = [_run(r) for r in rows]
        return matches[0] if len(matches) == 1 else [m.run_id for m in matches]

    def attach(
        self,
        run_id: str,
        series: Sequence[Series],
        *,
        source: str,
        fireworks_job: str | None = None,
        finals: Mapping[str, float] = {},
    ) -> tuple[str, ...]:
        """Attach `series` to the run, replacing every series attached before (a new export of a
        run's metrics supersedes the old one); the names of the series it replaced. `finals` holds
        each series' final level, kept so that listing runs reads no points."""
        attached = datetime.now(timezone.utc).isoformat(timespec="seconds")
        rows = [
            (run_id, s.name, len(s.values), finals.get(s.name), pack(s.steps), pack(s.values), source, attached)
            for s in series
        ]
        with self._sqlite(), write_transaction(self.db):
            earlier = self.db.execute("SELECT name FROM series WHERE run_id = ? ORDER BY name", (run_id,))
            replaced = tuple(r[0] for r in earlier)
            self.db.execute("DELETE FROM series WHERE run_id = ?", (run_id,))
            self.db.executemany(
                "INSERT INTO series (run_id, name, points, final, steps, vals, source, attached) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            if fireworks_job is not None:
                self.db.execute("UPDATE runs SET fireworks_job = ? WHERE run_id = ?", (fireworks_job, run_id))
        return replaced

    def series(self, run_id: str) -> dict[str, Series]:
        with self._sqlite():
            rows = self.db.execute("SELECT name, steps, vals FROM series WHERE run_id = ? ORDER BY name", (run_id,))
            return {name: Series(name, unpack(steps), unpack(vals)) for name, steps, vals in rows}

    def summaries(self) -> dict[str, dict[str, tuple[int, float | None, str]]]:
        """run ID -> series name -> (points, final level or None, source), for every run with a
        series, without reading any points."""
        found: dict[str, dict[str, tuple[int, float | None, str]]] = {}
        with self._sqlite():
            for run_id, name, points, final, source in self.db.execute(
                "SELECT run_id, name, points, final, source FROM series ORDER BY run_id, name"
            ):
                found.setdefault(run_id, {})[name] = (points, final, source)
        return found


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def open_ledger(path: Path) -> Ledger:
    """The ledger at `path` (a context manager); a UsageError (exit 2) naming the path and the fix
    when it is missing, not a ledger, damaged, made by a newer rftcfg, or locked too long."""
    return Ledger(path, open_db(path))


def _is_file(ref: str) -> bool:
    """Whether `ref` names an existing file; text no file system takes as a name is no file."""
    try:
        return Path(ref).is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte
        return False
