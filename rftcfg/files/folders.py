"""Writing a folder (a sweep) as the one writer writes a file: staged beside its place and
renamed in whole, so it appears complete or not at all, with nothing left beside it after a
failure or an interrupt; an existing folder keeps its owner and mode; of two writers into one
folder one wins and the other is refused."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from rftcfg.core.errors import UsageError, shown_path
from rftcfg.files.interrupts import deferred, record
from rftcfg.files.writing import cannot_write, check_folder, hidden_prefix, through_link, umask


def write_tree(
    directory: str,
    files: dict[str, str],
    *,
    force: bool,
    executable: Sequence[str] = (),
    replaceable: Callable[[Path], str | None] | None = None,
) -> None:
    """Write a folder of files all at once: staged beside its place and renamed in, so it appears
    complete or not at all. An existing empty folder is replaced by that rename too (one step, so
    there is no moment without a folder), after the new one took its owner and mode. A non-empty
    folder is replaced whole, and only with `force` when `replaceable` finds nothing wrong with it
    (it returns why the folder is not one we may replace): a folder left with old files beside the
    new ones would not match what it lists. Of two writers into one folder, one wins; the other is
    refused when its rename finds the folder filled, or the folder locked or changed."""
    try:
        target, existing, full = _tree_target(directory, force, replaceable)
        _write_staged(directory, target, existing, full, files, executable)
    except OSError as exc:
        raise cannot_write(directory, exc) from None


def _tree_target(
    directory: str, force: bool, replaceable: Callable[[Path], str | None] | None
) -> tuple[Path, os.stat_result | None, bool]:
    """The folder to replace, its status if it exists, and whether it holds anything."""
    shown = shown_path(directory)
    given = Path(directory)
    if given.is_symlink():
        if not force:
            where = shown_path(str(given.readlink()))
            raise UsageError(f"{shown}: is a symbolic link; pass --force to write the sweep where it points ({where}).")
        given = through_link(directory)
    if given.exists() and not given.is_dir():
        raise UsageError(f"{shown}: exists and is not a folder.")
    existing = given.stat() if given.is_dir() else None
    full = existing is not None and any(given.iterdir())
    if full:
        _check_replaceable(shown, given, force, replaceable)
    if existing is not None and not os.access(given, os.W_OK | os.X_OK):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), directory)  # its mode says: not to be written
    check_folder(directory, given)
    return given, existing, full


def _check_replaceable(shown: str, target: Path, force: bool, replaceable: Callable[[Path], str | None] | None) -> None:
    if not force:
        raise UsageError(f"{shown}: is not empty; pass --force to replace it.")
    problem = replaceable(target) if replaceable is not None else "it holds files"
    if problem:
        raise UsageError(
            f"{shown}: not replaced, because {problem}; rftcfg replaces only a folder it wrote. "
            "Choose another folder, or empty this one yourself."
        )


def _write_staged(
    directory: str,
    target: Path,
    existing: os.stat_result | None,
    full: bool,
    files: dict[str, str],
    executable: Sequence[str],
) -> None:
    import shutil  # only sweeps write folders
    import tempfile

    staging: Path | None = None
    done = False
    lock = None
    try:
        with deferred():  # the name is known as soon as the folder exists, so it can be removed
            staging = Path(tempfile.mkdtemp(prefix=hidden_prefix(target.name), dir=target.parent))
        if existing is not None:
            _same_owner(directory, staging, existing)
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        for name in executable:
            (staging / name).chmod(0o777 & ~umask())
        staging.chmod(stat.S_IMODE(existing.st_mode) if existing is not None else 0o777 & ~umask())
        lock = _lock(directory, target, existing) if full else None
        with deferred():  # both renames, or neither: never a moment without the folder
            if full:
                old = _swap(staging, target)
            else:
                _rename_new(directory, staging, target)
            done = True
            record(shown_path(directory))
            if full:
                shutil.rmtree(old, ignore_errors=True)  # gone for good only once the new one is in
    except BaseException:
        if staging is not None and not done:
            with deferred():
                shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)


def _same_owner(directory: str, staging: Path, existing: os.stat_result) -> None:
    """The new folder takes the old one's owner and group, or the old one stays (an owner is not
    ours to change). The mode follows once the files are in (it may not let us add them)."""
    mine = staging.stat()
    if (mine.st_uid, mine.st_gid) == (existing.st_uid, existing.st_gid):
        return
    try:
        os.chown(staging, existing.st_uid, existing.st_gid)
    except PermissionError:
        raise UsageError(
            f"{shown_path(directory)}: belongs to another user or group, which replacing it would change. "
            "Choose another folder."
        ) from None


def _rename_new(directory: str, staging: Path, target: Path) -> None:
    """Absent or empty, the target is replaced in one step; filled meanwhile, it is refused."""
    try:
        staging.rename(target)
    except OSError as exc:
        if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise
        raise UsageError(
            f"{shown_path(directory)}: was filled by another program while rftcfg wrote; nothing was written. "
            "Choose another folder, or pass --force to replace it."
        ) from None


def _lock(directory: str, target: Path, existing: os.stat_result | None) -> int | None:
    """Hold the folder about to be replaced, and make sure it is still the one checked: another
    rftcfg replacing it at the same moment is refused, never merged with this one or lost."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here; the checks before are all there is
        return None
    handle = os.open(target, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    checked = {(existing.st_dev, existing.st_ino)} if existing is not None else set()
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        same = {(s.st_dev, s.st_ino) for s in (os.fstat(handle), target.stat())} == checked
    except (BlockingIOError, FileNotFoundError):
        same = False
    except BaseException:
        os.close(handle)
        raise
    if not same:
        os.close(handle)
        raise UsageError(
            f"{shown_path(directory)}: is being replaced by another program (another rftcfg sweep?); "
            "nothing was written. Run again once it has finished."
        )
    return handle


def _swap(staging: Path, target: Path) -> Path:
    """Put the finished folder where the old one was; returns where the old one went."""
    old = staging.with_name(f"{staging.name}.old")
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    return old
