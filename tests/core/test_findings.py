"""Every finding code rftcfg can print is in the data table, and takes its level from there.

The source is scanned (ast) for calls to the one factory, `finding(code, ...)`, so a new code
written anywhere in rftcfg/ without a table entry fails here rather than at a user's terminal.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

from rftcfg.app.new import NewRequest, produce
from rftcfg.catalog import catalog
from rftcfg.core.checks import check_job
from rftcfg.core.errors import finding
from rftcfg.core.job import Job
from rftcfg.core.plan import make_plan
from rftcfg.core.resources import Resources

PACKAGE = Path(__file__).resolve().parents[2] / "rftcfg"


def _literal_codes(node: ast.expr) -> list[str] | None:
    """The codes an argument can be: a string, or a conditional between strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_codes(node.body), _literal_codes(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        n for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
    ]  # fmt: skip


def constructed_codes() -> dict[str, list[str]]:
    """code -> the files that construct it. A code passed in through a helper's parameter
    (`_error("range", ...)`) is followed one level up to the helper's callers in the same file."""
    found: dict[str, list[str]] = {}
    problems: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(PACKAGE))
        if where != "core/errors.py" and _calls(tree, "Finding"):
            problems.append(f"{where} builds Finding(...) directly; use finding(code, ...)")
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for func in functions:
            for call in _calls(func, "finding"):
                first = call.args[0]
                codes = _literal_codes(first)
                if codes is None and isinstance(first, ast.Name):
                    params = [a.arg for a in func.args.args]
                    if first.id in params:
                        index = params.index(first.id)
                        callers = _calls(tree, func.name)
                        picked = [_literal_codes(c.args[index]) for c in callers]
                        if callers and all(p is not None for p in picked):
                            codes = [c for p in picked for c in p or []]
                if codes is None:
                    problems.append(f"{where}:{call.lineno}: the code is not a string the test can read")
                    continue
                for code in codes:
                    found.setdefault(code, []).append(where)
    assert problems == []
    return found


def test_every_code_constructed_anywhere_is_in_the_table() -> None:
    codes = constructed_codes()
    assert len(codes) >= 30, "the scan should see every finding rftcfg makes"
    table = {**catalog().rules, **catalog().findings}
    missing = {code: files for code, files in codes.items() if code not in table}
    assert missing == {}


def test_the_scan_sees_the_codes_behind_helpers_and_conditionals() -> None:
    codes = constructed_codes()
    for code in ("type", "range", "guidance-goal", "goal-conflict-settled", "parameter-required", "missing-parameter"):
        assert code in codes


def test_rules_and_findings_do_not_share_a_name_and_are_complete() -> None:
    assert set(catalog().rules).isdisjoint(catalog().findings)
    for entry in [*catalog().rules.values(), *catalog().findings.values()]:
        assert entry.level in ("error", "warning", "note")
        assert all((entry.summary, entry.explain, entry.source))


def test_the_factory_takes_the_level_from_the_table_and_refuses_unknown_codes() -> None:
    for code, entry in {**catalog().rules, **catalog().findings}.items():
        assert finding(code, "m").level == entry.level
    with pytest.raises(KeyError, match="not-a-code"):
        finding("not-a-code", "m")


def test_one_code_one_level_where_the_context_used_to_change_it() -> None:
    settled = make_plan(["safer", "more-creative"], winners={"temperature": "more-creative"}).findings
    codes = {(f.code, f.level) for f in settled if "disagree" in f.message}
    assert codes == {("goal-conflict-settled", "note"), ("goal-conflict", "warning")}
    cheap = produce(NewRequest(goals=("lower-cost",), resources=_resources())).findings
    assert [(f.code, f.level) for f in cheap if f.field == "inference_parameters.response_candidates_count"] == [
        ("guidance-note", "note")  # the docs call two rollouts viable: a note whoever chose it
    ]
    job = Job({"dataset": "accounts/a/datasets/d", "evaluator": "accounts/a/evaluators/e",
               "training_config": {"base_model": "accounts/fireworks/models/qwen3-8b"}})  # fmt: skip
    assert {f.level for f in check_job(job) if f.code == "missing-parameter"} == {"warning"}
    assert {f.level for f in check_job(job, require_parameters=True) if f.code == "parameter-required"} == {"error"}


def _resources() -> Resources:
    return Resources(base_model="qwen3-8b", dataset="accounts/a/datasets/d", evaluator="accounts/a/evaluators/e")


@pytest.mark.parametrize("goals", list(itertools.permutations(catalog().goals, 2)), ids="+".join)
def test_every_finding_of_every_goal_pair_has_the_tables_level(goals: tuple[str, str]) -> None:
    for prefer in ({}, {c.param: c.loser for c in make_plan(goals).conflicts}):
        for f in produce(NewRequest(goals=goals, prefer=prefer, resources=_resources())).findings:
            assert f.level == catalog().code(f.code).level, f
