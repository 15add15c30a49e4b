"""The data table's typed view: one frozen record type per kind of entry. NamedTuples rather
than pydantic models or dataclasses: the table is ours and trusted, and a dataclass costs ~0.8 ms
to define against ~0.1 ms for a NamedTuple, which adds up at start-up."""

from __future__ import annotations

from typing import Literal, NamedTuple

from rftcfg.catalog.ledger import LedgerSpec, RemoteSpec
from rftcfg.catalog.limits import CompareRules, InputLimits, NextRules
from rftcfg.catalog.numbers import Number, format_number
from rftcfg.catalog.pricing import CostPage
from rftcfg.catalog.resources import Resource
from rftcfg.catalog.settings import Passthrough, Setting, find_setting
from rftcfg.catalog.symptoms import CurveRules, LogRules, LogSeries, Symptom

Level = Literal["error", "warning", "note"]


class Guidance(NamedTuple):
    """A soft bound: crossing it is legal but outside the docs' advice (a warning, or a note)."""

    message: str
    below: Number | None = None
    above: Number | None = None
    level: Literal["warning", "note"] = "warning"  # note: the docs call the value viable, just weaker

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
    claims: tuple[tuple[str, str], ...] = ()  # (dimension, direction) the wording states; held to the model
    not_applied: tuple[Move, ...] = ()  # seed moves rftcfg leaves out, each with its reason


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
    fix: str | None = None  # the advice printed with the finding, where it differs from `explain`


class ToolSpec(NamedTuple):
    """A command-line tool rftcfg writes create commands for (firectl, ep)."""

    name: str
    program: tuple[str, ...]
    forms: dict[str, tuple[str, ...]]
    default_form: str
    account_flags: tuple[str, ...]
    resource_flags: dict[str, str]  # resource name -> flag (account and W&B: the fields below)
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
    max_length: int
    derived: dict[str, str]  # kind of derived job -> the marker its IDs carry


class Catalog(NamedTuple):
    parameters: dict[str, Parameter]
    goals: dict[str, Goal]
    rules: dict[str, Rule]
    findings: dict[str, Rule]  # every other finding code, same shape as a rule
    model_sizes: dict[str, float]
    known_models: tuple[str, ...]
    symptoms: dict[str, Symptom]
    curve_rules: CurveRules
    log_series: LogSeries  # the series a training log may carry beside the reward, by kind
    log_rules: LogRules
    facts: Facts
    guardrails: Guardrails
    ids: IdSpec
    resources: dict[str, Resource]  # in the table's order, which is Resources' field order
    tools: dict[str, ToolSpec]
    passthrough_keys: tuple[Passthrough, ...]
    read_only_fields: tuple[str, ...]
    job_fields: dict[str, str]
    secrets: dict[str, str]
    sources: dict[str, str]
    names_index: dict[str, str]
    goal_index: dict[str, str]
    number_text_max: int  # longest number text any entry point reads (number_text.max_length)
    input_limits: InputLimits
    ledger: LedgerSpec
    remote: RemoteSpec
    compare_rules: CompareRules
    next_rules: NextRules
    settings: dict[str, Setting]  # service settings: checked and explained, never filled in
    cost_page: CostPage  # Fireworks' cost-estimator page (core.cost.page_estimate)

    def setting(self, name: str) -> Setting | None:
        """A service setting by key, flag or dotted path (`kl-beta`, `--rl-kl-beta`, `loss_config.kl_beta`)."""
        return find_setting(self.settings, normal_name(name))

    def parameter(self, name: str) -> Parameter | None:
        """Look a parameter up by key, flag, alias or dotted path (`top-p`, `--rollouts`, `n`)."""
        return self.parameters.get(self.names_index.get(normal_name(name), ""))

    def goal(self, name: str) -> Goal | None:
        return self.goals.get(self.goal_index.get(normal_name(name), ""))

    def symptom(self, name: str) -> Symptom | None:
        wanted = normal_name(name).replace("_", "-")
        return next((s for s in self.symptoms.values() if wanted in (s.name, *s.aliases)), None)

    def rule(self, name: str) -> Rule | None:
        return self.rules.get(normal_name(name).replace("_", "-"))

    def finding(self, name: str) -> Rule | None:
        return self.findings.get(normal_name(name).replace("_", "-"))

    def code(self, code: str) -> Rule:
        """The table entry of a finding code, from `rules` or `findings`; KeyError if it has none."""
        entry = self.rules.get(code) or self.findings.get(code)
        if entry is None:
            raise KeyError(f"finding code {code!r} is not in the data table")
        return entry

    def passthrough(self, name: str) -> Passthrough | None:
        """A job-file key rftcfg passes through untouched, by its path or last part."""
        wanted = normal_name(name)
        return next((p for p in self.passthrough_keys if wanted in (p.path, p.path.split(".")[-1])), None)

    def cite(self, source: str) -> str:
        """`PT "Epochs"; SDK` -> each part's document in full, then its section, if any."""
        parts = []
        for part in source.split("; "):
            key, _, rest = part.partition(" ")
            joint = "" if not rest else (" " if rest.startswith("(") else ": ")
            parts.append(f"{self.sources[key]}{joint}{rest}" if key in self.sources else part)
        return "; ".join(parts)

    def suggest_goal(self, name: str) -> str | None:
        import difflib  # only error paths suggest names; keep it off the start-up path

        close = difflib.get_close_matches(normal_name(name), list(self.goal_index), n=1)
        return self.goal_index[close[0]] if close else None

    def suggest_parameter(self, name: str) -> str | None:
        import difflib  # only error paths suggest names; keep it off the start-up path

        close = difflib.get_close_matches(normal_name(name), list(self.names_index), n=1)
        return self.names_index[close[0]] if close else None


def normal_name(name: str) -> str:
    return name.strip().lstrip("-").replace("-", "_").lower()
