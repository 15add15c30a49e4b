"""Property tests over the data table: range checks, file round trips and the firectl command.

(a) every in-range value of every parameter passes `check_value` without an error;
(b) every out-of-range value fails with an error on that parameter's path, and says so;
(c) a job built from random in-range values survives render -> load -> parse_job unchanged,
    as YAML and as JSON;
(d) the firectl command, split back with shlex, carries each parameter flag exactly once with
    the job's value, plus the job's resources.

Ranges come from the catalog, so a new parameter is covered without touching this file.
"""

from __future__ import annotations

import json
import math
import shlex
from collections import Counter
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rftcfg.catalog import Number, Parameter, catalog
from rftcfg.core.checks import check_job, check_value
from rftcfg.core.errors import Finding
from rftcfg.core.resources import Resources, build_job
from rftcfg.files.parse import parse_job
from rftcfg.formats import Options, render

PARAMS = catalog().parameters
FIRECTL = catalog().tools["firectl"]
WANDB_ENV = catalog().secrets["wandb_api_key_env"]
BIG = 10**6  # the upper bound used for parameters that have none (batch_size, max_context_length)
FAST = settings(max_examples=50, deadline=None, database=None)

RESOURCES = Resources(
    dataset="accounts/acme/datasets/gsm8k",
    evaluator="accounts/acme/evaluators/math",
    base_model="accounts/fireworks/models/qwen3-8b",
    output_model="gsm8k-tuned",
    job_id="gsm8k-run-1",
    display_name="GSM8K run",
    account="acme",
    wandb_project="rft-gsm8k",
    wandb_entity="acme-ml",
)


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "error"]


def upper(param: Parameter) -> Number:
    return param.max if param.max is not None else BIG


# --- strategies ------------------------------------------------------------------------------


def in_range(param: Parameter) -> st.SearchStrategy[Number]:
    """Any legal value: a choice, a whole number for int parameters, a float (or a whole number
    a file might hold, such as `temperature: 1`) for float parameters."""
    if param.choices:
        return st.sampled_from(param.choices)
    assert param.min is not None
    if param.type == "int":
        return st.integers(min_value=int(param.min), max_value=int(upper(param)))
    floats = st.floats(min_value=param.min, max_value=upper(param), allow_nan=False, allow_infinity=False)
    low, high = math.ceil(param.min), math.floor(upper(param))
    return st.one_of(floats, st.integers(low, high)) if low <= high else floats


def out_of_range(param: Parameter) -> st.SearchStrategy[Number]:
    """Illegal values: below the minimum, above the maximum, not a choice, or not whole."""
    options: list[st.SearchStrategy[Number]] = []
    if param.choices:
        choices = param.choices
        options.append(st.integers(-BIG, BIG).filter(lambda v: v not in choices))
    if param.min is not None:
        if param.type == "int":
            below = st.integers(max_value=math.ceil(param.min) - 1, min_value=-(10**12))
            options += [below, below.map(float)]
        else:
            options.append(st.floats(max_value=param.min, exclude_max=True, allow_nan=False))
    if param.max is not None:
        if param.type == "int":
            above = st.integers(min_value=math.floor(param.max) + 1, max_value=10**12)
            options += [above, above.map(float)]
        else:
            options.append(st.floats(min_value=param.max, exclude_min=True, allow_nan=False))
    if param.type == "int":
        options.append(st.floats(allow_nan=False).filter(lambda v: not v.is_integer()))
    return st.one_of(options)


@st.composite
def job_values(draw: st.DrawFn) -> dict[str, Number]:
    """One in-range value per parameter, with batch_size >= max_context_length (a job rule)."""
    values: dict[str, Number] = {}
    for key, param in PARAMS.items():
        if key == "batch_size":
            continue
        values[key] = draw(in_range(param))
    context = int(values["max_context_length"])
    batch = PARAMS["batch_size"]
    values["batch_size"] = draw(st.integers(min_value=max(context, int(batch.min or 1)), max_value=int(upper(batch))))
    return values


# --- (a) and (b): one value at a time -----------------------------------------------------------


@pytest.mark.parametrize("key", list(PARAMS))
@FAST
@given(data=st.data())
def test_in_range_value_passes(key: str, data: st.DataObject) -> None:
    param = PARAMS[key]
    value = data.draw(in_range(param), label=key)
    findings = check_value(param, value)
    assert not errors(findings), [f.render() for f in findings]
    assert all(f.field == param.path for f in findings)  # guidance warnings name the parameter too


@pytest.mark.parametrize("key", list(PARAMS))
@FAST
@given(data=st.data())
def test_out_of_range_value_fails(key: str, data: st.DataObject) -> None:
    param = PARAMS[key]
    value = data.draw(out_of_range(param), label=key)
    found = errors(check_value(param, value))
    assert found, f"{param.path} = {value!r} was accepted"
    for finding in found:
        assert finding.field == param.path
        assert finding.value == value
        assert param.path in finding.render()
        assert f"job.yaml: error: {param.path} = " in finding.render("job.yaml")
        assert finding.fix
        assert param.range_text() in finding.fix


def test_strategies_cover_every_parameter() -> None:
    """Guards the strategies against a catalog change they cannot handle (e.g. a float choice)."""
    for param in PARAMS.values():
        assert param.type in ("int", "float")
        assert param.choices or param.min is not None, f"{param.key} has no lower bound to test against"
        assert not errors(check_value(param, param.default)), f"{param.key}'s default is out of its own range"


