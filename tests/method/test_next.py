"""`next_change` over the whole symptom table: never a change already tried from the same run or
one that hurt before, helped-before first, and every proposal as safe as `tune`'s (it adds no
error or warning, so a job that passed `validate --strict` still does)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftcfg.app.new import NewRequest, Start, produce
from rftcfg.app.templates import available
from rftcfg.catalog import catalog
from rftcfg.core.job import Job
from rftcfg.core.resources import Resources, build_job, effective_values
from rftcfg.method.curves import Diagnosis
from rftcfg.method.next import VERDICTS, Tried, direction, next_change
from rftcfg.method.tune import Change, applied, new_problems, try_remedy, tune

WORDING = catalog().next_rules.wording
SYMPTOMS = list(catalog().symptoms)
RESOURCES = Resources(
    base_model="accounts/fireworks/models/qwen3-8b",
    dataset="accounts/acme/datasets/gsm8k",
    evaluator="accounts/acme/evaluators/math-exact",
    output_model="gsm8k-rft-v1",
)


def _jobs() -> dict[str, Job]:
    jobs = {"baseline": build_job(RESOURCES, {})}
    for template in available():
        jobs[template.name] = produce(NewRequest(resources=RESOURCES, start=Start("template", template.name))).job
    for goal in catalog().goals:
        jobs[goal] = produce(NewRequest(goals=(goal,), resources=RESOURCES)).job
    return jobs


JOBS = _jobs()


def proposals(job: Job, symptom: str) -> list[Change]:
    """Every single change the symptom's remedies make to `job`, as `tune` makes them."""
    values = effective_values(job)
    found = [try_remedy(job, values, r)[0] for r in catalog().symptoms[symptom].remedies]
    return [c for c in found if c is not None]


def same_move(change: Change, tried: Tried, base: Job | None) -> bool:
    if change.param in catalog().settings:  # a service setting: the same new value
        return change.param == tried.param and change.new == tried.new
    old = effective_values(base)[tried.param] if base is not None else tried.old
    assert old is not None
    assert not isinstance(change.old, str)
    assert not isinstance(change.new, str)
    return change.param == tried.param and direction(change.old, change.new) == direction(old, tried.new)


def assert_safe(job: Job, change: Change) -> None:
    assert new_problems(job, applied(job, change)) == [], change


@pytest.mark.parametrize("name", list(JOBS))
def test_every_subset_of_tried_changes_is_skipped_and_the_rest_taken_in_order(name: str) -> None:
    job = JOBS[name]
    for symptom in SYMPTOMS:
        made = proposals(job, symptom)
        diagnosis = Diagnosis(symptom, "evidence of the curve.")
        for size in range(len(made) + 1):
            for chosen in itertools.combinations(made, size):
                for verdicts in itertools.product(VERDICTS, repeat=size) if size <= 2 else [("hurt",) * size]:
                    tried = [Tried(c.param, c.old, c.new, v) for c, v in zip(chosen, verdicts, strict=True)]
                    result = next_change(job, diagnosis, tried)
                    left = [c for c in made if c not in chosen]
                    assert result.change == (left[0] if left else None), (name, symptom, chosen)
                    assert result.evidence[0] == "evidence of the curve."
                    if result.change is not None:
                        assert_safe(job, result.change)
                    else:
                        assert result.reason == (catalog().symptoms[symptom].settled or WORDING["exhausted"])
        if not made:
            assert tune(job, catalog().symptoms[symptom]).change is None


def test_with_nothing_tried_next_proposes_what_tune_does() -> None:
    for job, symptom in itertools.product(JOBS.values(), SYMPTOMS):
        assert next_change(job, None, symptom=symptom).change == tune(job, catalog().symptoms[symptom]).change


