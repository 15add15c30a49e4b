"""The one writer: all of the text or nothing, never over an existing file (or through a symbolic
link) without --force, and a folder that appears complete or not at all.

Every OS error on the way (a name too long, a read-only or full disk, `ulimit -f`) becomes one
usage error naming the path, the reason and a fix, and nothing is left behind: files are written
to a hidden temporary name beside their place and renamed in; a folder is staged beside its place
and renamed in whole. The renames, and the removal of what was staged when something fails, hold
signals (files.interrupts), so an interrupt leaves the old state or the complete new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from rftcfg.core.errors import UsageError, shown_path
from rftcfg.files.interrupts import deferred, record

_FIXES = {
    errno.ENAMETOOLONG: "Use a shorter name.",
    errno.ENOSPC: "Free some space, or write somewhere else.",
    errno.EDQUOT: "Free some space, or write somewhere else.",
    errno.EFBIG: "It is larger than the file size limit (ulimit -f); raise the limit, or write somewhere else.",
    errno.EACCES: "Choose a folder you can write to.",
    errno.EPERM: "Choose a folder you can write to.",
    errno.EROFS: "Choose a folder on a writable disk.",
    errno.ELOOP: "Point the link at a file, or give another name.",
    errno.ENOENT: "Check the path.",
    errno.ENOTDIR: "A part of the path is not a folder; check the path.",
}
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS, errno.EXDEV}
_OWN_STREAMS = ("/dev/stdout", "/dev/stderr", "/dev/fd/")  # our own output: written into, never replaced


def cannot_write(shown: str, exc: OSError) -> UsageError:
    """`PATH: cannot write it: REASON. FIX` for an OS error met while writing `shown`."""
    reason = exc.strerror or os.strerror(exc.errno or 0)
    fix = _FIXES.get(exc.errno or 0)
    return UsageError(f"{shown_path(shown)}: cannot write it: {reason}." + (f" {fix}" if fix else ""))


def check_writable(path: str, *, force: bool) -> Path:
    """Where `path` will be written (through a symlink, only with `force`, to its target), or a
    usage error saying why it cannot be. Called before the work too, so a refusal comes first."""
    try:
        return _file_target(path, force)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def _file_target(path: str, force: bool) -> Path:
    shown = shown_path(path)
    if path.endswith(("/", "\\")):  # Path() drops the slash, and would write a file named `sub`
        raise UsageError(f"{shown}: names a folder (it ends in /); give a file name for the output.")
    given = Path(path)
    if path.startswith(_OWN_STREAMS) or _device(given):
        return given  # /dev/null, /dev/stdout, a FIFO: written into, never replaced
    linked = given.is_symlink()
    target = through_link(path) if linked else given
    if target.is_dir():
        what = "is a symbolic link to a folder" if linked else "is a directory"
        raise UsageError(f"{shown}: {what}; give a file name for the output.")
    if (linked or target.exists()) and not force:  # a dangling link counts as existing
        raise UsageError(f"{shown}: already exists; pass --force to overwrite it.")
    if target.exists() and not target.is_file():
        raise UsageError(f"{shown}: is not a regular file; give a file name for the output.")
    check_folder(path, target)
    return target


def _device(path: Path) -> bool:
    """A character device or a FIFO (following links): written into, since nothing is replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def through_link(path: str) -> Path:
    """The file a link finally points to (it may not exist yet); a loop is an OS error."""
    resolved = Path(os.path.realpath(path))
    if resolved.is_symlink():  # realpath gives up on a loop and returns a link
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), path)
    return resolved


def check_folder(path: str, target: Path) -> None:
    """Refuse before any work what the file system would refuse at the end."""
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"{shown_path(path)}: the folder {shown_path(str(folder))} does not exist.")
    if len(os.fsencode(target.name)) > _name_max(folder):
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), path)
    if not os.access(folder, os.W_OK | os.X_OK):
        read_only = hasattr(os, "statvfs") and bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        code = errno.EROFS if read_only else errno.EACCES
        raise OSError(code, os.strerror(code), path)


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):  # not known here: let the file system say when it writes
        return 1 << 30


def write_atomic(path: str, text: str, *, force: bool, executable: bool = False) -> None:
    """Write all of `text` or nothing; never replace an existing file unless `force`. Through a
    link (with `force`) the file it points to is replaced, beside itself, and the link stays."""
    target = check_writable(path, force=force)
    try:
        if path.startswith(_OWN_STREAMS) or _device(target):
            _write_stream(path, target, text)
        else:
            _replace_file(path, target, text, force=force, mode=(0o777 if executable else 0o666) & ~umask())
    except OSError as exc:
        raise cannot_write(path, exc) from None


def _write_stream(shown: str, target: Path, text: str) -> None:
    """Into a device or a FIFO, appending (a stream is never truncated). A FIFO nobody reads would
    block the open forever, so it is opened without waiting, and refused when there is no reader."""
    import errno
    import fcntl

    try:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise UsageError(
                f"{shown}: is a FIFO (named pipe) that nothing reads; start its reader first, or give a file name."
            ) from None
        raise
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)  # then write as usual
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(text)


def _replace_file(shown: str, target: Path, text: str, *, force: bool, mode: int) -> None:
    import tempfile  # only when writing a file; printing to stdout does not need it

    tmp: Path | None = None
    done = False
    try:
        with deferred():  # the name is known as soon as the file exists, so it can be removed
            fd, name = tempfile.mkstemp(prefix=hidden_prefix(target.name), suffix=".tmp", dir=target.parent)
            tmp = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(mode)  # mkstemp's 0600 would surprise
        with deferred():
            if force:
                tmp.replace(target)
            else:
                _link_new(shown, tmp, target)
            done = True
            record(shown_path(shown))
    except BaseException:
        if tmp is not None and not done:
            with deferred(), contextlib.suppress(OSError):
                tmp.unlink()
        raise


def hidden_prefix(name: str) -> str:
    """A prefix for a temporary name beside `name`: hidden, and short enough that a name the file
    system accepts still fits once the random part is added."""
    return f".{name[:40]}."


def umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _link_new(shown: str, tmp: Path, target: Path) -> None:
    """Move into place only if nothing appeared there meanwhile (a hard link cannot clobber)."""
    try:
        target.hardlink_to(tmp)
    except FileExistsError:
        raise UsageError(f"{shown_path(shown)}: already exists; pass --force to overwrite it.") from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        tmp.replace(target)  # file systems without hard links; existence was checked above
        return
    tmp.unlink()
