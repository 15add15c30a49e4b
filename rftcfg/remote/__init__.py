"""Launching and following jobs on Fireworks: the one layer that talks to the service.

The SDK (`fireworks-ai`, the optional extra `rftcfg[fireworks]`) is imported only in
`remote.client`, and only when a command that talks to the service connects: every other
command starts exactly as it did before this layer existed. Importing this package, `records`,
`errors` or `names` imports neither the SDK nor httpx."""

from __future__ import annotations

from rftcfg.remote.errors import RemoteError
from rftcfg.remote.names import JobRef, endpoint, job_name, parse_job_ref
from rftcfg.remote.records import RemoteJob, job_record

__all__ = ["JobRef", "RemoteError", "RemoteJob", "endpoint", "job_name", "job_record", "parse_job_ref"]
