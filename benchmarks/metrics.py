"""How long `rftcfg tune JOB --metrics curve.csv` takes on a million-row reward curve.

Run it by hand with the project's environment (it is not a test and asserts nothing):

    .venv/bin/python benchmarks/metrics.py                 # 1,000,000 rows, best of 3
    .venv/bin/python benchmarks/metrics.py --rows 200000 --repeats 5
    .venv/bin/python benchmarks/metrics.py --whole-log     # and the 7 series a GRPO log adds

It writes a job and a W&B-like CSV (step, train/reward, train/reward__MIN, eval/reward: a noisy
rising curve; with --whole-log also reward std, zero-std share, KL, entropy, mean and longest
completion length and clipped share) to a temporary folder, then times, in child processes,
best of --repeats:

    baseline   python -c: read the CSV with csv.reader and float() every column it diagnoses from
               (step and reward; with --whole-log the 7 others too), nothing else.
               Any reader of the curve does at least this much work.
    tune       python -m rftcfg tune job.yaml --metrics curve.csv: read, smooth (running median
               over 10% of the points), diagnose, plan, print.

Target: tune finishes in seconds (under 10 s for a million rows); it prints the tune/baseline
ratio too, which is steadier across machines than seconds. With --whole-log the target is that
ratio under 10: each extra series costs about what the reward does, no more. Before the running median was
O(n log w), 100,000 rows took over 100 s.
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
    "with open(sys.argv[1], newline='') as f:\n"
    "    rows = csv.reader(f); next(rows)\n"
    "    points = [tuple(map(float, [r[0], r[1], *r[4:]])) for r in rows]\n"
    "points.sort()\n"
)


WHOLE_LOG_RATIO = 10.0  # tune / baseline with --whole-log (a reward curve alone measures about 6 to 9)
WHOLE_LOG = ("train/reward_std", "train/frac_reward_zero_std", "train/kl", "train/entropy",
             "train/completions/mean_length", "train/completions/max_length", "train/completions/clipped_ratio")  # fmt: skip


def write_curve(path: Path, rows: int, whole_log: bool = False) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(
            "step,train/reward,train/reward__MIN,eval/reward" + "".join(f",{c}" for c in WHOLE_LOG if whole_log) + "\n"
        )
        for step in range(rows):
            level = 0.8 * (1 - math.exp(-5 * step / rows))
            reward = level + rng.gauss(0, 0.05)
            more = ""
            if whole_log:
                x = step / rows
                more = (f",{0.4 - 0.2 * x:.4f},{0.1 + 0.3 * x:.4f},{0.02 * x + rng.random() * 1e-3:.6f},"
                        f"{0.6 - 0.1 * x:.4f},{400 + rng.gauss(0, 20):.1f},{1200 + rng.gauss(0, 100):.0f},0.0")  # fmt: skip
            handle.write(f"{step},{reward:.6f},{reward - 0.1:.6f},{level:.6f}{more}\n")


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--whole-log", action="store_true", help="add the 7 series a GRPO log carries")
    args = parser.parse_args(argv)
    env_root = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        subprocess.run(
            [sys.executable, "-m", "rftcfg", "new", "--base-model", "qwen3-8b",
             "--dataset", "accounts/acme/datasets/gsm8k", "--evaluator", "accounts/acme/evaluators/math",
             "-o", "job.yaml"],
            cwd=where, check=True, env=env_root, capture_output=True,
        )  # fmt: skip
        write_curve(where / "curve.csv", args.rows, args.whole_log)
        size = (where / "curve.csv").stat().st_size / 2**20
        baseline = min(timed([sys.executable, "-c", BASELINE, "curve.csv"], where) for _ in range(args.repeats))
        tune = [sys.executable, "-m", "rftcfg", "tune", "job.yaml", "--metrics", "curve.csv"]
        elapsed = min(timed(tune, where) for _ in range(args.repeats))
    what = "whole training log" if args.whole_log else "reward curve"
    print(f"rftcfg tune --metrics, {what}, {args.rows:,} rows ({size:.0f} MiB of CSV), best of {args.repeats}")
    print(f"baseline (csv.reader + float, sort)   {baseline:8.2f} s")
    print(f"tune (read, smooth, diagnose, plan)   {elapsed:8.2f} s   ratio {elapsed / baseline:.2f}")
    if args.whole_log:  # more columns to read: judged by the ratio to reading them, not by seconds
        met = elapsed / baseline < WHOLE_LOG_RATIO
        print(f"target: ratio under {WHOLE_LOG_RATIO:.0f}: {'meets target' if met else 'MISSES target'}")
    else:
        target = 10.0 * args.rows / 1_000_000
        met = elapsed < target
        print(f"target: under {target:.0f} s for {args.rows:,} rows: {'meets target' if met else 'MISSES target'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
