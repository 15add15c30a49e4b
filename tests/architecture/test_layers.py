"""The house: subpackages are layers, imports point one way (down the list), no module imports
another that imports it back (directly or round a loop), and no module grows past ~300 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "rftcfg"
# Lowest first: a module may import from its own layer and the layers before it, never after.
LAYERS = ("catalog", "core", "files", "ledger", "formats", "remote", "method", "app", "wizard", "cli")
MAX_LINES = 300


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every rftcfg module `name` imports, at any depth of the file (lazy imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{name}: use absolute imports (from rftcfg....)"
            targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        found |= {t for t in targets if t in MODULES and t != name}
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_sits_in_a_layer() -> None:
    loose = [n for n in MODULES if _layer(n) is None and n not in ("rftcfg", "rftcfg.__main__", "rftcfg.templates")]
    assert loose == [], f"modules outside the layers {LAYERS}: {loose}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _layer(n) is not None))
def test_imports_point_down(name: str) -> None:
    own = _layer(name)
    assert own is not None
    upward = sorted(t for t in GRAPH[name] if (_layer(t) or 0) > own)
    assert upward == [], f"{name} ({LAYERS[own]}) imports from a higher layer: {upward}"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                loop = [*path[path.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(loop))
            if target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it (about {MAX_LINES} at most)"
