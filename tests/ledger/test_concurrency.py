"""Writers at once, as real processes: every run lands, none is lost or half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from rftcfg.ledger import init_ledger, open_ledger
from tests.conftest import RESOURCES

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from pathlib import Path
from rftcfg.core.job import Job
from rftcfg.ledger import open_ledger
for i in range(int(sys.argv[2])):
    with open_ledger(Path(sys.argv[1])) as ledger:
        ledger.record(Job({"n": i, "who": sys.argv[3]}), command="new")
"""


def test_processes_recording_at_once_all_land(tmp_path: Path) -> None:
    path = init_ledger(tmp_path)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), "60", who], cwd=ROOT, stderr=subprocess.PIPE)
        for who in ("a", "b", "c")
    ]
    for writer in writers:
        _, stderr = writer.communicate(timeout=120)
        assert writer.returncode == 0, stderr.decode()
    with open_ledger(path) as ledger:
        runs = ledger.runs()
    assert len(runs) == 180
    assert len({r.run_id for r in runs}) == 180


def test_two_sweeps_at_once_both_land(tmp_path: Path) -> None:
    init_ledger(tmp_path)
    made = subprocess.run(
        [sys.executable, "-m", "rftcfg", "new", *RESOURCES, "-o", "base.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    values = ",".join(f"{t / 100:.2f}" for t in range(10, 60))  # 50 variants each
    sweeps = [
        subprocess.Popen(
            [sys.executable, "-m", "rftcfg", "sweep", "base.yaml", "--vary", f"{param}={values}", "-o", out],
            cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        )
        for param, out in (("temperature", "sw1"), ("top_p", "sw2"))
    ]  # fmt: skip
    for sweep in sweeps:
        _, stderr = sweep.communicate(timeout=120)
        assert sweep.returncode == 0, stderr
        assert "Recorded 50 runs (parent " in stderr
    with open_ledger(tmp_path / ".rftcfg" / "runs.db") as ledger:
        runs = ledger.runs()
    base = runs[0]
    assert len(runs) == 101
    assert all(r.parent == base.run_id for r in runs[1:])
    assert {Path(r.path).parent.name for r in runs[1:]} == {"sw1", "sw2"}  # type: ignore[arg-type]
    for run in runs[1:]:
        assert yaml.safe_load(Path(run.path).read_text())["inference_parameters"]  # type: ignore[arg-type]
