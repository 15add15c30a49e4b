"""The ledger on real SQLite files: recording, finding by every name, curves, and every way a
ledger can be unusable, each reported (exit 2) with the file left exactly as it was."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from rftcfg.catalog import catalog
from rftcfg.core.errors import EXIT_USAGE, UsageError
from rftcfg.ledger import LedgerError, RecordedChange, Series, find_ledger, init_ledger, open_ledger
from rftcfg.ledger.runs import content_hash
from rftcfg.ledger.schema import VERSION
from tests.ledger.helpers import job, sqlite_file


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    return init_ledger(tmp_path)


def test_init_makes_a_ledger_and_never_touches_an_existing_one(tmp_path: Path) -> None:
    path = init_ledger(tmp_path)
    assert path == tmp_path / ".rftcfg" / "runs.db"
    assert [p.name for p in path.parent.iterdir()] == ["runs.db"]  # no partial or WAL files left
    with open_ledger(path) as ledger:
        ledger.record(job(), command="new")
    before = path.read_bytes()
    with pytest.raises(FileExistsError):
        init_ledger(tmp_path)
    assert path.read_bytes() == before
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION
    db.close()


def test_a_run_keeps_everything_recorded(ledger_path: Path) -> None:
    wandb = {"enabled": True, "project": "rft", "entity": "acme", "run_id": "run-1"}
    written = job(1, wandb_config=wandb)
    change = RecordedChange("learning_rate", 1e-4, 5e-5, "symptom reward-collapse")
    with open_ledger(ledger_path) as ledger:
        base = ledger.record(job(0), command="new", reason="baseline", path="base.yaml")
        run = ledger.record(written, command="tune", parent=base.run_id, changes=(change,), reason="r", path="t.yaml")
        again = ledger.runs()
    assert again == [base, run]
    assert len(run.run_id) == catalog().ledger.run_id_length
    assert all(c in "0123456789abcdef" for c in run.run_id)
    assert run.job == written
    assert run.content_hash == content_hash(written)
    assert run.parent == base.run_id
    assert run.changes == (change,)
    assert run.command == "tune"
    assert run.path == str(Path("t.yaml").absolute())
    assert (run.job_id, run.output_model) == ("run-1", "accounts/acme/models/m-1")
    assert (run.wandb_project, run.wandb_run, run.state) == ("rft", "run-1", "written")
    assert run.created.endswith("+00:00")
    assert isinstance(run.changes[0].new, float)


def test_numbers_keep_their_type(ledger_path: Path) -> None:
    with open_ledger(ledger_path) as ledger:
        ledger.record(job(), command="new", changes=(RecordedChange("epochs", 1, 3, "flag --epochs"),))
        (change,) = ledger.runs()[0].changes
    assert type(change.old) is int
    assert type(change.new) is int


def test_parent_of_finds_the_newest_run_with_that_content(ledger_path: Path) -> None:
    with open_ledger(ledger_path) as ledger:
        ledger.record(job(1), command="new")
        newer = ledger.record(job(1), command="import")
        assert ledger.parent_of(job(1)) == newer.run_id
        assert ledger.parent_of(job(2)) is None
        child = ledger.record(job(2), command="tune", parent=newer.run_id)
        assert ledger.children(newer.run_id) == [child]
        assert ledger.children(child.run_id) == []


def test_find_by_every_form(ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "job.yaml").write_text("x\n")
    with open_ledger(ledger_path) as ledger:
        run = ledger.record(job(7), command="new", path="job.yaml")
        ledger.record(job(8), command="new")
        forms = [
            run.run_id, run.run_id[:4], run.run_id.upper(), "job.yaml", str(tmp_path / "job.yaml"), "run-7",
            "accounts/acme/reinforcementFineTuningJobs/run-7", "accounts/acme/models/m-7", "m-7",
        ]  # fmt: skip
        for ref in forms:
            assert ledger.find(ref) == run, ref
        with pytest.raises(UsageError, match=r"no run 'nothing' in .*runs\.db: tried it as a run ID"):
            ledger.find("nothing")
        with pytest.raises(UsageError, match="no run"):
            ledger.find(run.run_id[:3])  # shorter than min_prefix: not taken as a start


def test_an_ambiguous_prefix_names_the_candidates(ledger_path: Path) -> None:
    with open_ledger(ledger_path) as ledger:
        runs = [ledger.record(job(i), command="new") for i in range(300)]
        by_start: dict[str, list[str]] = {}
        for r in runs:
            by_start.setdefault(r.run_id[:4], []).append(r.run_id)
        shared = next((k for k, v in by_start.items() if len(v) > 1), None)
        if shared is None:  # 300 random IDs without two sharing 4 characters: make two
            a = runs[0].run_id
            ledger.db.execute("UPDATE runs SET run_id = ? WHERE run_id = ?", (a[:4] + "0000", runs[1].run_id))
            ledger.db.execute("UPDATE runs SET run_id = ? WHERE run_id = ?", (a[:4] + "ffff", runs[2].run_id))
            shared = a[:4]
        with pytest.raises(UsageError, match=rf"'{shared}' starts \d+ run IDs \({shared}"):
            ledger.find(shared)


def test_series_round_trip_and_replace(ledger_path: Path) -> None:
    with open_ledger(ledger_path) as ledger:
        run = ledger.record(job(), command="new")
        assert ledger.series(run.run_id) == {}
        first = [Series("reward", [1.0, 2.0, 3.0], [0.1, 0.2, 0.3]), Series("kl", [1.0], [0.01])]
        assert ledger.attach(run.run_id, first, source="a.csv", fireworks_job="fw-1") == ()
        got = ledger.series(run.run_id)
        assert list(got["reward"].values) == [0.1, 0.2, 0.3]
        assert list(got["kl"].steps) == [1.0]
        assert ledger.attach(run.run_id, [Series("reward", [1.0], [0.5])], source="b.csv") == ("kl", "reward")
        assert list(ledger.series(run.run_id)) == ["reward"]
        assert ledger.find(run.run_id).fireworks_job == "fw-1"


def test_a_million_point_curve_records_and_loads_in_well_under_seconds(ledger_path: Path) -> None:
    n = 1_000_000
    steps = [float(i) for i in range(n)]
    values = [i / n for i in range(n)]
    with open_ledger(ledger_path) as ledger:
        run = ledger.record(job(), command="new")
        start = time.perf_counter()
        ledger.attach(run.run_id, [Series("reward", steps, values)], source="big.csv")
        loaded = ledger.series(run.run_id)["reward"]
        seconds = time.perf_counter() - start
    assert loaded.values[-1] == values[-1]
    assert len(loaded.steps) == n
    assert seconds < 3.0


# Every way a file can fail to be a ledger, and the words that must be in the message.
BROKEN = {
    "garbage": (b"this is not a database, just text\n" * 200, "not a readable rftcfg ledger (file is not a database)"),
    "a torn header": (b"SQLite format 3\x00" + b"\xff" * 4000, "not a readable rftcfg ledger"),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_corrupt_file_is_refused_and_left_byte_identical(kind: str, tmp_path: Path) -> None:
    content, words = BROKEN[kind]
    path = tmp_path / "runs.db"
    path.write_bytes(content)
    with pytest.raises(LedgerError) as caught:
        open_ledger(path)
    assert words in caught.value.message
    assert "run `rftcfg init`" in caught.value.message
    assert caught.value.exit_code == EXIT_USAGE
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["runs.db"]


def test_a_malformed_ledger_says_so(ledger_path: Path) -> None:
    with open_ledger(ledger_path) as ledger:
        for i in range(200):
            ledger.record(job(i), command="new")
    data = bytearray(ledger_path.read_bytes())
    data[4096:] = b"\x07" * (len(data) - 4096)  # wreck every page after the first (the schema)
    ledger_path.write_bytes(bytes(data))
    with pytest.raises(LedgerError, match=r"malformed|not a database"), open_ledger(ledger_path) as ledger:
        ledger.runs()
    assert ledger_path.read_bytes() == bytes(data)


def test_an_empty_or_foreign_sqlite_file_is_not_a_ledger(tmp_path: Path) -> None:
    for path in (tmp_path / "empty.db", sqlite_file(tmp_path / "other.db", ours=False)):
        path.touch()
        before = path.read_bytes()
        with pytest.raises(LedgerError, match="an SQLite database, but not an rftcfg ledger"):
            open_ledger(path)
        assert path.read_bytes() == before


def test_a_newer_ledger_is_refused_untouched(tmp_path: Path) -> None:
    path = sqlite_file(tmp_path / "runs.db", version=VERSION + 1)
    before = path.read_bytes()
    with pytest.raises(LedgerError, match=r"made by a newer rftcfg .*; upgrade rftcfg"):
        open_ledger(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", ["a folder", "a FIFO", "/dev/zero", "missing"])
def test_what_is_not_a_regular_file_is_refused_without_reading_it(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "runs.db"
    if kind == "a folder":
        path.mkdir()
    elif kind == "a FIFO":
        os.mkfifo(path)
    elif kind == "/dev/zero":
        path.symlink_to("/dev/zero")
    words = "no ledger there" if kind == "missing" else "so not an rftcfg ledger"
    with pytest.raises(LedgerError, match=words):
        open_ledger(path)


def test_a_lock_held_too_long_is_reported(ledger_path: Path) -> None:
    holder = sqlite3.connect(ledger_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_ledger(ledger_path) as ledger:
            ledger.db.execute("PRAGMA busy_timeout = 50")  # the catalog's wait, shortened for the test
            with pytest.raises(LedgerError, match="another rftcfg is writing it; try again"):
                ledger.record(job(), command="new")
            assert ledger.runs() == []  # readers are not blocked (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_find_ledger_walks_up_and_the_variable_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = init_ledger(tmp_path)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_ledger(deep) == path
    assert find_ledger(tmp_path.parent / "elsewhere") is None or find_ledger(tmp_path.parent) != path
    monkeypatch.setenv(catalog().ledger.env, str(tmp_path / "named.db"))
    assert find_ledger(deep) == tmp_path / "named.db"
    monkeypatch.setenv(catalog().ledger.env, "")
    assert find_ledger(deep) == path  # empty is unset
