"""Commands: firectl's and eval-protocol's create commands, built as argv and shell-quoted for
display (never a hand-built string)."""

from __future__ import annotations

import shlex
from typing import NamedTuple

from rftcfg.catalog import catalog, format_number
from rftcfg.core.errors import UsageError, shown_text
from rftcfg.core.job import Job
from rftcfg.formats.base import EnvRef, Options, Rendered

Arg = str | EnvRef


class Command(NamedTuple):
    """A command line as the program words plus option groups (a flag and its value, or a lone flag)."""

    program: tuple[str, ...]
    options: tuple[tuple[Arg, ...], ...]
    notes: tuple[str, ...] = ()

    def argv(self) -> list[Arg]:
        return [*self.program, *(arg for group in self.options for arg in group)]

    def shell(self, one_line: bool = False) -> str:
        for group in self.options:
            _printable(group)
        head = " ".join(shlex.quote(w) for w in self.program)
        groups = [" ".join(_quote(a) for a in group) for group in self.options]
        if one_line:
            return " ".join([head, *groups])
        return " \\\n".join([head, *("  " + g for g in groups)])


def tool_command(job: Job, tool: str = "firectl", form: str | None = None) -> Command:
    """The create command of `tool` (firectl or ep) for a job: every tuned value explicit, since
    the tools' own defaults differ from the docs; notes name keys the tool has no flag for."""
    spec = catalog().tools[tool]
    options: list[tuple[Arg, ...]] = []
    notes: list[str] = []
    resources = catalog().resources
    account = job.get(resources["account"].path)
    if account:
        if spec.account_flags:
            options.append((spec.account_flags[0], account))
        else:
            notes.append(f"{tool} takes the account from your API key; this job names {account}.")
    for name, flag in spec.resource_flags.items():
        value = job.get(resources[name].path)
        if value:
            options.append((flag, value))
    for param in catalog().parameters.values():
        value = job.get(param.path)
        if value is not None:
            options.append((param.flag, format_number(value)))
    for item in catalog().passthrough_keys:
        value = job.get(item.path)
        if value is None or value is False:
            continue
        tool_flag = item.flags.get(tool)
        if tool_flag is None:
            notes.append(
                f"{tool} has no flag for {item.path}; it is left out of the command (set it through the API or SDK)."
            )
        elif item.boolean:
            options.append((tool_flag,))
        else:
            text = value if isinstance(value, str) else format_number(value)
            options.append((tool_flag, text.lower().replace("_", "-") if item.lowercase else text))
    if job.get("wandb_config.enabled"):
        names = spec.wandb
        env = catalog().secrets["wandb_api_key_env"]
        options += [
            (names["enable_flag"],),
            (names["project_flag"], job.get(resources["wandb_project"].path) or ""),
            (names["entity_flag"], job.get(resources["wandb_entity"].path) or ""),
            (names["key_flag"], EnvRef(env)),
        ]
        notes.append(f"W&B: export {env} before running; the command reads the key from it.")
    program = (*spec.program, *spec.forms[form or spec.default_form])
    return Command(program, tuple(options), tuple(notes))


def _printable(group: tuple[Arg, ...]) -> None:
    """shlex.quote keeps a newline or an escape sequence raw inside its quotes: valid shell, but a
    script (or a terminal showing the command) that holds one is no longer what it looks like. Such
    a value is refused by the flag it would go to, shown escaped."""
    for arg in group:
        if isinstance(arg, str) and not arg.isprintable():
            raise UsageError(
                f"{group[0]} {shown_text(arg)}: the value holds a control character, which rftcfg does not "
                "write into a shell command. Remove it from the job, or write the job as yaml, json or api."
            )


def _quote(arg: Arg) -> str:
    return f'"${arg.name}"' if isinstance(arg, EnvRef) else shlex.quote(arg)


def to_firectl(job: Job, options: Options) -> Rendered:
    command = tool_command(job, "firectl", options.firectl_form)
    return Rendered(command.shell(options.one_line) + "\n", command.notes)


def to_ep(job: Job, options: Options) -> Rendered:
    """eval-protocol's `ep create rft` (its flags are generated from the SDK; REF section 4)."""
    command = tool_command(job, "ep")
    notes = (*command.notes, "ep reads FIREWORKS_API_KEY (and needs it even for --help).")
    return Rendered(command.shell(options.one_line) + "\n", notes)
