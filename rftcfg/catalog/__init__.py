"""The data table (data/catalog.yaml) as frozen, typed objects, loaded once on first use.

Everything that knows a default, a range, a goal pattern or a rule text reads it from here.
"""

from __future__ import annotations

import json
import zlib
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from rftcfg.catalog.ledger import LedgerSpec, RemoteSpec
from rftcfg.catalog.limits import CompareRules, InputLimits, NextRules
from rftcfg.catalog.numbers import Number, format_number, round_significant
from rftcfg.catalog.pricing import build_cost_page
from rftcfg.catalog.resources import Resource, build_resources
from rftcfg.catalog.settings import Passthrough, Setting, build_settings
from rftcfg.catalog.symptoms import CurveRules, LogRules, LogSeries, Remedy, Symptom
from rftcfg.catalog.types import (
    Catalog,
    Facts,
    Goal,
    Guardrails,
    Guidance,
    IdSpec,
    Level,
    Move,
    Parameter,
    Rule,
    SizeRow,
    ToolSpec,
    normal_name,
)


def _tuple(raw: Any) -> tuple[Any, ...]:
    return tuple(raw) if raw else ()


def _parameter(key: str, raw: dict[str, Any]) -> Parameter:
    raw = dict(raw)
    guidance = tuple(Guidance(**g) for g in raw.pop("guidance", []) or [])
    return Parameter(
        key=key,
        guidance=guidance,
        choices=_tuple(raw.pop("choices", None)) or None,
        flag_aliases=_tuple(raw.pop("flag_aliases", None)),
        names=_tuple(raw.pop("names", None)),
        **raw,
    )


def _move(raw: dict[str, Any]) -> Move:
    raw = dict(raw)
    rows = tuple(SizeRow(value=r.pop("set"), **r) for r in map(dict, raw.pop("by_model_size", [])))
    target = raw.pop("target", None)
    return Move(by_model_size=rows, target=tuple(target) if target else None, **raw)


def _goal(name: str, raw: dict[str, Any]) -> Goal:
    return Goal(
        name=name,
        summary=raw["summary"],
        source=raw["source"],
        aliases=_tuple(raw.get("aliases")),
        moves=tuple(_move(m) for m in raw["moves"]),
        claims=tuple(raw.get("claims", {}).items()),
        not_applied=tuple(_move(m) for m in raw.get("not_applied", [])),
    )


def _symptom(name: str, raw: dict[str, Any]) -> Symptom:
    return Symptom(
        name=name,
        summary=raw["summary"],
        remedies=tuple(Remedy(**m) for m in raw["moves"]),
        source=raw["source"],
        detect=raw.get("detect", ""),
        aliases=_tuple(raw.get("aliases")),
        check_first=raw.get("check_first"),
        settled=raw.get("settled"),
    )


def _tool(name: str, raw: dict[str, Any]) -> ToolSpec:
    return ToolSpec(
        name=name,
        program=tuple(raw["program"]),
        forms={k: tuple(v) for k, v in raw["forms"].items()},
        default_form=raw["default_form"],
        account_flags=tuple(raw["account_flags"]),
        resource_flags=dict(raw["resource_flags"]),
        wandb=dict(raw["wandb"]),
        ignored=dict(raw["ignored"]),
        also_reads=tuple(tuple(f) for f in raw.get("also_reads", [])),
        also_programs=_tuple(raw.get("also_programs")),
        long_forms=bool(raw.get("long_forms", False)),
        own_defaults=dict(raw.get("own_defaults", {})),
    )


def _passthrough(path: str, raw: dict[str, Any]) -> Passthrough:
    flags = {k: v for k, v in raw.items() if k not in ("boolean", "lowercase")}
    return Passthrough(path, flags, bool(raw.get("boolean", False)), bool(raw.get("lowercase", False)))


