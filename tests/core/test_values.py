"""The one number parser (core/values.py): its grammar, and the same verdict at every entry point.

(a) the grammar's decisions, spelled out: plain decimal, whole-number text for whole-number
    parameters ("2.0" is refused with "write 2"), YAML 1.1's other forms and leading zeros
    refused with the reason, NaN/inf refused, over-long text refused before conversion;
(b) the job-file loaders read numbers by the same grammar;
(c) for EVERY parameter in the data table, the same text given to `new --FLAG`, a job file
    checked by `validate`, `sweep --vary`, `import --command "firectl ..."` and the wizard's
    value check gets the same verdict: accepted with the same value, or refused with the same
    message and fix (exit 1, never 2 or 3).
"""

from __future__ import annotations

import json
import math
import re
import shlex
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftcfg.catalog import Number, Parameter, catalog
from rftcfg.core.errors import Finding
from rftcfg.core.values import parse_number, read_number
from rftcfg.files.reading import parse_json, parse_yaml
from rftcfg.wizard.flow import read_answer
from tests.conftest import RESOURCES, run

PARAMS = catalog().parameters
LIMIT = catalog().number_text_max
EPOCHS, LR = PARAMS["epochs"], PARAMS["learning_rate"]


def verdict(param: Parameter, raw: Any) -> Number | tuple[str, str | None]:
    value, findings = parse_number(param, raw)
    errors = [f for f in findings if f.level == "error"]
    return (errors[0].message, errors[0].fix) if errors else value  # type: ignore[return-value]


# --- (a) the grammar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("2", 2), ("+3", 3), (" 4 ", 4), ("10", 10), ("0.0", None), ("1e-4", None)],
)
def test_whole_number_text(text: str, value: int | None) -> None:
    result = verdict(EPOCHS, text)
    if value is None:
        assert isinstance(result, tuple)
    else:
        assert result == value
        assert type(result) is int


@pytest.mark.parametrize(
    ("text", "message", "fix_starts"),
    [
        ("2.0", "must be a whole number, written without a decimal point or exponent.", "write 2; use 1..10"),
        ("2.", "must be a whole number, written without a decimal point or exponent.", "write 2; use 1..10"),
        ("1e1", "must be a whole number, written without a decimal point or exponent.", "write 10; use 1..10"),
        ("2.5", "must be a whole number.", "use 1..10"),
        ("two", "must be a whole number.", "use 1..10"),
        ("", "must be a whole number.", "use 1..10"),
        ("010", "has a leading zero: YAML 1.1 readers (PyYAML) take 010 as octal 8, others as 10.", "write 10 without"),
        ("0x10", "must be a plain decimal whole number; this is hexadecimal,", "write it in decimal digits"),
        ("1_000", "must be a plain decimal whole number; this is written with underscores", "write it in decimal"),
        ("1:30", "must be a plain decimal whole number; this is sexagesimal", "write it in decimal digits"),
        ("nan", "must be a finite number.", "use 1..10"),
        ("-.inf", "must be a finite number.", "use 1..10"),
        ("1e999", "must be a finite number.", "use 1..10"),
        ("9" * 300, f"is 300 characters long; no valid whole number needs more than {LIMIT}.", "use 1..10"),
        ("0", "is outside the valid range 1..10.", "use 1..10"),
    ],
)
def test_refused_whole_number_text_says_why_and_how_to_fix_it(text: str, message: str, fix_starts: str) -> None:
    result = verdict(EPOCHS, text)
    assert isinstance(result, tuple)
    assert result[0].startswith(message)
    assert (result[1] or "").startswith(fix_starts)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1e-4", 1e-4), ("1.0e-4", 1e-4), ("0.0002", 2e-4), (".0001", 1e-4), ("+1E-4", 1e-4), (" 5e-5", 5e-5)],
)
def test_number_text(text: str, value: float) -> None:
    assert verdict(LR, text) == value


def test_a_long_value_is_shown_cut_short() -> None:
    _, findings = parse_number(EPOCHS, "9" * 300)
    assert findings[0].render() == (
        f"error: training_config.epochs = 999999999999... (300 characters): is 300 characters long; no valid whole "
        f"number needs more than {LIMIT}. Fix: use 1..10 (default 1); see `rftcfg explain epochs`."
    )


@pytest.mark.parametrize(
    "raw", [2.0, True, None, [2], {"a": 1}, math.inf, math.nan, 10**400, pytest.param(10**5000, id="5001 digits")]
)
def test_scalars_that_are_not_whole_numbers_are_refused(raw: Any) -> None:
    assert isinstance(read_number(EPOCHS, raw), Finding)