_changes = st.builds(
    Tried,
    param=st.sampled_from(sorted(catalog().parameters)),
    old=st.none(),
    new=st.sampled_from([1, 2, 3, 4, 8, 16, 32, 0.3, 0.5, 0.7, 1.0, 1.2, 5e-5, 1e-4, 2e-4, 1024, 4096, 65536]),
    verdict=st.sampled_from(VERDICTS),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(list(JOBS)),
    symptom=st.sampled_from(SYMPTOMS),
    tried=st.lists(_changes, max_size=4),
    history=st.lists(_changes.map(lambda t: t._replace(old=catalog().parameters[t.param].default)), max_size=6),
)
def test_a_proposal_is_never_tried_from_this_run_never_hurt_before_and_always_safe(
    name: str, symptom: str, tried: list[Tried], history: list[Tried]
) -> None:
    job = JOBS[name]
    result = next_change(job, Diagnosis(symptom, "e."), tried, history)
    if result.change is None:
        assert result.reason == (catalog().symptoms[symptom].settled or WORDING["exhausted"])
        return
    assert not any(same_move(result.change, t, job) for t in tried)
    assert not any(same_move(result.change, h, None) for h in history if h.verdict == "hurt")
    assert result.change in proposals(job, symptom)
    assert_safe(job, result.change)
    helped = [
        c for c in proposals(job, symptom) if any(same_move(c, h, None) for h in history if h.verdict == "helped")
    ]
    untried = [c for c in helped if not any(same_move(c, t, job) for t in tried)]
    untried = [c for c in untried if not any(same_move(c, h, None) for h in history if h.verdict == "hurt")]
    if untried:
        assert result.change == untried[0]
        assert result.evidence[-1] == f"{result.change.param}: {WORDING['helped before']}."


def test_a_move_that_helped_elsewhere_comes_first_and_one_that_hurt_never() -> None:
    job = JOBS["baseline"]
    collapse = Diagnosis("reward-collapse", "the reward gave back most of its gain.")
    assert next_change(job, collapse).change == Change(
        "learning_rate", 1e-4, 5e-5, catalog().symptoms["reward-collapse"].remedies[0].why
    )
    history = [Tried("batch_size", 32768, 65536, "helped")]
    preferred = next_change(job, collapse, (), history)
    assert preferred.change is not None
    assert preferred.change.param == "batch_size"
    assert preferred.reason.startswith("reward-collapse: ")
    hurt = next_change(job, collapse, (), [Tried("learning_rate", 2e-4, 1e-4, "hurt")])
    assert hurt.change is not None
    assert hurt.change.param == "batch_size"
    assert hurt.evidence[1] == f"passed over: learning_rate 1e-4 -> 5e-5: {WORDING['hurt before']}."
    raised = next_change(job, collapse, (), [Tried("learning_rate", 1e-4, 2e-4, "hurt")])  # the other way
    assert raised.change is not None
    assert raised.change.param == "learning_rate"


def test_a_tried_change_is_matched_by_direction_from_this_run_not_by_its_recorded_old_value() -> None:
    job = JOBS["baseline"]
    tried = [Tried("learning_rate", None, 7e-5, "within noise")]  # lowered, by another amount
    result = next_change(job, Diagnosis("reward-collapse", "e."), tried)
    assert result.change is not None
    assert result.change.param == "batch_size"
    assert "passed over: learning_rate 1e-4 -> 5e-5: already tried from this run (within noise)." in result.evidence


def test_a_healthy_curve_gets_no_change_unless_a_symptom_is_asked_for() -> None:
    healthy = Diagnosis("healthy", "steady improvement.")
    result = next_change(JOBS["baseline"], healthy)
    assert (result.symptom, result.change, result.reason, result.evidence) == (
        "healthy", None, WORDING["healthy"], ("steady improvement.",)
    )  # fmt: skip
    asked = next_change(JOBS["baseline"], healthy, symptom="too-slow")
    assert asked.symptom == "too-expensive"
    assert asked.change is not None
    nothing = next_change(JOBS["baseline"], None)
    assert (nothing.change, nothing.reason) == (None, WORDING["no curve"])


def test_an_unknown_symptom_is_a_usage_error() -> None:
    from rftcfg.core.errors import UsageError

    with pytest.raises(UsageError, match="unknown symptom 'wobbly'"):
        next_change(JOBS["baseline"], None, symptom="wobbly")
