"""Findings (error / warning / note) and the exceptions that carry an exit code to the CLI boundary."""

from __future__ import annotations

from typing import Any, NamedTuple

from rftcfg.catalog import Level, catalog, format_number

EXIT_OK = 0
EXIT_INVALID_JOB = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3  # a bug in rftcfg, never a user mistake
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what shells report for a writer whose pipe closed


class Finding(NamedTuple):
    """One thing worth telling the user about a job.

    `field` is the job-file path (`inference_parameters.temperature`) or a resource key; `value`
    is what was found there. `line` is filled in when the job came from a file we can map.
    """

    level: Level
    code: str
    message: str
    field: str | None = None
    value: Any = None
    fix: str | None = None
    line: int | None = None

    def render(self, path: str | None = None) -> str:
        where = ""
        if path:
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
        subject = ""
        if self.field is not None:
            shown = excerpt(self.value) if self.value is not None else "(missing)"
            subject = f"{self.field} = {shown}: " if self.value is not None else f"{self.field}: "
        text = f"{where}{self.level}: {subject}{self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "code": self.code,
            "field": self.field,
            "value": self.value,
            "message": self.message,
            "fix": self.fix,
            "line": self.line,
        }

    def at_line(self, line: int | None) -> Finding:
        return self._replace(line=line)


def excerpt(value: Any) -> str:
    """A value as a message shows it: text through `shown_text` (one honest line), numbers in the
    table's form; cut to `input_limits.excerpt_chars`, so a value megabytes long never floods the
    screen."""
    text = value if isinstance(value, str) else format_number(value)
    limit = catalog().input_limits.excerpt_chars
    cut = shown_text(text[:limit]) if isinstance(value, str) else text[:limit]
    return cut if len(text) <= limit else f"{cut}... ({len(text):,} characters)"


def shown_path(path: str) -> str:
    """A file name as a message shows it: escaped like any text, and when longer than any one
    name may be (255 bytes), its start and end around the count, which still tell which file."""
    if len(path) <= _NAME_MAX:
        return shown_text(path)
    return f"{shown_text(path[:60])}...{shown_text(path[-60:])} ({len(path):,} characters)"


_NAME_MAX = 255  # the longest file name most file systems allow


def shown_text(text: str) -> str:
    """Text as a message, a comment line or a header shows it: as it is when every character is
    printable, else quoted with its control characters escaped (a newline that would end the line
    or the comment, an escape sequence, a Unicode line separator, an undecodable byte), so what
    is shown stays one honest line."""
    return text if text.isprintable() else repr(text)


def finding(code: str, message: str, *, field: str | None = None, value: Any = None, fix: str | None = None) -> Finding:
    """A finding whose level is the data table's for `code` (KeyError for a code not in it), so
    the level of every code lives in one place and `rftcfg explain CODE` always has a page."""
    return Finding(catalog().code(code).level, code, message, field, value, fix)


_ORDER = {"error": 0, "warning": 1, "note": 2}


def by_level(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then notes; stable within a level."""
    return sorted(findings, key=lambda f: _ORDER[f.level])


class RftcfgError(Exception):
    """A user-facing failure: `details` (one per line), then the message on stderr, then exit
    with `exit_code`."""

    exit_code = EXIT_INVALID_JOB

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class UsageError(RftcfgError):
    """Bad flags, unknown names, unreadable or malformed files, refusing to overwrite."""

    exit_code = EXIT_USAGE


class InvalidJobError(RftcfgError):
    """The job breaks a hard range or rule (or --strict's warnings): every finding is listed, then
    one line says nothing was written."""

    exit_code = EXIT_INVALID_JOB

    def __init__(self, findings: list[Finding], path: str | None = None, summary: str | None = None) -> None:
        self.findings = findings
        self.path = path
        errors = sum(f.level == "error" for f in findings)
        where = f"{path}: " if path else ""
        summary = summary or f"{where}the job is invalid ({count(errors, 'error')}); nothing was written."
        super().__init__(summary, tuple(f.render(path) for f in findings))


def count(n: int, word: str) -> str:
    """`1 error`, `3 errors`, `1,200 prompts`."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def listed(items: list[str], last: str = "or") -> str:
    """`a`, `a or b`, `a, b or c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} {items[-1]}"
