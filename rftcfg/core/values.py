"""The one number parser: every entry point (flags, the wizard, `sweep --vary`, `import`, job
files) reads a parameter's value through `parse_number`, so the same text gets the same verdict.

The grammar is plain decimal, the number form YAML 1.2, JSON (plus a sign and `.5`/`5.`) and
Python agree on: optional sign, digits, optional fraction, optional exponent. Whole-number
parameters take integer text only: `2.0` is refused with "write 2", as a job file's strict types
always refused the float 2.0. What only some readers take as a number is refused with the
reason: leading zeros (YAML 1.1 reads `010` as octal 8, YAML 1.2 as 10), `0x10`, `1_000`,
`1:30`. Text longer than the table's `number_text.max_length` is refused before conversion, so
hundreds of digits are one clear error, never an overflow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar

from rftcfg.catalog import Number, Parameter, Setting, catalog
from rftcfg.core.checks import check_value, fix_for
from rftcfg.core.errors import Finding, InvalidJobError, finding
from rftcfg.core.settings import check_one, setting_fix

T = TypeVar("T")

DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", re.ASCII)
INTEGER = re.compile(r"[-+]?[0-9]+", re.ASCII)
_LEADING_ZERO = re.compile(r"([-+]?)0+(?=[0-9])", re.ASCII)
_NOT_FINITE = {"nan", "inf", "infinity"}
# YAML 1.1 number forms that YAML 1.2, JSON and most tools read as text (or as other numbers).
_YAML11_FORMS = (
    (re.compile(r"[-+]?0x[0-9a-f_]+", re.I), "hexadecimal"),
    (re.compile(r"[-+]?0o?[0-7_]+", re.I), "octal"),
    (re.compile(r"[-+]?0b[01_]+", re.I), "binary"),
    (
        re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"),
        "sexagesimal (base 60: YAML 1.1 reads 1:30 as 90)",
    ),
    (re.compile(r"[-+]?[0-9_]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?", re.I), "written with underscores between digits"),
)


class Problem(NamedTuple):
    """Why a text is not a number of the wanted kind: the message and the start of the fix."""

    message: str
    fix: str | None = None  # e.g. "write 2"; the parameter's range and default are added after it


def number_from_text(text: str, whole: bool) -> Number | Problem:
    """The grammar alone (no range): `text` as an int (`whole`) or a float, or why not."""
    word = "whole number" if whole else "number"
    stripped, limit = text.strip(), catalog().number_text_max
    if len(stripped) > limit:
        return Problem(f"is {len(stripped)} characters long; no valid {word} needs more than {limit}.")
    if stripped.lower().lstrip("+-.") in _NOT_FINITE:
        return Problem(FINITE)
    if not DECIMAL.fullmatch(stripped):
        form = next((name for pattern, name in _YAML11_FORMS if pattern.fullmatch(stripped)), None)
        if form is None or not any(c.isdigit() for c in stripped):
            return Problem(f"must be a {word}.")
        return Problem(f"must be a plain decimal {word}; this is {form}, which only some YAML readers take as a number.",
                       "write it in decimal digits")  # fmt: skip
    if _LEADING_ZERO.match(stripped):
        plain = _LEADING_ZERO.sub(r"\1", stripped, count=1)
        return Problem("has a leading zero: YAML 1.1 readers (PyYAML) take 010 as octal 8, others as 10.",
                       f"write {plain} without the leading zero")  # fmt: skip
    if whole and INTEGER.fullmatch(stripped):
        return int(stripped)
    number = float(stripped) + 0.0  # + 0.0 turns -0.0 into 0.0
    if not math.isfinite(number):  # the exponent overflowed, as it would for a YAML or JSON reader
        return Problem(FINITE)
    return _not_whole(number) if whole else number


FINITE = "must be a finite number."


def _not_whole(number: float) -> Problem:
    # Judged on the float, as a YAML or JSON reader hands it over, so `2.0` in a file and
    # `--epochs 2.0` get the same words.
    if number.is_integer() and abs(number) < 10.0 ** catalog().number_text_max:
        return Problem("must be a whole number, written without a decimal point or exponent.", f"write {int(number)}")
    return Problem("must be a whole number.")


def read_number(param: Parameter, raw: Any) -> Number | Finding:
    """`raw` (text, or a YAML/JSON scalar) as the parameter's type, or an error finding. No range
    check: job files check ranges later, with the rest of the job (`check_job`)."""
    whole = param.type == "int"
    if isinstance(raw, str):
        result = number_from_text(raw, whole)
        return _refusal(param, raw, result) if isinstance(result, Problem) else result
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return _refusal(param, raw, Problem(f"must be a {'whole number' if whole else 'number'}."))
    if isinstance(raw, int):
        digits = _digits(raw)
        if digits > catalog().number_text_max:
            limit = catalog().number_text_max
            return _refusal(param, raw, Problem(f"is {digits} digits long; no valid value needs more than {limit}."))
        return raw if whole else float(raw)
    if not math.isfinite(raw):
        return _refusal(param, raw, Problem(FINITE))
    if whole:
        return _refusal(param, raw, _not_whole(raw))
    return raw + 0.0


def parse_number(param: Parameter, raw: Any) -> tuple[Number | None, list[Finding]]:
    """The one parser and the one range check: the value (None when refused) and every finding,
    errors first. Flags, the wizard and `sweep --vary` stop on any error."""
    result = read_number(param, raw)
    if isinstance(result, Finding):
        return None, [result]
    findings = check_value(param, result)
    return (None if any(f.level == "error" for f in findings) else result), findings


def shown(raw: Any) -> Any:
    """A value as a finding shows it: long text cut to its start and its length."""
    if isinstance(raw, int) and not isinstance(raw, bool) and _digits(raw) > catalog().number_text_max:
        return f"{str(raw)[:12] if _digits(raw) < 4000 else ''}... ({_digits(raw)} digits)"
    if isinstance(raw, str) and len(raw) > catalog().number_text_max:
        return f"{raw[:12]}... ({len(raw)} characters)"
    return raw


def _digits(value: int) -> int:
    # str() of an int over ~4300 digits raises; the bit length gives the count without it.
    if value.bit_length() < 10_000:
        return len(str(abs(value)))
    return int(value.bit_length() * math.log10(2)) + 1


def _refusal(param: Parameter, raw: Any, problem: Problem) -> Finding:
    fix = fix_for(param)
    return finding(
        "type",
        problem.message,
        field=param.path,
        value=shown(raw),
        fix=f"{problem.fix}; {fix}" if problem.fix else fix,
    )


def parse_setting(item: Setting, raw: Any) -> tuple[Any, list[Finding]]:
    """Flag or wizard text (or a caller's value) as the job file holds it, with every finding;
    the value is None when refused. Numbers go through the one grammar (core.values)."""
    if item.type == "choice":
        choice = item.choice_of(raw)
        if choice is None:
            message = f"must be {item.range_text()}."
            return None, [finding("range", message, field=item.path, value=raw, fix=setting_fix(item))]
        value: Any = item.api_spelling(choice)
    elif isinstance(raw, str):
        number = number_from_text(raw, whole=item.type == "int")
        if isinstance(number, Problem):
            fix = f"{number.fix}; {setting_fix(item)}" if number.fix else setting_fix(item)
            return None, [finding("type", number.message, field=item.path, value=raw, fix=fix)]
        value = number
    elif isinstance(raw, bool) or not isinstance(raw, int | float):
        word = "whole number" if item.type == "int" else "number"
        return None, [finding("type", f"must be a {word}.", field=item.path, value=raw, fix=setting_fix(item))]
    else:
        value = float(raw) if item.type == "float" else raw
    found = list(check_one(item, value))
    return (None if any(f.level == "error" for f in found) else value), found


def read_settings(given: Mapping[str, Any]) -> dict[str, Any]:
    """Service settings by key (flags, the wizard, a caller of `produce`) as the job file holds
    them; every refused value is listed together, as an invalid job (exit 1)."""
    return read_all(given, lambda key, raw: parse_setting(catalog().settings[key], raw))


def read_parameters(given: Mapping[str, str | None]) -> dict[str, Number]:
    """Tuned parameters' text by key (flags) through the one parser and range check; every
    refused value is listed together, as an invalid job (exit 1)."""
    return read_all(given, lambda key, text: parse_number(catalog().parameters[key], text))


def read_all(given: Mapping[str, Any], parse: Callable[[str, Any], tuple[T | None, list[Finding]]]) -> dict[str, T]:
    """Each given value (None: not given) through `parse`; all the refusals together, exit 1."""
    values: dict[str, T] = {}
    errors: list[Finding] = []
    for key, raw in given.items():
        if raw is None:
            continue
        value, found = parse(key, raw)
        errors += [f for f in found if f.level == "error"]
        if value is not None:
            values[key] = value
    if errors:
        raise InvalidJobError(errors)
    return values
