"""A loopback stand-in for the Fireworks jobs API (REF 2, 8), for tests: a real HTTP server on
127.0.0.1 that the real SDK talks to, not a mock of either.

It answers create, get, list, cancel and resume as the service does (camelCase JSON, errors as
{"error": {"code", "message", "status"}}), records every request (the Authorization header only
as whether it carried the expected key), walks each job through its `script` of states on
successive GETs, and can be told to fail the next requests or answer slowly."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

KEY = "fw-test-key-5ecret-do-not-print"
COLLECTION = "reinforcementFineTuningJobs"
# CREATING, then RUNNING with progress, then the outcome: one step per GET of the job.
DEFAULT_SCRIPT = (("CREATING", None), ("RUNNING", 0), ("RUNNING", 40), ("RUNNING", 80), ("RUNNING", 100))
_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
           409: "ALREADY_EXISTS", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}  # fmt: skip


class Seen(NamedTuple):
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names, without authorization
    authorized: bool  # the Authorization header was exactly "Bearer <KEY>"
    body: Any


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class FakeFireworks:
    def __init__(self, *, outcome: str = "COMPLETED", script: tuple[tuple[str, int | None], ...] = DEFAULT_SCRIPT):
        self.outcome = outcome
        self.script = script
        self.requests: list[Seen] = []
        self.jobs: dict[str, dict[str, Any]] = {}  # job ID -> resource
        self.steps: dict[str, int] = {}  # job ID -> GETs answered
        self.failures: list[tuple[int, str | None]] = []  # (status, path part) for the next requests
        self.delay = 0.0  # seconds before every answer
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def fail(self, status: int, times: int = 1, where: str | None = None) -> None:
        """The next `times` requests (whose path contains `where`, if given) get `status`."""
        self.failures += [(status, where)] * times

    def add_job(self, account: str, job_id: str, **fields: Any) -> dict[str, Any]:
        job = {"name": f"accounts/{account}/{COLLECTION}/{job_id}", "state": "JOB_STATE_CREATING",
               "createTime": _now(), "dataset": "d", "evaluator": "e", **fields}  # fmt: skip
        self.jobs[job_id] = job
        return job

    # answering

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        for i, (status, where) in enumerate(self.failures):
            if where is None or where in path:
                del self.failures[i]
                return status, _error(status, f"injected {status}")
        parts = path.strip("/").split("/")
        if len(parts) < 4 or parts[:2] != ["v1", "accounts"] or not parts[3].startswith(COLLECTION):
            return 404, _error(404, f"no such path {path}")
        account, rest = parts[2], parts[4:]
        if not rest:
            return self._create(account, query, body) if method == "POST" else self._list(account, query)
        job_id, _, verb = rest[0].partition(":")
        job = self.jobs.get(job_id)
        if job is None or not job["name"].startswith(f"accounts/{account}/"):
            return 404, _error(404, f"reinforcement fine-tuning job {job_id} not found")
        if method == "GET":
            return 200, self._advance(job_id)
        if verb == "cancel":
            job.update(state="JOB_STATE_CANCELLED", completedTime=_now())
            return 200, {}
        if verb == "resume":
            if job["state"] != "JOB_STATE_FAILED":
                return 400, _error(400, "only a failed job can be resumed")
            self.steps[job_id] = 1
            job.update(state="JOB_STATE_RUNNING", status={"code": "OK", "message": ""})
            return 200, job
        return 404, _error(404, f"no such method {verb}")

    def _create(self, account: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        job_id = query.get("reinforcementFineTuningJobId", [f"gen-{len(self.jobs)}"])[0]
        if job_id in self.jobs:
            return 409, _error(409, f"reinforcement fine-tuning job {job_id} already exists")
        fields = body if isinstance(body, dict) else {}
        if "wandbConfig" in fields:
            fields = {**fields, "wandbConfig": {**fields["wandbConfig"], "url": f"https://wandb.ai/x/runs/{job_id}"}}
        return 200, self.add_job(account, job_id, **fields)

    def _list(self, account: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        mine = [j for j in self.jobs.values() if j["name"].startswith(f"accounts/{account}/")]
        size = int(query.get("pageSize", ["50"])[0])
        start = int(query.get("pageToken", ["0"])[0] or 0)
        page = mine[start : start + size]
        after = start + size
        return 200, {"reinforcementFineTuningJobs": page, "nextPageToken": str(after) if after < len(mine) else "",
                     "totalSize": len(mine)}  # fmt: skip

    def _advance(self, job_id: str) -> dict[str, Any]:
        job = self.jobs[job_id]
        if job["state"] in ("JOB_STATE_CANCELLED", "JOB_STATE_COMPLETED", "JOB_STATE_FAILED"):
            return job
        step = self.steps.get(job_id, 0)
        self.steps[job_id] = step + 1
        if step < len(self.script):
            state, percent = self.script[step]
            job["state"] = f"JOB_STATE_{state}"
            if percent is not None:
                job["jobProgress"] = {"percent": percent, "epoch": percent // 50}
            return job
        job.update(state=f"JOB_STATE_{self.outcome}", completedTime=_now(),
                   acceleratorSeconds={"NVIDIA_H100_80GB": "5400"})  # fmt: skip
        if self.outcome == "FAILED":
            job["status"] = {"code": "INTERNAL", "message": "trainer exited with an error"}
        return job

    def __enter__(self) -> FakeFireworks:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _error(status: int, message: str) -> dict[str, Any]:
    return {"error": {"code": status, "message": message, "status": _STATUS.get(status, "UNKNOWN")}}


def _handler(fake: FakeFireworks) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _serve(self) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            auth = self.headers.get("authorization", "")
            headers = {k.lower(): v for k, v in self.headers.items() if k.lower() != "authorization"}
            path = unquote(split.path)
            with fake.lock:
                fake.requests.append(
                    Seen(self.command, path, parse_qs(split.query), headers, auth == f"Bearer {KEY}", body)
                )
            if fake.delay:
                time.sleep(fake.delay)
            with fake.lock:
                if auth != f"Bearer {KEY}":  # the real service echoes nothing, but a hostile one might
                    status, answer = 401, _error(401, f"invalid API key: {auth.removeprefix('Bearer ')}")
                else:
                    status, answer = fake.answer(self.command, path, parse_qs(split.query), body)
            data = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                if status == 429 or status >= 500:
                    self.send_header("retry-after-ms", "5")  # the SDK's retries, quickly
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                pass

        do_GET = do_POST = do_DELETE = do_PATCH = _serve

    return Handler


@contextmanager
def serving(**kwargs: Any) -> Iterator[FakeFireworks]:
    with FakeFireworks(**kwargs) as fake:
        yield fake
