"""`sweep`: one job per value, each differing from the base in exactly one parameter (one factor at a
time), or the full grid when asked. Pure: builds and checks the variants; the CLI writes them."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import NamedTuple

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.checks import check_job
from rftcfg.core.errors import Finding, InvalidJobError, UsageError, count
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values, with_values
from rftcfg.core.values import parse_number
from rftcfg.method.derive import DerivedIds, derive_ids, with_ids


class Vary(NamedTuple):
    param: str
    values: tuple[Number, ...]
    merged: tuple[str, ...] = ()  # what was said of values written twice (1e-4,0.0001), merged into one


class Variant(NamedTuple):
    name: str  # job ID and file stem
    changes: dict[str, Number]  # parameter -> value (one entry unless --grid)
    job: Job
    ids: DerivedIds


def parse_vary(spec: str) -> Vary:
    """`learning_rate=1e-4,2e-4` (or `learning-rate=...`) -> Vary. An unknown parameter is a
    usage error; refused values are an invalid job (exit 1), every one listed, as with `new`."""
    name, sep, listed = spec.partition("=")
    param = catalog().parameter(name) if sep else None
    if param is None:
        hint = catalog().suggest_parameter(name) if sep else None
        did_you_mean = f" Did you mean {hint}?" if hint else ""
        raise UsageError(f"--vary '{_short(spec)}': write PARAMETER=V1,V2,... with a known parameter.{did_you_mean}")
    values: dict[Number, list[str]] = {}  # value -> the texts that wrote it
    errors: list[Finding] = []
    for text in listed.split(","):
        value, findings = parse_number(param, text)  # the one parser: as `new --flag` and job files
        errors += [f for f in findings if f.level == "error"]
        if value is not None:
            values.setdefault(value, []).append(text.strip())
    if errors:
        raise InvalidJobError(
            errors, summary=f"--vary '{_short(spec)}': {count(len(errors), 'value')} refused; nothing was written."
        )
    merged = tuple(
        f"--vary {param.key}: {', '.join(texts)} are all {format_number(value)}, so they make one variant"
        for value, texts in values.items()
        if len(texts) > 1
    )
    return Vary(param.key, tuple(values), merged)


def _short(text: str) -> str:
    return text if len(text) <= 60 else f"{text[:40]}... ({len(text)} characters)"


class Variants(NamedTuple):
    made: list[Variant]
    dropped: list[str]  # why each variant that would repeat an earlier one was left out


def variants(base: Job, varies: Sequence[Vary], *, grid: bool, fallback: str) -> Variants:
    """One variant per value (or per combination with `grid`), each under IDs of its own.
    `fallback` names the variants when the base has no job ID or output model (its file name).
    A variant with every parameter equal to an earlier one's (two control runs, say, when two
    --vary name their base values) is left out: it would be the same run, paid for twice."""
    keys = [v.param for v in varies]
    if len(set(keys)) != len(keys):
        raise UsageError("each parameter may be varied once; put all its values in one --vary.")
    if grid:
        combos = [dict(zip(keys, values, strict=True)) for values in itertools.product(*(v.values for v in varies))]
    else:
        combos = [{v.param: value} for v in varies for value in v.values]
    found: list[Variant] = []
    first: dict[tuple[tuple[str, Number], ...], Variant] = {}
    repeats: list[tuple[dict[str, Number], tuple[tuple[str, Number], ...]]] = []
    for combo in combos:
        same = tuple(effective_values(with_values(base, combo)).items())
        if same in first:
            repeats.append((combo, same))
            continue
        first[same] = made = make_variant(base, combo, fallback, [v.ids for v in found])
        found.append(made)
    dropped = [
        f"left out {_text(combo)}: the same job as {first[same].name} ({_text(first[same].changes)}), "
        "which would run and be paid for twice"
        for combo, same in repeats
    ]
    return Variants(found, dropped)


def _text(changes: dict[str, Number]) -> str:
    return ", ".join(f"{k}={format_number(v)}" for k, v in changes.items())


def make_variant(base: Job, changes: dict[str, Number], fallback: str, siblings: Sequence[DerivedIds] = ()) -> Variant:
    """`base` with `changes`, under a new job ID and output model (see method/derive.py)."""
    ids = derive_ids(base, "sweep", changes, fallback=fallback, taken=siblings)
    return Variant(ids.job_id, changes, with_ids(with_values(base, changes), ids), ids)


def check_variants(found: Sequence[Variant]) -> list[tuple[Variant, Finding]]:
    """Every error and warning in every variant; a sweep is written only when no error is among them."""
    return [(v, f) for v in found for f in check_job(v.job) if f.level != "note"]
