"""The promises every hostile case is held to, and the runner that tries them.

A case is a folder of files (regular files, FIFOs, links, folders), a command line, and
optionally stdin and a signal sent part-way. It runs as the real program (tests/hostile/
forkserver.py) under a time and memory limit, and is judged by the README's promises:
- the exit code is 0, 1, 2 or 130, and the process ended on its own (no hang, no kill);
- nobody sees a traceback or an internal error;
- exit 0 means every job it wrote, printed or passed holds values inside every hard range;
- after a failure or an interrupt the folder is exactly as it was; after success only the named
  output changed, and no temporary file is left anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shlex
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rftcfg.catalog import catalog

ROOT = Path(__file__).resolve().parents[2]
ALLOWED_EXITS = {0, 1, 2, 130}
TIMEOUT = 10.0  # seconds; a case takes well under one, so only a hang reaches this
MEMORY = 768 * 2**20  # bytes of address space above the warm process's own

FIFO = object()  # a file spec: make a named pipe here
FOLDER = object()  # a file spec: make an empty folder here


@dataclass(frozen=True)
class Link:
    """A file spec: a symbolic link to `target` (which may not exist)."""

    target: str


@dataclass
class Case:
    name: str
    args: list[str]
    files: dict[str, Any] = field(default_factory=dict)  # name -> bytes | str | FIFO | FOLDER | Link
    stdin: bytes | None = None
    signal: tuple[int, float] | None = None  # (signal number, seconds after start)
    exits: frozenset[int] | None = None  # a narrower set of acceptable exit codes
    stdout_open: bool = True
    env: dict[str, str] = field(default_factory=dict)  # set in the child; `{cwd}` is the case's folder
    # A ledger made before the case runs: "init" records job.yaml as a run, "record" attaches m.csv.
    setup: list[str] = field(default_factory=list)

    @property
    def outputs(self) -> list[str]:
        """The names the command is allowed to create or change when it succeeds."""
        named = []
        for i, arg in enumerate(self.args):
            if arg in ("-o", "--output") and i + 1 < len(self.args):
                named.append(self.args[i + 1])
            elif arg.startswith("--output="):
                named.append(arg.split("=", 1)[1])
        return named

    @property
    def validated_inputs(self) -> list[str]:
        """Files that `validate` judged: exit 0 vouches for them."""
        if not self.args or self.args[0] != "validate":
            return []
        return [a for a in self.args[1:] if not a.startswith("-") and isinstance(self.files.get(a), (bytes, str))]


@dataclass
class Outcome:
    case: Case
    code: int | None
    killed_by: int | None
    timed_out: bool
    seconds: float
    stdout: bytes
    stderr: str
    problems: list[str]

    def __str__(self) -> str:
        said = self.stderr.strip().splitlines()[-3:]
        return f"{self.case.name}: {'; '.join(self.problems)} (exit {self.code}, said {said!r})"


class ForkServer:
    """One warm rftcfg process that forks a child per case."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.hostile.forkserver"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert json.loads(self.process.stdout.readline()) == {"ready": True}

    def run(self, spec: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(spec) + "\n")
        self.process.stdin.flush()
        result: dict[str, Any] = json.loads(self.process.stdout.readline())
        return result

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=10)
        if self.process.stdout:
            self.process.stdout.close()


@contextlib.contextmanager
def fork_server() -> Iterator[ForkServer]:
    server = ForkServer()
    try:
        yield server
    finally:
        server.close()


def try_case(server: ForkServer, case: Case, where: Path) -> Outcome:
    """Run one case in a fresh folder under `where` and judge it."""
    home = where / f"case-{abs(hash(case.name)) % 10**12}"
    cwd, logs = home / "cwd", home / "logs"
    cwd.mkdir(parents=True)
    logs.mkdir()
    _make_files(cwd, case.files)
    if case.setup:
        _make_ledger(cwd, case.setup)
    stdin = None
    if case.stdin is not None:
        stdin = str(logs / "stdin")
        Path(stdin).write_bytes(case.stdin)
    before = snapshot(cwd)
    result = server.run(
        {
            "cwd": str(cwd),
            "args": case.args,
            "stdin": stdin,
            "env": case.env,
            "stdout": str(logs / "stdout") if case.stdout_open else None,
            "stderr": str(logs / "stderr"),
            "timeout": TIMEOUT,
            "memory": MEMORY,
            "signal": list(case.signal) if case.signal else None,
        }
    )
    # A signal sent at once can end the child before it opens its descriptors.
    stdout = (logs / "stdout").read_bytes() if (logs / "stdout").exists() else b""
    stderr = (logs / "stderr").read_text("utf-8", "replace") if (logs / "stderr").exists() else ""
    outcome = Outcome(
        case, result["code"], result["killed_by"], result["timed_out"], result["seconds"], stdout, stderr, []
    )
    outcome.problems = judge(case, outcome, cwd, before)
    return outcome


