"""Reading the whole training log beside the reward curve: saturated, no signal, policy not
moving, truncated, and what moved with a collapse (thresholds in the data table, `log_rules`;
series names in `log_series`).

The rules, each judged only when the log has a series it reads:
1. The reward's own reading comes first (method.curves); a log without any other known series
   gets exactly that reading.
2. reward-collapse: when the reward collapsed, each of entropy, mean completion length and KL
   is compared at the reward's peak and at the end; one that ended `moved_by` times higher or
   lower moved with it, and the step where it was half-way there says when.
3. truncated: the share of completions cut at max_output_tokens ended above `clipped_most`, or
   the mean completion ended at `mean_near_cap` of the cap or more, or (no clipped share logged)
   the longest completion was at the cap in `pinned_share` of the second half's steps.
4. Groups alike: the share of groups without reward variance ended above `most_alike` (or,
   without it, the mean in-group std ended under `quiet_std` of the scale). At a high reward
   (`high_reward` of the scale), or with the reward near the top (`top_reward`), it is
   saturated; below a high reward it is no-signal. Both need the reward's scale (`reward_scale`).
5. policy-not-moving: the reward barely moved, KL ended at most `kl_still` and entropy (when
   logged) stayed within `entropy_steady` of its start.
6. The findings that fire are ranked by `order`; the first is acted on, the others are named,
   and a reading that differs from the reward's own says so. Never two changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rftcfg.catalog import catalog, format_number, round_significant
from rftcfg.core.errors import listed
from rftcfg.core.series import Series
from rftcfg.files.metrics import Curve
from rftcfg.method.curves import Diagnosis, LogReading, Reading, gain_reached, read_reward
from rftcfg.method.scale import Scale, reward_scale, scale_text
from rftcfg.method.trends import RunPlaces, Trend, index_at

SIGNIFICANT = 3  # as the reward's evidence


class Found(NamedTuple):
    symptom: str
    numbers: str  # which series, which values, where in the run
    moved: int = 0  # in a collapse: how many other series moved with the reward
    seen: int = 0  # ... and how many were logged to look at


def _conclusion(found: Found) -> str:
    wording = catalog().log_rules.wording
    if found.symptom == "reward-collapse" and not found.moved:
        return wording["reward-collapse alone" if found.seen else "reward-collapse unlogged"]
    return wording[found.symptom]


def diagnose_log(curve: Curve, series: Sequence[Series], cap: int | None) -> Diagnosis:
    """The diagnosis of a whole training log: the reward `curve` and the same run's other
    `series`; `cap` is the job's max_output_tokens."""
    reading = read_reward(curve)
    kinds = series_by_kind(series)
    if not kinds:  # nothing beside the reward: exactly the reward's reading
        return Diagnosis(reading.symptom, reading.evidence)
    rules = catalog().log_rules
    not_judged: list[str] = []
    if "kl" in kinds and not any(kinds["kl"].values):  # a trainer with its KL term off logs a 0 at every step
        not_judged.append(f"{kinds.pop('kl').name} is 0 at every step, so it says nothing of how far the policy moved")
    trends = {kind: Trend(s) for kind, s in kinds.items()}
    least = catalog().curve_rules.min_points  # a series shorter than a judgeable curve is not read
    functions = [Trend(s) for s in series if catalog().log_series.is_reward_function(s.name) and len(s.values) >= least]
    scale = reward_scale(reading, functions)
    found = _findings(reading, trends, scale, curve, cap, not_judged)
    # A small fall of the reward alone (noise on a flat curve can read as one), with the series that
    # would show a collapse logged and none of them moving, is the weakest reading: others rank above it.
    fall = reading.smooth[reading.peak_index] - reading.final
    small = scale is not None and fall < rules.small_fall * (scale.high - scale.low)
    demoted = (
        len(found) > 1 and found[0].symptom == "reward-collapse" and found[0].seen > 0 and not found[0].moved and small
    )
    if demoted:
        found.append(found.pop(0))
    if scale is None and any(k in trends for k in rules.needs["saturated"]):
        not_judged.append(f"saturated and no-signal ({rules.wording['unknown scale'].format(scale=scale_text())})")
    acted = found[0].symptom if found else reading.symptom
    lines = _said(reading, found, not_judged, demoted)
    read = tuple((kind, s.name) for kind, s in kinds.items())
    findings = tuple((f.symptom, f.numbers) for f in found)
    return Diagnosis(acted, reading.evidence, LogReading(read, reading.symptom, lines, findings, tuple(not_judged)))


