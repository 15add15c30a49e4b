"""The review's commands: what `rftcfg new` prints from a starting point, and that no rule moves a
second parameter (a batch below the context length is an error with the flag that fixes it)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import RESOURCES, run


def test_a_flag_on_a_file_is_the_change_from_that_file(in_tmp: Path) -> None:
    assert run("new", *RESOURCES, "-g", "quality", "-o", "quality.yaml").code == 0
    result = run("new", "--from", "quality.yaml", "--rollouts", "4")
    err = result.stderr.splitlines()
    assert err[2:5] == [
        "Changes from the starting point (file quality.yaml):",
        "  response_candidates_count  8 -> 4           flag --response-candidates-count: explicit value",
        "Work against the starting point: less compute (tokens x0.5, steps x0.5).",
    ]
    assert err[1].startswith("The starting point differs from the documented defaults in temperature 0.7 -> 1.0, ")
    assert (
        "#   response_candidates_count  8 -> 4           flag --response-candidates-count: explicit value"
        in result.stdout
    )
    assert "No parameter differs from the documented defaults" not in result.stderr


def test_a_goal_that_lowers_a_template_value_says_so() -> None:
    result = run("new", "--template", "math-reasoning", "-g", "prevent-overfitting", *RESOURCES)
    row = "lora_rank  16 -> 8          goal prevent-overfitting: a smaller adapter has less room to memorise"
    assert f"  {row}" in result.stderr.splitlines()
    assert f"#   {row}" in result.stdout.splitlines()
    assert "Work against the starting point: same compute (less memory per step)." in result.stderr


def test_the_row_and_the_work_line_compare_with_what_the_goal_started_from() -> None:
    err = run("new", "--template", "classification", "-g", "quality", *RESOURCES).stderr
    assert "  max_output_tokens          64 -> 128        goal better-quality: room for longer, complete answers" in err
    assert "Work against the starting point: more compute (tokens x4.0, steps x4.0)." in err
    assert "less compute" not in err.split("\n", 2)[2]  # only the start's own line may say the template is cheaper
    assert "note: 3 parameters differ from the starting point" in err


def test_one_change_from_the_start_gets_no_one_change_note() -> None:
    err = run("new", "--template", "classification", "-g", "quality", "--only", "temperature", *RESOURCES).stderr
    assert "one-change" not in err
    assert "parameters differ" not in err
    assert "  temperature  0.7 -> 1.0" in err


def test_a_longer_context_never_raises_the_batch(in_tmp: Path) -> None:
    assert run("new", *RESOURCES, "-o", "base.yaml").code == 0
    result = run("new", "--from", "base.yaml", "--max-context-length", "65536", "-o", "long.yaml")
    assert result.code == 1
    assert not (in_tmp / "long.yaml").exists()
    assert "batch-raised" not in result.stderr
    assert "32768 -> 65536" not in result.stderr
    assert (
        "error: training_config.batch_size = 32768: batch size 32768 is smaller than max_context_length 65536; the "
        "batch must hold at least one full-length sequence. Fix: set batch_size to 65536 (--batch-size 65536), a "
        "batch that holds one full sequence, or lower max_context_length to 32768 (--max-context-length 32768) or "
        "less." in result.stderr
    )
    both = run("new", "--from", "base.yaml", "--max-context-length", "65536", "--batch-size", "65536")
    assert both.code == 0


def test_the_check_outside_new_names_no_flag(in_tmp: Path) -> None:
    assert run("new", *RESOURCES, "--max-context-length", "65536", "--batch-size", "65536", "-o", "j.yaml").code == 0
    text = (in_tmp / "j.yaml").read_text().replace("batch_size: 65536", "batch_size: 32768")
    (in_tmp / "j.yaml").write_text(text)
    result = run("validate", "j.yaml")
    assert result.code == 1
    assert "Fix: set batch_size to 65536, a batch that holds one full sequence, or lower max_context_length" in (
        result.stdout + result.stderr
    )
    assert "--batch-size" not in result.stdout + result.stderr
