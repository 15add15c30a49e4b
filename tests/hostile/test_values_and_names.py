"""Hostile input, first classes closed at their root (issue 10, in progress): IDs anchored at the
true end of the text, NaN refused where a range check would let it through, and empty names as
usage errors rather than silently meaning "the default"."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import RESOURCES, run

ENDINGS = ["\n", "\r\n", "\x1b[31m", "\t"]


@pytest.mark.parametrize("ending", ENDINGS, ids=repr)
@pytest.mark.parametrize("flag", ["--job-id", "--output-model", "--account"])
def test_an_id_with_a_control_character_never_reaches_the_output(flag: str, ending: str) -> None:
    result = run("new", *RESOURCES, flag, f"run-1{ending}", "-f", "firectl")
    assert result.code in (1, 2), result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert repr(f"run-1{ending}") in result.stderr  # the value is shown escaped, on one line


@pytest.mark.parametrize("ending", ENDINGS, ids=repr)
def test_an_id_with_a_control_character_in_a_file_is_an_error(in_tmp: Path, ending: str) -> None:
    run("new", *RESOURCES, "--job-id", "run-1", "-o", "job.yaml")
    data = yaml.safe_load((in_tmp / "job.yaml").read_text())
    data["reinforcement_fine_tuning_job_id"] = f"run-1{ending}"
    (in_tmp / "job.yaml").write_text(yaml.safe_dump(data))
    result = run("validate", "job.yaml")
    assert result.code == 1
    assert "error: reinforcement_fine_tuning_job_id = 'run-1" in result.stderr


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf"])
def test_a_pass_rate_that_is_not_a_number_is_refused(text: str) -> None:
    result = run("new", *RESOURCES, "--prompts", "10", "--expected-pass-rate", text)
    assert result.code == 2
    assert "Invalid value for '--expected-pass-rate'" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["new", *RESOURCES, "-o", ""],
        ["new", *RESOURCES, "--from", ""],
        ["new", *RESOURCES, "--template", " "],
        ["render", "job.yaml", "-o", ""],
        ["tune", "job.yaml", "--symptom", "toxic", "-o", ""],
        ["sweep", "job.yaml", "--vary", "epochs=2", "-o", ""],
        ["import", "job.yaml", "-o", ""],
        ["schema", "-o", ""],
    ],
    ids=lambda a: " ".join(a[:1] + [x for x in a if x.startswith("-") and x not in RESOURCES][:1]),
)
def test_an_empty_name_is_a_usage_error(in_tmp: Path, args: list[str]) -> None:
    run("new", *RESOURCES, "-o", "job.yaml")
    before = sorted(p.name for p in in_tmp.iterdir())
    result = run(*args)
    assert result.code == 2, result.stderr
    assert "must not be empty" in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in in_tmp.iterdir()) == before


@pytest.mark.parametrize(("flag", "expected"), [("--eval-auto-carveout=false", False), ("--eval-auto-carveout=true", True),
                                                ("--eval-auto-carveout", True), ("--eval-auto-carveout=0", False)])  # fmt: skip
def test_import_reads_boolean_flags_as_the_tools_do(flag: str, expected: bool | None) -> None:
    command = f"firectl create rftj --base-model qwen3-8b --dataset d --evaluator e {flag}"
    result = run("import", "--command", command, "--account", "acme", "-f", "json")
    assert result.code == 0, result.stderr
    assert yaml.safe_load(result.stdout).get("eval_auto_carveout") == expected


def test_import_refuses_a_boolean_it_cannot_read() -> None:
    command = "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e --wandb=maybe"
    result = run("import", "--command", command, "--account", "acme")
    assert result.code == 2
    assert "--wandb=maybe: write --wandb, --wandb=true or --wandb=false." in result.stderr


def test_a_byte_order_mark_is_not_a_malformed_first_line(in_tmp: Path) -> None:
    row = '{"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]}\n'
    (in_tmp / "data.jsonl").write_bytes(b"\xef\xbb\xbf" + row.encode() + row.encode())
    result = run("new", *RESOURCES, "--dataset-file", "data.jsonl")
    assert result.code == 0, result.stderr
    assert "Dataset data.jsonl: 2 rows." in result.stderr


def test_an_output_ending_in_a_slash_is_a_folder_name_not_a_file(in_tmp: Path) -> None:
    result = run("new", *RESOURCES, "-o", "sub/")
    assert (result.code, result.stderr.strip()) == (
        2, "rftcfg: sub/: names a folder (it ends in /); give a file name for the output."
    )  # fmt: skip
    assert list(in_tmp.iterdir()) == []


def test_a_dangling_symbolic_link_is_an_existing_file(in_tmp: Path) -> None:
    (in_tmp / "out.yaml").symlink_to(in_tmp / "elsewhere.yaml")
    result = run("new", *RESOURCES, "-o", "out.yaml")
    assert (result.code, result.stderr.strip()) == (
        2,
        "rftcfg: out.yaml: already exists; pass --force to overwrite it.",
    )
    assert not (in_tmp / "elsewhere.yaml").exists()


def test_a_reward_curve_on_stdin_is_read_as_jsonl_when_it_is(in_tmp: Path) -> None:
    run("new", *RESOURCES, "-o", "job.yaml")
    curve = "".join(f'{{"_step": {i}, "train/reward": {0.1 + 0.08 * i}}}\n' for i in range(10))
    result = run("tune", "job.yaml", "--metrics", "-", stdin=curve)
    assert result.code == 0, result.stderr
    assert "Reward curve (10 points of train/reward)" in result.stdout


SECRET = "sk-never-shown-1234"


@pytest.mark.parametrize(
    "extra_body",
    [
        f'{{"api_key": "{SECRET}"}}',
        f'{{"headers": {{"Authorization-Token": "{SECRET}"}}}}',
        f'{{"apiKey": "{SECRET}"}}',
    ],
)
@pytest.mark.parametrize("command", ["validate", "render", "diff", "import", "new --from"])
def test_a_key_inside_extra_body_is_refused_and_never_shown(in_tmp: Path, extra_body: str, command: str) -> None:
    run("new", *RESOURCES, "-o", "clean.yaml")
    data = yaml.safe_load((in_tmp / "clean.yaml").read_text())
    data["inference_parameters"]["extra_body"] = extra_body
    (in_tmp / "job.yaml").write_text(yaml.safe_dump(data))
    args = {"diff": ["diff", "clean.yaml", "job.yaml"], "new --from": ["new", "--from", "job.yaml"]}
    result = run(*args.get(command, [command, "job.yaml"]))
    assert result.code == 1, result.stderr
    assert "error: inference_parameters.extra_body: an API key must never be stored" in result.stderr
    assert SECRET not in result.stdout + result.stderr
