"""`import`: a firectl or ep command, a REST body, a service job or a job file, as a checked job."""

from __future__ import annotations

from typing import NamedTuple

from rftcfg.catalog import catalog, format_number
from rftcfg.core.errors import Finding, InvalidJobError, UsageError
from rftcfg.core.job import Job
from rftcfg.core.resources import expand_ids, fill_defaults
from rftcfg.files.parse import check_parsed, parse_job
from rftcfg.formats.importing import import_text


class ImportResult(NamedTuple):
    job: Job
    kind: str  # firectl, ep, api, resource or job
    notes: tuple[str, ...]  # what was dropped or left out, and why
    warnings: tuple[str, ...]  # what the person should look at
    findings: list[Finding]  # the checks of the imported job below error level


def import_job(text: str, account: str | None, *, ignore_unknown: bool = False, shown: str = "<input>") -> ImportResult:
    imported = import_text(text, shown)
    warnings: list[str] = []
    if imported.unknown:
        listed = ", ".join(imported.unknown)
        if not ignore_unknown:
            named = ", ".join(_with_suggestion(name, imported.known) for name in imported.unknown)
            raise UsageError(f"the {imported.kind} input has flags or keys rftcfg cannot carry: {named}. "
                             "Remove them, or pass --ignore-unknown to drop them.")  # fmt: skip
        warnings.append(f"dropped what rftcfg cannot carry: {listed}.")
    job, findings = parse_job(imported.data)
    problems = check_parsed(job, findings, account)
    if job is None or any(f.level == "error" for f in problems):
        raise InvalidJobError([f for f in problems if f.level == "error"])
    job, filled = fill_defaults(job)
    job, _ = expand_ids(job, account)
    if filled:
        own = catalog().tools[imported.kind].own_defaults if imported.kind in catalog().tools else {}
        differs = ", ".join(f"{k} {format_number(v)}" for k, v in own.items() if k in filled)
        really = f" (firectl itself would use {differs})" if differs else ""
        warnings.append(f"the {imported.kind} input leaves {', '.join(filled)} to its tool's or the server's "
                        f"defaults{really}; the job gets the documented defaults instead.")  # fmt: skip
    checked = [f for f in check_parsed(job, findings, account) if f.code != "missing-parameter"]
    if any(f.level == "error" for f in checked):
        raise InvalidJobError(checked)
    return ImportResult(job, imported.kind, imported.notes, tuple(warnings), checked)


def _with_suggestion(name: str, known: tuple[str, ...]) -> str:
    """`--epoch (did you mean --epochs?)`, as new and validate offer for a mistyped name."""
    import difflib  # only this error path suggests names; keep it off the start-up path

    parent = name.rpartition(".")[0]  # a key is compared with its siblings, not with its section
    siblings = [k for k in known if k.rpartition(".")[0] == parent]
    close = difflib.get_close_matches(name, siblings, n=1, cutoff=SUGGEST_CUTOFF)
    return f"{name} (did you mean {close[0]}?)" if close else name


SUGGEST_CUTOFF = 0.8  # flags share their "--" and keys their section: only a near miss is a suggestion
