"""Every command that writes a job records it when there is a ledger, says so in one line, and
says nothing (and loads no sqlite3) when there is none."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from rftcfg.app.recording import Entry
from rftcfg.cli.recording import record_entries
from rftcfg.ledger import LedgerError, init_ledger, open_ledger
from tests.conftest import RESOURCES, run
from tests.ledger.helpers import job

ROOT = Path(__file__).resolve().parents[2]
LEDGER = Path(".rftcfg/runs.db")
RECORDED = re.compile(r"Recorded run ([0-9a-f]{8})(?: \(parent ([0-9a-f]{8})\))? in \.rftcfg/runs\.db\.")
IMPORTED = "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e"

# Each writer: the command that writes out.yaml (or folder sw), given a base.yaml to start from.
WRITERS = {
    "new": ["new", *RESOURCES, "-o", "out.yaml"],
    "new --from": ["new", "--from", "base.yaml", "--epochs", "3", "-o", "out.yaml"],
    "tune": ["tune", "base.yaml", "--symptom", "too-expensive", "-o", "out.yaml"],
    "sweep": ["sweep", "base.yaml", "--vary", "epochs=2,3", "-o", "sw"],
    "import": ["import", "--command", IMPORTED, "--account", "acme", "-o", "out.yaml"],
}


def _runs() -> list[object]:
    with open_ledger(LEDGER) as ledger:
        return list(ledger.runs())


@pytest.mark.parametrize("writer", list(WRITERS))
def test_without_a_ledger_nothing_is_recorded_or_said(in_tmp: Path, writer: str) -> None:
    assert run("new", *RESOURCES, "-o", "base.yaml").code == 0
    result = run(*WRITERS[writer])
    assert result.code == 0, result.stderr
    assert "ecord" not in result.stderr
    assert "ledger" not in result.stderr
    assert not (in_tmp / ".rftcfg").exists()


@pytest.mark.parametrize("writer", list(WRITERS))
def test_with_a_ledger_each_written_job_is_a_run_with_its_parent(in_tmp: Path, writer: str) -> None:
    run("init")
    base = run("new", *RESOURCES, "-o", "base.yaml")
    base_id = RECORDED.search(base.stderr)
    assert base_id
    assert base_id[2] is None
    result = run(*WRITERS[writer])
    assert result.code == 0, result.stderr
    runs = _runs()[1:]
    if writer == "sweep":
        assert re.search(rf"Recorded 2 runs \(parent {base_id[1]}\) in \.rftcfg/runs\.db: ", result.stderr)
        assert [r.changes[0].param for r in runs] == ["epochs", "epochs"]  # type: ignore[attr-defined]
        assert {r.changes[0].reason for r in runs} == {"sweep"}  # type: ignore[attr-defined]
        assert all(r.parent == base_id[1] and r.command == "sweep" for r in runs)  # type: ignore[attr-defined]
        return
    found = RECORDED.search(result.stderr)
    assert found
    assert result.stderr.rstrip().endswith(found[0])
    (recorded,) = runs
    assert recorded.run_id == found[1]
    assert recorded.path == str(in_tmp / "out.yaml")
    parent = {"new": None, "new --from": base_id[1], "tune": base_id[1], "import": None}[writer]
    assert found[2] == parent
    assert recorded.parent == parent
    reasons = {
        "new": (), "new --from": ("flag --epochs",), "tune": ("symptom too-expensive",), "import": (),
    }[writer]  # fmt: skip
    assert tuple(c.reason for c in recorded.changes) == reasons  # type: ignore[attr-defined]
    assert recorded.command == writer.split()[0]  # type: ignore[attr-defined]


def test_new_records_its_goals_and_flags_as_the_changes(in_tmp: Path) -> None:
    run("init")
    run("new", *RESOURCES, "--goal", "faster-convergence", "--epochs", "2", "-o", "a.yaml")
    (recorded,) = _runs()
    reasons = {c.param: c.reason for c in recorded.changes}  # type: ignore[attr-defined]
    assert reasons["epochs"] == "flag --epochs"
    assert "goal faster-convergence" in reasons.values()


def test_import_of_a_recorded_job_finds_its_parent_by_content(in_tmp: Path) -> None:
    run("init")
    first = run("import", "--command", IMPORTED, "--account", "acme", "-o", "a.yaml")
    second = run("import", "--command", IMPORTED, "--account", "acme", "-o", "b.yaml")
    first_id, second_id = RECORDED.search(first.stderr), RECORDED.search(second.stderr)
    assert first_id
    assert second_id
    assert second_id[2] == first_id[1]


@pytest.mark.parametrize("writer", list(WRITERS))
def test_no_record_skips_it(in_tmp: Path, writer: str) -> None:
    run("init")
    run("new", *RESOURCES, "-o", "base.yaml")
    result = run(*WRITERS[writer], "--no-record")
    assert result.code == 0
    assert "Recorded" not in result.stderr
    assert len(_runs()) == 1


def test_a_job_on_stdout_is_not_a_run_and_a_note_says_how(in_tmp: Path) -> None:
    run("init")
    printed = run("new", *RESOURCES)
    assert printed.code == 0
    assert printed.stdout
    assert printed.stderr.rstrip().endswith(
        "note: not recorded in .rftcfg/runs.db: the job went to stdout; write it with -o FILE to record it as a run."
    )
    assert "note: not recorded" not in run("new", *RESOURCES, "--no-record").stderr
    assert _runs() == []


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("broken", ["corrupt", "newer", "folder"])
def test_a_broken_ledger_stops_the_command_before_anything_is_written(in_tmp: Path, writer: str, broken: str) -> None:
    run("new", *RESOURCES, "-o", "base.yaml")
    path = in_tmp / LEDGER
    path.parent.mkdir()
    if broken == "corrupt":
        path.write_bytes(b"not a database\n" * 300)
    elif broken == "newer":
        from tests.ledger.helpers import sqlite_file

        sqlite_file(path, version=99)
    else:
        path.mkdir()
    before = sorted(p.name for p in in_tmp.rglob("*"))
    content = path.read_bytes() if path.is_file() else None
    result = run(*WRITERS[writer])
    assert result.code == 2, result.stderr
    assert "runs.db" in result.stderr.splitlines()[-1]
    assert sorted(p.name for p in in_tmp.rglob("*")) == before  # out.yaml / sw not written
    assert (path.read_bytes() if path.is_file() else None) == content
    assert run(*WRITERS[writer], "--no-record").code == 0  # and --no-record gets past it


def test_a_failure_after_writing_keeps_the_file_and_says_it_was_not_recorded(in_tmp: Path) -> None:
    import sqlite3

    path = init_ledger(in_tmp)
    (in_tmp / "out.yaml").write_text("the written job\n")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_ledger(path) as ledger:
            ledger.db.execute("PRAGMA busy_timeout = 50")
            with pytest.raises(LedgerError) as caught:
                record_entries(ledger, "new", [Entry(job(), "out.yaml")])
    finally:
        holder.close()
    assert caught.value.exit_code == 2
    assert caught.value.message.startswith("out.yaml was written, but not recorded as a run: ")
    assert "another rftcfg is writing it; try again" in caught.value.message
    assert (in_tmp / "out.yaml").read_text() == "the written job\n"


def test_new_without_a_ledger_loads_no_sqlite3(tmp_path: Path) -> None:
    probe = (
        "import sys, runpy; sys.argv = ['rftcfg', 'new', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('rftcfg', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('sqlite3' in sys.modules, '_sqlite3' in sys.modules, file=sys.stderr)"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", probe, *RESOURCES, "-o", "a.yaml"], cwd=tmp_path,
                            capture_output=True, text=True, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "False False"
