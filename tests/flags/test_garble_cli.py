"""The garble detectors through ``tqcheck check``: raised on a real document, off with --ignore, tuned with --set."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tqcheck.cli import cli

SOURCE = ("شورای شهر سه‌شنبه شب بودجه جدیدی برای مدارس دولتی تصویب کرد.\n\n"
          "کشاورزان می‌گویند قیمت کود از ابتدای سال دو برابر شده است.\n")
TARGET = ("The city council approved the the new budget for public schools on Tuesday evening.\n\n"
          "Farmers say the price of fertilizer has doubled since the beginning of the\n")


@pytest.fixture
def files(tmp_path_factory, fake_embedder):
    """The pair on disk; the fake embedder stands in for the model (these detectors read the text)."""
    fake_embedder.pair_texts(SOURCE, TARGET, "fa")
    folder = tmp_path_factory.mktemp("garble")
    (folder / "fa.txt").write_text(SOURCE, encoding="utf-8")
    (folder / "en.txt").write_text(TARGET, encoding="utf-8")
    return str(folder / "fa.txt"), str(folder / "en.txt")


def _flag_ids(files, *args):
    result = CliRunner().invoke(cli, ["check", *files, "--format", "json", "--fail-on", "never", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["flag_counts"]


def test_check_raises_the_new_flags(files):
    counts = _flag_ids(files)
    assert counts.get("doubled-word") == 1 and counts.get("truncated") == 1
    assert "repetition-loop" not in counts


def test_ignore_and_set_turn_them_off(files):
    counts = _flag_ids(files, "--ignore", "doubled-word,truncated")
    assert "doubled-word" not in counts and "truncated" not in counts
    assert "repetition-loop" in _flag_ids(files, "--set", "repetition_min_repeats=2")  # "the the" now a loop
    result = CliRunner().invoke(cli, ["check", *files, "--set", "truncated_max_ratio=abc"])
    assert result.exit_code == 2 and "not a number" in result.stderr
