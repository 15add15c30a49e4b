"""Hostile file systems and interrupts (issue 10): the one writer turns every OS error into one
line and exit 2 with nothing left behind, never writes through a symbolic link without --force,
keeps an existing folder's owner and mode, lets one of two concurrent sweeps win, and leaves the
old folder or the complete new one whenever a signal arrives, saying truthfully which."""

from __future__ import annotations

import contextlib
import ctypes
import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RESOURCES, run

STOPPED = "rftcfg: interrupted; nothing was written."


def rftcfg(*args: str, cwd: Path, preexec: Callable[[], None] | None = None, **kw: object) -> subprocess.Popen[str]:
    """The real program in a child process: signals, limits and closed streams need one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIREWORKS_", "RFTCFG_", "WANDB_"))}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "rftcfg", *args], cwd=cwd, env=env, text=True, preexec_fn=preexec,
        stdout=kw.pop("stdout", subprocess.PIPE), stderr=subprocess.PIPE, **kw,
    )  # fmt: skip


def finished(child: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, errors = child.communicate(timeout=60)
    assert "Traceback" not in errors, errors
    return child.returncode, out or "", errors


def rates(n: int) -> str:
    """`n` distinct learning rates inside the documented advice (so no warning per variant)."""
    return "learning_rate=" + ",".join(f"{6e-5 + i * 1.3e-4 / n:.6g}" for i in range(n))


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def base(in_tmp: Path) -> Path:
    assert run("new", *RESOURCES, "-o", "base.yaml").code == 0
    return in_tmp


# -- OS errors: one line, exit 2, nothing left behind -------------------------------------------------

LONG = "a" * 300


@pytest.mark.parametrize(
    "args",
    [("new", *RESOURCES, "-o", f"{LONG}.yaml"), ("render", "base.yaml", "-o", f"{LONG}.yaml", "--force"),
     ("sweep", "base.yaml", "--vary", "epochs=2", "-o", LONG)],
    ids=["new", "render", "sweep"],
)  # fmt: skip
def test_a_name_longer_than_the_file_system_allows_is_one_usage_error(base: Path, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.code == 2, result.stderr
    name = args[-2] if args[-1] == "--force" else args[-1]
    shown = f"{name[:60]}...{name[-60:]} ({len(name):,} characters)"  # a name longer than any allowed is shortened
    assert (
        result.stderr.splitlines()[-1] == f"rftcfg: {shown}: cannot write it: File name too long. Use a shorter name."
    )
    assert sorted(p.name for p in base.iterdir()) == ["base.yaml"]


def test_the_longest_name_the_file_system_allows_is_written(base: Path) -> None:
    name = "b" * (os.pathconf(base, "PC_NAME_MAX") - len(".yaml")) + ".yaml"  # the temporary name must fit too
    result = run("new", *RESOURCES, "-o", name)
    assert result.code == 0, result.stderr
    assert sorted(p.name for p in base.iterdir()) == sorted(["base.yaml", name])


def test_a_full_device_as_output_is_a_write_error() -> None:
    result = run("new", *RESOURCES, "-o", "/dev/full")
    assert (result.code, result.stderr.splitlines()[-1]) == (
        2, "rftcfg: /dev/full: cannot write it: No space left on device. Free some space, or write somewhere else."
    )  # fmt: skip


def _file_size_limit(limit: int) -> Callable[[], None]:
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.parametrize("command", ["new", "sweep"])
def test_a_file_size_limit_is_a_usage_error_not_a_killed_process(base: Path, command: str) -> None:
    args = ("sweep", "base.yaml", "--vary", "epochs=2,3", "-o", "out") if command == "sweep" else ("new", *RESOURCES, "-o", "job.yaml")  # fmt: skip
    code, _, errors = finished(rftcfg(*args, cwd=base, preexec=_file_size_limit(200)))  # `ulimit -f`
    target = args[-1]
    assert code == 2, errors  # not killed by SIGXFSZ
    assert errors.splitlines()[-1].startswith(f"rftcfg: {target}: cannot write it: File too large. ")
    assert sorted(p.name for p in base.iterdir()) == ["base.yaml"]  # no temporary file, no partial target


def _without_root_powers() -> None:
    """Root ignores folder permissions; drop the capabilities that let it (uid 0 keeps reaching
    the interpreter under /root, which an unprivileged uid could not)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(99)


