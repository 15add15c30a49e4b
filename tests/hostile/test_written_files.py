"""Every file rftcfg writes, read back, holds exactly the keys (or flags) it meant to write, and its
header stays comment lines, whatever text a person put in a file name, a display name or a schema
comment: newlines, carriage returns, escape sequences, Unicode line separators, a byte-order mark,
an undecodable byte. The oracle is the same command with a plain name: a hostile one may change
what a comment says, never the structure of the file."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shlex
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rftcfg.formats import FORMATS
from tests.conftest import RESOURCES, run

# "\udcff": a byte that is not UTF-8 in a file name or an argument, as Python reads it.
ODD = [
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\udcff",
    "#",
    ": ",
    "'",
    '"',
    "\\",
]
TEXT = st.lists(
    st.one_of(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), st.sampled_from(ODD)),
    min_size=1,
    max_size=12,
).map("".join)
EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORMAT_NAMES = list(FORMATS)


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A fresh working folder per example (pytest's tmp_path is one per test, not per example)."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(before)


def structure(path: Path, fmt: str) -> tuple[int, Any]:
    """(comment lines at the top, what the file holds: dotted keys, or a command's words less
    its values) as a reader of that format sees it."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header = 0
    while header < len(lines) and lines[header].startswith("#"):
        header += 1
    shown = lines if FORMATS[fmt].script else lines[:header]  # data is the format's to quote
    assert all(line.isprintable() for line in shown), f"a raw control character in {path.name}: {text!r}"
    if FORMATS[fmt].script:
        words = shlex.split(text.replace("\\\n", " "), comments=True)
        return header, [w for w in words if not w.startswith("-")][:3] + sorted(w for w in words if w.startswith("--"))
    data = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
    return header, sorted(_paths(data))


def _paths(node: Any, prefix: str = "") -> Iterator[str]:
    for key, value in node.items():
        yield f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _paths(value, f"{prefix}{key}.")


def write_start(name: str) -> None:
    assert run("new", *RESOURCES, "--job-id", "run-1", "-o", name).code == 0


def new_from(name: str, fmt: str) -> tuple[Any, ...]:
    write_start(name)
    out = Path(f"{name}.{FORMATS[fmt].extension}")
    result = run("new", "--from", name, "--goal", "quality", "-f", fmt, "-o", str(out))
    assert result.code == 0, result.stderr
    return structure(out, fmt)


def render(name: str, fmt: str) -> tuple[Any, ...]:
    write_start(name)
    result = run("render", name, "-f", fmt, "-o", f"{name}.out")
    assert result.code == 0, result.stderr
    return structure(Path(f"{name}.out"), fmt)


def tune(name: str, fmt: str) -> tuple[Any, ...]:
    write_start(name)
    result = run("tune", name, "--symptom", "reward-collapse", "-f", fmt, "-o", f"{name}.tuned")
    assert result.code == 0, result.stderr
    return structure(Path(f"{name}.tuned"), fmt)


def import_body(name: str, fmt: str) -> tuple[Any, ...]:
    write_start(name + ".yaml")
    body = run("render", name + ".yaml", "-f", "api").stdout
    Path(name).write_text(body, encoding="utf-8")
    result = run("import", name, "-f", fmt, "--account", "acme", "-o", f"{name}.imported")
    assert result.code == 0, result.stderr
    return structure(Path(f"{name}.imported"), fmt)


def sweep(name: str, fmt: str) -> tuple[Any, ...]:
    write_start(name)
    result = run("sweep", name, "--vary", "epochs=2,3", "-o", f"{name}.sweep")
    assert result.code == 0, result.stderr
    folder = Path(f"{name}.sweep")
    files = sorted(p.name for p in folder.iterdir())
    return files, [
        structure(folder / f, "firectl" if f == "launch.sh" else "yaml") for f in files if f != "summary.txt"
    ]


PATHS = {"new --from": new_from, "render": render, "tune": tune, "import": import_body}


@functools.cache
def plain(path: str, fmt: str) -> tuple[Any, ...]:
    with scratch():
        return (sweep if path == "sweep" else PATHS[path])("./plain.yaml", fmt)


@given(name=TEXT, path=st.sampled_from([*PATHS, "sweep"]), fmt=st.sampled_from(FORMAT_NAMES))
@EXAMPLES
def test_a_file_name_changes_no_key_of_any_written_file(name: str, path: str, fmt: str) -> None:
    if path == "sweep":
        fmt = "yaml"  # a sweep writes YAML jobs and launch.sh whatever the format
    with scratch():
        # ./ so that a name starting with - is a file, as a person would write it
        written = (sweep if path == "sweep" else PATHS[path])(f"./{name}.yaml", fmt)
    assert written == plain(path, fmt)


@functools.cache
def plain_new(fmt: str) -> tuple[Any, ...]:
    with scratch():
        assert run("new", *RESOURCES, "--display-name", "plain", "--job-id", "run-1", "-f", fmt, "-o", "job").code == 0
        return structure(Path("job"), fmt)


@example(display="a\udcffb", job_id="run-1", fmt="yaml")  # a stray byte: refused, not a crash on write
@given(display=TEXT, job_id=st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?\Z"), fmt=st.sampled_from(FORMAT_NAMES))
@EXAMPLES
def test_a_display_name_is_written_as_data_and_read_back_exactly(display: str, job_id: str, fmt: str) -> None:
    with scratch():
        result = run("new", *RESOURCES, "--display-name", display, "--job-id", job_id, "-f", fmt, "-o", "job")
        if any("\ud800" <= ch <= "\udfff" for ch in display):  # an undecodable byte cannot be UTF-8
            assert result.code == 1
            assert "not valid Unicode text" in result.stderr
            assert not Path("job").exists()
            return
        assert result.code == 0, result.stderr
        written = structure(Path("job"), fmt)
        if not FORMATS[fmt].script:
            text = Path("job").read_text(encoding="utf-8")
            data = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
            assert data["displayName" if fmt == "api" else "display_name"] == display
    assert written == plain_new(fmt)


@given(schema=TEXT)
@EXAMPLES
def test_a_schema_comment_is_one_modeline_or_refused(schema: str) -> None:
    with scratch():
        result = run("new", *RESOURCES, "--schema-comment", schema, "-o", "job.yaml")
        if not schema.isprintable():
            assert result.code == 2
            assert "Invalid value for '--schema-comment'" in result.stderr
            assert repr(schema) in result.stderr
            assert not Path("job.yaml").exists()
            return
        assert result.code == 0, result.stderr
        header, keys = structure(Path("job.yaml"), "yaml")
        first = Path("job.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema}"
    assert (header - 1, keys) == plain_schema()


@functools.cache
def plain_schema() -> tuple[Any, ...]:
    with scratch():
        assert run("new", *RESOURCES, "-o", "job.yaml").code == 0
        return structure(Path("job.yaml"), "yaml")
