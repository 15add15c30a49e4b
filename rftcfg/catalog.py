"""The data table (data/catalog.yaml) as frozen, typed objects, loaded once on first use.

Everything that knows a default, a range, a goal pattern or a rule text reads it from here.
NamedTuples rather than pydantic models or dataclasses: the table is ours and trusted, and a
dataclass costs ~0.8 ms to define against ~0.1 ms for a NamedTuple, which adds up at start-up.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import yaml

Number = int | float
Level = Literal["error", "warning", "note"]


class Guidance(NamedTuple):
    """A soft bound: crossing it is legal but outside the docs' advice (a warning)."""

    message: str
    below: Number | None = None
    above: Number | None = None

    def crossed_by(self, value: Number) -> bool:
        return (self.below is not None and value < self.below) or (self.above is not None and value > self.above)


class Parameter(NamedTuple):
    key: str
    path: str
    api_field: str
    flag: str
    type: Literal["int", "float"]
    default: Number
    summary: str
    too_low: str
    too_high: str
    when_to_move: str
    cost: str
    cost_when_raised: Literal["up", "down", "none"]
    short: str
    source: str
    min: Number | None = None
    max: Number | None = None
    choices: tuple[int, ...] | None = None
    min_reason: str | None = None
    max_reason: str | None = None
    guidance: tuple[Guidance, ...] = ()
    unit: str | None = None
    flag_aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return self.path.split(".")[0]

    @property
    def field(self) -> str:
        return self.path.split(".")[-1]

    @property
    def label(self) -> str:
        """The friendliest short name, e.g. `rollouts` for response_candidates_count."""
        return self.names[0] if self.names else self.key

    def range_text(self) -> str:
        if self.choices:
            return "one of " + ", ".join(str(c) for c in self.choices)
        return f"{format_number(self.min)}..{format_number(self.max)}"

    def coerce(self, value: Number) -> Number:
        return int(value) if self.type == "int" else float(value)


class SizeRow(NamedTuple):
    value: Number
    why: str
    below_b: float | None = None
    at_least_b: float | None = None
    otherwise: bool = False
    unknown: bool = False
    note: str | None = None


class Move(NamedTuple):
    param: str
    why: str
    set: Number | None = None
    add: Number | None = None
    scale: float | None = None
    step: int | None = None
    by_model_size: tuple[SizeRow, ...] = ()
    target: tuple[Number, Number] | None = None

    def describe(self) -> str:
        if self.set is not None:
            return f"set to {format_number(self.set)}"
        if self.add is not None:
            return f"add {format_number(self.add)}"
        if self.scale is not None:
            return "double" if self.scale == 2 else ("halve" if self.scale == 0.5 else f"x{self.scale}")
        if self.step is not None:
            return f"{abs(self.step)} step {'down' if self.step < 0 else 'up'}"
        rows = [r for r in self.by_model_size if not r.unknown]
        parts = []
        for row in rows:
            if row.below_b is not None:
                parts.append(f"{format_number(row.value)} under {format_number(row.below_b)}B")
            elif row.at_least_b is not None:
                parts.append(f"{format_number(row.value)} at {format_number(row.at_least_b)}B+")
            else:
                parts.append(f"{format_number(row.value)} otherwise")
        return "by model size: " + ", ".join(parts)


class Goal(NamedTuple):
    name: str
    summary: str
    moves: tuple[Move, ...]
    source: str
    aliases: tuple[str, ...] = ()


class Remedy(NamedTuple):
    """One single-parameter change for a symptom, kept inside [floor, ceiling] (the guidance)."""

    param: str
    why: str
    scale: float | None = None
    add: Number | None = None
    step: int | None = None
    at_least: Number | None = None
    at_most: Number | None = None
    floor: Number | None = None
    ceiling: Number | None = None


class Symptom(NamedTuple):
    name: str
    summary: str
    remedies: tuple[Remedy, ...]
    source: str
    detect: bool = False
    aliases: tuple[str, ...] = ()


class CurveRules(NamedTuple):
    min_points: int
    smoothing_fraction: float
    collapse_drop: float
    collapse_peak_before: float
    plateau_reached_by: float
    rising_tail: float
    flat_gain: float
    tail_from: float
    noise_widths: float


class Facts(NamedTuple):
    free_rft_below_b: float
    free_rft: str
    free_rft_source: str
    tokens_per_char: float


class Guardrails(NamedTuple):
    truncation_share: float
    answer_cut_share: float
    small_dataset_rows: int
    zero_signal_share: float


class Rule(NamedTuple):
    id: str
    level: Level
    summary: str
    explain: str
    source: str
    params: tuple[str, ...] = ()


class Passthrough(NamedTuple):
    """A job-file key rftcfg does not tune, and the flag each tool sets it with (None: none)."""

    path: str
    flags: dict[str, str | None]
    boolean: bool = False
    lowercase: bool = False


class ToolSpec(NamedTuple):
    """A command-line tool rftcfg writes create commands for (firectl, ep)."""

    name: str
    program: tuple[str, ...]
    forms: dict[str, tuple[str, ...]]
    default_form: str
    account_flags: tuple[str, ...]
    resource_flags: dict[str, str]
    wandb: dict[str, str]
    ignored: dict[str, bool]  # flag -> takes a value
    also_reads: tuple[tuple[str, ...], ...] = ()
    also_programs: tuple[str, ...] = ()
    long_forms: bool = False
    own_defaults: dict[str, Number] = {}  # noqa: RUF012 - never mutated; NamedTuple fields cannot use factories