def build(raw: dict[str, Any]) -> Catalog:
    parameters = {k: _parameter(k, v) for k, v in raw["parameters"].items()}
    goals = {k: _goal(k, v) for k, v in raw["goals"].items()}
    names: dict[str, str] = {}
    for p in parameters.values():
        for alias in (p.key, p.path, p.flag, *p.flag_aliases, *p.names, p.short, p.api_field.split(".")[-1]):
            names[normal_name(alias)] = p.key
    goal_names = {normal_name(a): g.name for g in goals.values() for a in (g.name, *g.aliases)}
    return Catalog(
        parameters=parameters,
        goals=goals,
        rules={k: Rule(id=k, **{**v, "params": tuple(v.get("params", ()))}) for k, v in raw["rules"].items()},
        findings={k: Rule(id=k, **v) for k, v in raw["findings"].items()},
        model_sizes={k: float(v) for k, v in raw["model_sizes"].items()},
        known_models=tuple(raw["known_models"]),
        symptoms={k: _symptom(k, v) for k, v in raw["symptoms"].items()},
        curve_rules=CurveRules(**raw["curve_rules"]),
        log_series=LogSeries.build(raw["log_series"]),
        log_rules=LogRules.build(raw["log_rules"]),
        facts=Facts(**raw["facts"]),
        guardrails=Guardrails(**raw["guardrails"]),
        ids=IdSpec(**raw["ids"]),
        resources=build_resources(raw["resources"]),
        tools={k: _tool(k, v) for k, v in raw["tools"].items()},
        passthrough_keys=tuple(_passthrough(p, spec) for p, spec in raw["passthrough"].items()),
        read_only_fields=tuple(raw["read_only_fields"]),
        job_fields=dict(raw["job_fields"]),
        secrets=dict(raw["secrets"]),
        sources=dict(raw["sources"]),
        names_index=names,
        goal_index=goal_names,
        number_text_max=int(raw["number_text"]["max_length"]),
        input_limits=InputLimits(**raw["input_limits"]),
        ledger=LedgerSpec(**raw["ledger"]),
        remote=RemoteSpec.build(raw["remote"]),
        compare_rules=CompareRules(**{**raw["compare_rules"], "ignored": tuple(raw["compare_rules"]["ignored"])}),
        next_rules=NextRules(**raw["next_rules"]),
        settings=build_settings(raw["settings"]),
        cost_page=build_cost_page(raw["cost_page"]),
    )


# A plain path rather than importlib.resources: the package always ships as files, and the
# resources machinery costs ~5 ms of start-up.
DATA = Path(__file__).parent / "data"
SOURCE, COMPILED = DATA / "catalog.yaml", DATA / "catalog.json"


def read_raw(source_path: Path = SOURCE, compiled_path: Path = COMPILED) -> dict[str, Any]:
    """The table as plain data. catalog.yaml is the one source; catalog.json is the same data
    compiled (`python -m rftcfg.catalog`), because every command reads the table and JSON parses
    about ten times faster than YAML. The JSON records the checksum of the YAML it was made
    from, so an edited YAML is read directly (slower, never stale) until it is compiled again."""
    source = source_path.read_bytes()
    try:
        compiled = json.loads(compiled_path.read_bytes())
        if compiled.get("source_crc32") == zlib.crc32(source):
            table: dict[str, Any] = compiled["table"]
            return table
    except (OSError, ValueError):
        pass  # missing or unreadable: the YAML is the truth anyway
    return parse_source(source)


def parse_source(source: bytes) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(source.decode("utf-8"), Loader=loader)
    return data


def compile_table() -> Path:
    """Write catalog.json from catalog.yaml (run after editing the YAML: `python -m rftcfg.catalog`)."""
    source = SOURCE.read_bytes()
    compiled = {"source_crc32": zlib.crc32(source), "table": parse_source(source)}
    COMPILED.write_text(json.dumps(compiled, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8")
    return COMPILED


@cache
def catalog() -> Catalog:
    return build(read_raw())


__all__ = [
    "Catalog", "CurveRules", "Facts", "Goal", "Guardrails", "Guidance", "IdSpec", "Level", "Move",
    "Number", "Parameter", "Passthrough", "Remedy", "Resource", "Rule", "Setting", "SizeRow", "Symptom", "ToolSpec",
    "catalog", "format_number", "round_significant",
]  # fmt: skip
