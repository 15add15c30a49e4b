"""How a symptom is found in a run's log, for its `explain` page: from the reward curve, from the
rest of the training log (the series it reads, its rule with the table's thresholds, its rank),
or not at all; what to rule out first, and when changing nothing is the answer."""

from __future__ import annotations

from rftcfg.catalog import Symptom, catalog

NAMES_SHOWN = 3  # of a series kind's names, before "..."


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
            f"Reads: {' or '.join(series_text(k) for k in rules.needs[name])}.",
            f"Rule: {rules.rule_text(name)}.",
            f"Rank: {rules.order.index(name) + 1} of {len(rules.order)} in log_rules.order "
            f"({', '.join(rules.order)}): of the findings that fire, the first is acted on, the others named.",
        ]
    if symptom.check_first:
        lines.append(f"Before any change: {symptom.check_first}.")
    if symptom.settled:
        lines.append(f"With no change left: change nothing; {symptom.settled}.")
    return lines


def series_text(kind: str) -> str:
    """`KL (kl, ref_kl, ref_kld, ...)`: a series kind and the first of the names it is read under."""
    found = catalog().log_series.kinds[kind]
    names = ", ".join(found.names[:NAMES_SHOWN]) + (", ..." if len(found.names) > NAMES_SHOWN else "")
    return f"{found.short} ({names})"


def detection_dict(symptom: Symptom) -> dict[str, object]:
    rules, name = catalog().log_rules, symptom.name
    log: dict[str, object] | None = None
    if name in rules.needs:
        kinds = catalog().log_series.kinds
        log = {
            "reads": {k: list(kinds[k].names) for k in rules.needs[name]},
            "rule": rules.rule_text(name),
            "rank": rules.order.index(name) + 1,
        }
    return {"log_rule": log, "check_first": symptom.check_first, "settled": symptom.settled}
