"""A property-based fuzzer over the same promises as the corpus (tests/hostile/harness.py):
hypothesis builds job files, byte-level damage to a good file, and command lines, and each
runs as the real program under a time and memory limit."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftcfg.catalog import catalog
from tests.hostile.corpus import BASE, FLAG_VALUES, RESOURCES, TEXTS, YAML_VALUES, base_job
from tests.hostile.harness import Case, ForkServer, fork_server, try_case

FUZZ = settings(
    max_examples=int(os.environ.get("RFTCFG_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),  # CI runs the same examples every time; locally they vary
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def server() -> Iterator[ForkServer]:
    with fork_server() as warm:
        yield warm


def _judge_all(server: ForkServer, cases: list[Case]) -> None:
    with tempfile.TemporaryDirectory() as where:
        outcomes = [try_case(server, case, Path(where)) for case in cases]
    broken = [str(o) for o in outcomes if o.problems]
    assert not broken, "\n".join(broken)


# Values of every JSON/YAML kind, leaning towards the awkward ones.
scalars = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=40),
    st.sampled_from(TEXTS),
    st.sampled_from([p.default for p in catalog().parameters.values()]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)  # fmt: skip
paths = st.sampled_from([p.path for p in catalog().parameters.values()] + ["dataset", "evaluator", "display_name",
    "reinforcement_fine_tuning_job_id", "training_config.base_model", "training_config.output_model",
    "wandb_config.project", "extra_body", "training_config", "inference_parameters", "new_key", "a.b.c"])  # fmt: skip


@st.composite
def job_documents(draw: st.DrawFn) -> tuple[str, str]:
    """A job with some values replaced, some keys added or removed; as YAML or JSON text."""
    job: dict[str, Any] = base_job()
    for _ in range(draw(st.integers(1, 5))):
        dotted = draw(paths).split(".")
        node = job
        for part in dotted[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        if draw(st.booleans()):
            node[dotted[-1]] = draw(values)
        else:
            node.pop(dotted[-1], None)
    if draw(st.booleans()):
        return "job.json", json.dumps(job)  # NaN and Infinity as Python writes them
    return "job.yaml", yaml.safe_dump(job, allow_unicode=draw(st.booleans()))


@given(document=job_documents())
@FUZZ
def test_fuzzed_job_files(server: ForkServer, document: tuple[str, str]) -> None:
    name, text = document
    files = {name: text, "base.yaml": BASE}
    _judge_all(server, [
        Case("validate", ["validate", name], files),
        Case("render", ["render", name, "-f", "firectl", "-o", "out.sh"], files),
        Case("new --from", ["new", "--from", name, "-o", "out.yaml"], files),
        Case("import", ["import", name, "--account", "acme", "-o", "imported.yaml"], files),
        Case("diff", ["diff", "base.yaml", name], files),
        Case("sweep", ["sweep", name, "--vary", "epochs=2", "-o", "sw"], files),
    ])  # fmt: skip


@given(
    position=st.integers(0, len(BASE)),
    cut=st.integers(0, 40),
    insert=st.binary(max_size=40) | st.sampled_from([v.encode() for v in YAML_VALUES]),
)
@FUZZ
def test_damaged_job_files(server: ForkServer, position: int, cut: int, insert: bytes) -> None:
    raw = BASE.encode()
    damaged = raw[:position] + insert + raw[position + cut :]
    files = {"job.yaml": damaged}
    _judge_all(server, [
        Case("validate", ["validate", "job.yaml"], files),
        Case("tune", ["tune", "job.yaml", "--symptom", "too-expensive", "-o", "t.yaml"], files),
        Case("validate stdin", ["validate", "-"], stdin=damaged),
    ])  # fmt: skip


flag_texts = st.one_of(st.sampled_from(FLAG_VALUES + TEXTS), st.text(max_size=30), st.from_regex(r"-?[0-9.eE+-]{1,12}", fullmatch=True))  # fmt: skip
flags = st.sampled_from([p.flag for p in catalog().parameters.values()] + ["--prompts", "--expected-pass-rate",
    "--max-rollout-tokens", "--job-id", "--output-model", "--display-name", "--goal", "--prefer", "--only",
    "--template", "--schema-comment", "--account", "--format", "--firectl-form"])  # fmt: skip


@given(chosen=st.lists(st.tuples(flags, flag_texts), min_size=1, max_size=4), fmt=st.sampled_from(["yaml", "json", "api", "firectl", "ep"]))  # fmt: skip
@FUZZ
def test_fuzzed_command_lines(server: ForkServer, chosen: list[tuple[str, str]], fmt: str) -> None:
    args = [word for flag, text in chosen for word in (flag, text)]
    _judge_all(server, [
        Case("new -o", ["new", *RESOURCES, "-f", fmt, *args, "-o", "out"]),
        Case("new stdout", ["new", *RESOURCES, "-f", fmt, *args]),
    ])  # fmt: skip