def test_scalars_read_like_their_text() -> None:
    assert verdict(EPOCHS, 2.0) == verdict(EPOCHS, "2.0")
    assert verdict(EPOCHS, 1e5) == verdict(EPOCHS, "1e5")
    assert verdict(LR, 1) == verdict(LR, "1") == ("is outside the valid range 1e-5..5e-4.", verdict(LR, "1")[1])  # type: ignore[index]
    assert verdict(LR, -0.0) == verdict(LR, "-0")
    assert str(parse_number(PARAMS["top_p"], "-0.0")[0]) == "0.0"


# --- (b) the loaders ---------------------------------------------------------------------------


def test_the_yaml_loader_reads_numbers_by_the_same_grammar() -> None:
    text = "[1, +3, -0, 2.0, .5, 5., 1.0e-4, 1e-4, 1.0e5, 010, 0x10, 0o10, 1_000, 1:30, .inf, .nan, 00.5, true]"
    assert parse_yaml(text) == [1, 3, 0, 2.0, 0.5, 5.0, 1e-4, "1e-4", "1.0e5", "010", "0x10", "0o10", "1_000",
                                "1:30", ".inf", ".nan", "00.5", True]  # fmt: skip
    assert parse_yaml(f"[{'9' * LIMIT}, {'9' * (LIMIT + 1)}]") == [int("9" * LIMIT), "9" * (LIMIT + 1)]


def test_the_json_loader_leaves_what_the_grammar_refuses_as_text() -> None:
    long = "9" * 5000  # more digits than Python converts to an int at all
    assert parse_json(f"[1, 2.0, NaN, -Infinity, {long}, 1e999]") == [1, 2.0, "NaN", "-Infinity", long, math.inf]


# --- (c) the same verdict at every entry point -------------------------------------------------

# Every job here has the largest batch and the smallest context the table allows, so no
# interaction rule (a batch must hold a full sequence) can refuse a value the parser accepts:
# whatever is refused below is refused by the parser or the range check.
BATCH, CONTEXT = PARAMS["batch_size"], PARAMS["max_context_length"]
ROOMY = {BATCH.key: BATCH.max, CONTEXT.key: CONTEXT.min}
FIRECTL = "firectl reinforcement-fine-tuning-job create --base-model m --dataset d --evaluator e"

# Junk that stays a plain text scalar in YAML (no yes/no/null/dates), holds no comma (the
# --vary separator) and no ": " (what separates value from message in a finding's line).
JUNK = ["two", "abc", "1.2.3", "1e", "e5", "--1", "+-1", "1x", "0b101", "0o17", "0x1F", "1_000", "1:30", "190:20:30",
        "1e+", ".", "+.", "\u0663", "\u00bd", "1 000", "0x", "1__0", "5e-5e5"]  # fmt: skip
NOT_FINITE = ["nan", "NaN", ".nan", "inf", "-inf", "+.inf", ".Inf", "Infinity", "-Infinity", "1e999", "-1.0e+999"]


def _bounds(param: Parameter) -> tuple[int, int]:
    low = param.min if param.min is not None else min(param.choices or (0,))
    high = param.max if param.max is not None else max(param.choices or (0,))
    return math.floor(low), math.ceil(high)


def texts(param: Parameter) -> st.SearchStrategy[str]:
    low, high = _bounds(param)
    span = max(high - low, 1)
    ints = st.one_of(
        st.sampled_from([low - 1, low, high, high + 1, *(param.choices or ())]),
        st.integers(low - 3, min(high + 3, low + 40)),
        st.integers(-(10**40), 10**40),
    )
    floats = st.one_of(
        st.floats(param.min or 0, param.max or 0) if param.type == "float" else st.nothing(),
        st.floats(low - span, high + span, allow_nan=False),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from([float(low), float(high), float(param.default)]),
    )
    exponent = st.integers(-8, 8) | st.sampled_from([-400, 400, 30])
    body = st.one_of(
        ints.map(str),
        floats.map(repr),
        floats.map(lambda f: f"{f:.3f}"),
        floats.map(lambda f: f"{f:e}"),
        st.tuples(
            st.integers(0, 99), st.sampled_from(["e", "E", ".0e", ".5E"]), st.sampled_from(["", "+", "-"]), exponent
        ).map(lambda t: f"{t[0]}{t[1]}{t[2]}{abs(t[3]) if t[2] else t[3]}"),
        ints.map(lambda i: f"{i}.0") | ints.map(lambda i: f"{i}.") | ints.map(lambda i: f"{i}.000"),
        st.tuples(st.integers(1, 3), ints).map(lambda t: f"{'-' if t[1] < 0 else ''}{'0' * t[0]}{abs(t[1])}"),
        st.integers(LIMIT - 2, 400).map(lambda n: "9" * n) | st.integers(LIMIT - 2, 400).map(lambda n: "1" + "0" * n),
        st.sampled_from(NOT_FINITE),
        st.sampled_from(JUNK),
    )
    signed = st.tuples(st.sampled_from(["", "", "+"]), body).map(
        lambda t: t[1] if t[1][:1] in "+-" or not t[1][:1].isdigit() else t[0] + t[1]
    )
    return st.tuples(st.integers(0, 2), signed, st.integers(0, 2)).map(lambda t: " " * t[0] + t[1] + " " * t[2])


