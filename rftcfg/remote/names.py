"""Job names, the endpoint and the request a launch sends, without the SDK (a dry run needs none)."""

from __future__ import annotations

import os
import re
from typing import NamedTuple
from urllib.parse import quote

from rftcfg.catalog import catalog

_COLLECTION = "reinforcementFineTuningJobs"
_FULL = re.compile(r"^accounts/([^/\s]+)/" + _COLLECTION + r"/([^/\s]+)$")


class JobRef(NamedTuple):
    account: str | None  # from a full name; None for a bare ID
    job_id: str


def parse_job_ref(text: str) -> JobRef | None:
    """`accounts/<a>/reinforcementFineTuningJobs/<id>` or a bare ID in the house ID pattern; None
    for anything else (a file name, a run ID the ledger knows)."""
    full = _FULL.match(text)
    if full:
        return JobRef(full.group(1), full.group(2))
    return JobRef(None, text) if re.match(catalog().ids.pattern, text) else None


def job_name(account: str, job_id: str) -> str:
    return f"accounts/{account}/{_COLLECTION}/{job_id}"


def endpoint() -> str:
    """Where requests go: the SDK's base URL variable, else the service (REF 3)."""
    spec = catalog().remote
    return (os.environ.get(spec.base_url_env) or spec.default_base_url).rstrip("/")


def create_url(account: str, job_id: str | None) -> str:
    """The URL of the create request, as the SDK builds it: the account in the path, the job ID in
    the query string (REF 2)."""
    url = f"{endpoint()}/v1/accounts/{quote(account, safe='')}/{_COLLECTION}"
    return f"{url}?reinforcementFineTuningJobId={quote(job_id, safe='')}" if job_id else url
