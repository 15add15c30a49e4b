"""`rftcfg explain` knows every name rftcfg prints or accepts: each parameter, goal, rule, finding
code and symptom of the data table (and each of their aliases), as text and as `--json`."""

from __future__ import annotations

import json

import pytest

from rftcfg.app.explain import explain_page
from rftcfg.app.explain_text import describe_remedy
from rftcfg.catalog import catalog
from tests.conftest import run


def every_name() -> list[tuple[str, str, str]]:
    """(kind, name to type, canonical name) for every entry of the table."""
    cat = catalog()
    names = [("parameter", n, p.key) for p in cat.parameters.values() for n in (p.key, p.path, p.flag, *p.names)]
    names += [("goal", n, g.name) for g in cat.goals.values() for n in (g.name, *g.aliases)]
    names += [("rule", r, r) for r in cat.rules]
    names += [("finding", f, f) for f in cat.findings]
    names += [("symptom", n, s.name) for s in cat.symptoms.values() for n in (s.name, *s.aliases)]
    return names


@pytest.mark.parametrize(("kind", "name", "canonical"), every_name())
def test_every_name_is_explainable_as_text_and_json(kind: str, name: str, canonical: str) -> None:
    text, as_json = run("explain", name), run("explain", name, "--json")
    assert (text.code, as_json.code) == (0, 0), text.stderr
    data = json.loads(as_json.stdout)
    if data["kind"] != kind:  # the name means something else first: the page points here
        assert f"{kind}:{name}" in data["also"]
        assert f"rftcfg explain {kind}:{name}" in text.stdout
        data = json.loads(run("explain", f"{kind}:{name}", "--json").stdout)
    assert data["kind"] == kind
    assert canonical in (data.get("key"), data.get("name"), data.get("id"))


def test_a_symptom_page_lists_its_moves_in_order_and_says_whether_metrics_detect_it() -> None:
    for symptom in catalog().symptoms.values():
        page = explain_page(f"symptom:{symptom.name}")
        assert page.data["detect"] is symptom.detect
        moves = page.data["moves"]
        assert isinstance(moves, list)
        assert [m["parameter"] for m in moves] == [r.param for r in symptom.remedies]
        lines = page.text.splitlines()
        for number, remedy in enumerate(symptom.remedies, 1):
            assert any(line.strip().startswith(f"{number}. {remedy.param}") and describe_remedy(remedy) in line
                       for line in lines)  # fmt: skip
        assert ("can detect it" in page.text) is bool(symptom.detect)
        assert "Source:" in page.text


def test_reward_collapse_and_bad_id() -> None:
    collapse = run("explain", "reward-collapse")
    assert collapse.code == 0
    assert "1. learning_rate              halve, not below 5e-5" in collapse.stdout
    bad_id = json.loads(run("explain", "bad-id", "--json").stdout)
    assert (bad_id["kind"], bad_id["level"]) == ("finding", "error")


def test_the_overview_lists_symptoms_and_every_code() -> None:
    page = explain_page(None)
    for name in [*catalog().symptoms, *catalog().rules, *catalog().findings]:
        assert f"  {name}" in page.text
    assert len(page.data["symptoms"]) == len(catalog().symptoms)  # type: ignore[arg-type]
    assert len(page.data["findings"]) == len(catalog().findings)  # type: ignore[arg-type]


def test_an_unknown_kind_prefix_is_just_a_name() -> None:
    assert run("explain", "symptom:nope").code == 2
    assert run("explain", "goal:reward-collapse").code == 2
