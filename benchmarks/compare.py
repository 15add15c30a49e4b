"""How long comparing two runs takes on reward curves of a million points each.

Run it by hand with the project's environment (it is not a test and asserts nothing):

    .venv/bin/python benchmarks/compare.py                 # 1,000,000 points a curve, best of 3
    .venv/bin/python benchmarks/compare.py --rows 200000 --repeats 5

It writes two W&B-like history exports (_step, train/reward, train/reward_std, train/kl,
train/completion_length: noisy rising curves, the second a little higher) to a temporary folder,
then times, in child processes, best of --repeats:

    baseline   read both files with csv.reader, float() two columns of each, sort. Any reader of
               two curves does at least this much work.
    compare    read_series on both (every series), pick the reward, final levels with their
               standard errors, the verdict, and the chart of both at 72 x 16; it prints the
               time of each phase from the fastest run.

Target: seconds (under 20 s for two curves of a million points); the compare/baseline ratio is
steadier across machines than seconds.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = (
    "import csv, sys\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, newline='') as f:\n"
    "        rows = csv.reader(f); next(rows)\n"
    "        points = sorted((float(r[0]), float(r[1])) for r in rows)\n"
)
COMPARE = """
import sys, time
t0 = time.perf_counter()
from rftcfg.core.resources import Resources, build_job, with_values
from rftcfg.files.metrics import read_series, reward_series
from rftcfg.method.compare import compare_runs
from rftcfg.app.compare_text import comparison_text
from rftcfg.formats.chart import chart
t1 = time.perf_counter()
series = [reward_series(read_series(name)) for name in sys.argv[1:3]]
t2 = time.perf_counter()
base = build_job(Resources(base_model="qwen3-8b", dataset="d", evaluator="e"), {})
result = compare_runs(base, with_values(base, {"learning_rate": 5e-5}), series[0].values, series[1].values)
t3 = time.perf_counter()
drawn = chart([("A", series[0].steps, series[0].values), ("B", series[1].steps, series[1].values)], 72, 16)
t4 = time.perf_counter()
print(comparison_text(result))
print(drawn)
print(f"PHASES {t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f} {t4 - t3:.3f}")
"""


def write_history(path: Path, rows: int, top: float, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("_step,_runtime,train/reward,train/reward_std,train/kl,train/completion_length\n")
        for step in range(rows):
            level = 0.1 + (top - 0.1) * (1 - math.exp(-5 * step / rows))
            reward = level + rng.gauss(0, 0.05)
            handle.write(f"{step},{step * 0.5:.1f},{reward:.6f},0.21,{step / rows * 0.01:.6f},{400 - step % 50}\n")


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        write_history(where / "a.csv", args.rows, 0.70, 7)
        write_history(where / "b.csv", args.rows, 0.75, 8)
        size = sum((where / n).stat().st_size for n in ("a.csv", "b.csv")) / 2**20
        files = ["a.csv", "b.csv"]
        baseline = min(timed([sys.executable, "-c", BASELINE, *files], where, env)[0] for _ in range(args.repeats))
        runs = [timed([sys.executable, "-c", COMPARE, *files], where, env) for _ in range(args.repeats)]
    elapsed, output = min(runs)
    phases = [float(x) for x in output.splitlines()[-1].split()[1:]]
    print(f"compare, two curves of {args.rows:,} points ({size:.0f} MiB of CSV, 4 series each), best of {args.repeats}")
    print(f"baseline (csv.reader + float, sort)    {baseline:8.2f} s")
    print(f"compare (read, final, verdict, chart)  {elapsed:8.2f} s   ratio {elapsed / baseline:.2f}")
    names = ("import", "read_series x2", "final levels + verdict", "chart 72x16")
    print("  " + ", ".join(f"{n} {p:.2f} s" for n, p in zip(names, phases, strict=True)))
    target = 20.0 * args.rows / 1_000_000
    print(
        f"target: under {target:.0f} s for two curves of {args.rows:,}: {'meets target' if elapsed < target else 'MISSES target'}"
    )
    print("\n".join(output.splitlines()[:-1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
