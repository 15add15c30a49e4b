"""Invariants over the whole data table: everything rftcfg proposes on its own passes its own
`validate --strict`, or rftcfg says before writing that it cannot (and names the next-best single
change); every derived job gets IDs of its own; a sweep folder holds exactly what it lists."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftcfg.app.templates import available
from rftcfg.catalog import Number, catalog
from rftcfg.core.job import Job
from rftcfg.core.resources import fill_defaults
from rftcfg.method.derive import COUNTER, change_tag, derive_ids, derived_name, next_name, safe_stem
from rftcfg.method.sweep import Vary, variants
from tests.conftest import RESOURCES, run

GOALS = list(catalog().goals)
SYMPTOMS = list(catalog().symptoms)
TEMPLATES = [t.name for t in available()]
ID = re.compile(catalog().ids.pattern)
MAX = catalog().ids.max_length
PARAMS = list(catalog().parameters.values())


def strict(path: Path) -> int:
    return run("validate", "--strict", str(path)).code


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning:")]


def fields(stderr: str) -> set[str]:
    """The fields warned about (a message may quote the value, which the fit changes)."""
    return {w.split(" = ", 1)[0] for w in warnings_of(stderr)}


def valid_id(value: str) -> bool:
    return bool(ID.match(value)) and len(value) <= MAX


# --- new: goals, pairs of goals, templates, budgets ----------------------------------------------


def _sized_models() -> list[str]:
    """One model name for every row of every by-model-size move in the table: just under each
    `below_b`, at each `at_least_b`, between them, and a name with no size at all."""
    sizes: set[float] = set()
    for goal in catalog().goals.values():
        for move in goal.moves:
            for row in move.by_model_size:
                if row.below_b is not None:
                    sizes |= {row.below_b - 1, row.below_b}
                if row.at_least_b is not None:
                    sizes |= {row.at_least_b - 1, row.at_least_b}
    return [f"sized-{int(s)}b-instruct" for s in sorted(sizes)] + ["mystery-model"]


@pytest.mark.parametrize("model", _sized_models())
@pytest.mark.parametrize("goal", GOALS)
def test_each_goal_alone_passes_strict_whatever_the_model_size(in_tmp: Path, goal: str, model: str) -> None:
    result = run("new", *RESOURCES, "--base-model", model, "-g", goal, "-o", "job.yaml")
    assert result.code == 0, result.stderr
    assert warnings_of(result.stderr) == []
    assert strict(in_tmp / "job.yaml") == 0


def test_every_ordered_pair_of_goals_passes_strict_apart_from_the_conflict(in_tmp: Path) -> None:
    for first, second in itertools.permutations(GOALS, 2):
        result = run("new", *RESOURCES, "-g", first, "-g", second, "-o", "job.yaml", "--force")
        assert result.code == 0, (first, second, result.stderr)
        others = [w for w in warnings_of(result.stderr) if "goals " not in w or " disagree on " not in w]
        assert others == [], (first, second)
        assert strict(in_tmp / "job.yaml") == 0, (first, second)


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_template_passes_strict(in_tmp: Path, template: str) -> None:
    result = run("new", "--template", template, *RESOURCES, "-o", "job.yaml")
    assert result.code == 0, result.stderr
    assert warnings_of(result.stderr) == []
    assert strict(in_tmp / "job.yaml") == 0


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_goal_on_each_template_passes_strict(in_tmp: Path, template: str) -> None:
    for goal in GOALS:
        result = run("new", "--template", template, "-g", goal, *RESOURCES, "-o", "job.yaml", "--force")
        assert result.code == 0, (goal, result.stderr)
        assert warnings_of(result.stderr) == [], goal
        assert strict(in_tmp / "job.yaml") == 0, goal


BUDGETS = [10**4, 10**6, 3 * 10**6, 2 * 10**7, 10**8, 10**10]
PROMPTS = [1, 300, 5000, 100_000]


@pytest.mark.parametrize("pass_rate", [None, "0.5", "0.8", "0.95"])
@pytest.mark.parametrize("goal", [None, "lower-cost", "better-quality"])
def test_every_budget_fit_passes_strict_or_is_refused_before_writing(
    in_tmp: Path, pass_rate: str | None, goal: str | None
) -> None:
    extra = [*(["--expected-pass-rate", pass_rate] if pass_rate else []), *(["-g", goal] if goal else [])]
    for budget, prompts in itertools.product(BUDGETS, PROMPTS):
        out = in_tmp / "job.yaml"
        out.unlink(missing_ok=True)
        args = ["--prompts", str(prompts), "--max-rollout-tokens", str(budget)]
        result = run("new", *RESOURCES, *args, *extra, "-o", str(out))
        if result.code == 1:
            assert "cannot be met" in result.stderr
            assert "Fix: raise the budget to" in result.stderr
            assert not out.exists()
            continue
        assert result.code == 0, result.stderr
        assert "explicit value" not in result.stderr  # a budget is not a value the person gave
        assert strict(out) == 0, (budget, prompts)
        written = Job(yaml.safe_load(out.read_text()))
        n, tokens = (
            written.get(f"inference_parameters.{k}") for k in ("response_candidates_count", "max_output_tokens")
        )
        assert prompts * n * tokens * written.get("training_config.epochs") <= budget
        # The fit adds no warning the unfitted job did not have (a pass rate judges the rollouts).
        unfitted = run("new", *RESOURCES, "--prompts", str(prompts), *extra)
        assert fields(result.stderr) <= fields(unfitted.stderr), (budget, prompts)


# --- tune: each symptom on the baseline and on every template ------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_symptom_passes_strict_or_names_why_not(in_tmp: Path, template: str) -> None:
    made = run("new", "--template", template, *RESOURCES, "--job-id", "run-1", "-o", "base.yaml")
    assert made.code == 0, made.stderr
    for symptom in SYMPTOMS:
        out = in_tmp / "tuned.yaml"
        out.unlink(missing_ok=True)
        result = run("tune", "base.yaml", "--symptom", symptom, "-o", str(out))
        if result.code == 1:
            assert "no single change left" in result.stderr
            assert "passed over:" in result.stdout
            assert not out.exists()
            continue
        assert result.code == 0, (symptom, result.stderr)
        if "Nothing to change:" in result.stdout:  # a symptom whose answer is then to change nothing
            assert catalog().symptoms[symptom].settled, (template, symptom)
            assert "passed over:" in result.stdout
            assert not out.exists()
            continue
        assert strict(out) == 0, (template, symptom, result.stdout)
        tuned = Job(yaml.safe_load(out.read_text()))
        assert_new_ids(Job(yaml.safe_load((in_tmp / "base.yaml").read_text())), [tuned])


def test_a_change_that_adds_a_warning_is_passed_over_for_the_next_one(in_tmp: Path) -> None:
    run("new", *RESOURCES, "--max-output-tokens", "8192", "-o", "base.yaml")
    result = run("tune", "base.yaml", "--symptom", "truncated", "-o", "tuned.yaml")
    assert result.code == 0, result.stderr
    assert "passed over: max_output_tokens -> 16384 would add a warning: inference_parameters." in result.stdout
    assert "Change max_context_length: 8192 -> 16384" in result.stdout
    assert strict(in_tmp / "tuned.yaml") == 0


# --- IDs -----------------------------------------------------------------------------------------


def assert_new_ids(base: Job, derived: list[Job]) -> None:
    base_ids = {base.get("reinforcement_fine_tuning_job_id"), base.get("training_config.output_model")}
    job_ids = [j.get("reinforcement_fine_tuning_job_id") for j in derived]
    models = [j.get("training_config.output_model") for j in derived]
    assert all(valid_id(i) for i in job_ids), job_ids
    assert all(valid_id(m.rsplit("/", 1)[-1]) for m in models), models
    assert len(set(job_ids)) == len(job_ids)
    assert len(set(models)) == len(models)
    assert not base_ids & (set(job_ids) | set(models))


ID_TEXT = st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\Z")


@st.composite
def bases(draw: st.DrawFn) -> Job:
    job_id = draw(st.none() | ID_TEXT)
    model = draw(st.none() | ID_TEXT)
    prefix = draw(st.sampled_from(["", "accounts/acme/models/"]))
    job, _ = fill_defaults(Job({}))
    updates: dict[str, object] = {}
    if job_id:
        updates["reinforcement_fine_tuning_job_id"] = job_id
    if model:
        updates["training_config.output_model"] = prefix + model
    return job.replace(updates)


@st.composite
def varies(draw: st.DrawFn) -> list[Vary]:
    chosen = draw(st.lists(st.sampled_from(PARAMS), min_size=1, max_size=3, unique_by=lambda p: p.key))
    found = []
    for param in chosen:
        if param.choices:
            values = st.sampled_from(param.choices)
        elif param.type == "int":
            values = st.integers(int(param.min or 0), min(int(param.max or 10**6), 10**6))
        else:
            values = st.floats(param.min or 0.0, param.max or 1.0).map(lambda v: float(f"{v:.3g}"))
        picked = draw(st.lists(values, min_size=1, max_size=4, unique=True))
        found.append(Vary(param.key, tuple(param.coerce(v) for v in picked)))
    return found


@settings(max_examples=150, deadline=None)
@given(base=bases(), found=varies(), grid=st.booleans())
def test_sweep_variant_ids_are_valid_short_and_distinct(base: Job, found: list[Vary], grid: bool) -> None:
    made = variants(base, found, grid=grid, fallback="Some File.name").made
    assert_new_ids(base, [v.job for v in made])
    assert [v.name for v in made] == [v.job.get("reinforcement_fine_tuning_job_id") for v in made]


@settings(max_examples=150, deadline=None)
@given(base=bases(), found=varies())
def test_no_two_kinds_name_the_same_change_alike(base: Job, found: list[Vary]) -> None:
    for vary in found:
        for value in vary.values:
            change = {vary.param: value}
            made = [derive_ids(base, kind, change) for kind in KINDS]
            assert len({m.job_id for m in made}) == len(KINDS)
            assert len({m.output_model for m in made}) == len(KINDS)


KINDS = list(catalog().ids.derived)  # sweep, tune, new (new --from with changes)
CHANGES = varies().map(lambda found: {v.param: v.values[0] for v in found})


@settings(max_examples=200, deadline=None)
@given(start=ID_TEXT, steps=st.lists(st.tuples(st.sampled_from([*KINDS, COUNTER]), CHANGES), min_size=1, max_size=6))
def test_derivations_extend_their_base_and_kinds_never_meet(
    start: str, steps: list[tuple[str, dict[str, Number]]]
) -> None:
    """Random chains of derivations (new --from, tune, sweep, repeated, in any order): every
    child differs from its base, and extends it when it fits; the same change from the same base
    gets a different ID from each kind; siblings are distinct; a tag's digits are never bumped."""
    current = start
    for kind, change in steps:
        stem = safe_stem(current)
        by_kind = {k: derived_name(current, k, change, {current}) for k in KINDS}
        assert len(set(by_kind.values())) == len(KINDS), by_kind
        taken = {current}
        for _ in range(3):  # siblings: the same derivation again, each clear of the ones before
            sibling = derived_name(current, kind, change, taken)
            assert valid_id(sibling)
            assert sibling not in taken, (sibling, taken)
            assert sibling != stem
            taken.add(sibling)
        following = derived_name(current, kind, change if kind != COUNTER else {}, {current})
        assert valid_id(following)
        assert following not in (current, stem)
        suffix = "-".join(part for part in (catalog().ids.derived.get(kind, ""), change_tag(change)) if part)
        if kind != COUNTER and len(f"{stem}-{suffix}") <= MAX:  # it fits: nothing is cut
            assert following.startswith(f"{stem}-"), (stem, following)
            assert following.endswith(suffix)
            if len(following) + 2 <= MAX:
                assert next_name(following) == f"{following}-2"  # the tag's exponent is no counter
        current = following


