"""Start-up time and memory of `rftcfg new`, measured against the libraries it cannot avoid.

Run it by hand from anywhere (it is not a test and asserts nothing about timing):

    .venv/bin/python benchmarks/startup.py            # 20 timed runs of each command
    .venv/bin/python benchmarks/startup.py --runs 50  # steadier numbers

Use the interpreter of the environment you want to measure; the children run with the same one
(`sys.executable`), from the repository root, so `-m rftcfg` is this checkout.

What it runs, interleaved A, B, A, B, ... after two untimed warm-ups of each (which also leave
the byte-code caches written, as they are for a user after the first call; the children run
without PYTHONDONTWRITEBYTECODE for that reason):

    A  python -c "import typer, pydantic, yaml"
       The floor: a CLI built on these libraries cannot start faster than importing them.
    B  python -m rftcfg new --goal quality --base-model qwen3-8b
           --dataset accounts/acme/datasets/gsm8k --evaluator accounts/acme/evaluators/math
           --format firectl            (stdout and stderr to /dev/null)
       The real thing: parse flags, read the data table, plan, check, render.

What it reports, each with its target:

    B/A <= 1.2     the median of B over the median of A: everything rftcfg itself does on top of
                   importing its libraries may add at most 20% to the floor. Comparing with A in
                   the same run, interleaved, cancels out how fast or busy the machine is.
    < 30 MiB       peak resident memory (max RSS) of B's process, read from os.wait4.
    not imported   `questionary` (the wizard's prompt library, ~90 ms to import) must not be in
                   sys.modules after `import rftcfg.cli`; only the interactive wizard may load it.

It also says whether `import rftcfg.cli` loads pydantic, which is informative only: B/A is the
target, whatever the imports.

Exit status: 0 whenever the commands ran, whether or not the targets were met (it reports); 1 if
a command failed, with its output; 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UPS = 2
RATIO_TARGET = 1.2
RSS_TARGET_MIB = 30.0

BASELINE = [sys.executable, "-c", "import typer, pydantic, yaml"]
RFTCFG_NEW = [
    sys.executable, "-m", "rftcfg", "new",
    "--goal", "quality",
    "--base-model", "qwen3-8b",
    "--dataset", "accounts/acme/datasets/gsm8k",
    "--evaluator", "accounts/acme/evaluators/math",
    "--format", "firectl",
]  # fmt: skip
PROBE = (
    "import sys, rftcfg.cli; "
    "print('questionary' in sys.modules, 'pydantic' in sys.modules, 'rftcfg.files.model' in sys.modules)"
)


class CommandFailed(Exception):
    def __init__(self, argv: list[str], status: int, output: str) -> None:
        super().__init__(f"{' '.join(argv)} exited with status {status}")
        self.output = output


# A user's install has byte-code caches (pip writes them; an editable install writes them on the
# first run). PYTHONDONTWRITEBYTECODE, set on some machines, would make every child recompile
# rftcfg from source and measure the compiler instead, so the children run without it.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(argv: list[str]) -> tuple[float, float]:
    """Run `argv` with stdout and stderr discarded; return (wall seconds, max RSS in MiB).

    posix_spawn + wait4 gives this child's own rusage (no deltas over other children) and keeps
    the timing overhead the same for both commands.
    """
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, CHILD_ENV, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        # Run it again with its output kept, so the report can show why.
        again = subprocess.run(argv, capture_output=True, text=True, check=False, env=CHILD_ENV)
        raise CommandFailed(argv, code, again.stdout + again.stderr)
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    rss_bytes = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return elapsed, rss_bytes / 2**20


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def describe(samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return f"median {statistics.median(ms):7.1f} ms  (min {min(ms):.1f}, max {max(ms):.1f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each command (default 20)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    os.chdir(ROOT)

    try:
        for _ in range(WARM_UPS):
            run_once(BASELINE)
            run_once(RFTCFG_NEW)
        times_a: list[float] = []
        times_b: list[float] = []
        rss_a: list[float] = []
        rss_b: list[float] = []
        for _ in range(args.runs):
            elapsed, rss = run_once(BASELINE)
            times_a.append(elapsed)
            rss_a.append(rss)
            elapsed, rss = run_once(RFTCFG_NEW)
            times_b.append(elapsed)
            rss_b.append(rss)
    except CommandFailed as exc:
        print(f"benchmark aborted: {exc}", file=sys.stderr)
        print(exc.output, file=sys.stderr, end="")
        return 1

    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=False, env=CHILD_ENV)
    if probe.returncode != 0:
        print(f"benchmark aborted: `import rftcfg.cli` failed:\n{probe.stderr}", file=sys.stderr, end="")
        return 1
    has_questionary, has_pydantic, has_models = (word == "True" for word in probe.stdout.split())

    ratio = statistics.median(times_b) / statistics.median(times_a)
    peak = max(rss_b)
    version = ".".join(map(str, sys.version_info[:3]))
    print(f"rftcfg start-up: {args.runs} timed runs of each, interleaved, after {WARM_UPS} warm-ups")
    print(f"python {version} at {sys.executable}")
    print()
    print(f"A  import typer, pydantic, yaml       {describe(times_a)}")
    print(f"B  rftcfg new --goal quality ...      {describe(times_b)}")
    print(f"B/A ratio:             {ratio:5.2f}      target <= {RATIO_TARGET}    {verdict(ratio <= RATIO_TARGET)}")
    print(
        f"peak memory of B:      {peak:5.1f} MiB  target < {RSS_TARGET_MIB:g} MiB  {verdict(peak < RSS_TARGET_MIB)}"
        f"   (A: {max(rss_a):.1f} MiB)"
    )
    print(
        f"questionary loaded by `import rftcfg.cli`: {'yes' if has_questionary else 'no'}"
        f"   target: no   {verdict(not has_questionary)}"
    )
    print(
        f"(info) pydantic loaded by `import rftcfg.cli`: {'yes' if has_pydantic else 'no'};"
        f" rftcfg.files.model: {'yes' if has_models else 'no'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
