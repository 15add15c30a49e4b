"""The arithmetic of moving one parameter, shared by goals (plan.py) and symptoms (tuning.py)."""

from __future__ import annotations

from rftcfg.catalog import Number, Parameter


def moved(
    param: Parameter,
    current: Number,
    *,
    set_to: Number | None = None,
    add: Number | None = None,
    scale: float | None = None,
    step: int | None = None,
    at_least: Number | None = None,
    at_most: Number | None = None,
) -> Number:
    """Where one move takes `current`, before any limit is applied."""
    if set_to is not None:
        return set_to
    if add is not None:
        return current + add
    if scale is not None:
        return current * scale
    if step is not None:
        return step_along(param, current, step)
    if at_least is not None:
        return max(current, at_least)
    if at_most is not None:
        return min(current, at_most)
    return current


def step_along(param: Parameter, current: Number, step: int) -> Number:
    """`step` places along the parameter's choices (lora_rank 8 -> 16 is one step up)."""
    choices = list(param.choices or ())
    if current not in choices:
        return current
    index = min(max(choices.index(int(current)) + step, 0), len(choices) - 1)
    return choices[index]


def bounded(param: Parameter, value: Number, floor: Number | None = None, ceiling: Number | None = None) -> Number:
    """`value` kept inside [floor, ceiling], the hard range, and the choices (nearest one)."""
    value = param.coerce(value)
    if isinstance(value, float):
        value = float(f"{value:.12g}")  # 1e-4 * 1.5 is 1.5e-4, not 0.00015000000000000001
    if floor is not None:
        value = max(value, param.coerce(floor))
    if ceiling is not None:
        value = min(value, param.coerce(ceiling))
    if param.choices:
        return min(param.choices, key=lambda c: (abs(c - value), c))
    if param.min is not None and value < param.min:
        return param.min
    if param.max is not None and value > param.max:
        return param.max
    return value