@settings(max_examples=100, deadline=None)
@given(current=ID_TEXT)
def test_the_next_id_is_valid_and_new(current: str) -> None:
    following = next_name(current)
    assert valid_id(following)
    assert following != current


def test_the_maximum_length_is_the_one_the_pattern_allows() -> None:
    assert ID.match("a" * MAX)
    assert not ID.match("a" * (MAX + 1))


def test_a_control_variant_of_a_variant_gets_its_own_id(in_tmp: Path) -> None:
    run("new", *RESOURCES, "--job-id", "run-1", "-o", "base.yaml")
    assert run("sweep", "base.yaml", "--vary", "lr=1e-4,2e-4", "-o", "first").code == 0
    result = run("sweep", "first/run-1-lr2e-4.yaml", "--vary", "lr=1e-4,2e-4", "-o", "second")
    assert result.code == 0, result.stderr
    base = Job(yaml.safe_load((in_tmp / "first" / "run-1-lr2e-4.yaml").read_text()))
    written = [Job(yaml.safe_load(p.read_text())) for p in sorted((in_tmp / "second").glob("*.yaml"))]
    assert_new_ids(base, written)
    launch = (in_tmp / "second" / "launch.sh").read_text()
    assert "run-1-lr2e-4-lr1e-4" in launch
    assert "run-1-lr2e-4-lr2e-4" in launch  # the control run: the tags stack, so the lineage shows


