"""method/derive.py: how derived jobs are named (the invariants are in test_invariants.py)."""

from __future__ import annotations

import pytest

from rftcfg.catalog import catalog
from rftcfg.core.job import Job
from rftcfg.method.derive import COUNTER, DerivedIds, derive_ids, derived_name, next_name

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


def test_re_deriving_stacks_tags_and_a_clash_gets_a_counter() -> None:
    assert derived_name("run-1-lr2e-4", "sweep", {"learning_rate": 5e-5}, set()) == "run-1-lr2e-4-lr5e-5"
    assert derived_name("run-1-lr2e-4", "sweep", {"learning_rate": 2e-4}, set()) == "run-1-lr2e-4-lr2e-4"
    assert derived_name("run-1-tune-lr5e-5", "tune", {"learning_rate": 2.5e-5}, set()) == (
        "run-1-tune-lr5e-5-tune-lr2p5e-5"
    )
    taken = {"run-1-lr2e-4", "run-1-lr2e-4-2"}
    assert derived_name("run-1", "sweep", {"learning_rate": 2e-4}, taken) == "run-1-lr2e-4-3"


def test_a_tuned_job_and_a_sweep_of_it_never_share_an_id() -> None:
    """`tune` used to drop the tuned job's own tag, leaving a stem ending in -tune, so tuning
    gsm8k-base-tune-lr5e-5 gave gsm8k-base-tune-lr7p5e-5: a sweep variant of the same file."""
    tuned = "gsm8k-base-tune-lr5e-5"
    again = derived_name(tuned, "tune", {"learning_rate": 7.5e-5}, set())
    swept = derived_name(tuned, "sweep", {"learning_rate": 7.5e-5}, set())
    assert again == "gsm8k-base-tune-lr5e-5-tune-lr7p5e-5"
    assert swept == "gsm8k-base-tune-lr5e-5-lr7p5e-5"


def test_new_from_a_file_is_named_after_its_changes() -> None:
    assert derived_name("gsm8k-base", "new", {"response_candidates_count": 8}, set()) == "gsm8k-base-new-n8"
    both = {"response_candidates_count": 2, "max_output_tokens": 1024}
    assert derived_name("gsm8k-base", "new", both, set()) == "gsm8k-base-new-n2-mt1024"
    assert derived_name("gsm8k-base", COUNTER, {}, set()) == "gsm8k-base-2"


@pytest.mark.parametrize(
    ("current", "following"),
    [
        ("gsm8k-base-tune-lr5e-5", "gsm8k-base-tune-lr5e-5-2"),
        ("gsm8k-base-lr7p5e-5", "gsm8k-base-lr7p5e-5-2"),
        ("run-lr1e5", "run-lr1e5-2"),
        ("gsm8k-base-lr7p5e-5-2", "gsm8k-base-lr7p5e-5-3"),
        ("run-1", "run-2"),
        ("accounts/acme/models/run-lr5e-5", "accounts/acme/models/run-lr5e-5-2"),
    ],
)
def test_the_next_name_never_bumps_an_exponent(current: str, following: str) -> None:
    assert next_name(current) == following


def test_a_base_without_ids_is_named_after_its_file_and_gets_both_ids() -> None:
    ids = derive_ids(base(None, None), "sweep", {"epochs": 2}, fallback="My Job.v2")
    assert ids == DerivedIds("my-job-v2-ep2", "my-job-v2-ep2")
    only_job = derive_ids(base("run-1", None), "tune", {"epochs": 2})
    assert only_job == DerivedIds("run-1-tune-ep2", "run-1-tune-ep2")  # the model defaulted to the job ID


@pytest.mark.parametrize("kind", [*catalog().ids.derived, COUNTER])
def test_long_ids_are_cut_to_the_maximum_length(kind: str) -> None:
    long = "a" * MAX
    name = derived_name(long, kind, {"learning_rate": 2.5e-5}, {long})
    assert len(name) <= MAX
    assert name != long
    assert not name.startswith("-")
    assert not name.endswith("-")


def test_cut_names_of_two_kinds_stay_apart() -> None:
    """At the maximum length the base is cut to make room, and a `-tune` of the base's can land
    just before the tag; the digest of the whole name keeps the tune and sweep names apart."""
    tuned = ("x" * (MAX - len("-tune-lr5e-5"))) + "-tune-lr5e-5"
    assert len(tuned) == MAX
    change = {"learning_rate": 5e-5}
    names = {derived_name(tuned, kind, change, {tuned}) for kind in catalog().ids.derived}
    assert len(names) == len(catalog().ids.derived)
    assert all(len(n) <= MAX and tuned not in n for n in names)
