"""Opening the ledger, and turning whatever SQLite says into a usage error a person can act on.

A ledger is never overwritten, recreated or repaired here: a file that is not a ledger, is
damaged, or was made by a newer rftcfg is reported (exit 2) and left exactly as it was. Writers
take the write lock up front (BEGIN IMMEDIATE) and wait up to `ledger.busy_timeout_ms` for
another rftcfg to finish, so two commands recording at once both land."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

from rftcfg.catalog import catalog
from rftcfg.core.errors import shown_path
from rftcfg.ledger.schema import VERSION, migrate
from rftcfg.ledger.types import LedgerError


def ledger_error(path: Path, exc: sqlite3.Error) -> LedgerError:
    """What went wrong with the ledger at `path`, with the fix, from SQLite's own words."""
    where = shown_path(str(path))
    text = str(exc)
    lower = text.lower()
    if "not a database" in lower or "malformed" in lower:
        return LedgerError(
            f"{where}: not a readable rftcfg ledger ({text}). It was left as it is: restore it from a "
            "backup, or move it aside and run `rftcfg init` to start a new one."
        )
    if "locked" in lower or "busy" in lower:
        seconds = catalog().ledger.busy_timeout_ms / 1000
        return LedgerError(f"{where}: another rftcfg is writing it; try again (waited {seconds:g} s).")
    if "readonly" in lower or "read-only" in lower:
        return LedgerError(f"{where}: the ledger is read-only here ({text}); make it and its folder writable.")
    if "full" in lower:
        return LedgerError(f"{where}: the disk is full ({text}); free some space and try again.")
    return LedgerError(f"{where}: the ledger could not be used ({text}).")


def connect(path: Path, *, create: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit). Without `create` a missing
    file is an error: SQLite would otherwise make an empty database wherever the path points."""
    mode = "rwc" if create else "rw"
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    seconds = catalog().ledger.busy_timeout_ms / 1000
    db = sqlite3.connect(uri, uri=True, timeout=seconds, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA foreign_keys = ON")
    return db


@contextlib.contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE: the write lock first, so the transaction never fails half-way for it."""
    if db.in_transaction:  # inside a batch: the batch commits
        yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def check_file(path: Path) -> None:
    """Only a regular file can be a ledger: SQLite would block reading a FIFO, and read a device
    (/dev/zero) without end."""
    where = shown_path(str(path))
    try:
        info = path.stat()
    except FileNotFoundError:
        named = os.environ.get(catalog().ledger.env)
        why = f" ({catalog().ledger.env} names it)" if named else ""
        raise LedgerError(
            f"{where}: no ledger there{why}; run `rftcfg init` in the folder that should hold one."
        ) from None
    except OSError as exc:
        raise LedgerError(f"{where}: the ledger cannot be read ({exc.strerror}).") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise LedgerError(
            f"{where}: {kind}, so not an rftcfg ledger. It was left as it is: move it aside and run `rftcfg init`."
        )


def open_db(path: Path) -> sqlite3.Connection:
    """The ledger at `path`, checked and upgraded to this rftcfg's schema version."""
    check_file(path)
    spec = catalog().ledger
    where = shown_path(str(path))
    db = None
    try:
        db = connect(path)
        mark = int(db.execute("PRAGMA application_id").fetchone()[0])
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if mark != spec.application_id:
            raise LedgerError(
                f"{where}: an SQLite database, but not an rftcfg ledger. It was left as it is: "
                f"point {spec.env} elsewhere, or move it aside and run `rftcfg init`."
            )
        if version > VERSION:
            raise LedgerError(
                f"{where}: a ledger made by a newer rftcfg (schema version {version}; this one knows up to "
                f"{VERSION}); upgrade rftcfg. The ledger was left as it is."
            )
        if version < VERSION:
            with write_transaction(db):
                migrate(db)  # reads the version again under the lock: two upgraders upgrade once
        return db
    except sqlite3.Error as exc:
        if db is not None:
            db.close()
        raise ledger_error(path, exc) from None
    except BaseException:
        if db is not None:
            db.close()
        raise


def create_db(path: Path) -> None:
    """A new ledger at `path`, made whole beside it and then linked into place, so a ledger is
    either absent or complete, and an existing one is never touched (the link refuses)."""
    spec = catalog().ledger
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        db = connect(partial, create=True)
        try:
            db.execute(f"PRAGMA application_id = {int(spec.application_id)}")
            db.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer; kept in the file
            with write_transaction(db):
                migrate(db)
        finally:
            db.close()
        os.link(partial, path)
    except sqlite3.Error as exc:
        raise ledger_error(path, exc) from None
    except FileExistsError:
        raise  # someone made one meanwhile: theirs stands
    except OSError as exc:
        raise LedgerError(f"{shown_path(str(path))}: cannot create the ledger ({exc.strerror}).") from None
    finally:
        for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm", "-journal"))):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
