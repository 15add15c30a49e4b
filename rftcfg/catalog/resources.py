"""The typed view of the data table's `resources`: everything in a job that is not a tuned
parameter and that rftcfg asks for (dataset, evaluator, model, IDs, account, W&B)."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

IdKind = Literal["collection", "plain", "text"]
Expand = Literal["account", "fireworks", "none"]


class Resource(NamedTuple):
    """One resource: where it sits in a job file, its `rftcfg new` option, and its ID rules."""

    name: str  # the field of rftcfg.core.resources.Resources
    path: str
    flag: str
    metavar: str
    help: str
    describe: str  # JSON Schema description
    id: IdKind
    required: bool = False
    collection: str | None = None  # id: collection only
    expand: Expand = "none"  # how a short collection ID becomes a full name
    fix: str | None = None  # advice with a malformed ID (id: collection or plain)
    envvar: str | None = None  # a `secrets` key naming the environment variable the option reads

    @property
    def full_name(self) -> str:
        """The shape of a full name, `accounts/<account>/datasets/<id>` (id: collection)."""
        return f"accounts/<account>/{self.collection}/<id>"


def build_resources(raw: dict[str, Any]) -> dict[str, Resource]:
    built = {name: Resource(name=name, **row) for name, row in raw.items()}
    for row in built.values():  # a malformed table is a bug in rftcfg: fail at load, not on use
        if (row.id == "collection") != (row.collection is not None) or (row.id != "text") != (row.fix is not None):
            raise ValueError(f"resources.{row.name}: collection and fix do not fit id: {row.id}")
    return built
