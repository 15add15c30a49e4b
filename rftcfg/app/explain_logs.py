"""How a symptom is found in a run's log, for its `explain` page: from the reward curve, from the
rest of the training log (the series it reads, its rule with the table's thresholds, its rank),
or not at all; what to rule out first, and when changing nothing is the answer."""

from __future__ import annotations

from rftcfg.catalog import Symptom, catalog
from rftcfg.catalog.symptoms import LogKind


def detection_lines(symptom: Symptom) -> list[str]:
    rules, name = catalog().log_rules, symptom.name
    if symptom.detect == "reward":
        lines = [f"`rftcfg tune JOB --metrics FILE` can detect it from a reward curve (or name it: --symptom {name})."]
    elif symptom.detect == "log":
        lines = [
            f"`rftcfg tune JOB --metrics FILE` can detect it from a training log that has the series below "
            f"(or name it: --symptom {name}); `record`, `compare` and `next` read a recorded log the same way."
        ]
    else:
        lines = [f"--metrics cannot detect it from a training log; name it: `rftcfg tune JOB --symptom {name}`."]
    if name in rules.needs:
        lines += [
            f"Reads: {' or '.join(series_text(k) for k in rules.needs[name])}"
            + "".join(f"; also {series_text(k)} when logged" for k in rules.also_reads.get(name, ()))
            + ".",
            f"Rule: {rules.rule_text(name, catalog().curve_rules)}.",
            f"Rank: {rules.order.index(name) + 1} of {len(rules.order)} ({', '.join(rules.order)}, then the "
            "reward's own reading): of the findings that fire, the first is acted on, the others named.",
        ]
    if symptom.check_first:
        lines.append(f"Before any change: {symptom.check_first}.")
    if symptom.settled:
        lines.append(f"With no change left: change nothing; {symptom.settled}.")
    return lines


def series_text(kind: str) -> str:
    """`KL (kl, ref_kl, ...; rftcfg explain kl)`: a series kind and every name it is read under."""
    found = catalog().log_series.kinds[kind]
    return f"{found.short} ({', '.join(found.names)}; `rftcfg explain {found.key}`)"


def explain_series(kind: LogKind) -> str:
    """The page of a series a training log may carry beside the reward."""
    table = catalog().log_series
    readers = readers_of(kind)
    prefixes = ", ".join(table.prefixes)
    return "\n".join(
        [
            f"{kind.key} (training-log series: {kind.short})",
            f"  {kind.label[0].upper()}{kind.label[1:]}.",
            "",
            f"Read under these names, in any case, with or without one of the prefixes {prefixes}:",
            f"  {', '.join(kind.names)}",
            f"Read by: {', '.join(readers)} (`rftcfg explain NAME` for each rule). `tune --metrics`, `record`, "
            "`compare` and `next` read it.",
        ]
    )


def series_dict(kind: LogKind) -> dict[str, object]:
    readers = readers_of(kind)
    return {"kind": "series", "key": kind.key, "short": kind.short, "label": kind.label, "names": list(kind.names),
            "prefixes": list(catalog().log_series.prefixes), "read_by": readers}  # fmt: skip


def detection_dict(symptom: Symptom) -> dict[str, object]:
    rules, name = catalog().log_rules, symptom.name
    log: dict[str, object] | None = None
    if name in rules.needs:
        kinds = catalog().log_series.kinds
        log = {
            "reads": {k: list(kinds[k].names) for k in rules.needs[name]},
            "also_reads": {k: list(kinds[k].names) for k in rules.also_reads.get(name, ())},
            "rule": rules.rule_text(name, catalog().curve_rules),
            "rank": rules.order.index(name) + 1,
        }
    return {"log_rule": log, "check_first": symptom.check_first, "settled": symptom.settled}


def readers_of(kind: LogKind) -> list[str]:
    """The findings that read a series, needed or looked at when logged."""
    rules = catalog().log_rules
    return [name for name, needs in rules.needs.items() if kind.key in (*needs, *rules.also_reads.get(name, ()))]
