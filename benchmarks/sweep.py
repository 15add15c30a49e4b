"""How long `rftcfg sweep` takes to generate and validate 1,000 variants.

Run it by hand with the project's environment (it is not a test and asserts nothing):

    .venv/bin/python benchmarks/sweep.py            # 1,000 variants, best of 5
    .venv/bin/python benchmarks/sweep.py --variants 5000

What it times, in this one process, best of --repeats:

    baseline   check_job on the unchanged base job, once per variant: the validation a sweep of
               that size cannot avoid.
    sweep      variants() + check_variants(): build every variant (new values, IDs, output
               models) and validate each one, as `rftcfg sweep` does before writing anything.
    render     the YAML text of every variant (what `rftcfg sweep` then writes), for scale.

Target: sweep well under a second for 1,000 variants. It prints the sweep/baseline ratio too,
which is steadier across machines than seconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from rftcfg.formats.render import render

from rftcfg.core.checks import check_job
from rftcfg.core.plan import make_plan
from rftcfg.core.resources import Resources, build_job, expand_ids
from rftcfg.method.sweep import Variant, Vary, check_variants, variants


def best_of(repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    resources = Resources(
        dataset="accounts/acme/datasets/gsm8k", evaluator="accounts/acme/evaluators/math",
        base_model="qwen3-8b", output_model="gsm8k-rft", job_id="gsm8k-base", account="acme",
    )  # fmt: skip
    base, _ = expand_ids(build_job(resources, make_plan([]).values()), "acme")
    # Distinct legal learning rates between 1e-5 and 5e-4.
    step = (5e-4 - 1e-5) / max(1, args.variants - 1)
    vary = [Vary("learning_rate", tuple(1e-5 + i * step for i in range(args.variants)))]

    baseline = best_of(args.repeats, lambda: [check_job(base) for _ in range(args.variants)])
    found: list[Variant] = []

    def sweep() -> None:
        made = variants(base, vary, grid=False, stem="gsm8k-base")
        assert not [f for _, f in check_variants(made) if f.level == "error"]
        found[:] = made

    elapsed = best_of(args.repeats, sweep)
    rendering = best_of(args.repeats, lambda: [render(v.job, "yaml") for v in found])

    print(f"rftcfg sweep, {args.variants} variants of one parameter, best of {args.repeats}")
    print(f"baseline (check the base job {args.variants}x)  {baseline * 1000:8.1f} ms")
    print(f"sweep (build + validate)               {elapsed * 1000:8.1f} ms   ratio {elapsed / baseline:.2f}")
    print(f"render every variant to YAML           {rendering * 1000:8.1f} ms")
    target = 1.0 * args.variants / 1000
    verdict = "meets target" if elapsed < target else "MISSES target"
    print(f"target: build + validate under {target:.1f} s for {args.variants} variants: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
