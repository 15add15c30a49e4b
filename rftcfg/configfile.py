"""Reading job files safely (YAML or JSON, errors as path:line) and writing files atomically."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .errors import Finding, UsageError


class JobFile(NamedTuple):
    """A parsed job file: its data and the line each dotted key path starts on."""

    path: str
    data: Any
    lines: Mapping[str, int]

    def locate(self, findings: list[Finding]) -> list[Finding]:
        return [f.at_line(self._line_of(f.field)) if f.field else f for f in findings]

    def _line_of(self, dotted: str) -> int | None:
        while dotted:
            if dotted in self.lines:
                return self.lines[dotted]
            dotted = dotted.rpartition(".")[0]
        return None


def _loader() -> type[Any]:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_job_file(path: str) -> JobFile:
    """Read `path` (or `-` for stdin). Unreadable or malformed input is a usage error (exit 2)."""
    shown = "<stdin>" if path == "-" else path
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file. Check the path.") from None
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a directory, not a job file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{shown}: cannot read it: {getattr(exc, 'strerror', None) or exc}.") from None
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{shown}:{exc.lineno}: malformed JSON: {exc.msg}.") from None
    else:
        try:
            data = yaml.load(text, Loader=_loader())
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
            raise UsageError(f"{shown}:{line}: malformed YAML: {exc.problem or exc}.") from None
        except yaml.YAMLError as exc:
            raise UsageError(f"{shown}: malformed YAML: {exc}.") from None
    if data is None:
        raise UsageError(f"{shown}: the file is empty; a job file is a mapping of keys to values.")
    return JobFile(shown, data, _key_lines(text))


def _key_lines(text: str) -> dict[str, int]:
    """Line numbers of every mapping key, by dotted path; best effort (JSON parses as YAML too)."""
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                dotted = f"{prefix}{key.value}"
                lines[dotted] = key.start_mark.line + 1
                walk(value, dotted + ".")

    walk(root, "")
    return lines


def write_atomic(path: str, text: str, *, force: bool) -> None:
    """Write all of `text` or nothing; never replace an existing file unless `force`."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{path}: is a directory; give a file name for the output.")
    if target.exists() and not force:
        raise UsageError(f"{path}: already exists; pass --force to overwrite it.")
    directory = target.parent if str(target.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write there: {exc.strerror}.") from None
    try:
        Path(tmp).chmod(0o666 & ~_umask())  # mkstemp's 0600 would surprise; honour the umask
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            Path(tmp).replace(target)
        else:
            _link_new(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _link_new(tmp: str, target: Path) -> None:
    """Move into place only if nothing appeared there meanwhile (a hard link cannot clobber)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise UsageError(f"{target}: already exists; pass --force to overwrite it.") from None
    except OSError:
        Path(tmp).replace(target)  # file systems without hard links; existence was checked above
        return
    Path(tmp).unlink()
