"""Typed views of `symptoms`, `curve_rules`, `log_series` and `log_rules` in the data table:
what can go wrong in a run, the single changes for each, and how rftcfg reads a symptom from a
reward curve or from the whole training log."""

from __future__ import annotations

import fnmatch
from typing import Any, NamedTuple

from rftcfg.catalog.numbers import Number


class Remedy(NamedTuple):
    """One single-parameter change for a symptom, kept inside [floor, ceiling] (the guidance);
    `param` may name a service setting, which `to` sets."""

    param: str
    why: str
    scale: float | None = None
    add: Number | None = None
    step: int | None = None
    at_least: Number | None = None
    at_most: Number | None = None
    floor: Number | None = None
    ceiling: Number | None = None
    to: Number | str | None = None  # a service setting's new value (table `settings:`)


class Symptom(NamedTuple):
    name: str
    summary: str
    remedies: tuple[Remedy, ...]
    source: str
    detect: str = ""  # "reward": read from a reward curve; "log": from a training log's other series
    aliases: tuple[str, ...] = ()
    check_first: str | None = None  # what to rule out before changing any setting, said with the change
    settled: str | None = None  # when no remedy applies, the answer is to change nothing, for this reason


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


class LogKind(NamedTuple):
    """One kind of series a training log may carry beside the reward (KL, entropy, ...)."""

    key: str
    short: str  # its name in a sentence: "KL", "clipped share"
    label: str  # what it measures, in a few words
    names: tuple[str, ...]  # the metric names real tools write for it, without a prefix


class LogSeries(NamedTuple):
    prefixes: tuple[str, ...]  # taken off a metric's name before matching (W&B's "train/", ...)
    kinds: dict[str, LogKind]
    reward_functions: tuple[str, ...]  # patterns of per-function reward means (TRL rewards/<fn>/mean)
    reward_names: tuple[str, ...]  # the reward under other names, when no column says "reward" (verl)

    def kind_of(self, name: str) -> str | None:
        """The kind a metric name is, matched exactly once one known prefix is off: TRL's
        `clip_ratio/region_mean` (the policy ratio's clipping) is not `completions/clipped_ratio`."""
        for bare in self.bare_names(name):
            for kind in self.kinds.values():
                if bare in kind.names:
                    return kind.key
        return None

    def find(self, name: str) -> LogKind | None:
        """A kind by its key (`zero_std_share`), its short name or any name it is read under."""
        wanted = name.strip().lower()
        for kind in self.kinds.values():
            if wanted in (kind.key, kind.key.replace("_", "-"), kind.short.lower()):
                return kind
        found = self.kind_of(name)
        return self.kinds[found] if found is not None else None

    def is_reward_function(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(bare, p) for bare in self.bare_names(name) for p in self.reward_functions)

    def bare_names(self, name: str) -> tuple[str, ...]:
        lower = name.strip().lower()
        return (lower, *(lower[len(p) :] for p in self.prefixes if lower.startswith(p)))

    @staticmethod
    def build(raw: dict[str, Any]) -> LogSeries:
        kinds = {
            k: LogKind(k, v["short"], v["label"], tuple(n.lower() for n in v["names"])) for k, v in raw["kinds"].items()
        }
        return LogSeries(tuple(raw["prefixes"]), kinds, tuple(raw["reward_functions"]), tuple(raw["reward_names"]))


PLAIN = (
    "kl_still",
    "moved_by",
    "noise_widths",
)  # thresholds shown as numbers; the other fractions are shares, shown as %


class LogRules(NamedTuple):
    """How the whole training log is read (rftcfg's own rules; see the table's comments)."""

    reward_scale: tuple[float, float]
    scale_slack: float
    high_reward: float
    top_reward: float
    most_alike: float
    quiet_std: float
    kl_still: float
    entropy_steady: float
    flat_reward: float
    clipped_most: float
    mean_near_cap: float
    max_at_cap: float
    pinned_share: float
    pinned_from: float
    past_cap: float
    moved_by: float
    small_fall: float
    order: tuple[str, ...]  # findings, the first to fire acted on
    needs: dict[str, tuple[str, ...]]  # finding -> the series kinds it reads (any one of them)
    also_reads: dict[str, tuple[str, ...]]  # finding -> series it also looks at when logged
    explain: dict[str, str]  # finding -> its rule in words, with {threshold} placeholders
    wording: dict[str, str]

    def rule_text(self, finding: str, curve: CurveRules) -> str:
        """The finding's rule in words, each threshold (here or in `curve`) filled in, shares as %."""
        values = {**curve._asdict(), **self._asdict()}
        shown = {
            k: f"{v:.0%}" if k not in PLAIN and isinstance(v, float) and v <= 1.5 else f"{v:g}"
            for k, v in values.items()
            if isinstance(v, int | float)
        }
        low, high = self.reward_scale
        return self.explain[finding].format(**shown, reward_scale=f"{low:g}..{high:g}")

    @staticmethod
    def build(raw: dict[str, Any]) -> LogRules:
        lo, hi = raw["reward_scale"]
        needs = {k: tuple(v) for k, v in raw["needs"].items()}
        also = {k: tuple(v) for k, v in raw["also_reads"].items()}
        order = tuple(raw["order"])
        return LogRules(
            **{**raw, "reward_scale": (float(lo), float(hi)), "order": order, "needs": needs, "also_reads": also}
        )