@pytest.mark.parametrize("command", ["new", "sweep"])
def test_a_read_only_folder_is_a_usage_error(base: Path, command: str) -> None:
    (base / "ro").mkdir()
    (base / "ro").chmod(0o555)
    args = ("sweep", "base.yaml", "--vary", "epochs=2", "-o", "ro/out") if command == "sweep" else ("new", *RESOURCES, "-o", "ro/job.yaml")  # fmt: skip
    code, _, errors = finished(rftcfg(*args, cwd=base, preexec=_without_root_powers if os.geteuid() == 0 else None))
    if code == 99:
        pytest.skip("cannot drop root's capabilities here")
    assert code == 2, errors
    assert (
        errors.splitlines()[-1]
        == f"rftcfg: {args[-1]}: cannot write it: Permission denied. Choose a folder you can write to."
    )
    assert list((base / "ro").iterdir()) == []


# -- standard output -----------------------------------------------------------------------------------


def test_a_closed_stdout_is_a_usage_error_not_a_lost_job(tmp_path: Path) -> None:
    code, _, errors = finished(rftcfg("new", *RESOURCES, cwd=tmp_path, preexec=lambda: os.close(1), stdout=None))
    assert code == 2, errors
    assert errors.splitlines()[-1].startswith("rftcfg: standard output: cannot write it: Bad file descriptor.")
    assert sum(line.startswith("rftcfg:") for line in errors.splitlines()) == 1


def test_a_full_stdout_is_a_usage_error(tmp_path: Path) -> None:
    with Path("/dev/full").open("w") as full:
        code, _, errors = finished(rftcfg("explain", cwd=tmp_path, stdout=full))
    assert code == 2, errors
    assert errors.splitlines() == [
        "rftcfg: standard output: cannot write it: No space left on device. Free some space, or send it elsewhere."
    ]


# -- symbolic links ------------------------------------------------------------------------------------


def test_force_replaces_the_file_a_link_points_to_and_keeps_the_link(base: Path) -> None:
    (base / "real").mkdir()
    (base / "real" / "job.yaml").write_text("old\n")
    (base / "link.yaml").symlink_to(base / "real" / "job.yaml")
    refused = run("new", *RESOURCES, "-o", "link.yaml")
    assert (refused.code, (base / "real" / "job.yaml").read_text()) == (2, "old\n")
    assert run("new", *RESOURCES, "-o", "link.yaml", "--force").code == 0
    assert (base / "link.yaml").is_symlink()
    assert "written by rftcfg" in (base / "real" / "job.yaml").read_text()
    assert hidden(base) == hidden(base / "real") == []


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_a_link_loop_is_refused(base: Path, force: list[str]) -> None:
    (base / "a.yaml").symlink_to("b.yaml")
    (base / "b.yaml").symlink_to("a.yaml")
    result = run("new", *RESOURCES, "-o", "a.yaml", *force)
    assert result.code == 2, result.stderr
    assert result.stderr.splitlines()[-1].startswith("rftcfg: a.yaml:")
    assert sorted(p.name for p in base.iterdir()) == ["a.yaml", "b.yaml", "base.yaml"]


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_a_link_to_a_folder_is_no_file_name(base: Path, force: list[str]) -> None:
    (base / "folder").mkdir()
    (base / "link").symlink_to("folder")
    result = run("new", *RESOURCES, "-o", "link", *force)
    assert (result.code, result.stderr.splitlines()[-1]) == (
        2, "rftcfg: link: is a symbolic link to a folder; give a file name for the output."
    )  # fmt: skip
    assert list((base / "folder").iterdir()) == []


def test_a_sweep_writes_through_a_link_only_with_force(base: Path) -> None:
    (base / "folder").mkdir()
    (base / "out").symlink_to("folder")
    refused = run("sweep", "base.yaml", "--vary", "epochs=2", "-o", "out")
    assert (refused.code, refused.stderr.splitlines()[-1]) == (
        2, "rftcfg: out: is a symbolic link; pass --force to write the sweep where it points (folder)."
    )  # fmt: skip
    assert list((base / "folder").iterdir()) == []
    assert run("sweep", "base.yaml", "--vary", "epochs=2", "-o", "out", "--force").code == 0
    assert (base / "out").is_symlink()
    assert {"launch.sh", "summary.txt"} < {p.name for p in (base / "folder").iterdir()}
    assert hidden(base) == []


def test_a_sweep_to_a_dangling_link(base: Path) -> None:
    (base / "out").symlink_to("elsewhere")
    assert run("sweep", "base.yaml", "--vary", "epochs=2", "-o", "out").code == 2
    assert not (base / "elsewhere").exists()
    forced = run("sweep", "base.yaml", "--vary", "epochs=2", "-o", "out", "--force")
    assert forced.code == 0, forced.stderr
    assert (base / "out").is_symlink()
    assert (base / "elsewhere" / "launch.sh").is_file()


