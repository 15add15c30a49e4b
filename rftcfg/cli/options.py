"""Options shared by several commands, and the checks of their values that typer cannot do.

The tuned-parameter and resource options are generated from the data table
(`with_parameter_options`, `with_resource_options`), so a parameter or resource added there gets
its flag, help and completion without a line of code here.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable
from typing import Any

import typer

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.errors import UsageError, shown_text
from rftcfg.core.ids import check_plain_id
from rftcfg.formats import FORMATS

ACCOUNT_ENV = catalog().secrets["account_env"]


def complete(names: Callable[[], Iterable[str]]) -> Callable[[str], list[str]]:
    """Shell completion from the data table (`rftcfg --install-completion` sets it up)."""
    return lambda incomplete: [n for n in names() if n.startswith(incomplete)]


def resource_option(name: str) -> Any:
    """The option of one resource, as its row in the data table's `resources` describes it."""
    spec = catalog().resources[name]
    envvar = catalog().secrets[spec.envvar] if spec.envvar else None
    return typer.Option(None, spec.flag, metavar=spec.metavar, envvar=envvar, help=spec.help)


ACCOUNT = resource_option("account")
GOAL_NAMES = complete(lambda: catalog().goals)


def _template_names() -> list[str]:
    from rftcfg.app.templates import available  # only shell completion lists them

    return [t.name for t in available()]


TEMPLATE_NAMES = complete(_template_names)
SYMPTOM_NAMES = complete(lambda: catalog().symptoms)


def symptom_option(purpose: str) -> Any:
    """`--symptom/-s NAME`, completed from the table and listing its names; `purpose` says what
    the command does with it."""
    return typer.Option(
        None, "--symptom", "-s", metavar="NAME", help=f"{purpose}: {', '.join(catalog().symptoms)}.",
        autocompletion=SYMPTOM_NAMES,
    )  # fmt: skip


FORMAT = typer.Option(
    None, "--format", "-f", metavar="FORMAT",
    help=f"Output format: {', '.join(FORMATS)} (default: json for an -o file ending .json, else yaml).",
    autocompletion=complete(lambda: FORMATS),
)  # fmt: skip


def one_line(value: str | None) -> str | None:
    """Free text that goes into a file verbatim (a modeline a program reads) must be one line of
    printable text: escaped, it would name another path; raw, it would end the comment."""
    if value is not None and not value.isprintable():
        raise typer.BadParameter(
            f"{shown_text(value)} holds a control character (a newline, tab or escape); give the path or URL on one line."
        )
    return value


def finite(value: float | None) -> float | None:
    """Range checks let NaN through (every comparison with it is false)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number.")
    return value


OUTPUT = typer.Option(
    None,
    "--output",
    "-o",
    metavar="FILE",
    help="Write to this file (atomically) instead of stdout.",
)
FORCE = typer.Option(False, "--force", help="Overwrite the output file if it exists.")
# The columns of a --metrics file, when the automatic choice (files.metrics) picks the wrong ones.
STEP_COLUMN = typer.Option(None, "--step-column", metavar="NAME", help="Step column in --metrics.")
REWARD_COLUMN = typer.Option(None, "--reward-column", metavar="NAME", help="Reward column in --metrics.")
STRICT = typer.Option(False, "--strict", help="Fail (exit 1) on warnings and goal conflicts too, not only errors.")
FIRECTL_FORM = typer.Option(
    None,
    "--firectl-form",
    metavar="FORM",
    help="firectl command form: noun-verb (current, default) or verb-noun (older firectl).",
)
DATASET_FILE = typer.Option(
    None,
    "--dataset-file",
    metavar="FILE",
    help="Local JSONL copy of the training data: pre-flight checks and a real row count.",
)
PROMPTS = typer.Option(
    None, "--prompts", metavar="N", min=1, help="Rows in the dataset, for the estimate (without --dataset-file)."
)
PASS_RATE = typer.Option(
    None, "--expected-pass-rate", metavar="P", min=0.0, max=1.0, callback=finite,
    help="Expected pass rate of a pass/fail reward (0-1): warns when many rollout groups would all score alike.",
)  # fmt: skip
ONE_LINE = typer.Option(
    False, "--one-line", help="firectl: print the command on one line instead of one flag per line."
)


def with_resource_options(after: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give `func` (which ends in **kwargs) one option per resource in the data table, placed right
    after its parameter `after` (so `--help` lists them there); their values arrive in **kwargs,
    by resource name (the fields of core.resources.Resources)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func)
        params = list(signature.parameters.values())
        at = [p.name for p in params].index(after) + 1
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD  # among the command's own options
        generated = [
            inspect.Parameter(name, kind, default=resource_option(name), annotation=str | None)
            for name in catalog().resources
        ]
        func.__signature__ = signature.replace(parameters=[*params[:at], *generated, *params[at:]])  # type: ignore[attr-defined]
        return func

    return decorate


def with_parameter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give `func` (which ends in **tuned) one option per parameter and per service setting in the
    data table. They take text: `parameter_values` and core.values.read_settings read it with the
    one number parser, not typer's own int/float."""
    signature = inspect.signature(func)
    fixed = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    tuned = []
    for param in catalog().parameters.values():
        help_text = f"{param.summary} Default {format_number(param.default)}; valid {param.range_text()}."
        option = typer.Option(
            None, param.flag, *param.flag_aliases, metavar="INT" if param.type == "int" else "NUMBER", help=help_text
        )
        tuned.append(
            inspect.Parameter(param.key, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=str | None)
        )
    for item in catalog().settings.values():  # service settings: omitted stays omitted
        metavar = "|".join(item.choices) if item.choices else ("INT" if item.type == "int" else "NUMBER")
        gone = "Deprecated. " if item.instead else ""
        help_text = f"{gone}{item.summary} Omitted: {item.default_text}; valid {item.range_text()}."
        option = typer.Option(None, item.flag, metavar=metavar, help=help_text)
        tuned.append(inspect.Parameter(item.key, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=str | None))
    func.__signature__ = signature.replace(parameters=[*fixed, *tuned])  # type: ignore[attr-defined]
    return func


def parameter_values(tuned: dict[str, str | None]) -> dict[str, Number]:
    """The tuned-parameter flags' text through the one parser and range check (core.values)."""
    from rftcfg.core.values import read_parameters

    return read_parameters(tuned)


def check_format(fmt: str | None, firectl_form: str | None, output: str | None = None) -> str:
    """The format name, normalised (or guessed from the output file's name); unknown formats and
    firectl forms are usage errors."""
    if fmt is None:
        return "json" if output and output.endswith(".json") else "yaml"
    if fmt.lower() not in FORMATS:
        raise UsageError(f"unknown --format '{fmt}'; choose one of {', '.join(FORMATS)}.")
    forms = catalog().tools["firectl"].forms
    if firectl_form is not None and firectl_form not in forms:
        raise UsageError(f"unknown --firectl-form '{firectl_form}'; choose one of {', '.join(forms)}.")
    return fmt.lower()


def check_account(account: str | None) -> str | None:
    finding = check_plain_id("account", account) if account else None
    if finding:
        raise UsageError(f"--account {account!r} is not a valid account ID; {catalog().resources['account'].fix}.")
    return account