def _findings(
    reading: Reading,
    trends: dict[str, Trend],
    scale: Scale | None,
    curve: Curve,
    cap: int | None,
    not_judged: list[str],
) -> list[Found]:
    """Every finding that fires, in `log_rules.order`; a rule without its series joins `not_judged`."""
    rules = catalog().log_rules
    run = RunPlaces(curve.steps)
    found: list[Found] = []
    for name in rules.order:
        needs = rules.needs[name]
        collapsed = name == "reward-collapse" and reading.symptom == name
        if not any(k in trends for k in needs):
            if name != "reward-collapse" or collapsed:
                not_judged.append(f"{name} (no {_listed(needs)})")
            if collapsed:  # the reward's own reading keeps its rank; only its evidence is missing
                found.append(_collapse(reading, trends, curve, run))
            continue
        if name == "reward-collapse":
            hit = _collapse(reading, trends, curve, run) if collapsed else None
        elif name == "truncated":
            hit = _truncated(trends, cap, run, not_judged)
        elif name in ("no-signal", "saturated"):
            hit = _groups(reading, trends, scale, curve, run) if scale is not None else None
            hit = hit if hit is not None and hit.symptom == name else None
        else:
            swing = max(reading.smooth) - min(reading.smooth)  # a rise and a fall back is not flat
            flat = reading.flat or (scale is not None and swing < rules.flat_reward * (scale.high - scale.low))
            hit = _not_moving(reading, trends, flat)
        if hit is not None:
            found.append(hit)
    return found


def _said(reading: Reading, found: list[Found], not_judged: list[str], demoted: bool) -> tuple[str, ...]:
    """The evidence lines: the finding acted on, how it stands to the reward's own reading, the
    others found, and what could not be judged."""
    wording = catalog().log_rules.wording
    lines = [f"{found[0].symptom}: {found[0].numbers}: {_conclusion(found[0])}." if found else f"{wording['nothing']}."]
    if found and found[0].symptom != reading.symptom:
        key = "refines" if found[0].symptom == "policy-not-moving" and reading.flat else "disagree"
        key = "beyond healthy" if reading.symptom == "healthy" else "collapse demoted" if demoted else key
        lines.append(wording[key].format(reward=reading.symptom, first=found[0].symptom) + ".")
    lines += [wording["also"].format(name=f.symptom, why=f.numbers) + "." for f in found[1:]]
    if not_judged:
        lines.append("not judged: " + "; ".join(not_judged) + ".")
    return tuple(lines)


def series_by_kind(series: Sequence[Series]) -> dict[str, Series]:
    """One series of each known kind (log_series), in the table's order of kinds: the one whose
    name comes first among the kind's names (then by name), so a log read from its file and the
    same log read back from the ledger, in another order, give the same choice."""
    table = catalog().log_series
    least = catalog().curve_rules.min_points
    chosen: dict[str, tuple[int, str, Series]] = {}
    for s in series:
        kind = table.kind_of(s.name)
        if kind is None or len(s.values) < least:
            continue
        names = table.kinds[kind].names
        rank = min(names.index(bare) for bare in table.bare_names(s.name) if bare in names)
        if kind not in chosen or (rank, s.name) < chosen[kind][:2]:
            chosen[kind] = (rank, s.name, s)
    return {kind: chosen[kind][2] for kind in table.kinds if kind in chosen}


# --- the rules -----------------------------------------------------------------------------------


def _collapse(reading: Reading, trends: dict[str, Trend], curve: Curve, run: RunPlaces) -> Found:
    rules = catalog().log_rules
    peak_step = curve.steps[reading.peak_index]
    peak = reading.smooth[reading.peak_index]
    fell = run.halfway(curve.steps, reading.smooth, reading.peak_index, peak, reading.final)
    parts = [f"the reward fell from {_f(peak)} at {run.at(peak_step)} to {_f(reading.final)}, half-way by {fell}"]
    steady = []
    for kind in rules.needs["reward-collapse"]:  # entropy, mean length, KL: the table's order
        trend = trends.get(kind)
        if trend is None:
            continue
        i = index_at(trend.steps, peak_step)
        before = trend.smooth[i]
        if trend.end > before and trend.end >= rules.moved_by * before:
            way = "rose"
        elif trend.end < before and trend.end * rules.moved_by <= before:  # equal (0 and 0) is no move
            way = "fell"
        else:
            steady.append(trend.name)
            continue
        when = run.halfway(trend.steps, trend.smooth, i, before, trend.end)
        parts.append(f"{trend.name} {way} from {_f(before)} to {_f(trend.end)}, half-way by {when}")
    if steady:
        parts.append(f"{', '.join(steady)} did not move with it")
    moved = len(parts) - 1 - bool(steady)
    return Found("reward-collapse", "; ".join(parts), moved=moved, seen=moved + len(steady))


