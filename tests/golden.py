"""Golden files: exact expected output, kept free of the version number so a release does not
touch them. `RFTCFG_REGEN_GOLDEN=1 python -m pytest` rewrites them on purpose."""

from __future__ import annotations

import os
from pathlib import Path

from rftcfg import __version__

GOLDEN = Path(__file__).resolve().parent / "golden"
VERSION = "{version}"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    normal = text.replace(f"rftcfg {__version__}", f"rftcfg {VERSION}")
    if os.environ.get("RFTCFG_REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(normal, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; create it with RFTCFG_REGEN_GOLDEN=1"
    assert normal == path.read_text(encoding="utf-8"), f"regenerate with RFTCFG_REGEN_GOLDEN=1 if intended: {path}"
