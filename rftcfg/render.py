"""Pure renderers: a validated Job to YAML, JSON, the REST body, or a firectl or ep command.

A registry keyed by format name; each renderer returns the text for stdout/file and the notes
that belong on stderr (what a client needs that the text cannot carry, such as the W&B key).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from typing import Any, NamedTuple

import yaml

from . import __version__
from .catalog import catalog, format_number
from .job import Job, camel_case, rekeyed


class Options(NamedTuple):
    firectl_form: str | None = None  # None: the data table's default form
    one_line: bool = False
    header: tuple[str, ...] = ()  # provenance lines for formats that carry comments
    schema: str | None = None  # path or URL of the JSON Schema, for YAML editors


class Rendered(NamedTuple):
    text: str
    notes: tuple[str, ...] = ()


class EnvRef(NamedTuple):
    """An argument the shell must expand at run time, e.g. "$WANDB_API_KEY"."""

    name: str


Arg = str | EnvRef
Renderer = Callable[[Job, Options], Rendered]
FORMATS: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    def register(func: Renderer) -> Renderer:
        FORMATS[name] = func
        return func

    return register


def render(job: Job, fmt: str, options: Options | None = None) -> Rendered:
    return FORMATS[fmt](job, options or Options())


def _wandb_note() -> tuple[str, ...]:
    env = catalog().secrets["wandb_api_key_env"]
    return (
        f"W&B: the job holds no API key. With the SDK add wandb_config['api_key'] from ${env} "
        f'when you submit it; `rftcfg render --format firectl` passes "${env}" for you.',
    )


@renderer("yaml")
def to_yaml(job: Job, options: Options) -> Rendered:
    header = [
        *([f"# yaml-language-server: $schema={options.schema}"] if options.schema else []),
        f"# Reinforcement fine-tuning job written by rftcfg {__version__}.",
        "# Keys are the keyword arguments of Fireworks().reinforcement_fine_tuning_jobs.create().",
        *options.header,
    ]
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(job.kwargs(), Dumper=dumper, sort_keys=False, default_flow_style=False, allow_unicode=True)
    notes = _wandb_note() if job.get("wandb_config") else ()
    return Rendered("\n".join(header) + "\n" + body, notes)


@renderer("json")
def to_json(job: Job, options: Options) -> Rendered:
    notes = _wandb_note() if job.get("wandb_config") else ()
    return Rendered(json.dumps(job.kwargs(), indent=2) + "\n", notes)


def api_body(job: Job) -> dict[str, Any]:
    """The JSON body of POST /v1/accounts/{account}/reinforcementFineTuningJobs, as the SDK sends it:
    camelCase keys; the account goes in the path and the job ID in the query string."""
    data = job.kwargs()
    for key in ("account_id", "reinforcement_fine_tuning_job_id"):
        data.pop(key, None)
    return rekeyed(data, camel_case)


@renderer("api")
def to_api(job: Job, options: Options) -> Rendered:
    account = job.get("account_id") or "{account}"
    url = f"POST https://api.fireworks.ai/v1/accounts/{account}/reinforcementFineTuningJobs"
    job_id = job.get("reinforcement_fine_tuning_job_id")
    if job_id:
        url += f"?reinforcementFineTuningJobId={job_id}"
    notes = [f"request: {url}", f"auth: header 'Authorization: Bearer ${catalog().secrets['fireworks_api_key_env']}'"]
    if job.get("wandb_config"):
        notes.append(
            f"W&B: add wandbConfig.apiKey from ${catalog().secrets['wandb_api_key_env']} when you send it; it is never written here."
        )
    return Rendered(json.dumps(api_body(job), indent=2) + "\n", tuple(notes))


class Command(NamedTuple):
    """A command line as the program words plus option groups (a flag and its value, or a lone flag)."""

    program: tuple[str, ...]
    options: tuple[tuple[Arg, ...], ...]
    notes: tuple[str, ...] = ()

    def argv(self) -> list[Arg]:
        return [*self.program, *(arg for group in self.options for arg in group)]

    def shell(self, one_line: bool = False) -> str:
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
    if job.get("account_id"):
        if spec.account_flags:
            options.append((spec.account_flags[0], job.get("account_id")))
        else:
            notes.append(f"{tool} takes the account from your API key; this job names {job.get('account_id')}.")
    for path, flag in spec.resource_flags.items():
        value = job.get(path)
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
            (names["project_flag"], job.get("wandb_config.project") or ""),
            (names["entity_flag"], job.get("wandb_config.entity") or ""),
            (names["key_flag"], EnvRef(env)),
        ]
        notes.append(f"W&B: export {env} before running; the command reads the key from it.")
    program = (*spec.program, *spec.forms[form or spec.default_form])
    return Command(program, tuple(options), tuple(notes))


def _quote(arg: Arg) -> str:
    return f'"${arg.name}"' if isinstance(arg, EnvRef) else shlex.quote(arg)


@renderer("firectl")
def to_firectl(job: Job, options: Options) -> Rendered:
    command = tool_command(job, "firectl", options.firectl_form)
    return Rendered(command.shell(options.one_line) + "\n", command.notes)


@renderer("ep")
def to_ep(job: Job, options: Options) -> Rendered:
    """eval-protocol's `ep create rft` (its flags are generated from the SDK; REF section 4)."""
    command = tool_command(job, "ep")
    notes = (*command.notes, "ep reads FIREWORKS_API_KEY (and needs it even for --help).")
    return Rendered(command.shell(options.one_line) + "\n", notes)
