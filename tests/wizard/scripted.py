"""A Prompter that answers from a script, by question name, and fails on any question the script
does not expect. Text answers go through the question's own check, like a real prompt: a list
of answers is tried in order, and each refused one is recorded with the message shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rftcfg.wizard.prompter import Check, Choice

DEFAULT = object()  # "press Enter": take the question's default


class UnexpectedQuestion(AssertionError):
    pass


class ScriptedPrompter:
    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = dict(answers)
        self.asked: list[str] = []
        self.refused: list[tuple[str, str, str]] = []  # (question, answer, message shown)
        self.shown_choices: dict[str, list[Choice]] = {}

    def _take(self, name: str) -> Any:
        self.asked.append(name)
        if name not in self.answers:
            raise UnexpectedQuestion(f"the script has no answer for question {name!r}")
        answer = self.answers[name]
        if isinstance(answer, list) and name not in ("goals",):
            if not answer:
                raise UnexpectedQuestion(f"question {name!r} asked more often than the script expects")
            return answer.pop(0)
        return answer

    def select(self, name: str, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        self.shown_choices[name] = list(choices)
        answer = self._take(name)
        value = default if answer is DEFAULT else answer
        assert value in [c.value for c in choices], f"{name}: {value!r} is not one of the choices"
        return str(value)

    def checkbox(self, name: str, message: str, choices: Sequence[Choice]) -> list[str]:
        self.shown_choices[name] = list(choices)
        answer = self._take(name)
        values = [c.value for c in choices if c.checked] if answer is DEFAULT else list(answer)
        assert set(values) <= {c.value for c in choices}
        return values

    def text(self, name: str, message: str, default: str = "", check: Check | None = None) -> str:
        while True:
            answer = self._take(name)
            value = default if answer is DEFAULT else str(answer)
            problem = check(value) if check else None
            if problem is None:
                return value
            self.refused.append((name, value, problem))

    def confirm(self, name: str, message: str, default: bool = False) -> bool:
        answer = self._take(name)
        return default if answer is DEFAULT else bool(answer)

    def leftovers(self) -> dict[str, Any]:
        """Scripted answers never used up (a list answer with attempts left, or a question never asked)."""
        return {
            k: v for k, v in self.answers.items() if (isinstance(v, list) and v and k != "goals") or k not in self.asked
        }
