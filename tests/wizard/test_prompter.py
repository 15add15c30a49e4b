"""The questionary Prompter driven in-process through prompt_toolkit pipe input: real key
handling, real validation and re-asking, real Ctrl-C and Ctrl-D."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from rftcfg.wizard.prompter import Choice, QuestionaryPrompter

DOWN, CTRL_C, CTRL_D, CTRL_U = "\x1b[B", "\x03", "\x04", "\x15"


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def prompter(pipe: PipeInput) -> QuestionaryPrompter:
    return QuestionaryPrompter(input=pipe, output=DummyOutput())


def test_text_is_asked_again_until_the_check_passes(keys: PipeInput) -> None:
    seen: list[str] = []

    def check(answer: str) -> str | None:
        seen.append(answer)
        return None if answer == "math-exact" else "not a valid name"

    keys.send_text("Bad_Eval\r" + CTRL_U + "math-exact\r")
    assert prompter(keys).text("evaluator", "Evaluator", check=check) == "math-exact"
    assert seen == ["Bad_Eval", "math-exact"]


def test_text_default_on_enter(keys: PipeInput) -> None:
    keys.send_text("\r")
    assert prompter(keys).text("output", "File", default="job.yaml") == "job.yaml"


def test_select_moves_with_arrow_keys(keys: PipeInput) -> None:
    keys.send_text(DOWN + DOWN + "\r")
    choices = [Choice("one", "1"), Choice("two", "2"), Choice("three", "3")]
    assert prompter(keys).select("pick", "Pick", choices, default="1") == "3"


def test_checkbox_toggles_with_space(keys: PipeInput) -> None:
    keys.send_text(" " + DOWN + DOWN + " \r")
    choices = [Choice("a", "a"), Choice("b", "b"), Choice("c", "c")]
    assert prompter(keys).checkbox("goals", "Goals", choices) == ["a", "c"]


def test_confirm(keys: PipeInput) -> None:
    keys.send_text("y")
    assert prompter(keys).confirm("go", "Go?", default=False) is True


def test_ctrl_c_raises_instead_of_returning_none(keys: PipeInput) -> None:
    keys.send_text(CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        prompter(keys).select("pick", "Pick", [Choice("one", "1")])


def test_ctrl_d_at_a_text_prompt_is_end_of_input(keys: PipeInput) -> None:
    keys.send_text(CTRL_D)
    with pytest.raises(EOFError):
        prompter(keys).text("dataset", "Dataset")
