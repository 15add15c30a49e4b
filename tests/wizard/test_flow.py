"""The wizard's flow, through a scripted prompter; and the promise that its printed `rftcfg new`
command writes a byte-identical file."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from rftcfg.app.new import Start, equivalent_argv, produce
from rftcfg.app.report import findings_text
from rftcfg.catalog import catalog
from rftcfg.cli.delivery import deliver
from rftcfg.method.derive import next_name
from rftcfg.wizard.flow import run_wizard
from rftcfg.wizard.resources import suggest_output_model
from tests.conftest import run
from tests.wizard.scripted import DEFAULT, ScriptedPrompter, UnexpectedQuestion

BASELINE_ANSWERS: dict[str, Any] = {
    "start": DEFAULT,
    "account": DEFAULT,
    "model-kind": DEFAULT,
    "base-model": DEFAULT,
    "dataset": "accounts/acme/datasets/gsm8k",
    "evaluator": "accounts/acme/evaluators/math-exact",
    "output-model": DEFAULT,
    "job-id": DEFAULT,
    "wandb": DEFAULT,
    "goals": DEFAULT,
    "adjust": DEFAULT,
    "format": DEFAULT,
    "output": DEFAULT,
}


def wizard(answers: dict[str, Any], account: str | None = None) -> tuple[Any, ScriptedPrompter, list[str]]:
    prompter = ScriptedPrompter(answers)
    shown: list[str] = []
    request = run_wizard(prompter, shown.append, account=account)
    assert prompter.leftovers() == {}, "every scripted answer should have been used"
    return request, prompter, shown


def same_file_from_the_printed_command(request: Any, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Write the wizard's file, move it aside, run the printed command in the same folder (as a
    user would), and return the bytes after checking both files are identical."""
    monkeypatch.chdir(workdir)
    deliver(request, explain=False)
    written = workdir / request.output
    wizard_bytes = written.read_bytes()
    written.rename(workdir / "from-the-wizard")
    argv = equivalent_argv(request)
    assert argv[:2] == ["rftcfg", "new"]
    result = run(*argv[1:])
    assert result.code == 0, result.stderr
    assert written.read_bytes() == wizard_bytes
    return wizard_bytes


def test_enter_enter_enter_gives_the_documented_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    request, prompter, _ = wizard(BASELINE_ANSWERS)
    assert request.goals == ()
    assert request.values == {}
    assert (request.fmt, request.output) == ("yaml", "gsm8k-rft.yaml")
    assert "one-change" not in prompter.asked, "a baseline has nothing to narrow down"
    job = yaml.safe_load(same_file_from_the_printed_command(request, tmp_path, monkeypatch))
    for param in catalog().parameters.values():
        assert job[param.section][param.field] == param.default
    assert job["training_config"]["base_model"] == f"accounts/fireworks/models/{catalog().known_models[0]}"
    assert job["training_config"]["output_model"] == "gsm8k-rft"


def test_conflicting_goals_are_asked_about_and_the_command_reproduces_the_choice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = {
        **BASELINE_ANSWERS,
        "goals": ["safer", "more-creative"],
        "conflict-temperature": "more-creative",
        "conflict-top_p": "safer",
        "one-change": DEFAULT,
    }
    request, prompter, shown = wizard(answers)
    assert dict(request.prefer) == {"temperature": "more-creative", "top_p": "safer"}
    assert "Goals disagree on temperature: safer wants 0.4; more-creative wants 1.0." in shown
    titles = [c.title for c in prompter.shown_choices["conflict-temperature"]]
    assert titles == ["safer (0.4)", "more-creative (1.0)"]
    job = yaml.safe_load(same_file_from_the_printed_command(request, tmp_path, monkeypatch))
    assert job["inference_parameters"]["temperature"] == 1.0
    assert job["inference_parameters"]["top_p"] == 0.5
    assert "--prefer" in equivalent_argv(request)


