"""How the wizard asks questions: the Prompter protocol and its questionary implementation.

This is the only module that imports questionary (about 90 ms of start-up), and only the
wizard imports this module. Tests drive the wizard through a scripted Prompter instead, or
through this one with prompt_toolkit pipe input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.styles import Style

# Returns None when the answer is fine, else the message to show before asking again.
Check = Callable[[str], str | None]


class Choice(NamedTuple):
    title: str
    value: str
    checked: bool = False


class Prompter(Protocol):
    """Every question has a `name`, so a scripted prompter can answer by name."""

    def select(self, name: str, message: str, choices: Sequence[Choice], default: str | None = None) -> str: ...

    def checkbox(self, name: str, message: str, choices: Sequence[Choice]) -> list[str]: ...

    def text(self, name: str, message: str, default: str = "", check: Check | None = None) -> str: ...

    def confirm(self, name: str, message: str, default: bool = False) -> bool: ...


STYLE = Style([("qmark", "fg:ansicyan bold"), ("highlighted", "bold"), ("pointer", "fg:ansicyan bold")])


class QuestionaryPrompter:
    """Real terminal questions. `unsafe_ask` lets Ctrl-C raise KeyboardInterrupt (and Ctrl-D
    EOFError) instead of quietly returning None, so the caller can exit 130 with nothing written."""

    def __init__(self, **io: Any) -> None:
        self._io = io  # prompt_toolkit `input`/`output`, for tests; empty means the terminal

    def select(self, name: str, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        options = [questionary.Choice(c.title, c.value) for c in choices]
        chosen = questionary.select(message, options, default=default, style=STYLE, **self._io).unsafe_ask()
        return str(chosen)

    def checkbox(self, name: str, message: str, choices: Sequence[Choice]) -> list[str]:
        options = [questionary.Choice(c.title, c.value, checked=c.checked) for c in choices]
        chosen = questionary.checkbox(message, options, style=STYLE, **self._io).unsafe_ask()
        return [str(v) for v in chosen]

    def text(self, name: str, message: str, default: str = "", check: Check | None = None) -> str:
        # The check runs after Enter and its message is printed as ordinary, wrapped text: a
        # questionary validator shows it in a one-line toolbar that cuts long messages off.
        while True:
            answer = str(questionary.text(message, default=default, style=STYLE, **self._io).unsafe_ask())
            problem = check(answer) if check else None
            if problem is None:
                return answer
            print_formatted_text(FormattedText([("fg:ansired", f"  {problem}")]), output=self._io.get("output"))
            default = answer

    def confirm(self, name: str, message: str, default: bool = False) -> bool:
        return bool(questionary.confirm(message, default=default, style=STYLE, **self._io).unsafe_ask())
