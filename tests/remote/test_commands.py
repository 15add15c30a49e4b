"""launch, status, watch, jobs, cancel, resume: the real CLI and the real SDK against a loopback
server (tests/remote/server.py). No network beyond 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.remote.server import KEY, FakeFireworks, serving

ROOT = Path(__file__).resolve().parents[2]
NAME = "accounts/acme/reinforcementFineTuningJobs/gsm8k-1"


def rftcfg(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full.pop("RFTCFG_LEDGER", None)
    return subprocess.run([sys.executable, "-m", "rftcfg", *args], cwd=cwd, capture_output=True, text=True,
                          env=full, timeout=timeout)  # fmt: skip


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeFireworks]:
    with serving() as server:
        monkeypatch.setenv("FIREWORKS_BASE_URL", server.url)
        monkeypatch.setenv("FIREWORKS_API_KEY", KEY)
        monkeypatch.delenv("FIREWORKS_ACCOUNT_ID", raising=False)
        yield server


def _job(folder: Path, job_id: str = "gsm8k-1", name: str = "job.yaml", extra: tuple[str, ...] = ()) -> Path:
    done = rftcfg(folder, "new", "--base-model", "qwen3-8b", "--dataset", "accounts/acme/datasets/gsm8k",
                  "--evaluator", "accounts/acme/evaluators/math", "--job-id", job_id, "--account", "acme",
                  "-o", name, "--no-record", *extra)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder / name


def _clean(done: subprocess.CompletedProcess[str]) -> None:
    assert KEY not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_launch_sends_exactly_the_rendered_body_with_the_id_in_the_query(tmp_path: Path, fake: FakeFireworks) -> None:
    path = _job(tmp_path)
    rendered = rftcfg(tmp_path, "render", str(path), "--format", "api")
    done = rftcfg(tmp_path, "launch", str(path))
    _clean(done)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Created {NAME} (CREATING).\n  watch it: rftcfg watch {NAME}\n"
    [seen] = fake.requests
    assert (seen.method, seen.path, seen.query) == ("POST", "/v1/accounts/acme/reinforcementFineTuningJobs",
                                                    {"reinforcementFineTuningJobId": ["gsm8k-1"]})  # fmt: skip
    assert seen.authorized
    assert seen.body == json.loads(rendered.stdout)
    assert all(KEY not in v for v in seen.headers.values())


def test_dry_run_sends_nothing_and_shows_the_key_as_a_reference(tmp_path: Path, fake: FakeFireworks) -> None:
    path = _job(tmp_path)
    done = rftcfg(tmp_path, "launch", str(path), "--dry-run")
    _clean(done)
    assert done.returncode == 0
    assert fake.requests == []
    head, _, body = done.stdout.partition("\n\n")
    assert head.splitlines() == [
        f"POST {fake.url}/v1/accounts/acme/reinforcementFineTuningJobs?reinforcementFineTuningJobId=gsm8k-1",
        "Authorization: Bearer $FIREWORKS_API_KEY",
        "Content-Type: application/json",
    ]
    assert json.loads(body) == json.loads(rftcfg(tmp_path, "render", str(path), "--format", "api").stdout)


def test_an_invalid_job_is_refused_before_anything_is_sent(tmp_path: Path, fake: FakeFireworks) -> None:
    path = _job(tmp_path)
    path.write_text(path.read_text().replace("epochs: 1", "epochs: 0"))
    done = rftcfg(tmp_path, "launch", str(path))
    assert done.returncode == 1
    assert fake.requests == []


def test_status_watch_to_completion_and_the_ledger_follows(tmp_path: Path, fake: FakeFireworks) -> None:
    assert rftcfg(tmp_path, "init").returncode == 0
    path = _job(tmp_path)
    assert rftcfg(tmp_path, "launch", str(path)).returncode == 0
    runs = json.loads(rftcfg(tmp_path, "runs", "--json").stdout)
    assert [(r["fireworks_job"], r["state"]) for r in runs] == [(NAME, "CREATING")]
    assert runs[0]["launched"]
    status = rftcfg(tmp_path, "status", "gsm8k-1", "--account", "acme", "--json")
    assert json.loads(status.stdout)["state"] == "CREATING"
    done = rftcfg(tmp_path, "watch", str(path), "--interval", "0.01")
    _clean(done)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["gsm8k-1: RUNNING 0% epoch 0", "gsm8k-1: RUNNING 40% epoch 0",
                                        "gsm8k-1: RUNNING 80% epoch 1", "gsm8k-1: RUNNING 100% epoch 2",
                                        "gsm8k-1: COMPLETED 100% epoch 2", "Job gsm8k-1 completed."]  # fmt: skip
    assert json.loads(rftcfg(tmp_path, "runs", "--json").stdout)[0]["state"] == "COMPLETED"
    again = rftcfg(tmp_path, "launch", str(path))
    assert again.returncode == 0
    assert "already launched" in again.stderr
    assert sum(r.method == "POST" for r in fake.requests) == 1  # the ledger said so: nothing sent


def test_watch_to_failure_exits_1_with_the_message(tmp_path: Path, fake: FakeFireworks) -> None:
    fake.outcome = "FAILED"
    fake.add_job("acme", "bad-1")
    done = rftcfg(tmp_path, "watch", "accounts/acme/reinforcementFineTuningJobs/bad-1", "--interval", "0.01")
    _clean(done)
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "bad-1: FAILED 100% epoch 2"
    assert "FAILED: trainer exited with an error" in done.stderr
    resumed = rftcfg(tmp_path, "resume", "accounts/acme/reinforcementFineTuningJobs/bad-1")
    assert resumed.returncode == 0
    assert "RUNNING" in resumed.stdout
    cancelled = rftcfg(tmp_path, "cancel", "bad-1", "--account", "acme")
    assert cancelled.returncode == 0
    assert "CANCELLED" in cancelled.stdout
    assert [r.path for r in fake.requests if r.method == "POST"][-2:] == [
        "/v1/accounts/acme/reinforcementFineTuningJobs/bad-1:resume",
        "/v1/accounts/acme/reinforcementFineTuningJobs/bad-1:cancel",
    ]


def test_a_sweep_folder_with_one_duplicate_launches_the_rest(tmp_path: Path, fake: FakeFireworks) -> None:
    base = _job(tmp_path, "sw")
    made = rftcfg(tmp_path, "sweep", str(base), "--vary", "epochs=1,2,3", "-o", "sweep", "--no-record")
    assert made.returncode == 0, made.stderr
    variants = sorted((tmp_path / "sweep").glob("*.yaml"))
    first = rftcfg(tmp_path, "launch", str(variants[0]))
    assert first.returncode == 0
    done = rftcfg(tmp_path, "launch", "sweep")
    _clean(done)
    assert done.returncode == 0, done.stderr
    assert (
        f"note: sweep/{variants[0].name}: job {variants[0].stem} already exists; skipped." in done.stderr.splitlines()
    )
    assert f"{len(variants) - 1} jobs created, 1 already there, 0 failed." in done.stderr
    posts = [r.query["reinforcementFineTuningJobId"][0] for r in fake.requests if r.method == "POST"]
    assert sorted(set(posts)) == sorted(v.stem for v in variants)
    created = [j for j in fake.jobs if j.startswith("sw-")]
    assert sorted(created) == sorted(v.stem for v in variants)  # the SDK retries a 409 itself (it may be a lock)


@pytest.mark.parametrize(("status", "words"), [(401, "refused the API key"), (403, "permission denied"),
                                               (404, "not found"), (429, "rate limited"), (500, "service failed")])  # fmt: skip
def test_each_error_is_one_line_exit_2_without_the_key(
    tmp_path: Path, fake: FakeFireworks, status: int, words: str
) -> None:
    fake.add_job("acme", "gsm8k-1")
    fake.fail(status, 3)
    done = rftcfg(tmp_path, "status", NAME)
    _clean(done)
    assert done.returncode == 2
    assert words in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_refused_key_echoed_by_the_server_is_scrubbed(tmp_path: Path, fake: FakeFireworks) -> None:
    wrong = "sk-wrong-key-echoed-back"
    done = rftcfg(tmp_path, "jobs", "--account", "acme", env={"FIREWORKS_API_KEY": wrong})
    assert done.returncode == 2
    assert wrong not in done.stdout + done.stderr
    assert "$FIREWORKS_API_KEY" in done.stderr


def test_timeouts_closed_ports_and_a_missing_key(tmp_path: Path, fake: FakeFireworks) -> None:
    fake.add_job("acme", "gsm8k-1")
    fake.delay = 0.5
    slow = rftcfg(tmp_path, "status", NAME, env={"RFTCFG_REQUEST_TIMEOUT": "0.1"})
    fake.delay = 0
    assert slow.returncode == 2
    assert "no answer" in slow.stderr
    start = time.monotonic()
    closed = rftcfg(tmp_path, "status", NAME, env={"FIREWORKS_BASE_URL": "http://127.0.0.1:9"})
    assert closed.returncode == 2
    assert "cannot reach" in closed.stderr
    assert time.monotonic() - start < 20
    nokey = rftcfg(tmp_path, "status", NAME, env={"FIREWORKS_API_KEY": ""})
    assert nokey.returncode == 2
    assert "FIREWORKS_API_KEY is not set" in nokey.stderr
    for done in (slow, closed, nokey):
        _clean(done)


def test_a_409_on_a_single_launch_is_an_error(tmp_path: Path, fake: FakeFireworks) -> None:
    path = _job(tmp_path)
    fake.add_job("acme", "gsm8k-1")
    done = rftcfg(tmp_path, "launch", str(path))
    assert done.returncode == 2
    assert "already exists" in done.stderr


def test_without_the_sdk_the_exact_install_command(tmp_path: Path, fake: FakeFireworks) -> None:
    code = "import sys; sys.modules['fireworks'] = None; sys.argv = ['rftcfg', *sys.argv[1:]]; from rftcfg.__main__ import run; run()"
    done = subprocess.run([sys.executable, "-c", code, "jobs", "--account", "acme"], cwd=tmp_path, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert done.returncode == 2
    assert "pip install 'rftcfg[fireworks]'" in done.stderr


def test_ctrl_c_during_watch_says_the_job_keeps_running(tmp_path: Path, fake: FakeFireworks) -> None:
    fake.add_job("acme", "long-1")
    fake.script = (("RUNNING", 1),) * 10_000
    proc = subprocess.Popen([sys.executable, "-m", "rftcfg", "watch", "accounts/acme/reinforcementFineTuningJobs/long-1",
                             "--interval", "0.05"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    # Once it has shown the job (it is polling), as a person would press Ctrl-C. A signal that
    # lands inside the very first request once gave exit 3 on a loaded CI machine, and has not
    # been reproduced since; see the 2026-12-03 closing note.
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("long-1: RUNNING"), first
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "keeps running" in err
    assert "Traceback" not in err


def test_watch_gives_up_at_its_timeout_and_says_the_job_goes_on(tmp_path: Path, fake: FakeFireworks) -> None:
    fake.add_job("acme", "long-1")
    fake.script = (("RUNNING", 3),) * 10_000
    done = rftcfg(tmp_path, "watch", "long-1", "--account", "acme", "--interval", "0.05", "--timeout", "0.4")
    _clean(done)
    assert done.returncode == 2
    assert (
        done.stderr.strip().splitlines()[-1]
        == "rftcfg: stopped watching after 0.4 s; job long-1 is RUNNING and keeps running."
    )


def test_watch_warns_once_about_a_job_running_without_progress(tmp_path: Path, fake: FakeFireworks) -> None:
    fake.add_job("acme", "stuck-1")
    # Six unchanged polls back off from 0.02 s to about 0.4 s in all: past the 0.3 s threshold
    # however fast or slow the machine, and over well within a second.
    fake.script = (("RUNNING", 7),) * 6 + (("RUNNING", 100),)
    done = rftcfg(tmp_path, "watch", "stuck-1", "--account", "acme", "--interval", "0.02", "--stall-warning", "0.3")
    _clean(done)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("warning: stuck-1 has been RUNNING for") == 1
    assert "the state alone can mislead" in done.stderr


def test_watch_draws_a_progress_bar_on_a_terminal(tmp_path: Path, fake: FakeFireworks) -> None:
    pexpect = pytest.importorskip("pexpect")
    fake.add_job("acme", "bar-1")
    child = pexpect.spawn(sys.executable, ["-m", "rftcfg", "watch", "bar-1", "--account", "acme", "--interval", "0.05"],
                          cwd=str(tmp_path), env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"},
                          encoding="utf-8", timeout=30)  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before
    assert child.exitstatus == 0
    assert "\rbar-1 [############------------------]  40% RUNNING" in shown  # redrawn in place, not one line each
    assert "\rbar-1 [##############################] 100% COMPLETED" in shown
    assert "bar-1: RUNNING" not in shown


def test_status_and_jobs_as_json(tmp_path: Path, fake: FakeFireworks) -> None:
    fake.add_job("acme", "one-1", jobProgress={"percent": 40, "epoch": 1}, state="JOB_STATE_RUNNING")
    status = rftcfg(tmp_path, "status", "one-1", "--account", "acme", "--json")
    _clean(status)
    shown = json.loads(status.stdout)
    assert (shown["name"], shown["job_id"]) == ("accounts/acme/reinforcementFineTuningJobs/one-1", "one-1")
    listed = rftcfg(tmp_path, "jobs", "--account", "acme", "--json")
    _clean(listed)
    assert [j["job_id"] for j in json.loads(listed.stdout)] == ["one-1"]