@pytest.mark.parametrize("key", [k for k, p in PARAMS.items() if p.type == "float"])
def test_nan_is_rejected(key: str) -> None:
    assert errors(check_value(PARAMS[key], math.nan))


# --- (c): job file round trips -----------------------------------------------------------------


def assert_built_as_asked(job: Any, values: dict[str, Number]) -> None:
    for key, param in PARAMS.items():
        got = job.get(param.path)
        assert got == values[key]
        assert type(got) is (int if param.type == "int" else float), f"{param.path} is {type(got).__name__}"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@FAST
@given(values=job_values())
def test_job_file_round_trip(fmt: str, values: dict[str, Number]) -> None:
    job = build_job(RESOURCES, values)
    assert_built_as_asked(job, values)
    assert not errors(check_job(job)), [f.render() for f in errors(check_job(job))]

    text = render(job, fmt).text
    data = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
    back, findings = parse_job(data)
    assert findings == []
    assert back == job
    assert back is not None
    assert back.kwargs() == job.kwargs()
    for param in PARAMS.values():
        assert type(back.get(param.path)) is type(job.get(param.path))  # 1.0 stays a float, 8 an int


# --- (d): the firectl command ------------------------------------------------------------------


def split_multiline(text: str) -> list[str]:
    """shlex keeps a backslash-newline as a lone "\\n" word (a shell drops it); remove those."""
    lines = text.rstrip("\n").split("\n")
    assert all(line.endswith(" \\") for line in lines[:-1])
    assert all(line.startswith("  --") for line in lines[1:])
    words = shlex.split(text)
    assert words.count("\n") == len(lines) - 1
    return [w for w in words if w != "\n"]


def option_groups(words: list[str]) -> list[tuple[str, ...]]:
    """`--flag value` and lone `--flag` groups, in order (no in-range value starts with '-')."""
    groups: list[tuple[str, ...]] = []
    i = 0
    while i < len(words):
        flag = words[i]
        assert flag.startswith("--"), f"expected a flag at {i}: {words[i:]}"
        if i + 1 < len(words) and not words[i + 1].startswith("--"):
            groups.append((flag, words[i + 1]))
            i += 2
        else:
            groups.append((flag,))
            i += 1
    return groups


def check_firectl_words(job: Any, words: list[str], form: str) -> None:
    program = [*FIRECTL.program, *FIRECTL.forms[form]]
    assert words[: len(program)] == program
    groups = option_groups(words[len(program) :])
    counts = Counter(g[0] for g in groups)
    by_flag = {g[0]: g[1:] for g in groups}

    for param in PARAMS.values():
        assert counts[param.flag] == 1, f"{param.flag} appears {counts[param.flag]} times"
        for alias in param.flag_aliases:
            assert counts[alias] == 0
        (text,) = by_flag[param.flag]
        value = job.get(param.path)
        assert float(text) == value, f"{param.flag} {text} != {value!r}"
        if param.type == "int":
            assert int(text) == value

    expected: dict[str, tuple[str, ...]] = {
        FIRECTL.account_flags[0]: (RESOURCES.account or "",),
        "--base-model": (RESOURCES.base_model or "",),
        "--dataset": (RESOURCES.dataset or "",),
        "--evaluator": (RESOURCES.evaluator or "",),
        "--output-model": (RESOURCES.output_model or "",),
        "--job-id": (RESOURCES.job_id or "",),
        FIRECTL.wandb["enable_flag"]: (),
        FIRECTL.wandb["project_flag"]: (RESOURCES.wandb_project or "",),
        FIRECTL.wandb["entity_flag"]: (RESOURCES.wandb_entity or "",),
        FIRECTL.wandb["key_flag"]: (f"${WANDB_ENV}",),  # the shell expands it; never the key itself
    }
    for flag, value in expected.items():
        assert counts[flag] == 1, f"{flag} appears {counts[flag]} times"
        assert by_flag[flag] == value
    assert set(counts) == set(expected) | {p.flag for p in PARAMS.values()}, "unexpected flags"


@FAST
@given(values=job_values(), form=st.sampled_from(sorted(FIRECTL.forms)))
def test_firectl_flags_match_job(values: dict[str, Number], form: str) -> None:
    job = build_job(RESOURCES, values)
    multi = render(job, "firectl", Options(firectl_form=form)).text
    one = render(job, "firectl", Options(firectl_form=form, one_line=True)).text
    assert "\n" not in one.rstrip("\n")

    multi_words = split_multiline(multi)
    one_words = shlex.split(one)
    assert multi_words == one_words
    check_firectl_words(job, multi_words, form)
    check_firectl_words(job, one_words, form)


def _firectl_value(job: Any, flag: str) -> Any:
    words = shlex.split(render(job, "firectl", Options(one_line=True)).text)
    return words[words.index(flag) + 1]


def test_firectl_keeps_small_floats_exact() -> None:
    defaults = {k: p.default for k, p in PARAMS.items()}
    job = build_job(RESOURCES, {**defaults, "learning_rate": 1.2345678e-4})
    text = _firectl_value(job, PARAMS["learning_rate"].flag)
    assert float(text) == 1.2345678e-4
