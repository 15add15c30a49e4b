"""The docs promise what the code does, and the code stays ruff- and mypy-clean."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from rftcfg.catalog import catalog
from rftcfg.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    commands = get_command(app).commands  # type: ignore[attr-defined]
    for name in commands:
        assert f"### `rftcfg {name}" in README, f"README has no section for `rftcfg {name}`"


def test_every_goal_is_in_the_readme_table() -> None:
    for goal in catalog().goals:
        assert f"| `{goal}`" in README


def test_ci_runs_exactly_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    test_command = blocks[1].strip()
    assert "pytest" in test_command
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "rftcfg", "tests", "benchmarks"], ["ruff", "format", "--check", "rftcfg"], ["mypy"]],
    ids=["ruff", "ruff-format", "mypy"],
)
def test_lint(command: list[str]) -> None:
    tool = shutil.which(command[0], path=str(Path(sys.executable).parent)) or shutil.which(command[0])
    assert tool, f"{command[0]} is a test extra: pip install -e '.[test]'"
    done = subprocess.run([tool, *command[1:]], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _options() -> list[tuple[str, str]]:
    found = []
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            longs = [o for o in param.opts if o.startswith("--")]
            if longs and longs[0] != "--help":
                found.append((name, longs[0]))
    return found


@pytest.mark.parametrize(("command", "option"), _options(), ids=lambda v: v)
def test_every_option_is_documented(command: str, option: str) -> None:
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README), (
        f"`rftcfg {command} {option}` is not in the README"
    )
