"""Starter job files: found by name in templates/, which ships inside the wheel as
rftcfg/templates/ and sits at the top of a source checkout (editable installs read it there)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from rftcfg.core.errors import UsageError

_PACKAGE = Path(__file__).resolve().parent.parent  # the rftcfg package folder


class Template(NamedTuple):
    name: str
    path: Path
    summary: str  # the first line of its comment header


def templates_dir() -> Path | None:
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if candidate.is_dir():
            return candidate
    return None


def available() -> list[Template]:
    folder = templates_dir()
    if folder is None:
        return []
    return [Template(p.stem, p, _summary(p)) for p in sorted(folder.glob("*.yaml"))]


def find(name: str) -> Template:
    found = {t.name: t for t in available()}
    wanted = name.strip().lower().replace("_", "-")
    if wanted not in found:
        import difflib  # only on this error path

        close = [n for n in found if n.startswith(wanted)] or difflib.get_close_matches(wanted, list(found), n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        known = ", ".join(found) or "none installed"
        raise UsageError(f"unknown template '{name}'.{hint} Templates: {known}.")
    return found[wanted]


def _summary(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[:1]
    return first[0].lstrip("# ").strip() if first and first[0].startswith("#") else path.stem
