"""`validate`: every problem of every job file, with the estimate of each valid one."""

from __future__ import annotations

from typing import Any, NamedTuple

from rftcfg.app.estimates import estimate_dict
from rftcfg.core.cost import Estimate, estimate
from rftcfg.core.dataset import DatasetStats
from rftcfg.core.errors import EXIT_INVALID_JOB, EXIT_OK, EXIT_USAGE, Finding, UsageError
from rftcfg.core.guardrails import guardrail_findings
from rftcfg.core.job import Job
from rftcfg.files.parse import check_data
from rftcfg.files.reading import read_job_file


class Preflight(NamedTuple):
    """What the person told us about the data, judged against every file."""

    dataset: DatasetStats | None = None
    prompts: int | None = None
    pass_rate: float | None = None


class FileReport(NamedTuple):
    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None  # the file could not be read as a job at all
    job: Job | None = None
    work: Estimate | None = None  # the estimate, for a job without errors

    @property
    def readable(self) -> bool:
        return self.error is None

    def counts(self) -> dict[str, int]:
        return {level: sum(f.level == level for f in self.findings) for level in ("error", "warning", "note")}

    def exit_code(self, strict: bool) -> int:
        if not self.readable:
            return EXIT_USAGE
        counts = self.counts()
        return EXIT_INVALID_JOB if counts["error"] or (strict and counts["warning"]) else EXIT_OK

    def verdict(self, strict: bool) -> str:
        counts = self.counts()
        return "invalid" if counts["error"] else ("fails --strict" if strict and counts["warning"] else "valid")

    def as_dict(self) -> dict[str, Any]:
        est = self.work
        return {
            "path": self.path,
            "readable": self.readable,
            **({"error": self.error} if self.error else {}),
            "findings": [f.as_dict() for f in self.findings],
            "estimate": None if est is None else estimate_dict(est),
        }  # fmt: skip


def validate_file(path: str, account: str | None, preflight: Preflight | None = None) -> FileReport:
    """Unlike load_job, never raises for the job's own problems: they are the report."""
    preflight = preflight or Preflight()
    try:
        jobfile = read_job_file(path)
    except UsageError as exc:
        return FileReport(path, error=exc.message)
    job, findings = check_data(jobfile.data, account, lines=jobfile.lines)
    if job is None or any(f.level == "error" for f in findings):  # no estimate for a broken job
        return FileReport(jobfile.path, tuple(jobfile.locate(findings)), job=job)
    findings = [*findings, *guardrail_findings(job, preflight.dataset, preflight.pass_rate, preflight.prompts)]
    if preflight.dataset is not None and not preflight.dataset.rows:  # no size to estimate: dataset-empty says why
        return FileReport(jobfile.path, tuple(jobfile.locate(findings)), job=job)
    mean = preflight.dataset.mean_prompt_tokens() if preflight.dataset else 0.0
    work = estimate(job, preflight.prompts, mean)
    return FileReport(jobfile.path, tuple(jobfile.locate(findings)), job=job, work=work)
