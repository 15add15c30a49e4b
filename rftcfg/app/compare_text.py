"""`compare` as text and as JSON: the difference between two runs, each final reward, and the
verdict with the noise it was judged against. Pure: returns strings and dicts; cli prints them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rftcfg.catalog import catalog, format_number, round_significant
from rftcfg.method.compare import BETTER, Comparison, Final

SIGNIFICANT = 3  # as the curve evidence: enough to tell 0.81 from 0.7, no noise digits


def comparison_text(c: Comparison, names: tuple[str, str] = ("A", "B"), logs: Sequence[str] = ()) -> str:
    """`logs`: what each run's log shows, put before the numbers so the verdict comes last."""
    wording = catalog().compare_rules.wording
    a, b = names
    lines = [f"{a} -> {b}: " + _differences(c)]
    if c.kind == "several":
        lines.append(f"warning: {c.warning}")
    elif c.kind == "same":
        lines.append(f"Same configuration: {wording['same']}.")
    lines += logs
    if any(c.finals):
        lines.append("Final reward (smoothed: mean of the last 10% of the running median; higher is better):")
        width = max(len(a), len(b))
        lines += [f"  {n:<{width}}  {_final(f)}" for n, f in zip(names, c.finals, strict=True)]
    if c.difference is not None and c.noise is not None and c.noise_used is not None:
        noise = f"noise {_f(c.noise)}, from {wording[c.noise_used]}"
        details = [f"{c.repeats} repeated runs"] if c.noise_used == "repeat noise" else []
        if c.repeat_noise is not None and c.curve_noise is not None:
            other = c.curve_noise if c.noise_used == "repeat noise" else c.repeat_noise
            details.append(
                f"the larger of it and the {'curve' if c.noise_used == 'repeat noise' else 'repeat'} noise {_f(other)}"
            )
        noise += f" ({'; '.join(details)})" if details else ""
        lines.append(f"  {b} - {a}  {_signed(c.difference)}; {noise}")
        lines.append(f"  a difference counts beyond {format_number(c.widths)} noise widths: {_f(c.widths * c.noise)}")
    if c.verdict is not None:
        lines.append(f"Verdict: {c.verdict}: {wording[c.verdict]}.")
    return "\n".join(lines)


def comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "differences": [{"name": d.name, "kind": d.kind, "old": d.old, "new": d.new} for d in c.differences],
        "ignored": [f.field for f in (*c.diff.resources, *c.diff.other) if f.field in catalog().compare_rules.ignored],
        "final": [None if f is None else f._asdict() for f in c.finals],
        "difference": c.difference,
        "noise": c.noise,
        "noise_used": c.noise_used,
        "curve_noise": c.curve_noise,
        "repeat_noise": c.repeat_noise,
        "repeated_runs": c.repeats,
        "noise_widths": c.widths,
        "verdict": c.verdict,
        "better": BETTER,
        "warning": c.warning,
    }


def _differences(c: Comparison) -> str:
    if not c.differences:
        return "no difference"
    moves = [f"{d.name} {_value(d.old)} -> {_value(d.new)}" for d in c.differences]
    return ", ".join(moves) + (" (one change)" if c.kind == "one change" else "")


def _final(final: Final | None) -> str:
    if final is None:
        return "no usable reward curve"
    return f"{_f(final.level)} ± {_f(final.stderr)}  ({final.points:,} points)"


def _value(value: Any) -> str:
    return "(unset)" if value is None else format_number(value)


def _f(value: float) -> str:
    return format_number(round_significant(value, SIGNIFICANT))


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + _f(value)
