"""The service settings' checks over the whole data table: ranges, the KL-beta rule, the
deprecation warning; and the rollouts count the newer page allows."""

from __future__ import annotations

import pytest

from rftcfg.catalog import catalog
from rftcfg.core.checks import check_job, check_value
from rftcfg.core.job import Job
from rftcfg.core.settings import check_settings
from rftcfg.core.values import parse_setting

SETTINGS = list(catalog().settings.values())
KL = catalog().settings["kl_beta"]
METHOD = catalog().settings["loss_method"]


def job(**paths: object) -> Job:
    return Job({}).replace(paths)


@pytest.mark.parametrize("item", [s for s in SETTINGS if s.type != "choice"], ids=lambda s: s.key)
def test_values_outside_the_range_are_refused_by_flag_and_by_file(item) -> None:  # type: ignore[no-untyped-def]
    assert item.min is not None
    below = item.min - 1
    value, found = parse_setting(item, str(below))
    assert value is None
    assert [(f.level, f.code) for f in found] == [("error", "range")]
    assert [f.code for f in check_settings(job(**{item.path: below}))] == ["range"]
    if item.max is not None:
        assert [f.code for f in check_settings(job(**{item.path: item.max + 1}))] == ["range"]
    assert "explain " + item.key in (found[0].fix or "")


def test_an_unknown_loss_method_is_refused_and_the_apis_other_methods_are_warned() -> None:
    assert parse_setting(METHOD, "ppo")[0] is None
    assert parse_setting(METHOD, "GSPO_TOKEN")[0] == "GSPO_TOKEN"
    for value in METHOD.api_also:
        assert [(f.level, f.code) for f in check_settings(job(**{METHOD.path: value}))] == [("warning", "guidance")]
    for value in METHOD.also_default:
        assert check_settings(job(**{METHOD.path: value})) == []


@pytest.mark.parametrize("method", [None, *METHOD.choices, *METHOD.also_default])
@pytest.mark.parametrize("beta", [0.0, 0.001, 0.5])
def test_kl_beta_above_zero_is_an_error_with_every_method_but_grpo(method: str | None, beta: float) -> None:
    paths = {KL.path: beta, METHOD.path: METHOD.api_spelling(method) if method in METHOD.choices else method}
    codes = [f.code for f in check_job(job(**paths)) if f.level == "error"]
    effective = METHOD.choice_of(method) if method else None
    refused = beta > 0 and (effective or METHOD.default) not in KL.only_with
    assert ("kl-beta-method" in codes) is refused
    assert refused is (beta > 0 and method in ("dapo", "gspo-token"))  # the page's own words


def test_the_kl_beta_error_says_what_to_do() -> None:
    (found,) = check_settings(job(**{KL.path: 0.01, METHOD.path: "DAPO"}))
    assert found.level == "error"
    assert "dapo" in found.message
    assert "leave kl_beta out (or 0)" in (found.fix or "")


@pytest.mark.parametrize("item", [s for s in SETTINGS if s.instead], ids=lambda s: s.key)
def test_a_deprecated_setting_warns_and_names_what_to_use_instead(item) -> None:  # type: ignore[no-untyped-def]
    (found,) = check_settings(job(**{item.path: item.default}))
    assert (found.level, found.code, found.field) == ("warning", "deprecated", item.path)
    assert item.instead in found.message


def test_rollouts_are_refused_only_below_two_and_warned_past_eight_and_sixteen() -> None:
    n = catalog().parameters["response_candidates_count"]
    assert n.default == 4  # the older page's baseline does not move
    assert [f.code for f in check_value(n, 1)] == ["range"]
    for value in range(2, 9):
        assert all(f.level == "note" for f in check_value(n, value))
    for value in range(9, 17):
        (found,) = check_value(n, value)
        assert (found.level, found.code) == ("warning", "guidance")
        assert 'PT "Number of Rollouts (n)"' in found.message
        assert 'PT-NEW "Number of Rollouts"' in found.message
    for value in (17, 32, 1000):
        (found,) = check_value(n, value)  # one warning: the furthest bound crossed
        assert found.level == "warning"
        assert "diminish" in found.message
        assert "memory" in found.message
        assert "PT-NEW" in found.message
