"""`sweep`: one job per value, each one change from the base, plus launch.sh and summary.txt."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from rftcfg.app.load import load_job
from rftcfg.catalog import catalog, format_number
from rftcfg.core.cost import compare_jobs, estimate, show_ratio
from rftcfg.core.errors import Finding, UsageError, shown_text
from rftcfg.core.job import Job
from rftcfg.core.resources import fill_defaults
from rftcfg.formats import Options, render
from rftcfg.formats.commands import tool_command
from rftcfg.method.sweep import Variant, check_variants, parse_vary, variants

LAUNCH_HEADER = "written by rftcfg sweep"  # how `--force` recognises a folder it may replace


class Sweep(NamedTuple):
    base: Job
    variants: list[Variant]
    problems: list[tuple[Variant, Finding]]  # errors and warnings, by variant
    files: dict[str, str]  # file name -> text; empty when a variant is invalid
    notes: list[str]  # values merged and variants left out, and why

    @property
    def invalid(self) -> set[str]:
        return {v.name for v, f in self.problems if f.level == "error"}


def plan_sweep(base_file: str, vary: Sequence[str], *, grid: bool, account: str | None) -> Sweep:
    if not vary:
        raise UsageError("give at least one --vary PARAM=V1,V2,... (e.g. --vary learning_rate=5e-5,2e-4).")
    base, _ = fill_defaults(load_job(base_file, account).job)
    parsed = [parse_vary(v) for v in vary]
    found, dropped = variants(base, parsed, grid=grid, fallback=Path(base_file).stem)
    notes = [*(m for v in parsed for m in v.merged), *dropped]
    problems = check_variants(found)
    if any(f.level == "error" for _, f in problems):
        return Sweep(base, found, problems, {}, notes)
    files = {f"{v.name}.yaml": _variant_yaml(v, base, base_file) for v in found}
    files["launch.sh"] = _launch_script(found)
    files["summary.txt"] = _summary(found, base)
    return Sweep(base, found, problems, files, notes)


def earlier_sweep_problem(folder: Path) -> str | None:
    """Why `folder` does not look like a sweep rftcfg wrote (which `--force` may replace), or None.
    A sweep holds launch.sh (with our header), summary.txt and job files, nothing else."""
    names = {p.name: p for p in folder.iterdir()}
    if not {"launch.sh", "summary.txt"} <= names.keys():
        return "it has no launch.sh and summary.txt from an earlier rftcfg sweep"
    others = [n for n, p in names.items() if n not in ("launch.sh", "summary.txt") and not _job_file(p)]
    if others:
        return f"it holds {', '.join(sorted(others)[:3])}, which rftcfg sweep does not write"
    if LAUNCH_HEADER not in names["launch.sh"].read_text(encoding="utf-8", errors="replace"):
        return "its launch.sh was not written by rftcfg sweep"
    return None


def _job_file(path: Path) -> bool:
    return path.suffix == ".yaml" and path.is_file() and not path.is_symlink() and not path.name.startswith(".")


def _moves(variant: Variant, base: Job) -> str:
    params = catalog().parameters
    return ", ".join(
        f"{k} {format_number(base.get(params[k].path))} -> {format_number(v)}" for k, v in variant.changes.items()
    )


def _variant_yaml(variant: Variant, base: Job, base_file: str) -> str:
    header = (f"# Sweep variant of {shown_text(base_file)}: {_moves(variant, base)}.",)
    return render(variant.job, "yaml", Options(header=header)).text


def _launch_script(found: list[Variant]) -> str:
    env = catalog().secrets["wandb_api_key_env"]
    lines = [
        "#!/bin/sh",
        f"# One firectl command per sweep variant, {LAUNCH_HEADER}. Compare their reward curves",
        f"# side by side. Jobs that log to W&B read the key from ${env}: export it first.",
        "set -e",
        "",
    ]
    for variant in found:
        lines += [f"# {variant.name}", tool_command(variant.job).shell(), ""]
    return "\n".join(lines)


def _summary(found: list[Variant], base: Job) -> str:
    params = catalog().parameters
    rows = [("variant", "change", "work vs the base", "tokens vs baseline", "file")]
    for variant in found:
        change, cost = _moves(variant, base), compare_jobs(base, variant.job).words()
        if all(base.get(params[k].path) == v for k, v in variant.changes.items()):
            change = f"{change} (the base value: a control run)"
        ratio = f"x{show_ratio(estimate(variant.job).baseline.generated)}"
        rows.append((variant.name, change, cost, ratio, f"{variant.name}.yaml"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(f"{cell:<{widths[i]}}" if i < 4 else cell for i, cell in enumerate(r)) for r in rows]
    return "\n".join(lines) + "\n"