def judge(case: Case, outcome: Outcome, cwd: Path, before: dict[str, tuple[Any, ...]]) -> list[str]:
    problems = []
    if outcome.timed_out:
        problems.append(f"did not finish within {TIMEOUT:.0f} s")
    elif outcome.killed_by is not None:
        problems.append(f"was killed by signal {outcome.killed_by}")
    elif outcome.code not in (case.exits or ALLOWED_EXITS):
        problems.append(f"exit {outcome.code}, expected one of {sorted(case.exits or ALLOWED_EXITS)}")
    if "Traceback (most recent call last)" in outcome.stderr:
        problems.append("printed a traceback")
    if "internal error" in outcome.stderr:
        problems.append("reported an internal error")
    after = snapshot(cwd)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    # An interrupt that lands once the output is in place says so ("interrupted; out was written"):
    # then the output may have changed, as after success.
    written = outcome.code == 0 or (outcome.code == 130 and "was written" in outcome.stderr)
    if not written:
        if changed:
            problems.append(f"failed but changed {changed[:5]}")
    else:
        allowed = [Path(o).as_posix().rstrip("/") for o in case.outputs]
        if case.args and case.args[0] in ("record", "next", "new", "tune", "sweep", "import") and case.setup:
            allowed.append(".rftcfg")  # recording is what these commands do with a ledger
        # --force replaces what a link points at (the link stays): its target is the output too.
        allowed += [before[o][3] for o in allowed if o in before and before[o][0] == stat.S_IFLNK]
        stray = [n for n in changed if not any(n == o or n.startswith(o + "/") for o in allowed)]
        if stray:
            problems.append(f"changed files it was not asked to write: {stray[:5]}")
        problems += _jobs_in_range(case, outcome, cwd)
    return problems


def _jobs_in_range(case: Case, outcome: Outcome, cwd: Path) -> list[str]:
    texts: list[tuple[str, str]] = [("stdout", outcome.stdout.decode("utf-8", errors="replace"))]
    for name in [*case.outputs, *case.validated_inputs]:
        path = cwd / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        texts += [(str(p.relative_to(cwd)), p.read_text("utf-8", "replace")) for p in files if p.is_file()]
    problems = []
    for where, text in texts:
        for value_problem in out_of_range(text):
            problems.append(f"exit 0 with {where}: {value_problem}")
    return problems


def out_of_range(text: str) -> list[str]:
    """Hard-range violations in a job file, REST body or firectl/ep command, judged straight from
    the data table (not through rftcfg's own checks, which are what is being tested)."""
    values = _values_in(text)
    problems = []
    for param in catalog().parameters.values():
        for value in values.get(param.key, []):
            number = _as_number(value)
            if number is None:
                problems.append(f"{param.key} = {value!r} is not a number")
            elif param.choices and number not in param.choices:
                problems.append(f"{param.key} = {value!r} is not one of {param.choices}")
            elif (param.min is not None and number < param.min) or (param.max is not None and number > param.max):
                problems.append(f"{param.key} = {value!r} is outside {param.min}..{param.max}")
            elif param.type == "int" and number != int(number):
                problems.append(f"{param.key} = {value!r} is not whole")
    return problems


def _values_in(text: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    data: Any = None
    if len(text) < 2**20 and "&" not in text:  # an anchor could expand without bound in this process
        with contextlib.suppress(yaml.YAMLError, ValueError, RecursionError):
            data = yaml.safe_load(text)
    if isinstance(data, dict):
        for param in catalog().parameters.values():
            for dotted in (param.path, param.api_field):
                node: Any = data
                for part in dotted.split("."):
                    node = node.get(part) if isinstance(node, dict) else None
                if node is not None:
                    found.setdefault(param.key, []).append(node)
        return found
    for line in text.splitlines():
        if not line.lstrip().startswith(("firectl", "ep ", "eval-protocol")):
            continue
        with contextlib.suppress(ValueError):
            words = shlex.split(line)
            for param in catalog().parameters.values():
                for flag in (param.flag, *param.flag_aliases):
                    for i, word in enumerate(words):
                        if word == flag and i + 1 < len(words):
                            found.setdefault(param.key, []).append(words[i + 1])
                        elif word.startswith(flag + "="):
                            found.setdefault(param.key, []).append(word.split("=", 1)[1])
    return found


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def snapshot(root: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under `root` (hidden ones too): kind, mode, owner, and a file's content hash."""
    entries: dict[str, tuple[Any, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            info = path.lstat()
            kind = stat.S_IFMT(info.st_mode)
            content: Any = None
            if stat.S_ISREG(info.st_mode):
                content = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                content = str(path.readlink())
            entries[path.relative_to(root).as_posix()] = (kind, stat.S_IMODE(info.st_mode), info.st_uid, content)
    return entries


def _make_ledger(cwd: Path, steps: list[str]) -> None:
    """A real ledger holding job.yaml as a run (and its curve m.csv), made through rftcfg's API."""
    from rftcfg.app.load import load_job
    from rftcfg.app.runs import attach_metrics
    from rftcfg.ledger import init_ledger, open_ledger

    path = init_ledger(cwd)
    with open_ledger(path) as ledger:
        ledger.record(load_job(str(cwd / "job.yaml")).job, command="new", path=str(cwd / "job.yaml"))
        if "record" in steps:
            attach_metrics(ledger, str(cwd / "job.yaml"), str(cwd / "m.csv"))


def _make_files(cwd: Path, files: dict[str, Any]) -> None:
    for name, spec in files.items():
        path = cwd / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if spec is FIFO:
            os.mkfifo(path)
        elif spec is FOLDER:
            path.mkdir()
        elif isinstance(spec, Link):
            path.symlink_to(spec.target)
        elif isinstance(spec, bytes):
            path.write_bytes(spec)
        else:
            path.write_text(spec, encoding="utf-8")


def try_all(server: ForkServer, cases: Sequence[Case], where: Path) -> list[Outcome]:
    names = [c.name for c in cases]
    assert len(set(names)) == len(names), "case names must be unique"
    return [try_case(server, case, where) for case in cases]


def failures(outcomes: Sequence[Outcome]) -> str:
    bad = [str(o) for o in outcomes if o.problems]
    return f"{len(bad)} of {len(outcomes)} hostile cases broke a promise:\n" + "\n".join(bad)
