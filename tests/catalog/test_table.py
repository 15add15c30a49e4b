"""Invariants of the data table: everything else trusts these."""

from __future__ import annotations

import re

import pytest

from rftcfg.catalog import catalog, format_number
from rftcfg.core.checks import check_value
from rftcfg.files.model import JobSchema, section_model

PARAMS = list(catalog().parameters.values())
GOALS = list(catalog().goals.values())


def test_the_ten_documented_parameters_and_defaults() -> None:
    defaults = {p.key: p.default for p in PARAMS}
    assert defaults == {
        "learning_rate": 1e-4,
        "epochs": 1,
        "lora_rank": 8,
        "batch_size": 32768,
        "max_context_length": 8192,
        "temperature": 0.7,
        "top_p": 1.0,
        "top_k": 40,
        "response_candidates_count": 4,
        "max_output_tokens": 2048,
    }


def test_documented_hard_ranges() -> None:
    ranges = {p.key: (p.min, p.max, p.choices) for p in PARAMS}
    assert ranges["learning_rate"] == (1e-5, 5e-4, None)
    assert ranges["epochs"] == (1, 10, None)
    assert ranges["lora_rank"][2] == (4, 8, 16, 32)
    assert ranges["temperature"] == (0.1, 2.0, None)
    assert ranges["top_p"] == (0.0, 1.0, None)
    assert ranges["top_k"] == (0, 100, None)
    assert ranges["response_candidates_count"] == (2, 2147483647, None)  # PT-NEW: no hard maximum
    assert ranges["max_output_tokens"] == (16, 16384, None)


@pytest.mark.parametrize("param", PARAMS, ids=lambda p: p.key)
def test_every_parameter_is_complete(param) -> None:  # type: ignore[no-untyped-def]
    assert param.flag.startswith("--")
    assert param.api_field.split(".")[-1][0].islower()
    for text in (param.summary, param.too_low, param.too_high, param.when_to_move, param.source):
        assert len(text) >= 8
    section = section_model(JobSchema, param.section)
    assert section is not None
    assert param.field in section.model_fields, "the path must exist in the SDK-shaped job model"
    alias = section.model_fields[param.field].alias or param.field
    assert param.api_field == f"{JobSchema.model_fields[param.section].alias}.{alias}"


@pytest.mark.parametrize("param", PARAMS, ids=lambda p: p.key)
def test_every_default_passes_without_even_a_warning(param) -> None:  # type: ignore[no-untyped-def]
    assert check_value(param, param.default) == []


@pytest.mark.parametrize("goal", GOALS, ids=lambda g: g.name)
def test_goal_moves_name_known_parameters_and_stay_in_range(goal) -> None:  # type: ignore[no-untyped-def]
    for move in goal.moves:
        param = catalog().parameters[move.param]
        assert move.why
        values = [move.set] if move.set is not None else [r.value for r in move.by_model_size]
        for value in (v for v in values if v is not None):
            assert not [f for f in check_value(param, value) if f.level == "error"]
        if move.target and move.set is not None:
            low, high = move.target
            assert low <= move.set <= high, f"{goal.name} sets {param.key} outside its documented band"
        if move.by_model_size:
            assert any(r.unknown for r in move.by_model_size), "unknown model sizes need a row"
            assert any(r.otherwise for r in move.by_model_size)


def test_seven_goals_with_their_aliases() -> None:
    assert [g.name for g in GOALS] == [
        "faster-convergence",
        "better-quality",
        "safer",
        "more-creative",
        "lower-cost",
        "higher-capacity",
        "prevent-overfitting",
    ]
    for alias, name in [
        ("quality", "better-quality"),
        ("cost", "lower-cost"),
        ("safety", "safer"),
        ("creative", "more-creative"),
        ("capacity", "higher-capacity"),
        ("overfitting", "prevent-overfitting"),
    ]:
        goal = catalog().goal(alias)
        assert goal is not None
        assert goal.name == name


def test_lookup_by_flag_alias_and_path() -> None:
    for name in (
        "rollouts",
        "-n",
        "--rollouts",
        "n",
        "response-candidates-count",
        "inference_parameters.response_candidates_count",
    ):
        param = catalog().parameter(name)
        assert param is not None
        assert param.key == "response_candidates_count"
    assert catalog().parameter("max-tokens").key == "max_output_tokens"  # type: ignore[union-attr]
    assert catalog().parameter("nonsense") is None


def test_rules_referenced_by_code_exist() -> None:
    needed = {
        "batch-holds-sequence", "learning-rate-batch", "sampling-trio", "output-fits-context",
        "one-change-at-a-time", "goal-conflict", "flag-overrides-goal", "missing-parameter",
        "short-id-no-account", "warm-start", "model-size-unknown",
    }  # fmt: skip
    assert needed <= set(catalog().rules)
    for rule in catalog().rules.values():
        assert rule.level in ("error", "warning", "note")
        assert rule.explain
        assert rule.source


def test_passthrough_paths_exist_in_the_job_model() -> None:
    for item in catalog().passthrough_keys:
        model: type = JobSchema
        for part in item.path.split("."):
            assert part in model.model_fields, item.path
            annotation = model.model_fields[part].annotation
            inner = [
                a for a in getattr(annotation, "__args__", ()) if isinstance(a, type) and hasattr(a, "model_fields")
            ]
            model = inner[0] if inner else model


@pytest.mark.parametrize(
    ("value", "text"),
    [(1e-4, "1e-4"), (1.5e-4, "1.5e-4"), (1e-5, "1e-5"), (0.7, "0.7"), (1.0, "1.0"), (8, "8"), (0.0, "0.0")],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text
    assert float(text) == value


def _every_source() -> list[str]:
    cat = catalog()
    found = [p.source for p in cat.parameters.values()] + [g.source for g in cat.goals.values()]
    found += [r.source for r in cat.rules.values()] + [s.source for s in cat.symptoms.values()]
    found += [f.source for f in cat.findings.values()]
    return found


@pytest.mark.parametrize("source", sorted(set(_every_source())))
def test_every_source_names_a_public_document_or_our_own_decision(source: str) -> None:
    for part in source.split("; "):
        key = part.partition(" ")[0]
        assert key in catalog().sources or part.startswith("rftcfg decision"), (
            f"{part!r}: cite a document listed under `sources:` (users cannot open internal notes)"
        )
    cited = catalog().cite(source)
    assert not re.search(r"\bREF\b|section \d", cited), cited
