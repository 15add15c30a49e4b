"""Service settings in the data table (`settings:`): keys beyond the ten tuned parameters that
the newer tuning page gives guidance for. Omitted means the service's default, and an omitted
setting stays omitted: nothing here is ever filled in."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from rftcfg.catalog.numbers import Number, format_number


class Passthrough(NamedTuple):
    """A job-file key rftcfg does not tune, and the flag each tool sets it with (None: none)."""

    path: str
    flags: dict[str, str | None]
    boolean: bool = False
    lowercase: bool = False


class Setting(NamedTuple):
    key: str
    path: str
    flag: str
    type: Literal["choice", "int", "float"]
    default: Number | str  # what the service does when the key is omitted
    default_text: str
    summary: str
    when_to_move: str
    source: str
    read: str  # when the source was read
    short: str = ""  # the tag a `tune` change of it gets in derived IDs
    choices: tuple[str, ...] = ()
    choice_help: dict[str, str] = {}  # noqa: RUF012 - never mutated
    min: Number | None = None
    max: Number | None = None
    max_reason: str | None = None
    special: tuple[tuple[Number, str], ...] = ()  # values meaning something other than their number
    instead: str | None = None  # deprecated: what to use instead
    also_default: tuple[str, ...] = ()  # choice spellings that mean "the service's default"
    api_also: tuple[str, ...] = ()  # in the API's enum but not in the docs' choices: a warning
    only_with: tuple[str, ...] = ()  # kl_beta: the loss methods a value above 0 is allowed with

    @property
    def field(self) -> str:
        return self.path.split(".")[-1]

    def range_text(self) -> str:
        if self.type == "choice":
            return "one of " + ", ".join(self.choices)
        if self.max is None:
            return f"at least {format_number(self.min)}"
        return f"{format_number(self.min)}..{format_number(self.max)}"

    def api_spelling(self, choice: str) -> str:
        """`gspo-token` as the job file and the API spell it: GSPO_TOKEN (the SDK's Literal)."""
        return choice.upper().replace("-", "_")

    def choice_of(self, value: Any) -> str | None:
        """The table's choice a job value or flag text means (`GSPO_TOKEN`, `gspo-token`), or None."""
        wanted = str(value).strip().lower().replace("_", "-")
        return wanted if wanted in self.choices else None


def find_setting(settings: dict[str, Setting], wanted: str) -> Setting | None:
    """`wanted` (already normalised: no dashes in front, `_` for `-`) as a key, flag, path or field."""
    for item in settings.values():
        names = (item.key, item.flag, item.path, item.field)
        if wanted in {n.lstrip("-").replace("-", "_").lower() for n in names}:
            return item
    return None


def build_settings(raw: dict[str, Any]) -> dict[str, Setting]:
    settings = {}
    for key, entry in raw.items():
        entry = dict(entry)
        special = tuple((row["value"], row["means"]) for row in entry.pop("special", None) or [])
        deprecated = entry.pop("deprecated", None) or {}
        settings[key] = Setting(
            key=key,
            choices=tuple(entry.pop("choices", None) or ()),
            choice_help=dict(entry.pop("choice_help", None) or {}),
            special=special,
            instead=deprecated.get("instead"),
            also_default=tuple(entry.pop("also_default", None) or ()),
            api_also=tuple(entry.pop("api_also", None) or ()),
            only_with=tuple(entry.pop("only_with", None) or ()),
            **entry,
        )
    return settings
