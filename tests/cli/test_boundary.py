"""The last resort: an exception no one foresaw is one line and exit 3, even when the exception
cannot be turned into text, holds a huge message, or memory has run out; never a traceback and
never exit 1 (the code for an invalid job)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rftcfg.cli.boundary import App
from tests.conftest import RESOURCES, run


class Unprintable(Exception):
    def __str__(self) -> str:
        raise ValueError("this exception has no text")


class Huge(Exception):
    pass


demo = App()


@demo.command()
def unprintable() -> None:
    raise Unprintable


@demo.command()
def huge() -> None:
    raise Huge("x" * 5_000_000 + "\n\x1b[31mnot a second line")


@demo.command()
def out_of_memory() -> None:
    raise MemoryError


@pytest.mark.parametrize(("command", "said"), [
    ("unprintable", "rftcfg: internal error (Unprintable). This is a bug in rftcfg;"),
    ("huge", "rftcfg: internal error (Huge: xxxx"),
    ("out-of-memory", "rftcfg: internal error (out of memory). rftcfg ran out of memory;"),
])  # fmt: skip
def test_an_unforeseen_exception_is_one_short_line_and_exit_3(command: str, said: str) -> None:
    result = CliRunner().invoke(demo, [command], catch_exceptions=False)
    assert result.exit_code == 3
    assert result.stderr.startswith(said)
    assert result.stderr.count("\n") == 1
    assert len(result.stderr) < 600  # the message is cut, never echoed whole
    assert "Traceback" not in result.stderr


LIMITED = """
import resource, sys
from rftcfg.cli import main
from rftcfg.cli.boundary import App
import hashlib, random, tempfile  # hashlib logs its own tracebacks when imported short of memory

hoarder = App()

@hoarder.command()
def hoard() -> None:
    kept = []
    while True:  # small allocations until memory runs out, every one still held by this frame
        kept.append([len(kept)])

def in_use() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()

resource.setrlimit(resource.RLIMIT_AS, (in_use() + int(sys.argv[1]) * 2**20, resource.RLIM_INFINITY))
if sys.argv[2] == "hoard":
    hoarder([], prog_name="rftcfg")  # its one command is the whole program
else:
    sys.argv = ["rftcfg", *sys.argv[2:]]
    main()  # as the console script runs it: typer building its commands is short of memory too
"""


def limited(headroom_mb: int, *args: str) -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(LIMITED)
    return subprocess.run(
        [sys.executable, "-c", script, str(headroom_mb), *args], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc to size the memory limit")
def test_running_out_of_memory_while_holding_it_all_is_one_line_and_exit_3() -> None:
    result = limited(64, "hoard")
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("rftcfg: internal error (out of memory).")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc to size the memory limit")
def test_a_real_command_short_of_memory_never_exits_1_or_shows_a_traceback(tmp_path: Path) -> None:
    job = tmp_path / "job.yaml"
    assert run("new", *RESOURCES, "--account", "acme", "-o", str(job)).code == 0
    codes = set()
    for headroom in (0, 1, 2, 4, 8, 16, 32, 48):  # from too little to start the command to enough
        result = limited(headroom, "validate", str(job))
        assert result.returncode in (0, 2, 3), result.stderr
        assert "Traceback" not in result.stderr
        codes.add(result.returncode)
    assert {0, 3} <= codes  # both ends were reached: the limit did bite, and then sufficed


def test_an_error_raised_while_an_interrupt_unwinds_is_an_interrupt() -> None:
    """A library whose clean-up fails while Ctrl-C unwinds through it (a connection closed
    mid-read) raises a new error in place of the KeyboardInterrupt: still exit 130, not a bug."""
    import typer

    from rftcfg.cli.boundary import user_errors

    class CleanupFailed(Exception):
        pass

    def read_interrupted() -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise CleanupFailed("connection already closed") from None

    with pytest.raises(typer.Exit) as stopped, user_errors():
        read_interrupted()
    assert stopped.value.exit_code == 130
