"""Every service setting in the whole data table round-trips: `new` -> every format -> `import`
-> validate, with the value it was given; and a setting nobody set is never written anywhere."""

from __future__ import annotations

from typing import Any

import pytest

from rftcfg.app.new import NewRequest, produce
from rftcfg.catalog import Setting, catalog
from rftcfg.core.job import camel_case
from rftcfg.core.resources import Resources, fill_defaults
from rftcfg.files.parse import check_parsed, parse_job
from rftcfg.formats import FORMATS, render
from rftcfg.formats.importing import import_text

RESOURCES = Resources(
    base_model="qwen3-8b", dataset="accounts/acme/datasets/gsm8k", evaluator="accounts/acme/evaluators/math-exact"
)


def valid_values(item: Setting) -> list[Any]:
    """Values the table calls valid: every choice; the bounds, the special values and a middle one."""
    if item.type == "choice":
        return list(item.choices)
    numbers = {item.min, item.max, *(value for value, _ in item.special)} - {None}
    if item.min is not None and item.max is not None:
        numbers.add((item.min + item.max) // 2 if item.type == "int" else (item.min + item.max) / 2)
    elif item.min is not None:
        numbers.add(item.min + (7 if item.type == "int" else 0.05))
    return sorted(numbers)  # type: ignore[type-var]


CASES = [(item.key, value) for item in catalog().settings.values() for value in valid_values(item)]


def flag_of(tool: str, path: str) -> str | None:
    return next(p.flags.get(tool) for p in catalog().passthrough_keys if p.path == path)


@pytest.mark.parametrize(("key", "value"), CASES, ids=[f"{k}={v}" for k, v in CASES])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_setting_round_trips_through_every_format(key: str, value: Any, fmt: str) -> None:
    item = catalog().settings[key]
    text = value if isinstance(value, str) else str(value)
    outcome = produce(NewRequest(resources=RESOURCES, settings={key: text}))
    assert not [f for f in outcome.findings if f.level == "error"], outcome.findings
    written = outcome.job.get(item.path)
    assert written == (item.api_spelling(value) if item.type == "choice" else value)
    rendered = render(outcome.job, fmt)
    imported = import_text(rendered.text)
    job, findings = parse_job(imported.data)
    findings = check_parsed(job, findings)
    assert not [f for f in findings if f.level == "error"], findings
    assert job is not None
    if fmt in ("firectl", "ep") and flag_of(fmt, item.path) is None:
        # The tool has no flag for it (ep cannot take --rl-loss-method): left out, and said so.
        assert job.get(item.path) is None
        assert any(item.path in note for note in rendered.notes)
    else:
        assert job.get(item.path) == written
    deprecated = [f for f in findings if f.code == "deprecated"]
    assert len(deprecated) == (1 if item.instead else 0)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_setting_nobody_set_stays_omitted_in_every_format(fmt: str) -> None:
    outcome = produce(NewRequest(resources=RESOURCES))
    filled, _ = fill_defaults(outcome.job)
    text = render(filled, fmt).text
    for item in catalog().settings.values():
        assert outcome.job.get(item.path) is None
        assert item.field not in text
        assert camel_case(item.field) not in text
        assert (tool_flag := flag_of(fmt, item.path)) is None or tool_flag not in text
