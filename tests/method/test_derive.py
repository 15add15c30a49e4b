"""method/derive.py: how derived jobs are named (the invariants are in test_invariants.py)."""

from __future__ import annotations

import pytest

from rftcfg.catalog import catalog
from rftcfg.core.job import Job
from rftcfg.method.derive import DerivedIds, derive_ids, derived_name

MAX = catalog().ids.max_length


def base(job_id: str | None = "run-1", model: str | None = "accounts/acme/models/gsm8k-v1") -> Job:
    data: dict[str, object] = {"training_config": {"output_model": model} if model else {}}
    if job_id:
        data["reinforcement_fine_tuning_job_id"] = job_id
    return Job(data)


def test_sweep_and_tune_names_for_the_same_change() -> None:
    change = {"learning_rate": 2e-4}
    assert derive_ids(base(), "sweep", change) == DerivedIds("run-1-lr2e-4", "accounts/acme/models/gsm8k-v1-lr2e-4")
    assert derive_ids(base(), "tune", change) == DerivedIds(
        "run-1-tune-lr2e-4", "accounts/acme/models/gsm8k-v1-tune-lr2e-4"
    )


def test_re_deriving_replaces_the_earlier_tag_and_a_clash_gets_a_counter() -> None:
    assert derived_name("run-1-lr2e-4", "sweep", {"learning_rate": 5e-5}, set()) == "run-1-lr5e-5"
    assert derived_name("run-1-lr2e-4", "sweep", {"learning_rate": 2e-4}, {"run-1-lr2e-4"}) == "run-1-lr2e-4-2"
    assert derived_name("run-1-tune-lr5e-5", "tune", {"learning_rate": 2.5e-5}, set()) == "run-1-tune-lr2p5e-5"
    taken = {"run-1-lr2e-4", "run-1-lr2e-4-2"}
    assert derived_name("run-1", "sweep", {"learning_rate": 2e-4}, taken) == "run-1-lr2e-4-3"


def test_a_base_without_ids_is_named_after_its_file_and_gets_both_ids() -> None:
    ids = derive_ids(base(None, None), "sweep", {"epochs": 2}, fallback="My Job.v2")
    assert ids == DerivedIds("my-job-v2-ep2", "my-job-v2-ep2")
    only_job = derive_ids(base("run-1", None), "tune", {"epochs": 2})
    assert only_job == DerivedIds("run-1-tune-ep2", "run-1-tune-ep2")  # the model defaulted to the job ID


@pytest.mark.parametrize("kind", ["sweep", "tune", "next"])
def test_long_ids_are_cut_to_the_maximum_length(kind: str) -> None:
    long = "a" * MAX
    name = derived_name(long, kind, {"learning_rate": 2.5e-5}, {long})
    assert len(name) <= MAX
    assert name != long
    assert not name.startswith("-")
    assert not name.endswith("-")
