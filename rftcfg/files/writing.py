"""Writing files atomically: all of the text or nothing, never over an existing file without
--force, and a folder that appears complete or not at all (and, replaced, holds only the new files)."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from rftcfg.core.errors import UsageError
from rftcfg.files.reading import reading


def check_writable(path: str, *, force: bool) -> Path:
    """Where `path` will be written (through a symlink, to its target), or why it cannot be."""
    target = Path(path)
    if path.endswith(("/", "\\")):  # Path() drops the slash, and would write a file named `sub`
        raise UsageError(f"{path}: names a folder (it ends in /); give a file name for the output.")
    if target.is_dir():
        raise UsageError(f"{path}: is a directory; give a file name for the output.")
    if _is_special(target):
        return target  # /dev/null, /dev/stdout, a FIFO: written to, never replaced
    if (target.exists() or target.is_symlink()) and not force:  # a dangling link counts as existing
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


def write_tree(
    directory: str,
    files: dict[str, str],
    *,
    force: bool,
    executable: Sequence[str] = (),
    replaceable: Callable[[Path], str | None] | None = None,
) -> None:
    """Write a folder of files all at once: it appears complete or not at all, staged beside its
    place and renamed in. A non-empty folder is replaced whole, and only with `force` when
    `replaceable` finds nothing wrong with it (it returns why the folder is not one we may
    replace): a folder left with old files beside the new ones would not match what it lists."""
    import shutil  # only sweeps write folders
    import tempfile

    target = Path(directory)
    if target.is_symlink() and target.is_dir():
        target = target.resolve()  # replace the folder the link points at, and keep the link
    if target.exists() and not target.is_dir():
        raise UsageError(f"{directory}: exists and is not a folder.")
    old_mode = None
    if target.is_dir():
        old_mode = stat.S_IMODE(target.stat().st_mode)
        if any(target.iterdir()):
            _check_replaceable(directory, target, force, replaceable)
    parent = target.parent if str(target.parent) else Path()
    if not parent.is_dir():
        raise UsageError(f"{directory}: the folder {parent} does not exist.")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise UsageError(f"{directory}: cannot write there: {exc.strerror}.") from None
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
            (staging / name).chmod((0o777 if name in executable else 0o666) & ~_umask())
        staging.chmod(old_mode if old_mode is not None else 0o777 & ~_umask())
        if old_mode is None:
            staging.rename(target)
        else:
            _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _check_replaceable(
    directory: str, target: Path, force: bool, replaceable: Callable[[Path], str | None] | None
) -> None:
    if not force:
        raise UsageError(f"{directory}: is not empty; pass --force to replace it.")
    problem = replaceable(target) if replaceable is not None else "it holds files"
    if problem:
        raise UsageError(
            f"{directory}: not replaced, because {problem}; rftcfg replaces only a folder it wrote. "
            "Choose another folder, or empty this one yourself."
        )


def _swap(staging: Path, target: Path) -> None:
    """Put the finished folder where the old one was; the old one goes only once the new is in."""
    import shutil

    old = staging.with_name(f"{staging.name}.old")
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
