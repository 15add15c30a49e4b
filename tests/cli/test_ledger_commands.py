"""`rftcfg init`, `runs` and `record` end to end, on real ledgers in temporary folders."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from rftcfg.ledger import open_ledger
from tests.conftest import RESOURCES, run
from tests.ledger.helpers import sqlite_file

LEDGER = Path(".rftcfg/runs.db")
RUN_ID = r"[0-9a-f]{8}"


def curve_csv(path: Path, points: int = 200, end: float = 0.7) -> Path:
    rows = "".join(f"{i},{0.2 + (end - 0.2) * i / points + 0.01 * math.sin(i)}\n" for i in range(points))
    path.write_text("Step,train/reward\n" + rows)
    return path


def test_init_says_where_and_a_second_init_leaves_it(in_tmp: Path) -> None:
    made = run("init")
    assert made.code == 0
    assert made.stdout == (
        "Made the run ledger .rftcfg/runs.db. Jobs written from this folder and below are now recorded.\n"
    )
    before = (in_tmp / LEDGER).read_bytes()
    again = run("init")
    assert again.code == 0
    assert again.stdout == "A ledger already exists at .rftcfg/runs.db; it was left as it is.\n"
    assert (in_tmp / LEDGER).read_bytes() == before


@pytest.mark.parametrize("args", [["runs"], ["runs", "--json"], ["record", "abcd", "--metrics", "m.csv"]])
def test_ledger_commands_without_a_ledger_explain_init(in_tmp: Path, args: list[str]) -> None:
    result = run(*args)
    assert result.code == 2
    assert result.stderr == "rftcfg: no ledger here; run `rftcfg init` to start recording runs in this folder.\n"


def test_a_session_lineage_record_and_runs(in_tmp: Path) -> None:
    run("init")
    base = run("new", *RESOURCES, "--job-id", "gsm8k-1", "-o", "base.yaml")
    assert base.code == 0, base.stderr
    base_id = re.search(rf"Recorded run ({RUN_ID}) in \.rftcfg/runs\.db\.\n$", base.stderr)
    assert base_id, base.stderr
    tuned = run("tune", "base.yaml", "--symptom", "reward-collapse", "-o", "tuned.yaml")
    assert tuned.code == 0, tuned.stderr
    tuned_id = re.search(rf"Recorded run ({RUN_ID}) \(parent {base_id[1]}\) in \.rftcfg/runs\.db\.\n$", tuned.stderr)
    assert tuned_id, tuned.stderr
    recorded = run("record", "tuned.yaml", "--metrics", str(curve_csv(in_tmp / "m.csv")), "--job", "gsm8k-1-tune")
    assert recorded.code == 0, recorded.stderr
    assert re.fullmatch(
        rf"Attached 200 points of train/reward to run {tuned_id[1]} as its reward curve; final reward 0\.\d+\.\n",
        recorded.stdout,
    )
    again = run("record", tuned_id[1][:5], "--metrics", "m.csv")
    assert f"note: replaced the series recorded for {tuned_id[1]} before (reward)." in again.stderr
    listed = run("runs")
    assert listed.code == 0
    lines = listed.stdout.splitlines()
    assert lines[0] == f"{base_id[1]}  gsm8k-1  new: from the documented defaults  [written, no reward curve]"
    assert re.fullmatch(
        rf"└─ {tuned_id[1]}  gsm8k-1-tune-lr\S+  lr 1e-4 -> \S+ \(symptom reward-collapse\)  \[written, final reward 0\.\d+\]",
        lines[1],
    )
    rows = json.loads(run("runs", "--json").stdout)
    assert [r["run_id"] for r in rows] == [base_id[1], tuned_id[1]]
    assert rows[1]["parent"] == base_id[1]
    assert rows[1]["fireworks_job"] == "gsm8k-1-tune"
    assert rows[1]["changes"][0]["param"] == "learning_rate"
    assert rows[1]["changes"][0]["reason"] == "symptom reward-collapse"
    assert rows[1]["series"]["reward"]["points"] == 200
    assert 0.5 < rows[1]["final_reward"] < 0.8
    assert rows[0]["job"]["reinforcement_fine_tuning_job_id"] == "gsm8k-1"
    expected = {"run_id", "created", "content_hash", "parent", "command", "reason", "path", "job_id", "output_model",
                "wandb_project", "wandb_run", "fireworks_job", "state", "launched", "changes", "depth", "final_reward", "series", "job"}  # fmt: skip
    assert set(rows[0]) == expected


def test_the_final_reward_is_the_diagnosis_final(in_tmp: Path) -> None:
    from rftcfg.files.metrics import read_curve
    from rftcfg.method.curves import diagnose, final_level

    run("init")
    run("new", *RESOURCES, "-o", "a.yaml")
    curve_csv(in_tmp / "m.csv", 500, 0.9)
    run("record", "a.yaml", "--metrics", "m.csv")
    (row,) = json.loads(run("runs", "--json").stdout)
    curve = read_curve("m.csv")
    assert row["final_reward"] == final_level(curve.rewards)
    end = re.search(r"end ([0-9.]+)", diagnose(curve).evidence)
    assert end
    assert float(end[1]) == pytest.approx(row["final_reward"], rel=1e-2)


def test_record_refuses_a_bad_job_name_and_an_unknown_run(in_tmp: Path) -> None:
    run("init")
    run("new", *RESOURCES, "-o", "a.yaml")
    curve_csv(in_tmp / "m.csv")
    bad = run("record", "a.yaml", "--metrics", "m.csv", "--job", "accounts/acme/models/x")
    assert bad.code == 2
    assert "--job 'accounts/acme/models/x': not a Fireworks job" in bad.stderr
    unknown = run("record", "zzzz", "--metrics", "m.csv")
    assert unknown.code == 2
    assert f"rftcfg: no run 'zzzz' in {in_tmp / LEDGER}: tried it" in unknown.stderr
    full = run("record", "a.yaml", "--metrics", "m.csv", "--job", "accounts/acme/reinforcementFineTuningJobs/j-1")
    assert full.code == 0
    assert "Linked run" in full.stderr


def test_runs_on_an_empty_ledger(in_tmp: Path) -> None:
    run("init")
    empty = run("runs")
    assert empty.code == 0
    assert empty.stdout == ""
    assert "No runs recorded in .rftcfg/runs.db yet" in empty.stderr
    assert json.loads(run("runs", "--json").stdout) == []


def test_runs_from_a_subfolder_and_through_the_variable(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("init")
    run("new", *RESOURCES, "-o", "a.yaml")
    (in_tmp / "sub" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(in_tmp / "sub" / "deeper")
    made = run("new", *RESOURCES, "--epochs", "2", "-o", "b.yaml")
    assert re.search(rf"Recorded run {RUN_ID} in {re.escape(str(in_tmp / LEDGER))}\.", made.stderr), made.stderr
    assert len(run("runs").stdout.splitlines()) == 2
    other = sqlite_file(in_tmp / "elsewhere" / "x.db")
    monkeypatch.setenv("RFTCFG_LEDGER", str(other))
    run("new", *RESOURCES, "--epochs", "3", "-o", "c.yaml")
    with open_ledger(other) as ledger:
        assert [Path(r.path).name for r in ledger.runs()] == ["c.yaml"]  # type: ignore[arg-type]


@pytest.mark.parametrize("args", [["runs"], ["record", "abcd", "--metrics", "m.csv"]])
def test_a_newer_or_corrupt_ledger_is_exit_2_and_untouched(in_tmp: Path, args: list[str]) -> None:
    sqlite_file(in_tmp / LEDGER, version=99)
    before = (in_tmp / LEDGER).read_bytes()
    result = run(*args)
    assert result.code == 2
    assert "made by a newer rftcfg" in result.stderr
    assert "upgrade rftcfg" in result.stderr
    assert (in_tmp / LEDGER).read_bytes() == before
    (in_tmp / LEDGER).write_bytes(b"garbage" * 100)
    result = run(*args)
    assert result.code == 2
    assert "not a readable rftcfg ledger (file is not a database)" in result.stderr
    assert (in_tmp / LEDGER).read_bytes() == b"garbage" * 100
