"""Runs rftcfg's real entry point on many hostile cases quickly, each in its own forked process
under a time and memory limit.

Started once (`python -m tests.hostile.forkserver`), it imports rftcfg and every module a
command may need, then reads one JSON case per line on stdin and answers with one JSON result
per line. Each case runs in a child forked from this warm process, so a case costs a fork rather
than an interpreter start, and the child is the real program: real file descriptors (a closed or
full stdout is real), real signals, `rftcfg.__main__.run`, the console script's entry point.

A case: {"cwd", "args", "stdin" (a path or null), "stdout" and "stderr" (paths, or null to
close the descriptor), "env" (variables to set; `{cwd}` in a value is the case's folder), "timeout" (seconds), "memory" (bytes of address space above this
process's own), "signal" ([signal number, seconds after start] or null)}.
A result: {"code": exit code or null, "killed_by": signal number or null, "timed_out": bool,
"seconds": float}.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import time
from typing import Any


def _warm_up() -> None:
    """Import what the commands import lazily, so each child pays only for its own work."""
    import csv  # noqa: F401
    import difflib  # noqa: F401
    import statistics  # noqa: F401
    import tempfile  # noqa: F401

    import rftcfg.__main__
    import rftcfg.app.importing
    import rftcfg.app.sweep
    import rftcfg.app.tune
    import rftcfg.app.validate
    import rftcfg.cli
    import rftcfg.files.folders
    import rftcfg.files.interrupts
    import rftcfg.files.model
    import rftcfg.files.writing  # noqa: F401
    from rftcfg.catalog import catalog

    catalog()


def _address_space() -> int:
    with open("/proc/self/status", "rb") as status:  # noqa: PTH123  (bytes: no codec to import)
        for line in status:
            if line.startswith(b"VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(case: dict[str, Any]) -> None:
    """Become the program: descriptors, limits, then the console script's main. Never returns."""
    # What the entry point does first, done before this harness's own preparation, so a signal
    # sent at any moment meets rftcfg's handling rather than this preamble's.
    from rftcfg.files.interrupts import install

    install()
    code = 3
    try:
        os.chdir(case["cwd"])
        os.environ.update({k: v.replace("{cwd}", case["cwd"]) for k, v in (case.get("env") or {}).items()})
        _redirect(0, case.get("stdin") or os.devnull, os.O_RDONLY)
        for fd, key in ((1, "stdout"), (2, "stderr")):
            if case.get(key):
                _redirect(fd, case[key], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            else:
                os.close(fd)
        limit = _address_space() + case["memory"]
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        signal.alarm(max(1, round(case["timeout"])))  # the default action ends the process
        sys.argv = ["rftcfg", *case["args"]]
        from rftcfg.__main__ import run  # the console script's entry point, signal handling first

        try:
            run()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        try:  # what the interpreter does at exit: flush, and exit 120 if that fails
            sys.stdout.flush()
        except Exception:
            code = 120
    except BaseException:  # a bug in rftcfg escaped its boundary: show it the way Python would
        import traceback

        with contextlib.suppress(Exception):
            traceback.print_exc()
            sys.stderr.flush()
        code = 1
    os._exit(code)


def _redirect(fd: int, path: str, flags: int) -> None:
    opened = os.open(path, flags, 0o644)
    os.dup2(opened, fd)
    os.close(opened)


def _run(case: dict[str, Any]) -> dict[str, Any]:
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(case)
    deadline = started + case["timeout"] + 2  # the child's own alarm should come first
    pending = case.get("signal")
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        now = time.monotonic()
        if pending and now - started >= pending[1]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, pending[0])
            pending = None
        if now > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return {"code": None, "killed_by": signal.SIGKILL, "timed_out": True, "seconds": now - started}
        time.sleep(0.002)
    seconds = time.monotonic() - started
    if os.WIFSIGNALED(status):
        killed = os.WTERMSIG(status)
        return {"code": None, "killed_by": killed, "timed_out": killed == signal.SIGALRM, "seconds": seconds}
    return {"code": os.WEXITSTATUS(status), "killed_by": None, "timed_out": False, "seconds": seconds}


def main() -> None:
    _warm_up()
    for env in ("FIREWORKS_ACCOUNT_ID", "FIREWORKS_API_KEY", "WANDB_API_KEY", "RFTCFG_DEBUG", "RFTCFG_LEDGER"):
        os.environ.pop(env, None)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        print(json.dumps(_run(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