Verdict = tuple[str, Any]  # ("accepted", value) or ("refused", frozenset of (message, fix))
_ERROR_LINE = re.compile(r"error: (?P<field>\S+) = .*?: (?P<message>.*?)(?: Fix: (?P<fix>.*))?$")


def _outcome(result: Any, param: Parameter, value: Any) -> Verdict:
    assert result.code in (0, 1), (result.code, result.stdout, result.stderr)
    if result.code == 0:
        return ("accepted", value() if callable(value) else value)
    refusals = set()
    for line in (result.stdout + result.stderr).splitlines():
        match = _ERROR_LINE.search(line)
        if match and match["field"] == param.path:
            refusals.add((match["message"], match["fix"]))
    assert refusals, result.stderr
    return ("refused", frozenset(refusals))


def _at(data: dict[str, Any], param: Parameter) -> Any:
    return data[param.section][param.field]


def _flags(param: Parameter, text: str) -> list[str]:
    roomy = [w for k, v in ROOMY.items() if k != param.key for w in (PARAMS[k].flag, str(v))]
    return [*roomy, f"{param.flag}={text}"]


def by_new(param: Parameter, text: str, _: Path) -> Verdict:
    result = run("new", *RESOURCES, *_flags(param, text), "--format", "json")
    return _outcome(result, param, lambda: _at(json.loads(result.stdout), param))


def by_file(param: Parameter, text: str, folder: Path) -> Verdict:
    base = yaml.safe_load((folder / "base.yaml").read_text())
    lines = [f"dataset: {base['dataset']}", f"evaluator: {base['evaluator']}"]
    for section in ("training_config", "inference_parameters"):
        lines.append(f"{section}:")
        for key, value in base[section].items():
            lines.append(f"  {key}: {text if key == param.field and section == param.section else json.dumps(value)}")
    path = folder / "job.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", str(path))
    return _outcome(result, param, lambda: _at(json.loads(run("render", str(path), "-f", "json").stdout), param))


def by_sweep(param: Parameter, text: str, folder: Path) -> Verdict:
    out = folder / "sweep"
    result = run("sweep", str(folder / "base.yaml"), "--vary", f"{param.key}={text}", "-o", str(out))
    return _outcome(result, param, lambda: _at(yaml.safe_load(next(out.glob("*.yaml")).read_text()), param))


def by_import(param: Parameter, text: str, _: Path) -> Verdict:
    roomy = " ".join(f"{PARAMS[k].flag} {v}" for k, v in ROOMY.items() if k != param.key)
    result = run("import", "--command", f"{FIRECTL} {roomy} {param.flag} {shlex.quote(text)}", "-f", "json")
    return _outcome(result, param, lambda: _at(json.loads(result.stdout), param))


ENTRY_POINTS = (by_new, by_file, by_sweep, by_import)


@pytest.mark.parametrize("key", list(PARAMS))
def test_the_same_text_gets_the_same_verdict_everywhere(key: str) -> None:
    param = PARAMS[key]
    folder = Path(tempfile.mkdtemp(prefix=f"values-{key}-"))
    base = run("new", *RESOURCES, *[w for k, v in ROOMY.items() for w in (PARAMS[k].flag, str(v))], "-o",
               str(folder / "base.yaml"))  # fmt: skip
    assert base.code == 0, base.stderr

    @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text=texts(param))
    def check(text: str) -> None:
        with tempfile.TemporaryDirectory(dir=folder) as each:
            verdicts = {entry.__name__: entry(param, text, _with_base(folder, Path(each))) for entry in ENTRY_POINTS}
        assert len(set(verdicts.values())) == 1, (text, verdicts)
        kind, found = verdicts["by_new"]
        value, problem = read_answer(param, text)  # the wizard's check of a typed value
        if kind == "accepted":
            assert (problem, value, type(value)) == (None, found, type(found)), (text, problem)
        else:
            assert value is None
            assert problem is not None
            assert any(message.rstrip(".") in problem for message, _ in found), (text, problem, found)

    check()


def _with_base(folder: Path, each: Path) -> Path:
    (each / "base.yaml").write_text((folder / "base.yaml").read_text(), encoding="utf-8")
    return each