def _truncated(trends: dict[str, Trend], cap: int | None, run: RunPlaces, not_judged: list[str]) -> Found | None:
    rules = catalog().log_rules
    clipped, mean, longest = trends.get("clipped_share"), trends.get("mean_length"), trends.get("max_length")
    cut = clipped is not None and clipped.end > rules.clipped_most
    if cap is not None and (mean is not None or longest is not None):
        # Completions past this job's cap, or answers cut without reaching it: the log's run had
        # another max_output_tokens, so nothing it says about the cut applies to this job.
        highest = max(longest.values) if longest is not None else max(mean.values) if mean is not None else 0.0
        if highest > rules.past_cap * cap or (cut and longest is not None and highest < rules.max_at_cap * cap):
            where = "ran to" if highest > cap else "were cut though the longest reached only"
            not_judged.append(
                f"truncated (the completions {where} {_f(highest)} tokens, and this job's max_output_tokens is "
                f"{cap}: the log seems to be another job's)"
            )
            return None
    if clipped is not None and cut:
        return Found("truncated", f"{clipped.name} ended at {_f(clipped.end)} ({clipped.end:.0%} of the answers)")
    if cap is None:
        return None
    if mean is not None and mean.end >= rules.mean_near_cap * cap:
        return Found(
            "truncated", f"{mean.name} ended at {_f(mean.end)} tokens, {mean.end / cap:.0%} of max_output_tokens {cap}"
        )
    if clipped is None and longest is not None:
        half = [v for s, v in zip(longest.steps, longest.values, strict=True) if run.share(s) >= rules.pinned_from]
        pinned = sum(v >= rules.max_at_cap * cap for v in half) / len(half) if half else 0.0
        if pinned >= rules.pinned_share:
            return Found(
                "truncated",
                f"{longest.name} reached max_output_tokens {cap} in {pinned:.0%} of the steps from {rules.pinned_from:.0%} of the run on",
            )
    return None


def _groups(reading: Reading, trends: dict[str, Trend], scale: Scale, curve: Curve, run: RunPlaces) -> Found | None:
    rules = catalog().log_rules
    share = scale.share(reading.final)
    zero, spread = trends.get("zero_std_share"), trends.get("reward_std")
    if zero is not None:
        alike = zero.end > rules.most_alike
        groups = f"{zero.name} went from {_f(zero.start)} to {_f(zero.end)}"
    else:
        assert spread is not None
        alike = spread.end / (scale.high - scale.low) < rules.quiet_std
        groups = f"{spread.name} went from {_f(spread.start)} to {_f(spread.end)}"
    reward = f"the reward ended at {_f(reading.final)} on its {scale.text} scale ({share:.0%} of the way up{scale.why})"
    if share >= rules.high_reward and (alike or share >= rules.top_reward):
        gain = reading.final - reading.start
        when = f", 90% of its gain in by {run.at(curve.steps[gain_reached(reading.smooth, reading.start, gain)])}"
        when = when if gain > 0 else ""
        return Found("saturated", f"{reward}{when}; {groups}")
    if alike and share < rules.high_reward:
        return Found("no-signal", f"{groups}; {reward}")
    return None


def _not_moving(reading: Reading, trends: dict[str, Trend], flat: bool) -> Found | None:
    """A flat reward with KL within `kl_still` of zero and entropy steady."""
    rules = catalog().log_rules
    kl, entropy = trends["kl"], trends.get("entropy")
    if not flat or abs(kl.end) > rules.kl_still:  # far below zero is an estimator's problem, not stillness
        return None
    numbers = (
        f"the reward went from {_f(reading.start)} to {_f(reading.final)}; {kl.name} ended at {_f(kl.end)} "
        f"(within {format_number(rules.kl_still)} of zero)"
    )
    if entropy is not None:
        if abs(entropy.end - entropy.start) > rules.entropy_steady * abs(entropy.start):
            return None
        numbers += f"; {entropy.name} went from {_f(entropy.start)} to {_f(entropy.end)}"
    return Found("policy-not-moving", numbers)


def _listed(kinds: Sequence[str]) -> str:
    return listed([catalog().log_series.kinds[k].short for k in kinds])


def _f(value: float) -> str:
    rounded = round_significant(value, SIGNIFICANT)
    if abs(rounded) >= 1e9:
        return f"{value:.{SIGNIFICANT}g}"  # 1e+308, not the float's every digit
    whole = abs(rounded) >= 100 and rounded == int(rounded)
    return str(int(rounded)) if whole else format_number(rounded)  # 424 tokens, not 424.0
