"""The hostile corpus (tests/hostile/corpus.py), class by class, each case as the real program
under a time and memory limit (tests/hostile/harness.py says what is promised)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.hostile.corpus import CLASSES
from tests.hostile.harness import ForkServer, Outcome, failures, fork_server, try_case

WORKERS = 2  # one warm process per core of a small CI machine


@pytest.fixture(scope="module")
def servers() -> Iterator[list[ForkServer]]:
    with fork_server() as first, fork_server() as second:
        yield [first, second][:WORKERS]


@pytest.mark.parametrize("kind", list(CLASSES))
def test_no_hostile_input_breaks_a_promise(kind: str, servers: list[ForkServer], tmp_path: Path) -> None:
    cases = list(CLASSES[kind]())
    assert len({c.name for c in cases}) == len(cases), "case names must be unique"
    shares = [cases[i :: len(servers)] for i in range(len(servers))]

    def run_share(index: int) -> list[Outcome]:
        where = tmp_path / f"worker-{index}"
        return [try_case(servers[index], case, where) for case in shares[index]]

    with ThreadPoolExecutor(len(servers)) as pool:
        outcomes = [o for share in pool.map(run_share, range(len(servers))) for o in share]
    assert not any(o.problems for o in outcomes), failures(outcomes)