# -- folders: owner and mode, concurrent writers, interrupts ------------------------------------------


def test_an_empty_folder_keeps_its_mode_and_owner(base: Path) -> None:
    (base / "out").mkdir()
    (base / "out").chmod(0o2751)
    if os.geteuid() == 0:
        os.chown(base / "out", 65534, 65534)
    before = (base / "out").stat()
    result = run("sweep", "base.yaml", "--vary", "epochs=2", "-o", "out")
    assert result.code == 0, result.stderr
    after = (base / "out").stat()
    assert (stat.S_IMODE(after.st_mode), after.st_uid, after.st_gid) == (
        stat.S_IMODE(before.st_mode), before.st_uid, before.st_gid
    )  # fmt: skip
    assert hidden(base) == []


def test_of_two_concurrent_sweeps_one_wins_and_the_other_says_so(base: Path) -> None:
    assert run("sweep", "base.yaml", "--vary", rates(400), "-o", "reference").code == 0
    expected = snapshot(base / "reference")
    for existing in ("absent", "empty"):  # an empty folder is replaced by a rename too
        if existing == "empty":
            (base / "out").mkdir()
        children = [rftcfg("sweep", "base.yaml", "--vary", rates(400), "-o", "out", cwd=base) for _ in range(2)]
        results = sorted((finished(child) for child in children), key=lambda r: r[0])
        assert [code for code, _, _ in results] == [0, 2], results[1][2]
        assert results[1][2].splitlines()[-1].startswith("rftcfg: out: ")
        assert snapshot(base / "out") == expected  # one sweep, whole; never two merged
        assert hidden(base) == []
        shutil.rmtree(base / "out")


def _handlers_installed(child: subprocess.Popen[str]) -> bool:
    """Whether rftcfg's own code has taken over the signals (the interpreter's start-up before it
    is not ours to make safe); on systems without /proc, assume so."""
    try:
        status = Path(f"/proc/{child.pid}/status").read_text()
    except OSError:
        return True
    caught = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
    return bool(caught & (1 << (signal.SIGHUP - 1)))


def _signal_after(child: subprocess.Popen[str], ready: Callable[[], bool], number: int, delay: float) -> None:
    """Send `number` `delay` seconds after `ready()` (or at once if the child has finished)."""
    start = time.monotonic()
    while child.poll() is None and not ready() and time.monotonic() - start < 30:
        time.sleep(0.0005)
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        child.send_signal(number)


def test_an_interrupt_at_any_moment_leaves_the_old_folder_or_the_complete_new_one(base: Path) -> None:
    """`sweep --force` over an earlier sweep, interrupted at random moments (while starting,
    planning, writing, swapping, finishing): the folder is the old one or the whole new one,
    nothing else is left beside it, and the message says which."""
    variants = rates(250)
    assert run("sweep", "base.yaml", "--vary", "epochs=2,3", "-o", "old").code == 0
    started = time.monotonic()
    assert finished(rftcfg("sweep", "base.yaml", "--vary", variants, "-o", "new", cwd=base))[0] == 0
    whole = time.monotonic() - started
    old, new = snapshot(base / "old"), snapshot(base / "new")
    pick = random.Random(10)
    numbers = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    for trial in range(5):
        folder = base / f"trial{trial}"
        folder.mkdir()
        shutil.copy(base / "base.yaml", folder)
        shutil.copytree(base / "old", folder / "out")
        child = rftcfg("sweep", "base.yaml", "--vary", variants, "-o", "out", "--force", cwd=folder)
        if trial < 3:  # while the files are written, swapped in, and the command finishes
            _signal_after(child, lambda f=folder: bool(hidden(f)), numbers[trial % 3], pick.uniform(0, 0.1))
        else:  # any moment once rftcfg's code runs
            _signal_after(child, lambda c=child: _handlers_installed(c), numbers[trial % 3], pick.uniform(0, whole))
        code, _, errors = finished(child)
        assert sorted(p.name for p in folder.iterdir()) == ["base.yaml", "out"], errors  # no staging, no .old
        now = snapshot(folder / "out")
        assert now in (old, new), errors
        if code == 0:  # the signal came after the command had finished
            assert now == new
            continue
        assert code == 130, errors
        said = errors.splitlines()[-1]
        assert said == (STOPPED if now == old else "rftcfg: interrupted; out was written."), (trial, errors)
