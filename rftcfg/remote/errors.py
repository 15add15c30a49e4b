"""What can go wrong talking to the service, as one line each (exit 2), never with the API key.

Built from the HTTP status and the service's own message (REF 2: errors carry a JSON body with a
message); the SDK retries rate limits, server errors and timeouts itself (REF 3: twice), so a
message here means those retries were spent too. Every text that came from outside is scrubbed
of the key before it is shown: a server or a proxy may echo what it was sent."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from rftcfg.catalog import catalog, format_number
from rftcfg.core.errors import UsageError, excerpt


class RemoteError(UsageError):
    """A request the service refused or that never got an answer: exit 2. `status` is the HTTP
    status when there was one (a launch goes on past 409, "already exists")."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(scrub(message))
        self.status = status


def key_env() -> str:
    return catalog().secrets["fireworks_api_key_env"]


def scrub(text: str) -> str:
    """`text` with the API key (if one is set) replaced by a reference to its variable."""
    key = os.environ.get(key_env(), "")
    return text.replace(key, f"${key_env()}") if key.strip() else text


def service_message(body: Any) -> str | None:
    """The message in an error body: {"error": {"message": ...}}, {"message": ...} or text."""
    if isinstance(body, Mapping):
        inner = body.get("error")
        for place in (inner if isinstance(inner, Mapping) else {}, body):
            message = place.get("message")
            if isinstance(message, str) and message.strip():
                return excerpt(scrub(message.strip()))
        if isinstance(inner, str) and inner.strip():
            return excerpt(scrub(inner.strip()))
    if isinstance(body, str) and body.strip():
        return excerpt(scrub(body.strip()))
    return None


def status_error(status: int, what: str, account: str, detail: str | None) -> RemoteError:
    """The one-line message for an HTTP error `status` while doing `what` (e.g. "create job x")."""
    said = f": {detail}" if detail else ""
    tries = 1 + catalog().remote.retries
    if status == 401:
        text = (f"{what}: the service refused the API key (401 unauthenticated){said}. Check ${key_env()}: "
                "export a current key of the account.")  # fmt: skip
    elif status == 403:
        text = (f"{what}: the API key may not do this in account '{excerpt(account)}' (403 permission denied){said}. "
                "Use a key of that account, or ask its admin for access.")  # fmt: skip
    elif status == 404:
        text = (f"{what}: not found in account '{excerpt(account)}' (404){said}. Check the account and the job ID; "
                "`rftcfg jobs` lists the account's jobs.")  # fmt: skip
    elif status == 409:
        text = f"{what}: already exists in account '{excerpt(account)}' (409){said}."
    elif status == 429:
        text = f"{what}: rate limited by the service (429, {tries} tries){said}. Wait a minute and run it again."
    elif status >= 500:
        text = f"{what}: the service failed ({status}, {tries} tries){said}. Try again later."
    else:
        text = f"{what}: the service refused the request ({status}){said}."
    return RemoteError(text, status)


def timeout_error(what: str, seconds: float) -> RemoteError:
    env = catalog().remote.timeout_env
    return RemoteError(
        f"{what}: no answer from {_where()} within {format_number(seconds)} s ({1 + catalog().remote.retries} tries). "
        f"Check the network, or allow more time with {env}=SECONDS."
    )


def connection_error(what: str, reason: str | None) -> RemoteError:
    because = f" ({excerpt(scrub(reason))})" if reason else ""
    env = catalog().remote.base_url_env
    hint = f"; {env} is set and points there" if os.environ.get(env) else ""
    return RemoteError(f"{what}: cannot reach {_where()}{because}{hint}. Check the network connection.")


def _where() -> str:
    from rftcfg.remote.names import endpoint

    return excerpt(scrub(endpoint()))
