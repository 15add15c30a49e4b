"""Planning: layers of values, lowest first, into one value per parameter that knows its source.

    defaults -> starting point (template / file / wizard base) -> goals, in order -> explicit values

Pure functions over the data table: no I/O, no printing. Goal moves are computed from the
starting point, never from another goal's result, so the order of goals only decides conflicts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Literal, NamedTuple

from rftcfg.catalog import Goal, Move, Number, Parameter, SizeRow, catalog, format_number
from rftcfg.core.errors import Finding, finding
from rftcfg.core.ids import model_size_b
from rftcfg.core.moves import bounded, moved

SourceKind = Literal["default", "template", "file", "goal", "flag", "wizard", "budget"]
SAMPLING = ("temperature", "top_p", "top_k")


class Source(NamedTuple):
    kind: SourceKind
    name: str | None = None

    def __str__(self) -> str:
        return f"{self.kind} {self.name}" if self.name else self.kind


DEFAULT = Source("default")
# Why a value of the top layer is what it is: a flag or the wizard is a value the person gave; the
# budget layer is a cut rftcfg made to fit the budget they gave (they named no value).
_LAYER_REASONS = {"budget": "lowered to fit the rollout-token budget"}


class Setting(NamedTuple):
    param: str
    value: Number
    source: Source
    reason: str
    overrode: tuple[tuple[str, Number], ...] = ()


class Proposal(NamedTuple):
    goal: str
    value: Number
    why: str
    note: str | None = None
    size_unknown: bool = False  # the note says the model's size could not be read


class Conflict(NamedTuple):
    param: str
    winner: str
    winner_value: Number
    loser: str
    loser_value: Number
    chosen: bool = False  # the user picked the winner (wizard) rather than first-given order


class Plan(NamedTuple):
    settings: dict[str, Setting]
    goals: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    findings: tuple[Finding, ...]
    proposals: Mapping[str, tuple[Proposal, ...]]
    # The starting point's value of every parameter (template, file or wizard base over the
    # defaults); None when the plan starts from the documented defaults themselves.
    start: Mapping[str, Number] | None = None

    def values(self) -> dict[str, Number]:
        return {k: s.value for k, s in self.settings.items()}

    def changed(self) -> list[Setting]:
        """Settings that differ from the documented defaults, in table order."""
        params = catalog().parameters
        return [s for k, s in self.settings.items() if s.value != params[k].default]

    def origin(self, param: str) -> Number:
        """What `param` was before this run moved it: the starting point's value, or the default."""
        return self.start[param] if self.start is not None else catalog().parameters[param].default

    def moved(self) -> list[Setting]:
        """Settings this run changed: those that differ from the starting point, in table order."""
        return [s for k, s in self.settings.items() if s.value != self.origin(k)]

    def start_changes(self) -> list[tuple[str, Number, Number]]:
        """(parameter, default, starting value) where the starting point itself leaves the defaults."""
        params = catalog().parameters
        start = self.start or {}
        return [(k, params[k].default, v) for k, v in start.items() if v != params[k].default]

    def chosen_by_goal(self) -> dict[str, str]:
        return {k: s.source.name or "" for k, s in self.settings.items() if s.source.kind == "goal"}


def resolve_goals(names: Sequence[str]) -> tuple[list[str], list[str]]:
    """Canonical goal names in the order given (duplicates dropped), and the names not known."""
    resolved: list[str] = []
    unknown: list[str] = []
    for name in names:
        goal = catalog().goal(name)
        if goal is None:
            unknown.append(name)
        elif goal.name not in resolved:
            resolved.append(goal.name)
    return resolved, unknown


def defaults() -> dict[str, Setting]:
    return {k: Setting(k, p.default, DEFAULT, "documented default") for k, p in catalog().parameters.items()}


def make_plan(
    goals: Sequence[str] = (),
    *,
    base: Mapping[str, Setting] | None = None,
    explicit: Mapping[str, tuple[Number, Source]] | None = None,
    model: str | None = None,
    winners: Mapping[str, str] | None = None,
    only: Collection[str] = (),
) -> Plan:
    """Combine the layers. `winners` maps a parameter to the goal the user chose for a conflict;
    without it the goal given first wins. `only` limits the goals' moves to those parameters
    (one change at a time, even from a goal that moves several)."""
    params = catalog().parameters
    start = {**defaults(), **(base or {})}
    proposals = _proposals([_goal(g) for g in goals], start, model_size_b(model))
    if only:
        proposals = {k: v for k, v in proposals.items() if k in only}
        # A goal none of whose moves is kept no longer shapes the job: the header and the summary
        # must not name it.
        goals = [g for g in goals if any(o.goal == _goal(g).name for v in proposals.values() for o in v)]
    settings = dict(start)
    conflicts: list[Conflict] = []
    findings: list[Finding] = []
    explicit = explicit or {}
    for key, offers in proposals.items():
        if key in explicit:
            continue  # an explicit value settles the parameter: no goal wins it, so no conflict
        chosen = (winners or {}).get(key)
        winner = next((o for o in offers if o.goal == chosen), offers[0])
        agreeing = [o.goal for o in offers if o.value == winner.value]
        reason = winner.why if len(agreeing) == 1 else f"{winner.why} (also asked by {', '.join(agreeing[1:])})"
        settings[key] = Setting(key, winner.value, Source("goal", winner.goal), reason)
        for offer in offers:
            if offer.note and offer.value == winner.value:
                unread = offer.size_unknown  # the model's size could not be read from its name
                findings.append(
                    finding("model-size-unknown" if unread else "goal-note", offer.note, field=params[key].path)
                )
            if offer.value != winner.value:
                conflicts.append(Conflict(key, winner.goal, winner.value, offer.goal, offer.value, chosen is not None))
    for key, (value, source) in explicit.items():
        offers = proposals.get(key, ())
        lost = tuple((o.goal, o.value) for o in offers if o.value != value)
        settings[key] = Setting(key, value, source, _LAYER_REASONS.get(source.kind, "explicit value"), lost)
        if lost:
            findings.append(_override_note(params[key], value, source, lost))
    origin = {k: s.value for k, s in start.items()}
    findings.extend(_apply_rules(settings, origin, from_start=base is not None))
    findings[:0] = [_conflict_warning(c) for c in conflicts]
    return Plan(
        settings, tuple(goals), tuple(conflicts), tuple(findings), proposals, origin if base is not None else None
    )


