"""Reading every series of real-shaped exports (W&B panel and history CSVs, TRL logs, dashboard
JSON), and the reward choice that `tune --metrics` makes among them."""

from __future__ import annotations

import json
import math
import random
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftcfg.core.errors import UsageError
from rftcfg.core.series import Series
from rftcfg.files.metrics import read_curve, read_series, reward_series, split_panel_name

EXPORTS = Path(__file__).parent / "exports"


def by_name(series: list[Series]) -> dict[str, Series]:
    return {s.name: s for s in series}


def test_a_wandb_panel_export_gives_one_reward_series_per_run_without_companions() -> None:
    found = read_series(str(EXPORTS / "wandb_panel.csv"))
    assert [(s.run, s.name) for s in found] == [
        ("qwen3-8b-baseline", "train/reward"),
        ("qwen3-8b-lr-5e-05", "train/reward"),
    ]
    baseline, lowered = found
    assert 15.0 not in baseline.steps
    assert 40.0 not in lowered.steps
    assert len(baseline.steps) == len(lowered.steps) == 11
    assert list(baseline.steps) == sorted(baseline.steps)
    assert reward_series(found) == baseline


def test_read_curve_finds_the_reward_of_a_panel_export_and_skips_its_empty_cells() -> None:
    curve = read_curve(str(EXPORTS / "wandb_panel.csv"))
    assert curve.reward_column == "qwen3-8b-baseline - train/reward"
    assert (len(curve.rewards), curve.skipped) == (11, 1)
    assert curve.steps[:4] == [0.0, 5.0, 10.0, 20.0]


def test_a_wandb_history_export_gives_every_logged_series_and_no_bookkeeping() -> None:
    found = by_name(read_series(str(EXPORTS / "wandb_history.csv")))
    assert list(found) == [
        "train/reward", "train/reward_std", "train/frac_reward_zero_std", "train/rewards/accuracy_reward/mean",
        "train/kl", "train/completion_length", "train/learning_rate", "train/epoch",
    ]  # fmt: skip
    assert 4.0 not in found["train/reward"].steps  # NaN
    assert 7.0 not in found["train/kl"].steps
    assert 7.0 in found["train/reward"].steps
    assert len(found["train/reward_std"].steps) == 12
    assert all(s.run is None for s in found.values())
    assert read_curve(str(EXPORTS / "wandb_history.csv")).reward_column == "train/reward"


def test_trl_log_lines_give_the_trainer_names_and_a_torn_line_is_passed_over() -> None:
    found = by_name(read_series(str(EXPORTS / "trl_log.jsonl")))
    for name in (
        "reward",
        "reward_std",
        "frac_reward_zero_std",
        "rewards/accuracy_reward/mean",
        "kl",
        "completion_length",
    ):
        assert name in found, name
    assert 6.0 not in found["reward"].steps
    assert 6.0 in found["kl"].steps
    assert found["kl"].values[0] == 0.0005
    curve = read_curve(str(EXPORTS / "trl_log.jsonl"))
    assert curve.reward_column == "reward"  # the total, not one reward function's mean
    assert curve.skipped == 2  # the NaN row and the torn line


@pytest.mark.parametrize("name", ["dashboard_rows.json", "dashboard_columns.json"])
def test_dashboard_json_documents_are_read_as_rows_or_as_columns(name: str) -> None:
    found = by_name(read_series(str(EXPORTS / name)))
    assert "run" not in found  # a string, not a column
    reward = found["reward"]
    assert len(reward.steps) == 9
    assert reward.values[0] == 0.1
    curve = read_curve(str(EXPORTS / name))
    assert (curve.reward_column, len(curve.rewards), curve.skipped) == ("reward", 9, 1)


