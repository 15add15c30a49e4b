"""Hostile input, unbounded reading (issue 10): every file rftcfg reads goes through one bounded
reader. Special files are refused before a byte is read, sizes, nesting and alias expansion have
limits from the data table, huge numbers stay harmless, and every message is one short line that
names the file and the line.

Cases that would block or run away on a broken reader run in a child process with a time and a
memory limit, so a regression fails the test instead of hanging the suite."""

from __future__ import annotations

import json
import os
import re
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from rftcfg.catalog import catalog
from tests.conftest import RESOURCES, run

LIMITS = catalog().input_limits
SHORT = 500  # characters: a message never grows with the input
MEMORY = 1 << 30  # bytes of address space for a child: a reader that reads everything runs out


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def child(cwd: Path, *args: str, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    """`rftcfg ARGS` in a child process: 30 s and 1 GiB at most (TimeoutExpired fails the test)."""
    return subprocess.run(
        [sys.executable, "-m", "rftcfg", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_limited,
        check=False,
    )


def chat(prompt: str, answer: str) -> str:
    return json.dumps({"messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": answer}]})


@pytest.fixture
def job(in_tmp: Path) -> Path:
    assert run("new", *RESOURCES, "-o", "job.yaml").code == 0
    (in_tmp / "ok.jsonl").write_text(chat("q" * 40, "a") + "\n")
    return in_tmp


# Each entry point that reads a file, with `{}` where the file goes.
ENTRY_POINTS = {
    "validate": ["validate", "{}"],
    "import": ["import", "{}"],
    "metrics": ["tune", "job.yaml", "--metrics", "{}"],
    "dataset": ["validate", "job.yaml", "--dataset-file", "{}"],
    "new-dataset": ["new", *RESOURCES, "--dataset-file", "{}"],
}


def _args(entry: str, path: str) -> list[str]:
    return [path if a == "{}" else a for a in ENTRY_POINTS[entry]]


def named(line: str, name: str, entry: str) -> bool:
    """The message names the file and a line; `import` gets text, not a name, from formats (its
    parser says `<input>`)."""
    return re.search(rf"({re.escape(name)}{'|<input>' if entry == 'import' else ''}):\d+: ", line) is not None


def assert_one_short_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr[:2000]
    assert len(lines[0]) < SHORT, lines[0][:2000]
    return lines[0]


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_a_fifo_is_refused_without_blocking(job: Path, entry: str) -> None:
    os.mkfifo(job / "pipe.yaml")
    result = child(job, *_args(entry, "pipe.yaml"))
    assert result.returncode == 2, result.stderr
    line = assert_one_short_line(result.stderr)
    assert "pipe.yaml: is a FIFO (named pipe), not a regular file; give a regular file, or - to read stdin." in line


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_a_device_is_refused_without_reading_it(job: Path, entry: str) -> None:
    result = child(job, *_args(entry, "/dev/zero"))
    assert result.returncode == 2, result.stderr
    line = assert_one_short_line(result.stderr)
    assert "/dev/zero: is a character device, not a regular file; give a regular file, or - to read stdin." in line


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_a_folder_or_a_socket_is_refused(job: Path, entry: str) -> None:
    (job / "folder").mkdir()
    result = run(*_args(entry, "folder"))
    assert result.code == 2
    assert "folder: is a folder, not a regular file; give a regular file, or - to read stdin." in result.stderr
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("sock")
        result = run(*_args(entry, "sock"))
    finally:
        server.close()
    assert result.code == 2
    assert "sock: is a socket, not a regular file; give a regular file, or - to read stdin." in result.stderr


def test_stdin_is_read_only_up_to_the_limit(job: Path) -> None:
    with Path("/dev/zero").open("rb") as zero:
        result = child(job, "validate", "-", stdin=zero.fileno())
    assert result.returncode == 2, result.stderr
    line = assert_one_short_line(result.stderr)
    assert "<stdin>: larger than 1 MiB, the limit for a job file (input_limits.job_bytes)" in line


@pytest.mark.parametrize("entry", ["validate", "import"])
def test_a_file_over_the_size_limit_is_refused(job: Path, entry: str) -> None:
    (job / "big.yaml").write_text("display_name: " + "x" * LIMITS.job_bytes + "\n")
    result = run(*_args(entry, "big.yaml"))
    assert result.code == 2
    line = assert_one_short_line(result.stderr)
    assert "big.yaml: larger than 1 MiB, the limit for a job file (input_limits.job_bytes)" in line


def test_a_metrics_file_over_the_size_limit_is_refused_before_it_is_read(job: Path) -> None:
    with (job / "huge.csv").open("wb") as handle:
        handle.truncate(LIMITS.metrics_bytes + 1)  # sparse: nothing is written to disk
    result = child(job, "tune", "job.yaml", "--metrics", "huge.csv")
    assert result.returncode == 2, result.stderr
    line = assert_one_short_line(result.stderr)
    assert "huge.csv: larger than 512 MiB, the limit for a metrics file (input_limits.metrics_bytes)" in line


