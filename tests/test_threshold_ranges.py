"""Threshold ranges: declared once next to Thresholds, enforced by the library, --set and config files."""
from __future__ import annotations

import math
from dataclasses import fields

import pytest
from click.testing import CliRunner

from tqcheck.cli import cli
from tqcheck.config import THRESHOLD_RANGES, CheckConfig, Thresholds
from tqcheck.configfile import load_config
from tqcheck.errors import ConfigError

BAD = [
    ("repetition_min_repeats", 0),        # hung a check forever on '* * *'
    ("omission_sensitivity", -100),       # five spurious errors
    ("omission_sensitivity", 1e308),      # numpy overflow warnings
    ("low_similarity_warning", math.nan),
    ("length_ratio_high", math.inf),
    ("fragment_max_words", 2.5),
    ("foreign_min_probability", 2.5),
]


def test_every_threshold_has_a_range_that_holds_its_default():
    assert set(THRESHOLD_RANGES) == {f.name for f in fields(Thresholds)}
    for f in fields(Thresholds):
        limits = THRESHOLD_RANGES[f.name]
        assert limits.low <= f.default <= limits.high
        assert limits.integer == isinstance(f.default, int)


@pytest.mark.parametrize("name, value", BAD)
def test_library_refuses_out_of_range(name, value):
    with pytest.raises(ConfigError, match=name):
        Thresholds(**{name: value})
    with pytest.raises(ConfigError, match=name):
        CheckConfig().with_thresholds(**{name: value})


@pytest.mark.parametrize("name, value", BAD)
def test_set_option_refuses_out_of_range(tmp_path, name, value):
    (tmp_path / "fa.txt").write_text("سلام دنیا.", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Hello world.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "fa.txt"), str(tmp_path / "en.txt"),
                                      "--set", f"{name}={value}"])
    assert result.exit_code == 2
    assert name in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3  # click usage hint + one line at most


@pytest.mark.parametrize("name, value", [("repetition_min_repeats", "0"), ("omission_sensitivity", "nan"),
                                          ("near_copy_ratio", "inf")])
def test_config_file_refuses_out_of_range(tmp_path, name, value):
    path = tmp_path / "tqcheck.toml"
    path.write_text(f'{name} = {value}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{path}.*{name}"):
        load_config(str(path))


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "101"])
def test_fail_under_refuses_nan_and_out_of_range(tmp_path, value):
    result = CliRunner().invoke(cli, ["check", "a.txt", "b.txt", "--fail-under", value])
    assert result.exit_code == 2 and "--fail-under" in result.stderr


def test_in_range_values_are_accepted():
    t = CheckConfig().with_thresholds(repetition_min_repeats=2, omission_sensitivity=0, near_copy_ratio=2.0).thresholds
    assert (t.repetition_min_repeats, t.omission_sensitivity, t.near_copy_ratio) == (2, 0, 2.0)


def test_a_whole_number_threshold_given_a_fraction_is_refused_by_its_range_not_as_no_number(tmp_path):
    from tqcheck.cli.common import parse_settings

    (tmp_path / "fa.txt").write_text("سلام دنیا.", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Hello world.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "fa.txt"), str(tmp_path / "en.txt"),
                                      "--set", "fragment_max_words=2.5"])
    assert result.exit_code == 2 and "expected 0 to 1000 (whole number)" in result.stderr
    assert "not a number" not in result.stderr
    assert parse_settings(("fragment_max_words=3.0", "low_similarity_warning=0.4")) == \
        {"fragment_max_words": 3, "low_similarity_warning": 0.4}


def test_an_error_threshold_above_its_warning_threshold_is_refused():
    """Similarities between the two would be flagged neither way (the error is only raised under the warning)."""
    with pytest.raises(ConfigError, match="low_similarity_error=0.5 is above low_similarity_warning=0.3"):
        CheckConfig().with_thresholds(low_similarity_warning=0.3, low_similarity_error=0.5)
    assert CheckConfig().with_thresholds(low_similarity_warning=0.2, low_similarity_error=0.2).thresholds