def test_json_read_from_stdin_is_told_by_its_content(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (EXPORTS / "dashboard_columns.json").read_bytes()

    class Stdin:
        buffer = __import__("io").BufferedReader(__import__("io").BytesIO(data))

    monkeypatch.setattr(sys, "stdin", Stdin)
    assert len(read_curve("-").rewards) == 9


def test_a_compact_one_line_columns_document_and_a_jsonl_file_named_json(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(json.dumps({"_step": [1, 2, 3], "train/reward": [0.1, 0.2, "NaN"]}))
    assert read_curve(str(tmp_path / "c.json")).rewards == [0.1, 0.2]
    (tmp_path / "l.json").write_text('{"step": 1, "reward": 0.5}\n{"step": 2, "reward": 0.6}\n')
    assert read_curve(str(tmp_path / "l.json")).rewards == [0.5, 0.6]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"step": 1, "reward": 0.5} {"step": 2}]', "expected ',' or ']', found '{'"),
        ('{"step": [1, 2], "reward": [0.5, 0.6]} [1]', "more text after the document"),
        ('[{"step": 1, "reward": 0.5}', "expected ',' or ']', found the end"),
        ('{"step": [1, 2], "reward": [0.5, 0.', "not a JSON document of metrics"),
    ],
)
def test_broken_json_documents_are_usage_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "m.json").write_text(text)
    with pytest.raises(UsageError, match=r"m\.json: ") as caught:
        read_series(str(tmp_path / "m.json"))
    assert message in str(caught.value)


def test_a_series_file_needs_a_step(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("reward,kl\n0.1,0.0\n")
    with pytest.raises(UsageError, match="no step column among reward, kl"):
        read_series(str(tmp_path / "m.csv"))
    assert read_series(str(tmp_path / "m.csv"), step_column="kl")[0].name == "reward"


def test_panel_names_split_at_the_last_separator() -> None:
    assert split_panel_name("my run - v2 - train/reward") == ("my run - v2", "train/reward")
    assert split_panel_name("train/reward") == (None, "train/reward")
    assert split_panel_name(" - reward") == (None, " - reward")


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.none()), min_size=1, max_size=40),
    chunk_pad=st.integers(0, 3),
    form=st.sampled_from(["csv", "jsonl", "rows", "columns"]),
)
def test_every_format_gives_the_same_series(tmp_path_factory: pytest.TempPathFactory, values: list[float | None],
                                            chunk_pad: int, form: str) -> None:  # fmt: skip
    """The same numbers written as CSV, JSONL, a JSON list of rows or a JSON object of columns read
    back as the same series: the finite values at their steps, nothing else."""
    folder = tmp_path_factory.mktemp("forms")
    steps = list(range(len(values)))
    expected = [(float(s), v) for s, v in zip(steps, values, strict=True) if v is not None and math.isfinite(v)]
    cell = lambda v: "" if v is None else repr(v)  # noqa: E731
    jsonable = [None if v is None or not math.isfinite(v) else v for v in values]
    path = folder / f"m.{'csv' if form == 'csv' else 'jsonl' if form == 'jsonl' else 'json'}"
    if form == "csv":
        path.write_text("step,train/reward\n" + "".join(f"{s},{cell(v)}\n" for s, v in zip(steps, values, strict=True)))
    elif form == "jsonl":
        path.write_text(
            "".join(json.dumps({"step": s, "train/reward": v}) + "\n" for s, v in zip(steps, jsonable, strict=True))
        )
    elif form == "rows":
        path.write_text(
            " " * chunk_pad
            + json.dumps(
                [{"step": s, "train/reward": v} for s, v in zip(steps, jsonable, strict=True)], indent=chunk_pad
            )
        )
    else:
        path.write_text(json.dumps({"step": steps, "train/reward": jsonable}, indent=chunk_pad))
    found = read_series(str(path))
    got = [(s, v) for series in found for s, v in zip(series.steps, series.values, strict=True)]
    assert got == expected


def test_a_json_value_split_across_reads_is_read_whole(tmp_path: Path) -> None:
    """Numbers straddling the 64 KiB read boundary (0.5 of 0.55) come back whole."""
    rng = random.Random(3)
    rewards = [round(rng.random(), rng.randint(1, 17)) for _ in range(30_000)]
    (tmp_path / "m.json").write_text(json.dumps({"step": list(range(len(rewards))), "reward": rewards}))
    assert read_curve(str(tmp_path / "m.json")).rewards == rewards
    shutil.rmtree(tmp_path)
