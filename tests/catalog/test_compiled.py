"""catalog.json is catalog.yaml compiled for start-up speed: always the same data, never stale."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from rftcfg.catalog import COMPILED, SOURCE, parse_source, read_raw


def test_the_compiled_table_is_current() -> None:
    compiled = json.loads(COMPILED.read_text(encoding="utf-8"))
    source = SOURCE.read_bytes()
    assert compiled["source_crc32"] == zlib.crc32(source), "catalog.yaml changed: run `python -m rftcfg.catalog`"
    assert compiled["table"] == parse_source(source)


def test_an_edited_yaml_wins_over_a_stale_compiled_table(tmp_path: Path) -> None:
    source, compiled = tmp_path / "catalog.yaml", tmp_path / "catalog.json"
    source.write_text("secrets: {account_env: NEW}\n", encoding="utf-8")
    stale = {"source_crc32": zlib.crc32(b"secrets: {account_env: OLD}\n"), "table": {"secrets": {"account_env": "OLD"}}}
    compiled.write_text(json.dumps(stale), encoding="utf-8")
    assert read_raw(source, compiled) == {"secrets": {"account_env": "NEW"}}
    compiled.write_text("{torn", encoding="utf-8")
    assert read_raw(source, compiled) == {"secrets": {"account_env": "NEW"}}
    compiled.unlink()
    assert read_raw(source, compiled) == {"secrets": {"account_env": "NEW"}}


def test_a_current_compiled_table_is_what_is_read(tmp_path: Path) -> None:
    source, compiled = tmp_path / "catalog.yaml", tmp_path / "catalog.json"
    source.write_text("secrets: {account_env: X}\n", encoding="utf-8")
    marked = {"source_crc32": zlib.crc32(source.read_bytes()), "table": {"from": "json"}}
    compiled.write_text(json.dumps(marked), encoding="utf-8")
    assert read_raw(source, compiled) == {"from": "json"}