# --- sweep: variants and folders -----------------------------------------------------------------


def listed(folder: Path) -> tuple[set[str], set[str], set[str]]:
    """(job files in the folder, jobs launch.sh starts, files summary.txt lists)."""
    launched = set(re.findall(r"--job-id[ =](\S+)", (folder / "launch.sh").read_text()))
    summary = (folder / "summary.txt").read_text().splitlines()[1:]
    return (
        {p.stem for p in folder.glob("*.yaml")},
        launched,
        {line.split()[-1].removesuffix(".yaml") for line in summary if line.strip()},
    )


VALUES = st.sampled_from(PARAMS).flatmap(
    lambda p: st.tuples(
        st.just(p),
        st.lists(
            st.sampled_from(p.choices)
            if p.choices
            else st.integers(int(p.min or 0), min(int(p.max or 10**5), 10**5))
            if p.type == "int"
            else st.floats(p.min or 0.0, p.max or 1.0).map(lambda v: float(f"{v:.3g}")),
            min_size=1,
            max_size=3,
            unique=True,
        ),
    )
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=VALUES, second=VALUES)
def test_each_sweep_variant_passes_strict_or_was_flagged_and_force_replaces_the_folder(
    in_tmp: Path, first: tuple, second: tuple
) -> None:
    if not (in_tmp / "base.yaml").exists():
        assert run("new", *RESOURCES, "--job-id", "run-1", "-o", "base.yaml").code == 0
    shutil.rmtree(in_tmp / "out", ignore_errors=True)
    for (param, values), force in ((first, []), (second, ["--force"])):
        spec = f"{param.key}={','.join(str(v) for v in values)}"
        result = run("sweep", "base.yaml", "--vary", spec, "-o", "out", *force)
        if result.code == 1:  # an invalid variant stops the sweep before anything is written
            assert "nothing was written" in result.stderr
            continue
        assert result.code == 0, result.stderr
        files, launched, summarised = listed(in_tmp / "out")
        assert files == launched == summarised
        base = Job(yaml.safe_load((in_tmp / "base.yaml").read_text()))
        assert_new_ids(base, [Job(yaml.safe_load((in_tmp / "out" / f"{f}.yaml").read_text())) for f in files])
        flagged = {line.split(":", 1)[0] for line in result.stderr.splitlines() if ": warning:" in line}
        for name in files:
            assert strict(in_tmp / "out" / f"{name}.yaml") == 0 or name in flagged, name