def _goal(name: str) -> Goal:
    goal = catalog().goal(name)
    if goal is None:  # callers resolve names first; this guards programming errors only
        raise KeyError(name)
    return goal


def _proposals(
    goals: Sequence[Goal], start: Mapping[str, Setting], size: float | None
) -> dict[str, tuple[Proposal, ...]]:
    found: dict[str, list[Proposal]] = {}
    for goal in goals:
        for move in goal.moves:
            found.setdefault(move.param, []).append(_propose(goal.name, move, start[move.param].value, size))
    return {k: tuple(v) for k, v in found.items()}


def _propose(goal: str, move: Move, current: Number, size: float | None) -> Proposal:
    param = catalog().parameters[move.param]
    why, note, unknown = move.why, None, False
    if move.by_model_size:
        row = _size_row(move, size)
        value, why, note = row.value, row.why, row.note
        unknown = row.unknown
    else:
        value = moved(param, current, set_to=move.set, add=move.add, scale=move.scale, step=move.step)
    kept = bounded(param, value)
    if kept != value:
        note, unknown = (
            f"{goal} wanted {format_number(param.coerce(value))}, kept at the limit {format_number(kept)}.",
            False,
        )
    return Proposal(goal, kept, why, note, unknown)


def _size_row(move: Move, size: float | None) -> SizeRow:
    for row in move.by_model_size:
        if size is None:
            if row.unknown:
                return row
        elif (
            (row.below_b is not None and size < row.below_b)
            or (row.at_least_b is not None and size >= row.at_least_b)
            or row.otherwise
        ):
            return row
    raise LookupError(f"no model-size row for {move.param}")  # the data-table tests forbid this


def _override_note(param: Parameter, value: Number, source: Source, lost: tuple[tuple[str, Number], ...]) -> Finding:
    wanted = ", ".join(f"{g} wanted {format_number(v)}" for g, v in lost)
    return finding(
        "flag-overrides-goal",
        # "your value": the wizard's hand edits arrive as flags too, and it has no flags to name.
        f"{'your value' if source.kind == 'flag' else source} overrides the goal ({wanted}).",
        field=param.path,
        value=value,
    )


def _conflict_warning(c: Conflict) -> Finding:
    param = catalog().parameters[c.param]
    # A conflict the user settled (--prefer, or the wizard's question) has its own code, a note:
    # it was not resolved silently, so it has nothing left to warn about.
    how = "you chose it" if c.chosen else "it was given first"
    return finding(
        "goal-conflict-settled" if c.chosen else "goal-conflict",
        f"goals {c.winner} and {c.loser} disagree on {param.key}: {c.winner} wants "
        f"{format_number(c.winner_value)}, {c.loser} wants {format_number(c.loser_value)}; "
        f"using {format_number(c.winner_value)} from {c.winner} because {how}.",
        field=param.path,
        value=c.winner_value,
        fix=None if c.chosen else f"reorder the goals, pass --prefer {param.key}=GOAL, or set {param.flag} explicitly.",
    )


def _apply_rules(settings: Mapping[str, Setting], origin: Mapping[str, Number], *, from_start: bool) -> list[Finding]:
    """Notes on how the values hang together. No rule moves a value: rftcfg never changes a second
    parameter on its own (TS "One Change at a Time"); a batch below the context length is the
    `batch-holds-sequence` error of core/checks.py, with the fix for the person to choose."""
    rules, params = catalog().rules, catalog().parameters
    findings: list[Finding] = []
    batch = settings["batch_size"]
    if (
        batch.value != params["batch_size"].default
        and settings["learning_rate"].value == params["learning_rate"].default
    ):
        rule = rules["learning-rate-batch"]
        findings.append(
            finding(
                "learning-rate-batch",
                f"{rule.summary} {rule.explain}",
                field=params["batch_size"].path,
                value=batch.value,
            )
        )
    moved = [k for k in SAMPLING if settings[k].value != params[k].default]
    if len(moved) >= 2:
        rule = rules["sampling-trio"]
        moving = f"{', '.join(moved[:-1])} and {moved[-1]} move together"
        findings.append(finding("sampling-trio", f"{moving}. {rule.explain}"))
    # Counted from the starting point: what a template or file brings is its own, not this run's.
    changed = [k for k, s in settings.items() if s.value != origin[k]]
    if len(changed) > 1:
        rule = rules["one-change-at-a-time"]
        where = "the starting point" if from_start else "the baseline"
        findings.append(
            finding(
                "one-change-at-a-time",
                f"{len(changed)} parameters differ from {where} ({', '.join(changed)}). {rule.explain}",
            )
        )
    return findings