def test_review_offers_one_change_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {**BASELINE_ANSWERS, "goals": ["better-quality"], "one-change": "response_candidates_count"}
    request, prompter, shown = wizard(answers)
    assert request.only == ("response_candidates_count",)
    # The review carries the same one compact line `new` prints, from the cost model; no price.
    work_lines = [line for s in shown for line in s.splitlines() if "documented baseline" in line]
    assert work_lines == [
        "Work against the documented baseline: more compute (tokens x4.0, steps x4.0).",  # the first review
        "Work against the documented baseline: more compute (tokens x2.0, steps x2.0).",  # after keeping one
    ]
    assert not [s for s in shown if "Price:" in s]
    choices = [c.value for c in prompter.shown_choices["one-change"]]
    assert choices == ["", "temperature", "response_candidates_count", "max_output_tokens"]
    job = yaml.safe_load(same_file_from_the_printed_command(request, tmp_path, monkeypatch))
    changed = {k for k, p in catalog().parameters.items() if job[p.section][p.field] != p.default}
    assert changed == {"response_candidates_count"}


def test_bad_answers_are_refused_with_the_checks_message_and_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = {
        **BASELINE_ANSWERS,
        "account": ["bad acct", "acme"],
        "dataset": ["", "gsm8k"],
        "evaluator": ["Bad_Eval", "math-exact"],
        "adjust": [True, True, False],
        "adjust-param": ["temperature", "batch_size"],
        "adjust-value": ["0", "two", "0.9", "65536"],
    }
    request, prompter, shown = wizard(answers)
    refused = [(q, a) for q, a, _ in prompter.refused]
    assert refused == [
        ("account", "bad acct"),
        ("dataset", ""),
        ("evaluator", "Bad_Eval"),
        ("adjust-value", "0"),
        ("adjust-value", "two"),
    ]
    messages = {(q, a): m for q, a, m in prompter.refused}
    assert messages[("adjust-value", "0")].startswith("temperature is outside the valid range 0.1..2.0 (")
    assert messages[("adjust-value", "two")] == (
        "temperature must be a number; use 0.1..2.0 (default 0.7); see `rftcfg explain temperature`."
    )
    assert messages[("dataset", "")] == "an answer is needed here."
    assert dict(request.values) == {"temperature": 0.9, "batch_size": 65536}
    assert any("When to move it:" in s for s in shown)
    job = yaml.safe_load(same_file_from_the_printed_command(request, tmp_path, monkeypatch))
    assert job["dataset"] == "accounts/acme/datasets/gsm8k"
    assert job["inference_parameters"]["temperature"] == 0.9


def test_an_adjustment_that_breaks_a_rule_must_be_fixed_before_writing() -> None:
    # An explicit batch below the context length is an error (a default one would be raised).
    answers = {
        **BASELINE_ANSWERS,
        "adjust": [True, False],
        "adjust-param": ["batch_size", "batch_size"],
        "adjust-value": ["4096", "16384"],
    }
    request, _, shown = wizard(answers)
    errors = [s for s in shown if "error: training_config.batch_size = 4096" in s]
    assert len(errors) == 1, "the error is listed once, under the review table"
    assert "The errors listed above must be fixed before the job can be written." in shown
    assert request.values == {"batch_size": 16384}


