"""How long the ledger commands take at scale: `rftcfg runs` over 10,000 recorded runs, and
`rftcfg record` of a million-point reward curve.

Run it by hand with the project's environment (it is not a test and asserts nothing):

    .venv/bin/python benchmarks/ledger.py                  # 10,000 runs, 1,000,000 points, best of 3
    .venv/bin/python benchmarks/ledger.py --runs 2000 --points 200000 --repeats 5

It builds, in a temporary folder, a ledger of --runs runs (baselines, each with a line of
one-change children, as a tuning session leaves them; every tenth run with a 1,000-point reward
curve attached) and a W&B-like CSV of --points rows, then times in child processes, best of
--repeats (stdout and stderr to /dev/null):

    floor    python -c "import typer, pydantic, yaml": no command of this CLI starts faster.
    runs     python -m rftcfg runs: open the ledger, read every run, draw the lineage, print.
    json     python -m rftcfg runs --json: the same, every field of every run as JSON.
    record   python -m rftcfg record RUN --metrics big.csv: read the curve, work out its final
             level, store it (replacing the one before: every repeat does the full work).

    empty    python -m rftcfg runs on an empty ledger: start-up and opening, without the listing.

Targets (seconds, with ratios to the floor and to the empty listing beside them, which are
steadier across machines):
    runs < 0.5 s      listing 10,000 runs is "well under a second": at most half of one
    record < 10 s     a million-point curve records "in seconds"
Exit status: 0 whenever the commands ran (it reports); 1 if one failed, with its output.
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
sys.path.insert(0, str(ROOT))

from rftcfg.core.job import Job  # noqa: E402  (after the path: run from anywhere)
from rftcfg.ledger import RecordedChange, Series, init_ledger, open_ledger  # noqa: E402

RUNS_SECONDS_TARGET = 0.5
RECORD_SECONDS_TARGET = 10.0
CHILDREN = 20  # one-change children per baseline, each the parent of the next
CHILD_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "RFTCFG_LEDGER")}


def build_ledger(folder: Path, runs: int) -> str:
    """The ledger; returns a run ID to record a curve on."""
    path = init_ledger(folder)
    rng = random.Random(7)
    with open_ledger(path) as ledger, ledger.batch():
        parent = None
        first = ""
        for i in range(runs):
            lr = 1e-4 * (1 + i % 7)
            job = Job({
                "dataset": "accounts/acme/datasets/gsm8k", "evaluator": "accounts/acme/evaluators/math",
                "reinforcement_fine_tuning_job_id": f"run-{i}",
                "training_config": {"base_model": "accounts/fireworks/models/qwen3-8b", "learning_rate": lr,
                                    "output_model": f"accounts/acme/models/m-{i}"},
            })  # fmt: skip
            root = i % (CHILDREN + 1) == 0
            change = () if root else (RecordedChange("learning_rate", lr / 2, lr, "symptom plateau-early"),)
            run = ledger.record(job, command="new" if root else "tune", parent=None if root else parent,
                                changes=change, reason="bench", path=str(folder / f"job-{i}.yaml"))  # fmt: skip
            parent = run.run_id
            first = first or run.run_id
            if i % 10 == 0:
                steps = [float(s) for s in range(1000)]
                values = [0.2 + 0.5 * s / 1000 + rng.gauss(0, 0.05) for s in range(1000)]
                ledger.attach(run.run_id, [Series("reward", steps, values)], source="bench.csv",
                              finals={"reward": sum(values[-100:]) / 100})  # fmt: skip
    return first


def write_curve(path: Path, points: int) -> None:
    rng = random.Random(1)
    with path.open("w") as out:
        out.write("Step,train/reward,train/reward__MIN,train/reward__MAX\n")
        for i in range(points):
            value = 0.7 - 0.5 * math.exp(-5 * i / points) + rng.gauss(0, 0.03)
            out.write(f"{i},{value:.5f},{value - 0.1:.5f},{value + 0.1:.5f}\n")


def best(argv: list[str], cwd: Path, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, env=CHILD_ENV, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        started = time.perf_counter()
        run_id = build_ledger(folder, args.runs)
        built = time.perf_counter() - started
        write_curve(folder / "big.csv", args.points)
        rftcfg = [sys.executable, "-m", "rftcfg"]
        CHILD_ENV["PYTHONPATH"] = str(ROOT)
        floor = best([sys.executable, "-c", "import typer, pydantic, yaml"], folder, args.repeats)
        (folder / "empty").mkdir()
        init_ledger(folder / "empty")
        empty = best([*rftcfg, "runs"], folder / "empty", args.repeats)
        runs = best([*rftcfg, "runs"], folder, args.repeats)
        as_json = best([*rftcfg, "runs", "--json"], folder, args.repeats)
        record = best([*rftcfg, "record", run_id, "--metrics", "big.csv"], folder, args.repeats)
    print(f"ledger of {args.runs:,} runs built in {built:.2f} s (one transaction); curve of {args.points:,} points")
    print(f"floor   {floor * 1000:8.1f} ms")
    print(f"empty   {empty * 1000:8.1f} ms  empty/floor {empty / floor:.2f}")
    ok = runs < RUNS_SECONDS_TARGET
    print(f"runs    {runs * 1000:8.1f} ms  runs/floor {runs / floor:.2f}, runs/empty {runs / empty:.2f} "
          f"(target < {RUNS_SECONDS_TARGET} s): {'meets target' if ok else 'MISSES target'}")  # fmt: skip
    print(f"json    {as_json * 1000:8.1f} ms  json/floor {as_json / floor:.2f}")
    print(f"record  {record:8.2f} s   (target < {RECORD_SECONDS_TARGET:.0f} s): "
          f"{'meets target' if record < RECORD_SECONDS_TARGET else 'MISSES target'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
