"""The garble detectors measured on seeded corruptions (tools.evaluate, python -m tools.evalflags); the figures are
guarded with a margin under what was measured (precision 0.99, recall 0.97, clean false positives 0.3%)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tools.corrupt import CORRUPTIONS
from tools.evalflags import eval_flags
from tools.evaluate import DEFAULT_DATA, build_items, evaluate, load_ntrex, load_pairs, sample_result

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pairs(bench):
    return load_pairs(DEFAULT_DATA) + load_ntrex(bench, 60, 0)


@pytest.fixture(scope="module")
def result(pairs):  # the tests that use it are marked slow
    """The evaluation with the real bundled model (only fragments and hallucinations embed: ~100 texts)."""
    return evaluate(pairs, seed=0, per_kind=15)


def test_data_covers_six_source_languages(pairs):
    own = [p for p in pairs if p.row >= 0]
    counts = {lang: sum(1 for p in own if p.lang == lang) for lang in ("fa", "ar", "de", "zh", "ru", "es")}
    assert all(n >= 25 for n in counts.values()), counts
    assert sum(1 for p in pairs if p.origin.startswith("ntrex128:")) == 120


@pytest.mark.slow
def test_overall_targets_with_margin(result):
    assert result.overall.precision >= 0.95, result.overall
    assert result.overall.recall >= 0.9, result.overall
    assert result.clean >= 300 and result.false_positive_rate <= 0.015, result.false_positives


@pytest.mark.slow
@pytest.mark.parametrize("flag_id", sorted({c.expected for c in CORRUPTIONS.values()}))
def test_every_flag_kind_is_measured_and_useful(result, flag_id):
    score = next(s for s in result.per_flag if s.name == flag_id)
    assert score.tp + score.fn >= 15
    assert score.precision >= 0.85 and score.recall >= 0.7, score


@pytest.mark.slow
def test_each_corruption_kind_has_items(result):
    for kind, expected, n, caught in result.per_corruption:
        assert n == 15, kind
        assert caught / n >= 0.6, (kind, expected, caught)


@pytest.mark.slow
def test_sample_gold_sentences(rahnam_report):
    sample = sample_result(rahnam_report)
    assert sample.caught == {"B1": True, "B2": True, "B3": True, "B4": True, "B5": True}
    assert sample.clean_flagged == [] and sample.clean_sentences >= 25


def test_corruptions_are_seeded_and_labelled(pairs):
    first, again = build_items(pairs, 3, 4), build_items(pairs, 3, 4)
    assert first == again
    assert build_items(pairs, 4, 4) != first
    corrupted = [it for it in first if it.kind != "clean"]
    assert {it.kind for it in corrupted} == set(CORRUPTIONS)
    assert all(it.target != it.pair.target and it.expected == CORRUPTIONS[it.kind].expected for it in corrupted)


def _run(args):
    return CliRunner().invoke(eval_flags, list(args))


FAST = ["--per-kind", "2", "--ntrex", "0", "--no-sample", "--ignore", "fragment,hallucination"]


def test_cli_prints_figures_without_the_model():
    result = _run(FAST)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "synthetic corruptions" in out and "overall" in out and "false-positive rate" in out
    assert "fragment " not in out.split("corruption")[0]  # ignored flags are not measured


def test_cli_json_and_set_file(tmp_path):
    import json

    out = tmp_path / "set.tsv"
    result = _run(FAST + ["--format", "json", "--write-set", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["synthetic"] is True and 0 <= data["overall"]["precision"] <= 1
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("kind\texpected") and len(rows) > 200
    again = _run(FAST + ["--write-set", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_cli_check_targets_fails_when_a_target_is_missed():
    silenced = ["untranslated_min_chars=1000", "near_copy_ratio=2.0", "foreign_min_letters=100000",
                "length_ratio_low=0.0"]
    args = FAST + [x for setting in silenced for x in ("--set", setting)]
    assert _run(args).exit_code == 0
    result = _run(args + ["--check-targets"])
    assert result.exit_code == 1 and "targets" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--data", "/nonexistent/folder"], "no <lang>.tsv"),
    (["--ignore", "no-such-flag"], "unknown flag"),
    (["--set", "nonsense=1"], "--set"),
])
def test_cli_bad_input_is_a_one_line_error(args, message):
    result = _run(args + ["--no-sample"])
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_cli_notes_missing_benchmark_data(tmp_path):
    args = ["--per-kind", "1", "--ntrex", "5", "--bench", str(tmp_path), "--no-sample", "--ignore",
            "fragment,hallucination"]
    result = _run(args)
    assert result.exit_code == 0 and "no NTREX-128 data" in result.stderr
    assert "of 198 clean pairs" in result.stdout


def test_runs_as_a_module_from_any_working_directory(tmp_path):
    """The tool finds its default data next to itself, not in the working directory (it failed once installed)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tools.evalflags", *FAST, "--format", "json"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert '"synthetic": true' in done.stdout


def test_the_installed_command_has_no_eval_flags():
    from tqcheck.cli import cli

    result = CliRunner().invoke(cli, ["eval-flags"])
    assert result.exit_code == 2 and "No such command" in result.stderr