def test_force_over_an_earlier_sweep_leaves_only_the_new_one_and_keeps_the_mode(in_tmp: Path) -> None:
    run("new", *RESOURCES, "--job-id", "run-1", "-o", "base.yaml")
    assert run("sweep", "base.yaml", "--vary", "lr=5e-5,2e-4", "-o", "out").code == 0
    (in_tmp / "out").chmod(0o750)
    assert run("sweep", "base.yaml", "--vary", "epochs=2,3", "-o", "out", "--force").code == 0
    files, launched, summarised = listed(in_tmp / "out")
    assert files == launched == summarised == {"run-1-ep2", "run-1-ep3"}
    assert sorted(p.name for p in (in_tmp / "out").iterdir()) == [
        "launch.sh", "run-1-ep2.yaml", "run-1-ep3.yaml", "summary.txt",
    ]  # fmt: skip
    assert (in_tmp / "out").stat().st_mode & 0o777 == 0o750
    assert sorted(p.name for p in in_tmp.iterdir()) == ["base.yaml", "out"]  # no staging left behind


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        ({"notes.md": "mine"}, "it holds notes.md, which rftcfg sweep does not write"),
        ({"launch.sh": "#!/bin/sh\nmake deploy\n"}, "its launch.sh was not written by rftcfg sweep"),
    ],
)
def test_force_never_replaces_a_folder_that_is_not_an_earlier_sweep(
    in_tmp: Path, extra: dict[str, str], why: str
) -> None:
    run("new", *RESOURCES, "--job-id", "run-1", "-o", "base.yaml")
    assert run("sweep", "base.yaml", "--vary", "lr=5e-5", "-o", "out").code == 0
    for name, text in extra.items():
        (in_tmp / "out" / name).write_text(text)
    before = {p.name: p.read_text() for p in (in_tmp / "out").iterdir()}
    result = run("sweep", "base.yaml", "--vary", "epochs=2", "-o", "out", "--force")
    assert result.code == 2
    assert f"not replaced, because {why}" in result.stderr
    assert {p.name: p.read_text() for p in (in_tmp / "out").iterdir()} == before
