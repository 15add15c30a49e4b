"""The one module that imports the SDK (`fireworks-ai`), and only when a command connects.

A small client over `reinforcement_fine_tuning_jobs` (REF 3, 8): create, get, list, cancel,
resume, each returning plain records (`remote.records`) and turning every SDK or httpx error into
one `RemoteError` line (`remote.errors`): no SDK type and no SDK message leaves this module."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from typing import Any

from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError, excerpt
from rftcfg.remote.errors import (
    RemoteError,
    connection_error,
    key_env,
    scrub,
    service_message,
    status_error,
    timeout_error,
)
from rftcfg.remote.records import RemoteJob, job_record


def _sdk() -> Any:
    try:
        import fireworks
    except ImportError:
        raise UsageError(
            f"this command needs the Fireworks SDK, which is not installed; install it with: {catalog().remote.install}"
        ) from None
    return fireworks


def request_timeout() -> float:
    """Seconds one request may take: the timeout variable when set (a positive number), else the table's."""
    spec = catalog().remote
    text = os.environ.get(spec.timeout_env, "").strip()
    if not text:
        return float(spec.request_timeout_s)
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise UsageError(f"{spec.timeout_env}={text[:40]!r} is not a number of seconds above 0; give e.g. 30 or 2.5.")
    return seconds


def api_key() -> str:
    key = os.environ.get(key_env(), "")
    if not key.strip():
        raise UsageError(
            f"${key_env()} is not set; export your Fireworks API key in it (rftcfg reads it from the environment only "
            "and never prints or writes it)."
        )
    return key


class Client:
    """Jobs of one account. Thread-safe (one httpx client underneath): a sweep creates in parallel."""

    def __init__(self, account: str) -> None:
        _check_base_url()
        sdk = _sdk()
        self.account = account
        self._errors = sdk
        self._timeout = request_timeout()
        try:
            client = sdk.Fireworks(
                api_key=api_key(), account_id=account, timeout=self._timeout, max_retries=catalog().remote.retries
            )
        except sdk.FireworksError as exc:  # a malformed base URL or custom header the SDK refuses
            raise RemoteError(f"the Fireworks SDK could not start: {scrub(str(exc))}") from None
        self._jobs = client.reinforcement_fine_tuning_jobs

    @contextlib.contextmanager
    def _calling(self, what: str) -> Iterator[None]:
        sdk = self._errors
        try:
            yield
        except sdk.APIStatusError as exc:
            raise status_error(exc.status_code, what, self.account, service_message(exc.body)) from None
        except sdk.APITimeoutError:
            raise timeout_error(what, self._timeout) from None
        except sdk.APIConnectionError as exc:
            cause = exc.__cause__ or exc.__context__
            raise connection_error(what, str(cause) if cause else None) from None
        except sdk.FireworksError as exc:  # an answer the SDK could not read
            raise RemoteError(f"{what}: unexpected answer from the service ({scrub(type(exc).__name__)})") from None

    def create(self, job_id: str | None, body: Mapping[str, Any]) -> RemoteJob:
        """POST exactly `body` (`render --format api`), the job ID in the query string (REF 2)."""
        rest = {k: v for k, v in body.items() if k not in ("dataset", "evaluator")}
        extra: dict[str, Any] = {} if job_id is None else {"reinforcement_fine_tuning_job_id": job_id}
        with self._calling(f"create job {job_id or '(ID chosen by the service)'}"):
            made = self._jobs.create(dataset=body["dataset"], evaluator=body["evaluator"], extra_body=rest, **extra)
        return _record(made)

    def get(self, job_id: str) -> RemoteJob:
        with self._calling(f"job {job_id}"):
            return _record(self._jobs.get(job_id))

    def list(self) -> list[RemoteJob]:
        with self._calling("list jobs"):
            return [_record(job) for job in self._jobs.list(page_size=catalog().remote.page_size)]

    def cancel(self, job_id: str) -> None:
        with self._calling(f"cancel job {job_id}"):
            self._jobs.cancel(job_id, body={})  # the SDK requires a body; the service takes an empty one (REF 8)

    def resume(self, job_id: str) -> RemoteJob:
        with self._calling(f"resume job {job_id}"):
            return _record(self._jobs.resume(job_id, body={}))


def _check_base_url() -> None:
    """FIREWORKS_BASE_URL, when set, must be an http(s) URL with a host: the SDK and httpx take a
    malformed one and fail deep inside a request, with no word of which setting was wrong."""
    import re

    env = catalog().remote.base_url_env
    value = os.environ.get(env)
    if value is None or re.fullmatch(r"https?://[^\s/?#]+(/\S*)?", value, re.ASCII):
        return
    raise RemoteError(
        f"{env} = {excerpt(value)} is not an http(s) URL with a host; unset it to reach the Fireworks service, "
        "or give one such as http://127.0.0.1:8000."
    )


def _record(model: Any) -> RemoteJob:
    """The SDK's model back to the service's JSON (camelCase, times as text), then our record."""
    data = model.to_dict(mode="json") if hasattr(model, "to_dict") else model
    return job_record(data if isinstance(data, Mapping) else {})


__all__ = ["Client", "api_key", "request_timeout"]
