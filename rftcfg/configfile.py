"""Reading job files safely (YAML or JSON, errors as path:line) and writing files atomically."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .errors import Finding, UsageError, by_level


class JobFile(NamedTuple):
    """A parsed job file: its data and the line each dotted key path starts on."""

    path: str
    data: Any
    lines: Mapping[str, int]

    def locate(self, findings: list[Finding]) -> list[Finding]:
        """Attach line numbers, then order by level and, within a level, by line."""
        located = [f.at_line(self._line_of(f.field)) if f.field else f for f in findings]
        return by_level(sorted(located, key=lambda f: f.line or 0))

    def _line_of(self, dotted: str) -> int | None:
        while dotted:
            if dotted in self.lines:
                return self.lines[dotted]
            dotted = dotted.rpartition(".")[0]
        return None


def _loader() -> type[Any]:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@contextlib.contextmanager
def reading(shown: str) -> Iterator[None]:
    """Whatever goes wrong opening or reading a file becomes one usage error (exit 2)."""
    try:
        yield
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file. Check the path.") from None
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a directory, not a file.") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read it: {exc.strerror or exc}.") from None


def read_text(path: str) -> str:
    """The UTF-8 text of `path` (or `-` for stdin); anything unreadable is a usage error (exit 2)."""
    shown = "<stdin>" if path == "-" else path
    with reading(shown):
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    return _decode(raw, shown)


def read_job_file(path: str) -> JobFile:
    """Read `path` (or `-` for stdin). Unreadable or malformed input is a usage error (exit 2)."""
    shown = "<stdin>" if path == "-" else path
    text = read_text(path)
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
        raise UsageError(f"{shown}: the file is empty; {_SHAPE}")
    if not isinstance(data, dict):
        raise UsageError(f"{shown}:1: the file holds a {_kind(data)}, not a job; {_SHAPE}")
    return JobFile(shown, data, _key_lines(text, shown))


_SHAPE = "a job file is a mapping of keys (dataset:, evaluator:, training_config:, inference_parameters:); see README, 'The job file'."


def _kind(data: Any) -> str:
    return "list" if isinstance(data, list) else "single value"


def _decode(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # tolerate a byte-order mark some editors write
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise UsageError(
            f"{shown}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02X}); a job file is YAML or JSON saved as UTF-8."
        ) from None


def _key_lines(text: str, shown: str) -> dict[str, int]:
    """Line numbers of every mapping key, by dotted path (JSON parses as YAML too).

    Also refuses duplicate keys: YAML readers silently keep the last one, so a file that says
    `epochs` twice means whatever the reader picks.
    """
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                dotted = f"{prefix}{key.value}"
                line = key.start_mark.line + 1
                if dotted in lines:
                    raise UsageError(
                        f"{shown}:{line}: duplicate key {dotted} (first on line {lines[dotted]}); keep only one."
                    )
                lines[dotted] = line
                walk(value, dotted + ".")

    walk(root, "")
    return lines


def check_writable(path: str, *, force: bool) -> Path:
    """Where `path` will be written (through a symlink, to its target), or why it cannot be."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{path}: is a directory; give a file name for the output.")
    if _is_special(target):
        return target  # /dev/null, /dev/stdout, a FIFO: written to, never replaced
    if target.exists() and not force:
        raise UsageError(f"{path}: already exists; pass --force to overwrite it.")
    if not target.parent.is_dir():
        raise UsageError(f"{path}: the folder {target.parent} does not exist.")
    return target.resolve() if target.is_symlink() else target


def _is_special(target: Path) -> bool:
    return target.exists() and not target.is_file() and not target.is_dir()


def write_atomic(path: str, text: str, *, force: bool, executable: bool = False) -> None:
    """Write all of `text` or nothing; never replace an existing file unless `force`."""
    target = check_writable(path, force=force)
    if _is_special(target):
        with reading(path), target.open("w", encoding="utf-8") as handle:
            handle.write(text)
        return
    directory = target.parent if str(target.parent) else Path()
    try:
        import tempfile  # only when writing a file; printing to stdout does not need it

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write there: {exc.strerror}.") from None
    try:
        Path(tmp).chmod((0o777 if executable else 0o666) & ~_umask())  # mkstemp's 0600 would surprise
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


def write_tree(directory: str, files: dict[str, str], *, force: bool, executable: Sequence[str] = ()) -> None:
    """Write a folder of files all at once: a new folder appears complete or not at all. Into an
    existing non-empty folder only with `force`, file by file (other files there stay)."""
    import shutil  # only sweeps write folders
    import tempfile

    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{directory}: exists and is not a folder.")
    if target.is_dir() and any(target.iterdir()):
        if not force:
            raise UsageError(f"{directory}: is not empty; pass --force to write into it.")
        for name, text in files.items():
            write_atomic(str(target / name), text, force=True)
            if name in executable:
                (target / name).chmod(0o755 & ~_umask())
        return
    parent = target.parent if str(target.parent) else Path()
    if not parent.is_dir():
        raise UsageError(f"{directory}: the folder {parent} does not exist.")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
            (staging / name).chmod((0o777 if name in executable else 0o666) & ~_umask())
        staging.chmod(0o777 & ~_umask())
        if target.is_dir():
            target.rmdir()  # empty: replace it with the finished one
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
