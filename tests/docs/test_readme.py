"""The README's examples run as written, in order, in a fresh folder, and the outputs it shows
are the outputs rftcfg prints.

Conventions in README.md:
- every ```sh block outside "Set up" and "Development" is run, command by command (a trailing
  `\\` continues a command; `# exits N` at the end of a command expects that exit code);
- a ```text block right after a line `<!-- stderr of the command above -->` (or `stdout`) must
  equal what the last command printed there.
`firectl` is not installed in tests: a stand-in on PATH answers `get` with a job resource and
echoes any other command, so launch scripts and pipes from firectl run as written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SKIPPED_SECTIONS = ("## Set up", "## Development")

FIRECTL_STAND_IN = """#!/bin/sh
# Stands in for firectl in the README test: `get` prints a job as the service returns it.
case " $* " in
  *" get "*) cat <<'JSON'
{"name": "accounts/acme/reinforcementFineTuningJobs/my-job", "state": "JOB_STATE_COMPLETED",
 "dataset": "accounts/acme/datasets/gsm8k", "evaluator": "accounts/acme/evaluators/math-exact",
 "trainingConfig": {"baseModel": "accounts/fireworks/models/qwen3-8b", "outputModel": "my-model",
  "learningRate": 0.0001, "epochs": 1, "loraRank": 8, "batchSize": 32768, "maxContextLength": 8192},
 "inferenceParameters": {"temperature": 0.7, "topP": 1.0, "topK": 40, "responseCandidatesCount": 4,
  "maxOutputTokens": 2048}}
JSON
  ;;
  *) echo "firectl $*" ;;
esac
"""


class Step(NamedTuple):
    command: str
    exit_code: int
    line: int  # in README.md, for the failure message


class Shown(NamedTuple):
    stream: str  # stdout or stderr
    text: str
    after: int  # index of the step whose output it shows


def _sections_run() -> str:
    """README text with the skipped sections blanked out (line numbers kept)."""
    kept, skipping = [], False
    for line in README.splitlines():
        if line.startswith("## "):
            skipping = line.startswith(SKIPPED_SECTIONS)
        kept.append("" if skipping else line)
    return "\n".join(kept)


def _script() -> tuple[list[Step], list[Shown]]:
    steps: list[Step] = []
    shown: list[Shown] = []
    lines = _sections_run().splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.strip() == "```sh":
            index += 1
            pending = ""
            start = index
            while lines[index].strip() != "```":
                text = lines[index]
                if not pending:
                    start = index
                if text.rstrip().endswith("\\"):
                    pending += text.rstrip()[:-1] + " "
                elif (pending + text).strip() and not (pending + text).strip().startswith("#"):
                    full = pending + text
                    expected = re.search(r"#\s*exits (\d+)\s*$", full)
                    command = re.sub(r"\s+#.*$", "", full).strip()
                    steps.append(Step(command, int(expected.group(1)) if expected else 0, start + 1))
                    pending = ""
                else:
                    pending = ""
                index += 1
        match = re.match(r"<!-- (stdout|stderr) of the command above -->", line.strip())
        if match and lines[index + 1].strip() == "```text":
            end = lines.index("```", index + 2)
            shown.append(Shown(match.group(1), "\n".join(lines[index + 2 : end]), len(steps) - 1))
            index = end
        index += 1
    return steps, shown


STEPS, SHOWN = _script()


def test_the_readme_has_examples() -> None:
    assert len(STEPS) > 20
    assert SHOWN, "the README shows at least one output, checked against the real one"


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> list[subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("readme")
    bin_dir = folder / ".bin"
    bin_dir.mkdir()
    (bin_dir / "firectl").write_text(FIRECTL_STAND_IN)
    (bin_dir / "firectl").chmod(0o755)
    rftcfg = shutil.which("rftcfg", path=str(Path(sys.executable).parent))
    assert rftcfg, "the rftcfg console script is installed with `pip install -e '.[test]'`"
    env = {
        "PATH": os.pathsep.join([str(bin_dir), str(Path(rftcfg).parent), "/usr/bin", "/bin"]),
        "HOME": str(folder),
        "CI": "true",
        "COLUMNS": "100",
        "LANG": "C.UTF-8",
    }
    results = []
    for step in STEPS:
        done = subprocess.run(
            ["bash", "-c", step.command], cwd=folder, env=env, capture_output=True, text=True, timeout=60, check=False
        )
        results.append(done)
    return results


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[f"README.md:{s.line}" for s in STEPS])
def test_each_example_runs_as_written(ran: list[subprocess.CompletedProcess[str]], index: int) -> None:
    step, done = STEPS[index], ran[index]
    assert done.returncode == step.exit_code, (
        f"README.md:{step.line}: `{step.command}` exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    )
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("index", range(len(SHOWN)))
def test_shown_output_is_the_real_output(ran: list[subprocess.CompletedProcess[str]], index: int) -> None:
    shown = SHOWN[index]
    actual = getattr(ran[shown.after], shown.stream).rstrip("\n")
    assert actual == shown.text, f"the README shows a stale {shown.stream} for `{STEPS[shown.after].command}`"