def laughs(levels: int) -> str:
    """A billion laughs: each level is a mapping of ten aliases of the one before."""
    lines = ["l0: &l0 {" + ", ".join(f"k{i}: lol" for i in range(10)) + "}"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} {{" + ", ".join(f"k{i}: *l{level - 1}" for i in range(10)) + "}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("entry", ["validate", "import"])
def test_a_billion_laughs_fails_fast(job: Path, entry: str) -> None:
    (job / "laughs.yaml").write_text(laughs(9))
    result = child(job, *_args(entry, "laughs.yaml"))
    assert result.returncode == 2, result.stderr
    line = assert_one_short_line(result.stderr)
    assert named(line, "laughs.yaml", entry)
    assert "aliases (*name) expand it past 2 MiB (input_limits.expanded_bytes)" in line


def test_a_self_referencing_alias_is_refused(job: Path) -> None:
    (job / "self.yaml").write_text("a: &x\n  b: *x\n")
    for args in (["validate", "self.yaml"], ["import", "self.yaml"]):
        result = run(*args)
        assert result.code == 2, result.stderr
        line = assert_one_short_line(result.stderr)
        assert named(line, "self.yaml", args[0])
        assert ":2: the alias *x is used inside its own anchor &x" in line


DEEP = {
    "deep.json": "[" * 5000 + "]" * 5000,
    "objects.json": '{"a": ' * 5000 + "1" + "}" * 5000,
    "flow.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "block.yaml": "".join(f"{'  ' * i}k{i}:\n" for i in range(500)) + "  " * 500 + "x: 1\n",
    "sequence.yaml": "- " * 2000 + "1\n",
}


@pytest.mark.parametrize("name", list(DEEP))
@pytest.mark.parametrize("entry", ["validate", "import"])
def test_deep_nesting_is_refused_with_a_line(job: Path, name: str, entry: str) -> None:
    (job / name).write_text(DEEP[name])
    result = run(*_args(entry, name))
    assert result.code == 2, result.stderr
    line = assert_one_short_line(result.stderr)
    assert named(line, name, entry)
    assert f"nested deeper than {LIMITS.depth} levels (input_limits.depth)" in line


def test_a_huge_number_in_a_job_file_is_text_not_a_crash(job: Path) -> None:
    digits = "9" * 5000
    (job / "n.json").write_text(f'{{"training_config": {{"epochs": {digits}}}}}')
    (job / "n.yaml").write_text(f"training_config:\n  epochs: {digits}\n")
    for name in ("n.json", "n.yaml"):
        result = run("validate", name)
        assert result.code == 1
        assert "Traceback" not in result.stderr
        assert all(len(line) < SHORT for line in result.stderr.splitlines())


@pytest.mark.parametrize("digits", [400, 5000], ids=["overflows-float", "over-int-digit-limit"])
def test_a_huge_number_in_metrics_or_a_dataset_is_not_a_crash(job: Path, digits: int) -> None:
    huge = "9" * digits
    rows = [json.dumps({"step": i, "train/reward": i / 10}) for i in range(20)]
    rows.append(f'{{"step": {huge}, "train/reward": {huge}}}')
    (job / "m.jsonl").write_text("\n".join(rows) + "\n")
    result = run("tune", "job.yaml", "--metrics", "m.jsonl")
    assert result.code == 0, result.stderr
    (job / "d.jsonl").write_text(chat("q" * 40, "a") + "\n" + f'{{"messages": {huge}}}\n')
    result = run("validate", "job.yaml", "--dataset-file", "d.jsonl")
    assert "Traceback" not in result.stderr
    assert result.code in (0, 1)
    assert "line 2: no `messages` list" in result.stderr


def test_a_nul_byte_is_one_line_with_its_line_number(job: Path) -> None:
    (job / "nul.yaml").write_text("dataset: a\nevaluator: b\x00\n")
    for args in (["validate", "nul.yaml"], ["import", "nul.yaml"]):
        result = run(*args)
        assert result.code == 2
        line = assert_one_short_line(result.stderr)
        assert "nul.yaml:2: contains a NUL byte (binary data?)" in line


def test_malformed_yaml_is_one_short_line_with_its_line(job: Path) -> None:
    (job / "bad.yaml").write_text("dataset: a\nevaluator: b: " + "x" * 100_000 + "\n")
    result = run("validate", "bad.yaml")
    assert result.code == 2
    line = assert_one_short_line(result.stderr)
    assert line.startswith("rftcfg: bad.yaml:2: malformed YAML: mapping values are not allowed")
    (job / "control.yaml").write_text("dataset: a\n\n\nevaluator: \x07b\n")
    line = assert_one_short_line(run("validate", "control.yaml").stderr)
    assert "control.yaml:4: malformed YAML:" in line


def test_an_over_long_value_is_shown_shortened(job: Path) -> None:
    text = (job / "job.yaml").read_text().replace("accounts/acme/datasets/gsm8k", "X" * 100_000)
    (job / "long.yaml").write_text(text)
    result = run("validate", "long.yaml")
    assert result.code == 1
    assert all(len(line) < SHORT for line in result.stderr.splitlines())
    assert "error: dataset = XXXXX" in result.stderr


def test_an_over_long_dataset_line_is_malformed_not_read_whole(job: Path) -> None:
    with (job / "long.jsonl").open("w") as handle:
        handle.write(chat("q" * 40, "a") + "\n")
        handle.write(chat("q" * (LIMITS.line_bytes + 1), "a") + "\n")
        handle.write(chat("q" * 40, "a") + "\n")
    result = run("validate", "job.yaml", "--dataset-file", "long.jsonl")
    assert "Traceback" not in result.stderr
    assert "line 2: longer than 16 MiB (input_limits.line_bytes)" in result.stderr
    assert "2 prompts" in result.stderr or "2 rows" in result.stderr or "prompts: 2" in result.stderr


def test_an_over_long_metrics_line_is_a_usage_error(job: Path) -> None:
    rows = ["step,train/reward"] + [f"{i},{i / 10}" for i in range(20)] + ["1," + "9" * (LIMITS.line_bytes + 1)]
    (job / "m.csv").write_text("\n".join(rows) + "\n")
    result = run("tune", "job.yaml", "--metrics", "m.csv")
    assert result.code == 2
    line = assert_one_short_line(result.stderr)
    assert "m.csv:22: a line longer than 16 MiB (input_limits.line_bytes)" in line
