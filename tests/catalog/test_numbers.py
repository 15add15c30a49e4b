"""round_significant: a non-zero number never rounds to 0, and large ones keep their decimals."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from rftcfg.catalog import format_number, round_significant

FINITE = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


@given(FINITE)
def test_a_non_zero_number_never_rounds_to_zero(value: float) -> None:
    rounded = round_significant(value, 2, 2)
    assert (rounded == 0) == (value == 0)
    if value:
        assert math.isclose(rounded, value, rel_tol=0.05)


@given(FINITE.filter(lambda v: abs(v) >= 0.1))
def test_numbers_from_a_tenth_up_round_to_the_decimals(value: float) -> None:
    assert round_significant(value, 2, 2) == round(value, 2)


def test_examples() -> None:
    shown = [format_number(round_significant(r, 2, 2)) for r in (2.0, 0.25, 0.5, 0.03125, 0.0, 3e-5)]
    assert shown == ["2.0", "0.25", "0.5", "0.031", "0.0", "3e-5"]