class IdSpec(NamedTuple):
    pattern: str
    format: str
    fireworks_models_account: str
    collections: dict[str, str]
    fixes: dict[str, str]


class Catalog(NamedTuple):
    parameters: dict[str, Parameter]
    goals: dict[str, Goal]
    rules: dict[str, Rule]
    model_sizes: dict[str, float]
    known_models: tuple[str, ...]
    symptoms: dict[str, Symptom]
    curve_rules: CurveRules
    facts: Facts
    guardrails: Guardrails
    ids: IdSpec
    tools: dict[str, ToolSpec]
    passthrough_keys: tuple[Passthrough, ...]
    read_only_fields: tuple[str, ...]
    job_fields: dict[str, str]
    secrets: dict[str, str]
    sources: dict[str, str]
    names_index: dict[str, str]
    goal_index: dict[str, str]

    def parameter(self, name: str) -> Parameter | None:
        """Look a parameter up by key, flag, alias or dotted path (`top-p`, `--rollouts`, `n`)."""
        return self.parameters.get(self.names_index.get(_normal(name), ""))

    def goal(self, name: str) -> Goal | None:
        return self.goals.get(self.goal_index.get(_normal(name), ""))

    def symptom(self, name: str) -> Symptom | None:
        wanted = _normal(name).replace("_", "-")
        return next((s for s in self.symptoms.values() if wanted in (s.name, *s.aliases)), None)

    def rule(self, name: str) -> Rule | None:
        return self.rules.get(_normal(name).replace("_", "-"))

    def passthrough(self, name: str) -> Passthrough | None:
        """A job-file key rftcfg passes through untouched, by its path or last part."""
        wanted = _normal(name)
        return next((p for p in self.passthrough_keys if wanted in (p.path, p.path.split(".")[-1])), None)

    def cite(self, source: str) -> str:
        """`PT "Epochs"` -> the full name of the page, then the section."""
        key, _, rest = source.partition(" ")
        return f"{self.sources[key]}: {rest}" if key in self.sources else source

    def suggest_goal(self, name: str) -> str | None:
        import difflib  # only error paths suggest names; keep it off the start-up path

        close = difflib.get_close_matches(_normal(name), list(self.goal_index), n=1)
        return self.goal_index[close[0]] if close else None

    def suggest_parameter(self, name: str) -> str | None:
        import difflib  # only error paths suggest names; keep it off the start-up path

        close = difflib.get_close_matches(_normal(name), list(self.names_index), n=1)
        return self.names_index[close[0]] if close else None


def _normal(name: str) -> str:
    return name.strip().lstrip("-").replace("-", "_").lower()


def format_number(value: Any) -> str:
    """Shortest exact text for a number; below 1e-3 in e-notation (1e-4 reads better than 0.0001)."""
    if isinstance(value, bool):
        return "true" if value else "false"  # as YAML and JSON write it
    if not isinstance(value, int | float):
        return str(value)
    text = repr(value)  # the shortest text that reads back as exactly this float
    if not isinstance(value, float) or value == 0 or abs(value) >= 1e-3 or "n" in text:
        return text
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}e{int(exponent)}"
    sign, digits = ("-", text[3:]) if text.startswith("-") else ("", text[2:])  # digits after "0."
    significant = digits.lstrip("0")
    mantissa = significant[0] + (f".{significant[1:]}" if len(significant) > 1 else "")
    return f"{sign}{mantissa}e{-(len(digits) - len(significant) + 1)}"


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
    )


def _symptom(name: str, raw: dict[str, Any]) -> Symptom:
    return Symptom(
        name=name,
        summary=raw["summary"],
        remedies=tuple(Remedy(**m) for m in raw["moves"]),
        source=raw["source"],
        detect=bool(raw.get("detect", False)),
        aliases=_tuple(raw.get("aliases")),
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
            names[_normal(alias)] = p.key
    goal_names = {_normal(a): g.name for g in goals.values() for a in (g.name, *g.aliases)}
    return Catalog(
        parameters=parameters,
        goals=goals,
        rules={k: Rule(id=k, **{**v, "params": tuple(v.get("params", ()))}) for k, v in raw["rules"].items()},
        model_sizes={k: float(v) for k, v in raw["model_sizes"].items()},
        known_models=tuple(raw["known_models"]),
        symptoms={k: _symptom(k, v) for k, v in raw["symptoms"].items()},
        curve_rules=CurveRules(**raw["curve_rules"]),
        facts=Facts(**raw["facts"]),
        guardrails=Guardrails(**raw["guardrails"]),
        ids=IdSpec(**raw["ids"]),
        tools={k: _tool(k, v) for k, v in raw["tools"].items()},
        passthrough_keys=tuple(_passthrough(p, spec) for p, spec in raw["passthrough"].items()),
        read_only_fields=tuple(raw["read_only_fields"]),
        job_fields=dict(raw["job_fields"]),
        secrets=dict(raw["secrets"]),
        sources=dict(raw["sources"]),
        names_index=names,
        goal_index=goal_names,
    )


def read_raw() -> dict[str, Any]:
    # A plain path rather than importlib.resources: the package always ships as files, and the
    # resources machinery costs ~5 ms of start-up.
    text = (Path(__file__).parent / "data" / "catalog.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(text, Loader=loader)
    return data


@cache
def catalog() -> Catalog:
    return build(read_raw())