def test_existing_output_is_only_overwritten_after_confirming(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gsm8k-rft.yaml").write_text("keep me\n")
    answers = {**BASELINE_ANSWERS, "output": [DEFAULT, DEFAULT], "overwrite": [False, True]}
    request, prompter, _ = wizard(answers)
    assert prompter.asked.count("overwrite") == 2
    assert (request.output, request.force) == ("gsm8k-rft.yaml", True)
    assert "--force" in equivalent_argv(request)


def test_start_from_an_existing_file_prefills_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run("new", "--base-model", "llama-v3p1-70b-instruct", "--dataset", "accounts/acme/datasets/chat",
        "--evaluator", "accounts/acme/evaluators/judge", "--temperature", "0.5", "-o", "old.yaml")  # fmt: skip
    answers = {
        **dict.fromkeys(BASELINE_ANSWERS, DEFAULT),
        "start": "file",
        "start-file": ["missing.yaml", "old.yaml"],
        "goals": ["higher-capacity"],
        "output": "new.yaml",
    }
    request, prompter, _ = wizard(answers)
    assert request.start == Start("file", "old.yaml")
    assert prompter.refused[0][:2] == ("start-file", "missing.yaml")
    assert request.resources.dataset == "accounts/acme/datasets/chat"
    job = yaml.safe_load(same_file_from_the_printed_command(request, tmp_path, monkeypatch))
    assert job["inference_parameters"]["temperature"] == 0.5  # kept from the file
    assert job["training_config"]["lora_rank"] == 32  # the goal, steered by the 70B model


def test_from_a_file_without_wandb_the_command_carries_no_empty_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("new", "--base-model", "qwen3-8b", "--dataset", "accounts/acme/datasets/chat",
        "--evaluator", "accounts/acme/evaluators/judge", "-o", "old.yaml")  # fmt: skip
    answers = {**dict.fromkeys(BASELINE_ANSWERS, DEFAULT), "start": "file", "start-file": "old.yaml",
               "wandb": False, "output": "new.yaml"}  # fmt: skip
    request, _, _ = wizard(answers)
    argv = equivalent_argv(request)
    assert "" not in argv, argv  # nothing to remove, so no `--wandb-project ''` and the like
    same_file_from_the_printed_command(request, tmp_path, monkeypatch)


def test_start_from_a_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    request, prompter, _ = wizard({**BASELINE_ANSWERS, "start": "template:math-reasoning"})
    offered = [c.value for c in prompter.shown_choices["start"]]
    assert "template:math-reasoning" in offered
    assert "template:baseline" not in offered  # the first choice is the documented baseline already
    assert request.start == Start("template", "math-reasoning")
    same_file_from_the_printed_command(request, tmp_path, monkeypatch)


def test_warm_start_and_wandb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {
        **BASELINE_ANSWERS,
        "model-kind": "warm",
        "warm-start": "accounts/acme/models/sft-v1",
        "wandb": True,
        "wandb-project": "rft",
        "wandb-entity": "acme",
    }
    del answers["base-model"]
    request, _, _ = wizard(answers)
    assert (request.resources.base_model, request.resources.warm_start_from) == (None, "accounts/acme/models/sft-v1")
    job = yaml.safe_load(same_file_from_the_printed_command(request, tmp_path, monkeypatch))
    assert job["wandb_config"] == {"enabled": True, "project": "rft", "entity": "acme"}


def test_the_account_from_the_environment_is_the_default() -> None:
    request, _, _ = wizard({**BASELINE_ANSWERS, "dataset": "gsm8k", "evaluator": "math"}, account="acme")
    assert request.resources.account == "acme"
    argv = equivalent_argv(request)
    assert argv[argv.index("--account") + 1] == "acme", "the command must not depend on the environment"


def test_an_unexpected_question_fails_the_script() -> None:
    answers = dict(BASELINE_ANSWERS)
    del answers["evaluator"]
    with pytest.raises(UnexpectedQuestion, match="'evaluator'"):
        wizard(answers)


@pytest.mark.parametrize(
    ("dataset", "suggestion"),
    [("accounts/acme/datasets/gsm8k", "gsm8k-rft"), ("My_Data.v2", "my-data-v2-rft"), ("x" * 80, "x" * 59 + "-rft")],
)
def test_output_model_suggestion_stays_a_valid_id(dataset: str, suggestion: str) -> None:
    assert suggest_output_model(dataset) == suggestion


def test_three_goals_on_one_parameter_are_all_shown() -> None:
    answers = {
        **BASELINE_ANSWERS,
        "goals": ["better-quality", "safer", "more-creative"],
        "conflict-temperature": "safer",
        "conflict-response_candidates_count": DEFAULT,
        "conflict-top_p": DEFAULT,
        "one-change": DEFAULT,
    }
    answers.pop("conflict-response_candidates_count")  # rollouts has no conflict: only quality moves it
    request, prompter, shown = wizard(answers)
    assert "Goals disagree on temperature: better-quality, more-creative want 1.0; safer wants 0.4." in shown
    assert [c.title for c in prompter.shown_choices["conflict-temperature"]] == [
        "better-quality, more-creative (1.0)",
        "safer (0.4)",
    ]
    assert request.prefer["temperature"] == "safer"


def test_from_a_file_new_ids_are_suggested_and_empty_answers_remove_the_files_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("new", *["--base-model", "qwen3-8b", "--dataset", "accounts/acme/datasets/chat", "--evaluator",
                 "accounts/acme/evaluators/judge", "--job-id", "support-safer-1", "--output-model", "support-safer-1",
                 "--wandb-project", "rft", "--wandb-entity", "acme", "-g", "safer", "-o", "old.yaml"])  # fmt: skip
    answers = {
        **dict.fromkeys(BASELINE_ANSWERS, DEFAULT),
        "start": "file",
        "start-file": "old.yaml",
        "job-id": "",
        "wandb": False,
        "output": "new.yaml",
    }
    request, _, _ = wizard(answers)
    assert request.resources.output_model == "support-safer-2"  # suggested: a new run needs a new ID
    assert (request.resources.job_id, request.resources.wandb_project) == ("", "")
    job = yaml.safe_load(same_file_from_the_printed_command(request, tmp_path, monkeypatch))
    assert "reinforcement_fine_tuning_job_id" not in job
    assert "wandb_config" not in job
    assert job["inference_parameters"]["temperature"] == 0.4  # the file's values stay
    assert "--job-id ''" in " ".join(shlex.quote(a) for a in equivalent_argv(request))


@pytest.mark.parametrize(("current", "following"), [("support-safer-1", "support-safer-2"), ("gsm8k-rft", "gsm8k-rft-2"),
                                                     ("accounts/acme/models/m-9", "accounts/acme/models/m-10")])  # fmt: skip
def test_next_id(current: str, following: str) -> None:
    assert next_name(current) == following


def test_adjust_offers_choices_for_lora_rank_and_a_way_out() -> None:
    answers = {
        **BASELINE_ANSWERS,
        "adjust": [True, True, False],
        "adjust-param": ["lora_rank", ""],
        "adjust-choice": "16",
    }
    request, prompter, _ = wizard(answers)
    assert [c.value for c in prompter.shown_choices["adjust-choice"]] == ["4", "8", "16", "32"]
    assert request.values == {"lora_rank": 16}


def test_whole_numbers_parse_like_the_flags() -> None:
    answers = {
        **BASELINE_ANSWERS,
        "adjust": [True, False],
        "adjust-param": ["batch_size"],
        "adjust-value": ["8192.0", "16384"],
    }
    _, prompter, _ = wizard(answers)
    assert prompter.refused == [
        (
            "adjust-value",
            "8192.0",
            "batch_size must be a whole number, written without a decimal point or exponent; write 8192; "
            "use 1..2147483647 (default 32768); see `rftcfg explain batch_size`.",
        )
    ]


# --- dead ends ------------------------------------------------------------------------------------

FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


@pytest.mark.parametrize(("question", "short", "collection"), [("dataset", "gsm8k", "datasets"),
                                                                ("evaluator", "math-exact", "evaluators")])  # fmt: skip
def test_a_short_id_without_an_account_is_asked_again_in_the_wizards_terms(
    question: str, short: str, collection: str
) -> None:
    full = f"accounts/acme/{collection}/{short}"
    request, prompter, _ = wizard({**BASELINE_ANSWERS, question: [short, full]})
    assert getattr(request.resources, question) == full
    [(asked, answer, message)] = prompter.refused
    assert (asked, answer) == (question, short)
    assert f"accounts/<account>/{collection}/{short}" in message
    assert "no Fireworks account was given" in message
    assert not FLAG.search(message), message


def test_a_short_warm_start_without_an_account_is_asked_again() -> None:
    answers = {**BASELINE_ANSWERS, "model-kind": "warm", "warm-start": ["sft-v1", "accounts/acme/models/sft-v1"]}
    del answers["base-model"]
    _, prompter, _ = wizard(answers)
    assert [(q, a) for q, a, _ in prompter.refused] == [("warm-start", "sft-v1")]


def test_a_malformed_dataset_is_refused_without_naming_flags() -> None:
    _, prompter, _ = wizard({**BASELINE_ANSWERS, "dataset": ["Bad_Data", "accounts/acme/datasets/gsm8k"]})
    [(_, _, message)] = prompter.refused
    assert "accounts/<account>/datasets/<id>" in message
    assert not FLAG.search(message), message


@pytest.mark.parametrize("empty", ["wandb-project", "wandb-entity"])
def test_an_empty_wandb_answer_means_no_wandb_after_all(
    empty: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = {**BASELINE_ANSWERS, "wandb": True, "wandb-project": "rft", "wandb-entity": "acme", empty: ""}
    if empty == "wandb-project":
        del answers["wandb-entity"]  # nothing to ask once the project is skipped
    request, prompter, shown = wizard(answers)
    assert prompter.refused == []
    assert (request.resources.wandb_project, request.resources.wandb_entity) == (None, None)
    assert any("will not log to Weights & Biases" in s for s in shown)
    job = yaml.safe_load(same_file_from_the_printed_command(request, tmp_path, monkeypatch))
    assert "wandb_config" not in job


def test_keeping_one_change_drops_the_other_goals_from_header_and_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = {
        **BASELINE_ANSWERS,
        "goals": ["safer", "more-creative"],
        "conflict-temperature": "more-creative",
        "conflict-top_p": "safer",
        "one-change": "top_p",
    }
    request, _, _ = wizard(answers)
    assert (request.goals, request.only, dict(request.prefer)) == (("safer",), ("top_p",), {})
    argv = equivalent_argv(request)
    assert "--prefer" not in argv
    assert "more-creative" not in argv
    text = same_file_from_the_printed_command(request, tmp_path, monkeypatch).decode()
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert "# Goals: safer." in header
    assert not [line for line in header if "more-creative" in line or "Conflict" in line], header
    job = yaml.safe_load(text)
    changed = {k for k, p in catalog().parameters.items() if job[p.section][p.field] != p.default}
    assert changed == {"top_p"}


def test_keeping_one_change_keeps_the_goal_that_won_it() -> None:
    answers = {
        **BASELINE_ANSWERS,
        "goals": ["safer", "more-creative"],
        "conflict-temperature": "more-creative",
        "conflict-top_p": "safer",
        "one-change": "temperature",
    }
    request, _, _ = wizard(answers)
    assert (request.goals, request.only) == (("more-creative",), ("temperature",))


def test_no_message_the_wizard_shows_names_a_flag_it_does_not_have(tmp_path: Path) -> None:
    """Prompts' refusals and every finding shown, across answers that raise many of them."""
    old = tmp_path / "old.yaml"
    run("new", "--base-model", "qwen3-8b", "--dataset", "accounts/acme/datasets/chat", "--evaluator",
        "accounts/acme/evaluators/judge", "--job-id", "run-1", "--output-model", "run-1", "-o", str(old))  # fmt: skip
    scenarios: list[dict[str, Any]] = [
        {**BASELINE_ANSWERS, "dataset": ["gsm8k", "Bad_Data", "accounts/acme/datasets/gsm8k"],
         "evaluator": ["math", "accounts/acme/evaluators/math"], "goals": ["safer", "more-creative"],
         "conflict-temperature": DEFAULT, "conflict-top_p": DEFAULT, "one-change": DEFAULT,
         "adjust": [True, True, True, False], "adjust-param": ["temperature", "top_k", "batch_size", "batch_size"],
         "adjust-value": ["0.2", "90", "4096", "16384"]},
        {**dict.fromkeys(BASELINE_ANSWERS, DEFAULT), "start": "file", "start-file": str(old),
         "output-model": "run-1", "job-id": "run-1", "output": str(tmp_path / "new.yaml")},
        {**BASELINE_ANSWERS, "model-kind": "warm", "warm-start": ["sft", "accounts/fireworks/models/qwen3-8b"],
         "wandb": True, "wandb-project": "rft", "wandb-entity": ""},
    ]  # fmt: skip
    del scenarios[2]["base-model"]
    for answers in scenarios:
        prompter = ScriptedPrompter(answers)
        shown: list[str] = []
        request = run_wizard(prompter, shown.append)
        shown += [message for _, _, message in prompter.refused]
        shown.append(findings_text(produce(request).findings))
        named = [line for text in shown for line in text.splitlines() if FLAG.search(line)]
        assert named == [], "\n".join(named)


def test_a_broken_starting_file_is_refused_with_every_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.test_edges import BROKEN_START

    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.yaml").write_text(BROKEN_START)
    run("new", *["--base-model", "qwen3-8b", "--dataset", "accounts/acme/datasets/chat", "--evaluator",
                 "accounts/acme/evaluators/judge", "-o", "old.yaml"])  # fmt: skip
    answers = {**dict.fromkeys(BASELINE_ANSWERS, DEFAULT), "start": "file", "start-file": ["broken.yaml", "old.yaml"],
               "output": "new.yaml"}  # fmt: skip
    _, prompter, _ = wizard(answers)
    [(asked, answer, message)] = prompter.refused
    assert (asked, answer) == ("start-file", "broken.yaml")
    assert "training_config.epochs = 0" in message
    assert "temprature" in message
    assert "nothing was written" not in message


def test_from_a_file_with_only_an_output_model_both_ids_are_suggested_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("new", *["--base-model", "qwen3-8b", "--dataset", "accounts/acme/datasets/chat", "--evaluator",
                 "accounts/acme/evaluators/judge", "--output-model", "gsm8k-rft", "-o", "old.yaml"])  # fmt: skip
    answers = {**dict.fromkeys(BASELINE_ANSWERS, DEFAULT), "start": "file", "start-file": "old.yaml",
               "goals": ["more-creative"], "one-change": "temperature", "output": "new.yaml"}  # fmt: skip
    request, _, _ = wizard(answers)
    assert (request.resources.output_model, request.resources.job_id) == ("gsm8k-rft-2", "gsm8k-rft-2")
    emptied, _, shown = wizard({**answers, "job-id": ""})
    assert emptied.resources.job_id is None  # named by rftcfg after the change, as `new --from` does
    notes = [s for s in shown if "a job made from another" in s]
    assert notes
    assert not any(FLAG.search(s) for s in notes), notes


def test_the_adjust_step_sets_a_service_setting_and_leaves_the_rest_to_the_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = {
        **BASELINE_ANSWERS,
        "adjust": [True, True, False],  # not asked while the job has an error: the fix comes first
        "adjust-param": ["setting:loss_method", "setting:kl_beta", "setting:kl_beta"],
        "adjust-setting-choice": ["dapo"],
        # -1 is refused; 0.01 with DAPO is an error the person must fix; empty leaves it to the service
        "adjust-setting-value": ["-1", "0.01", ""],
    }
    request, prompter, shown = wizard(answers)
    refused = [(q, a) for q, a, _ in prompter.refused]
    assert refused == [("adjust-setting-value", "-1")]
    assert any("error: loss_config.kl_beta = 0.01" in s for s in shown)
    assert dict(request.settings) == {"loss_method": "DAPO"}
    job = yaml.safe_load(same_file_from_the_printed_command(request, tmp_path, monkeypatch))
    assert job["loss_config"] == {"method": "DAPO"}
    assert "chunk_size" not in job
    assert "batch_size_samples" not in job["training_config"]
