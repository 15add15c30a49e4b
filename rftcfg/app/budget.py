"""`new --max-rollout-tokens N`: fit a planned job under a token budget, as a layer of the plan.

The fit lowers the documented lower-cost levers but never into a value that gives the job an
error or warning the planned job did not have (fewer rollouts can leave most groups all alike
under a pass/fail reward, fewer tokens can cut the dataset's answers); when the budget then cannot
be met, it says so before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping

from rftcfg.catalog import Number, catalog
from rftcfg.core.checks import check_job
from rftcfg.core.cost import fit_budget
from rftcfg.core.dataset import DatasetStats
from rftcfg.core.errors import Finding, InvalidJobError, count, finding
from rftcfg.core.guardrails import guardrail_findings
from rftcfg.core.job import Job
from rftcfg.core.plan import Plan, Setting, Source, make_plan
from rftcfg.core.resources import Resources, build_job, effective_values, expand_ids
from rftcfg.method.tune import added_problems

FLAG = "--max-rollout-tokens"


class Budget:
    """What the budget is judged with: the data (row count, or the file) and the pass rate."""

    def __init__(self, tokens: int, prompts: int, dataset: DatasetStats | None, pass_rate: float | None) -> None:
        self.tokens, self.prompts, self.dataset, self.pass_rate = tokens, prompts, dataset, pass_rate

    def findings(self, job: Job, account: str | None) -> list[Finding]:
        return [*check_job(job, account=account), *guardrail_findings(job, self.dataset, self.pass_rate, self.prompts)]


def fit_plan(
    plan: Plan, budget: Budget, resources: Resources, *, goals: tuple[str, ...], base: Mapping[str, Setting] | None,
    explicit: Mapping[str, tuple[Number, Source]], prefer: Mapping[str, str], only: tuple[str, ...],
) -> tuple[Plan, list[Finding]]:  # fmt: skip
    """The plan re-made with the budget's cuts as the top layer (below explicit flags, which the fit
    never lowers), so every value still says where it came from; and notes on what held a lever up."""
    planned = build_job(resources, plan.values())
    before = budget.findings(expand_ids(planned, resources.account)[0], resources.account)

    def problem(candidate: Job) -> str | None:
        after = budget.findings(expand_ids(candidate, resources.account)[0], resources.account)
        added = added_problems(before, after)
        return f"add {added[0].level} {added[0].code}: {added[0].message}" if added else None

    fit = fit_budget(planned, budget.prompts, budget.tokens, fixed=explicit, problem=problem)
    notes = [finding("budget-held", f"passed over: {why}") for why in fit.held]
    if fit.smallest > budget.tokens:
        params = catalog().parameters
        kept = [params[k].flag for k in fit.least if k in explicit]
        n, tokens = fit.least["response_candidates_count"], fit.least["max_output_tokens"]
        planned_epochs = effective_values(planned)["epochs"]
        limits = (
            f"with your {' and '.join(kept)}"
            if kept
            else f"at {count(int(n), 'rollout')} of {count(int(tokens), 'token')} each, for each of {count(int(planned_epochs), 'epoch')}"
        )
        held = "".join(f" Passed over: {why.rstrip('.')}." for why in fit.held)
        raise InvalidJobError(
            [finding("budget", f"{FLAG} {budget.tokens:,} cannot be met: {count(budget.prompts, 'prompt')} need{'s' if budget.prompts == 1 else ''} at "
                     f"least {count(fit.smallest, 'token')} {limits}.{held}",
                     fix=f"raise the budget to {fit.smallest:,} or more, or use fewer prompts or epochs"
                     + (f", or drop {' / '.join(kept)}." if kept else "."))]
        )  # fmt: skip
    layer = {k: (v, Source("budget", FLAG)) for k, v in fit.changes.items()}
    refit = make_plan(
        goals, base=base, explicit={**explicit, **layer}, model=resources.base_model, winners=prefer, only=only
    )
    return refit, notes if fit.changes else []
