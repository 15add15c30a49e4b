"""Reading a job file the one way every command does: read, parse, check, expand short IDs."""

from __future__ import annotations

from typing import NamedTuple

from rftcfg.core.errors import Finding, InvalidJobError
from rftcfg.core.job import Job
from rftcfg.core.resources import expand_ids
from rftcfg.files.parse import check_data
from rftcfg.files.reading import JobFile, read_job_file


class Loaded(NamedTuple):
    job: Job
    file: JobFile
    findings: list[Finding]  # what is worth saying below error level, with line numbers


def load_job(path: str, account: str | None = None, *, structure_only: bool = False) -> Loaded:
    """The job in `path` (or `-` for stdin), checked. A file that cannot be read is a UsageError
    (exit 2); a job with errors is an InvalidJobError listing every one of them (exit 1).

    `structure_only` stops only on what makes the file unreadable as a job (unknown keys, wrong
    types, secrets): a starting point for `new --from` or the wizard may hold values out of
    range, which the flags or the wizard's adjust step then fix.
    """
    jobfile = read_job_file(path)
    job, findings = check_data(jobfile.data, account, structure_only=structure_only, lines=jobfile.lines)
    problems = jobfile.locate(findings)
    errors = [f for f in problems if f.level == "error"]
    if structure_only and errors:  # unreadable as a job: list every error now, not one per attempt
        rechecked = check_data(jobfile.data, account, lines=jobfile.lines)[1]
        errors = [f for f in jobfile.locate(rechecked) if f.level == "error"]
    if job is None or errors:
        raise InvalidJobError(errors, jobfile.path)
    if not structure_only:
        job, _ = expand_ids(job, account)
    return Loaded(job, jobfile, [f for f in problems if f.level != "error"])
