"""YAML and JSON read within bounds: nesting depth, and YAML aliases counted as they expand.

A YAML alias (`*a`) stands for the whole node its anchor (`&a`) names, so a file under a
kilobyte can stand for gigabytes (ten aliases of ten aliases of ...: "billion laughs"), and an
alias inside its own anchor stands for an endless document. The composer below weighs each node
as it is composed (1, plus its text for a scalar, plus everything inside a collection) and adds
an anchor's whole weight at every alias, so the document with its aliases expanded is measured
without ever being expanded, and refused the moment it passes `input_limits.expanded_bytes`.
Depth is counted on the way down, so nothing later (constructing, walking) can recurse past
Python's limit. PyYAML's parser is iterative; only composing recurses, once per level.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from yaml.nodes import Node, ScalarNode

from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError, excerpt
from rftcfg.files.source import size_text


class Malformed(yaml.YAMLError):
    """Bad YAML syntax, as one short line: `line N: the problem` (PyYAML's own message spans
    several lines and quotes `<unicode string>`)."""

    def __init__(self, line: int | None, problem: str) -> None:
        super().__init__(f"line {line}: {problem}" if line else problem)
        self.line = line
        self.problem = problem


class _Refused(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line = mark.line + 1 if mark is not None else None
        self.message = message


class BoundedComposer(Composer):
    """PyYAML's composer, with every node weighed and every level counted (see the module)."""

    def compose_document(self) -> Node | None:
        self.limits = catalog().input_limits
        self.total, self.depth = 0, 0
        self.weights: dict[int, int] = {}  # id(anchored node) -> its weight, once composed
        return super().compose_document()

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        limits = self.limits
        event = self.peek_event()  # type: ignore[attr-defined]  # the parser's, mixed in beside
        if isinstance(event, AliasEvent):
            anchored = self.anchors.get(event.anchor)
            if anchored is not None:  # an undefined alias is PyYAML's own error, below
                weight = self.weights.get(id(anchored))
                if weight is None:
                    raise _Refused(
                        event.start_mark,
                        f"the alias *{event.anchor} is used inside its own anchor &{event.anchor}, "
                        "so it stands for an endless document; write the value out",
                    )
                self._add(weight, event.start_mark)
            return super().compose_node(parent, index)
        nested = isinstance(event, MappingStartEvent | SequenceStartEvent)
        if nested:
            self.depth += 1
            if self.depth > limits.depth:
                raise _Refused(event.start_mark, _too_deep(limits.depth))
            self._add(1, event.start_mark)
        before = self.total
        node = super().compose_node(parent, index)
        if nested:
            self.depth -= 1
        elif isinstance(node, ScalarNode):
            self._add(1 + len(node.value), event.start_mark)
        if event.anchor is not None:
            self.weights[id(node)] = self.total - before + (1 if nested else 0)
        return node

    def _add(self, weight: int, mark: Any) -> None:
        self.total += weight
        limit = self.limits.expanded_bytes
        if self.total > limit:
            raise _Refused(
                mark,
                f"its aliases (*name) expand it past {size_text(limit)} (input_limits.expanded_bytes); "
                "write the values out instead of repeating aliases",
            )


def bounded_base() -> type[Any]:
    """A safe loader class with the bounded composer: libyaml's parser where it is installed
    (the fast part), PyYAML's own otherwise."""
    if yaml.__with_libyaml__:
        from yaml.constructor import SafeConstructor
        from yaml.cyaml import CParser  # type: ignore[attr-defined]
        from yaml.resolver import Resolver

        def init(self: Any, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        bases = (BoundedComposer, CParser, SafeConstructor, Resolver)
        return type("BoundedLoader", bases, {"__init__": init})
    return type("BoundedLoader", (BoundedComposer, yaml.SafeLoader), {})


def compose(loader_class: type[Any], text: str, shown: str) -> tuple[Any, Node | None]:
    """The data of `text` and its root node. Raises Malformed for bad YAML, a UsageError past a
    limit (naming `shown` and the line)."""
    loader = None
    try:
        loader = loader_class(text)
        root = loader.get_single_node()
        return (loader.construct_document(root) if root is not None else None), root
    except _Refused as exc:
        raise UsageError(f"{shown}:{exc.line or '?'}: {exc.message}.") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.problem == "exceeded maximum nesting depth":  # libyaml's own limit, deeper than ours
            line = mark.line + 1 if mark else "?"
            raise UsageError(f"{shown}:{line}: {_too_deep(catalog().input_limits.depth)}.") from None
        raise Malformed(mark.line + 1 if mark else None, _one_line(exc.problem or exc.context or "")) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, found before parsing
        line = text.count("\n", 0, exc.position) + 1
        raise Malformed(line, _one_line(f"unacceptable character #x{exc.character:04x}: {exc.reason}")) from None
    except yaml.YAMLError as exc:
        raise Malformed(None, _one_line(str(exc))) from None
    finally:
        if loader is not None:
            loader.dispose()


def _one_line(problem: str) -> str:
    return excerpt(" ".join(problem.split()))


def _too_deep(limit: int) -> str:
    return f"nested deeper than {limit} levels (input_limits.depth); a job file needs only a few levels"


# A JSON string (escapes included, unterminated at the end of the text too) or a bracket.
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


def check_json_depth(text: str, shown: str) -> None:
    """Refuse JSON nested deeper than `input_limits.depth`, in one linear pass over the brackets
    outside strings, before json.loads (which recurses once per level) ever sees it."""
    limit = catalog().input_limits.depth
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, token.start()) + 1
                raise UsageError(f"{shown}:{line}: {_too_deep(limit)}.")
        elif bracket in ("]", "}"):
            depth -= 1
