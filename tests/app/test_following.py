"""The watch loop (app/following.watch) on a scripted job and a virtual clock: backoff while
nothing changes, one stall warning per stall, the timeout, and the final record."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftcfg.app.following import TimedOut, Watch, watch
from rftcfg.catalog import catalog
from rftcfg.remote.records import RemoteJob

NAME = "accounts/acme/reinforcementFineTuningJobs/gsm8k-1"


def job(state: str, percent: int | None = None, epoch: int | None = None) -> RemoteJob:
    return RemoteJob(NAME, state, percent, epoch, None, None, None, None, {}, None, None)


class Script:
    """The job as successive polls see it (the last one repeats), and a clock that sleeping moves."""

    def __init__(self, seen: Sequence[RemoteJob]) -> None:
        self.seen = list(seen)
        self.now = 0.0
        self.sleeps: list[float] = []
        self.polls = 0

    def get(self) -> RemoteJob:
        self.polls += 1
        return self.seen.pop(0) if len(self.seen) > 1 else self.seen[0]

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def follow(script: Script, settings_: Watch) -> tuple[RemoteJob, list[RemoteJob], list[float]]:
    changes: list[RemoteJob] = []
    stalls: list[float] = []
    final = watch(script.get, settings_, changes.append, lambda _job, s: stalls.append(s),
                  clock=script.clock, sleep=script.sleep)  # fmt: skip
    return final, changes, stalls


def test_each_change_is_reported_once_and_the_final_record_returned() -> None:
    script = Script([job("CREATING"), job("RUNNING", 0, 0), job("RUNNING", 0, 0), job("RUNNING", 50, 1),
                     job("COMPLETED", 100, 2)])  # fmt: skip
    final, changes, stalls = follow(script, Watch(1.0, None, 1000.0))
    assert final.state == "COMPLETED"
    assert [(c.state, c.percent) for c in changes] == [
        ("CREATING", None),
        ("RUNNING", 0),
        ("RUNNING", 50),
        ("COMPLETED", 100),
    ]
    assert stalls == []


def test_polls_back_off_while_nothing_changes_and_start_over_on_a_change() -> None:
    spec = catalog().remote
    still = [job("RUNNING", 10, 0)] * 12
    script = Script([*still, job("RUNNING", 20, 0), job("RUNNING", 20, 0), job("COMPLETED", 100, 1)])
    follow(script, Watch(1.0, None, 10**9))
    first = script.sleeps[:12]
    assert first[0] == 1.0
    assert all(b >= a for a, b in itertools.pairwise(first))  # never faster while nothing moves
    assert max(script.sleeps) <= max(1.0, float(spec.poll_max_interval_s))
    assert script.sleeps[12] == 1.0  # progress moved: back to the first interval


def test_a_stall_is_warned_about_once_and_again_only_after_progress() -> None:
    stuck = [job("RUNNING", 40, 1)] * 40
    script = Script([*stuck, job("RUNNING", 41, 1), *stuck, job("COMPLETED", 100, 2)])
    _, _, stalls = follow(script, Watch(1.0, None, 30.0))
    assert len(stalls) == 2
    assert all(s >= 30.0 for s in stalls)


def test_a_job_that_is_not_running_never_counts_as_stalled() -> None:
    script = Script([*[job("CREATING")] * 50, job("COMPLETED", 100, 2)])
    _, _, stalls = follow(script, Watch(1.0, None, 5.0))
    assert stalls == []


def test_the_timeout_stops_watching_with_the_last_state() -> None:
    script = Script([job("RUNNING", 5, 0)])
    with pytest.raises(TimedOut) as stopped:
        follow(script, Watch(0.5, 10.0, 10**9))
    assert stopped.value.job.state == "RUNNING"
    assert script.now == pytest.approx(10.0)  # the last wait is cut to what is left, not overshot


@given(
    percents=st.lists(st.integers(0, 100), min_size=1, max_size=30),
    interval=st.floats(0.01, 5),
    stall=st.floats(0.5, 100),
)
@settings(max_examples=100, deadline=None)
def test_any_script_ends_at_its_final_state_with_bounded_waits(
    percents: list[int], interval: float, stall: float
) -> None:
    spec = catalog().remote
    script = Script([*(job("RUNNING", p, 0) for p in percents), job("FAILED", percents[-1], 0)])
    final, changes, _ = follow(script, Watch(interval, None, stall))
    assert final.state == "FAILED"
    assert changes[-1].state == "FAILED"
    assert all(0 < s <= max(interval, float(spec.poll_max_interval_s)) for s in script.sleeps)
    assert script.polls == len(percents) + 1
