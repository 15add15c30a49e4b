"""The core: a job, its resources, the plan of layered values with their provenance, the checks,
the guardrails and the one cost model. Pure: no files, no printing."""
