"""The wizard in a real pseudo-terminal (pexpect): what a person at a keyboard gets."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pexpect = pytest.importorskip("pexpect")

DOWN, CTRL_C, CTRL_U = "\x1b[B", "\x03", "\x15"
ENV = {k: v for k, v in os.environ.items() if k not in ("CI", "FIREWORKS_ACCOUNT_ID")}
ENV.update(PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS="120", LINES="40")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable, ["-m", "rftcfg", *args], cwd=str(cwd), env=ENV, dimensions=(40, 120),
        encoding="utf-8", timeout=30,
    )  # fmt: skip


def answer(child: pexpect.spawn, prompt: str, keys: str) -> None:
    child.expect_exact(prompt)
    child.send(keys)


def baseline_up_to_the_file_name(child: pexpect.spawn) -> None:
    """Answer every question of a baseline job until the wizard asks for the file to write."""
    answer(child, "Start from", "\r")
    answer(child, "Fireworks account ID", "acme\r")
    answer(child, "Train", "\r")
    answer(child, "Base model", "\r")
    answer(child, "Dataset", "gsm8k\r")
    answer(child, "Evaluator", "math\r")
    for prompt in ("Output model ID", "Job ID", "Weights & Biases", "Goals", "Change a value by hand?", "Write it as"):
        answer(child, prompt, "\r")


def test_happy_path_with_two_conflicting_goals(tmp_path: Path) -> None:
    child = spawn(tmp_path, "wizard")
    answer(child, "Start from", "\r")
    answer(child, "Fireworks account ID", "acme\r")
    answer(child, "Train", "\r")
    answer(child, "Base model", "\r")
    answer(child, "Dataset", "gsm8k\r")
    answer(child, "Evaluator", "Bad_Eval\r")
    child.expect_exact("Not a valid name")  # asked again, with the check's message
    child.send(CTRL_U + "math-exact\r")
    answer(child, "Output model ID", "\r")
    answer(child, "Job ID", "\r")
    answer(child, "Weights & Biases", "\r")
    answer(child, "Goals", DOWN + DOWN + " " + DOWN + " \r")  # safer, more-creative
    answer(child, "Which should set temperature?", DOWN + "\r")  # more-creative
    answer(child, "Which should set top_p?", "\r")  # safer (the first given)
    answer(child, "Keep", "\r")
    answer(child, "Change a value by hand?", "\r")
    answer(child, "Write it as", "\r")
    answer(child, "File to write", "\r")
    child.expect_exact("The same job from a script (writes an identical file):")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    job = yaml.safe_load((tmp_path / "gsm8k-rft.yaml").read_text())
    assert job["dataset"] == "accounts/acme/datasets/gsm8k"
    assert job["evaluator"] == "accounts/acme/evaluators/math-exact"
    assert job["inference_parameters"]["temperature"] == 1.0
    assert job["inference_parameters"]["top_p"] == 0.5

    # The printed command, run as printed, writes the same bytes.
    screen = ANSI.sub("", child.before or "")
    command = screen.strip().splitlines()[-1] if screen.strip() else ""
    assert command.startswith("rftcfg new "), screen
    first = (tmp_path / "gsm8k-rft.yaml").read_bytes()
    (tmp_path / "gsm8k-rft.yaml").rename(tmp_path / "from-the-wizard.yaml")
    argv = [sys.executable, "-m", "rftcfg", *shlex.split(command)[1:]]
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False, env=ENV)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "gsm8k-rft.yaml").read_bytes() == first


def test_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "wizard")
    answer(child, "Start from", "\r")
    answer(child, "Fireworks account ID", "acme")
    child.send(CTRL_C)
    child.expect_exact("interrupted; nothing was written.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_at_the_last_question_leaves_no_file(tmp_path: Path) -> None:
    child = spawn(tmp_path, "wizard")
    baseline_up_to_the_file_name(child)
    answer(child, "File to write", CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("ci", [None, "true"])
def test_no_terminal_is_a_usage_error_naming_rftcfg_new(tmp_path: Path, ci: str | None) -> None:
    env = dict(ENV, **({"CI": ci} if ci else {}))
    done = subprocess.run(
        [sys.executable, "-m", "rftcfg", "wizard"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
        cwd=tmp_path, env=env, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    why = "CI is set" if ci else "it needs an interactive terminal"
    assert done.stderr == (
        f"rftcfg: the wizard asks questions and {why}; in scripts and CI use `rftcfg new` with flags "
        "(see `rftcfg new --help`).\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_plain_rftcfg_offers_the_wizard_on_a_terminal(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect_exact("Start the interactive wizard?")
    child.send("n")
    child.expect_exact("Usage: rftcfg")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_plain_rftcfg_without_a_terminal_prints_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rftcfg"], stdin=subprocess.DEVNULL, capture_output=True, text=True, env=ENV, check=False
    )
    assert done.returncode == 2
    assert done.stdout.startswith("Usage: rftcfg")


def test_a_file_that_cannot_be_written_is_asked_for_again(tmp_path: Path) -> None:
    child = spawn(tmp_path, "wizard")
    baseline_up_to_the_file_name(child)
    answer(child, "File to write", CTRL_U + "/proc/rftcfg-test.yaml\r")
    child.expect_exact("cannot write it")
    answer(child, "File to write", CTRL_U + "job.yaml\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (tmp_path / "job.yaml").exists()
