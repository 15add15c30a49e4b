"""A job as the service describes it (REF 8), turned into one plain record.

Read from the JSON the service sends (camelCase), so the record is the same whether it came
through the SDK or from a test server, and the SDK's own model types stay inside `client`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from rftcfg.catalog import catalog


class RemoteJob(NamedTuple):
    name: str  # accounts/<a>/reinforcementFineTuningJobs/<id>
    state: str  # without JOB_STATE_: RUNNING, COMPLETED, ...
    percent: int | None  # jobProgress.percent, 0-100
    epoch: int | None  # jobProgress.epoch, counted from 0
    created: str | None  # createTime, as sent (RFC 3339)
    completed: str | None  # completedTime
    message: str | None  # status.message
    wandb_url: str | None  # wandbConfig.url
    accelerator_seconds: dict[str, str]  # per accelerator type; filled when the job ends
    display_name: str | None
    output_model: str | None

    @property
    def job_id(self) -> str:
        return self.name.rpartition("/")[2]

    @property
    def final(self) -> bool:
        return self.succeeded or self.ended

    @property
    def succeeded(self) -> bool:
        spec = catalog().remote
        return spec.state_prefix + self.state in spec.succeeded

    @property
    def ended(self) -> bool:
        spec = catalog().remote
        return spec.state_prefix + self.state in spec.ended

    def as_dict(self) -> dict[str, Any]:
        return {**self._asdict(), "job_id": self.job_id, "final": self.final}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():  # int64 fields may come as text
        return int(value)
    return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def short_state(state: Any) -> str:
    text = _text(state) or "JOB_STATE_UNSPECIFIED"
    return text.removeprefix(catalog().remote.state_prefix)


def job_record(data: Mapping[str, Any]) -> RemoteJob:
    """The record of one job resource; anything missing or malformed is None (the service fills
    fields as the job goes on)."""
    progress = _mapping(data.get("jobProgress"))
    seconds = _mapping(data.get("acceleratorSeconds"))
    return RemoteJob(
        name=_text(data.get("name")) or "",
        state=short_state(data.get("state")),
        percent=_int(progress.get("percent")),
        epoch=_int(progress.get("epoch")),
        created=_text(data.get("createTime")),
        completed=_text(data.get("completedTime")),
        message=_text(_mapping(data.get("status")).get("message")),
        wandb_url=_text(_mapping(data.get("wandbConfig")).get("url")),
        accelerator_seconds={str(k): str(v) for k, v in seconds.items()},
        display_name=_text(data.get("displayName")),
        output_model=_text(_mapping(data.get("trainingConfig")).get("outputModel")),
    )
