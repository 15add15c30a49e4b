"""Job documents: the YAML and JSON job files (the SDK's keyword arguments) and the REST body."""

from __future__ import annotations

import json
from typing import Any

import yaml

from rftcfg import __version__
from rftcfg.catalog import catalog
from rftcfg.core.errors import shown_text
from rftcfg.core.job import Job, camel_case, rekeyed
from rftcfg.formats.base import Options, Rendered


def _wandb_comment() -> str:
    """A header line instead of a note on every run: a job file is not run as it is, so the person
    acts on the key when they submit it, with this line in front of them (JSON has no comments)."""
    env = catalog().secrets["wandb_api_key_env"]
    return f"# W&B: this file holds no API key; add wandb_config['api_key'] from ${env} when you submit it."


def to_yaml(job: Job, options: Options) -> Rendered:
    header = [
        *([f"# yaml-language-server: $schema={options.schema}"] if options.schema else []),
        f"# Reinforcement fine-tuning job written by rftcfg {__version__}.",
        "# Keys are the keyword arguments of Fireworks().reinforcement_fine_tuning_jobs.create().",
        *options.header,
        *([_wandb_comment()] if job.get("wandb_config") else []),
    ]
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(job.kwargs(), Dumper=dumper, sort_keys=False, default_flow_style=False, allow_unicode=True)
    return Rendered("\n".join(comment_line(line) for line in header) + "\n" + body)


def comment_line(line: str) -> str:
    """A header line as exactly one YAML comment line, whatever text went into it: callers show
    names with `shown_text` already, and this is the root guard for anything they missed, since a
    newline (or a Unicode line separator, which YAML also ends a comment at) would turn the rest of
    the line into real, unchecked keys."""
    body = line.removeprefix("#")
    return f"#{body}" if body.isprintable() else f"# {shown_text(body.strip())}"


def to_json(job: Job, options: Options) -> Rendered:
    return Rendered(json.dumps(job.kwargs(), indent=2) + "\n")


def api_body(job: Job) -> dict[str, Any]:
    """The JSON body of POST /v1/accounts/{account}/reinforcementFineTuningJobs, as the SDK sends it:
    camelCase keys; the account goes in the path and the job ID in the query string."""
    data = job.kwargs()
    for key in ("account_id", "reinforcement_fine_tuning_job_id"):
        data.pop(key, None)
    return rekeyed(data, camel_case)


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
