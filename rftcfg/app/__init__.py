"""Use cases: one function per thing a person asks for (new, validate, tune, sweep, import,
explain), returning typed results. The CLI and the wizard call these and only print."""
