"""A log with only a reward column reads exactly as it did before rftcfg read whole training logs.

The golden files under tests/golden/reward-only/ were written by the code before that change
(commit 98356a0): `tune --metrics` and `next` print them byte for byte, for every reward shape,
in every export format, including the file `tune -o` writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import RESOURCES, run
from tests.golden import check_golden
from tests.logs import REWARD_SHAPES, reward_only, write_csv, write_jsonl, write_panel_csv

WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "panel": write_panel_csv}
RUN_ID = re.compile(r"\b[0-9a-f]{8}\b")


def _job(folder: Path) -> None:
    assert run("new", *RESOURCES, "--job-id", "base-1", "-o", str(folder / "job.yaml"), "--no-record").code == 0


def _shown(*results: object) -> str:
    return "\n".join(f"exit {r.code}\n--- stdout\n{r.stdout}--- stderr\n{r.stderr}" for r in results)  # type: ignore[attr-defined]


@pytest.mark.parametrize("form", list(WRITERS))
@pytest.mark.parametrize("shape", list(REWARD_SHAPES))
def test_tune_reads_a_reward_only_log_as_before(in_tmp: Path, shape: str, form: str) -> None:
    _job(in_tmp)
    log = WRITERS[form](
        in_tmp / f"log.{'jsonl' if form == 'jsonl' else 'csv'}", reward_only(REWARD_SHAPES[shape], seed=7)
    )
    report = run("tune", "job.yaml", "--metrics", log.name)
    written = run("tune", "job.yaml", "--metrics", log.name, "-o", "tuned.yaml")
    job = (in_tmp / "tuned.yaml").read_text() if (in_tmp / "tuned.yaml").exists() else "(nothing written)\n"
    check_golden(f"reward-only/tune-{shape}-{form}.txt", _shown(report, written) + "--- tuned.yaml\n" + job)


@pytest.mark.parametrize("shape", list(REWARD_SHAPES))
def test_next_reads_a_reward_only_log_as_before(in_tmp: Path, shape: str) -> None:
    assert run("init").code == 0
    _job(in_tmp)
    assert run("new", *RESOURCES, "--job-id", "base-1", "-o", "job.yaml", "--force").code == 0
    write_csv(in_tmp / "log.csv", reward_only(REWARD_SHAPES[shape], seed=7))
    assert run("record", "job.yaml", "--metrics", "log.csv").code == 0
    shown = run("next", "job.yaml")
    written = run("next", "job.yaml", "-o", "next.yaml")
    job = (in_tmp / "next.yaml").read_text() if (in_tmp / "next.yaml").exists() else "(nothing written)\n"
    text = RUN_ID.sub("RUN", _shown(shown, written) + "--- next.yaml\n" + job).replace(str(in_tmp), "TMP")
    check_golden(f"reward-only/next-{shape}.txt", text)
