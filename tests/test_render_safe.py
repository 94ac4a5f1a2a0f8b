"""Reports neutralise terminal escapes and bidi overrides from the input; rendering stays linear in its size."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from fakes import HashEmbedder

import tqcheck
from tqcheck.cli import cli
from tqcheck.config import CheckConfig
from tqcheck.render import render
from tqcheck.types import Alignment, Document, Flag, Report, Scores, Sentence, Severity

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b[8m"
SRC = "Der Preis beträgt 99,5 Dollar. Die Lieferung kommt morgen."
TGT = f"The price is \u202e$99.5\u202c dollars.{HOSTILE} The delivery comes tomorrow."


@pytest.fixture(scope="module")
def hostile_report():
    return tqcheck.check(SRC, TGT, CheckConfig(source_lang="de"), embedder=HashEmbedder(),
                         source_path="de\x1b[31m.txt", target_path="en.txt")


def test_cli_text_report_has_no_raw_escape(tmp_path, monkeypatch):
    import tqcheck.pipeline

    monkeypatch.setattr(tqcheck.pipeline, "load_embedder", lambda name: HashEmbedder())
    (tmp_path / "de.txt").write_text(SRC, encoding="utf-8")
    (tmp_path / "en.txt").write_text(TGT.replace(HOSTILE, "\x1b[2J"), encoding="utf-8")  # more reads as binary
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "de.txt"), str(tmp_path / "en.txt"),
                                      "--source-lang", "de", "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    assert "<U+202E>$99.5" in result.stdout and "<U+001B>[2J" in result.stdout


def test_html_shows_overrides_instead_of_obeying_them(hostile_report):
    page = render(hostile_report, "html")
    body = page.split("<body", 1)[1]
    assert "\u202e" not in body and "\x1b" not in body and "\x07" not in body
    assert "&lt;U+202E&gt;" in body and "&lt;U+001B&gt;]0;pwned&lt;U+0007&gt;" in body


def test_terminal_colour_codes_of_the_report_survive():
    from tqcheck.render.safe import neutralise_terminal

    coloured = "\x1b[31mERROR\x1b[0m user\x1b[2Jtext"
    assert neutralise_terminal(coloured, keep_colour=True) == "\x1b[31mERROR\x1b[0m user<U+001B>[2Jtext"
    assert "\x1b" not in neutralise_terminal(coloured)


def test_persian_joiners_and_marks_are_kept():
    from tqcheck.render.safe import neutralise

    text = "می\u200cخواهم \u200f(۱)\u200e"
    assert neutralise(text) == text


def _big_report(n: int) -> Report:
    sentences = tuple(Sentence(i, f"Sentence number {i}.", 20 * i, 20 * i + 19, i) for i in range(n))
    text = "\n".join(s.text for s in sentences)
    doc = Document("x.txt", "en", text, sentences)
    alignments = tuple(Alignment((i,), (i,), 0.9, 0.9, 1.0) for i in range(n))
    flags = tuple(Flag("doubled-word", Severity.WARNING, i, f"flag {i}", {}, ()) for i in range(n))
    return Report(doc, doc, alignments, flags, Scores(90.0, 0.9, 1.0, 1.0, 1.0), "sig", "fake", "en")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_rendering_is_linear_in_segments_and_flags(fmt):
    """20,000 segments with 20,000 flags: 400 million flag comparisons before (flags_for scanned every flag)."""
    out = render(_big_report(20_000), fmt)
    assert out.count("flag 19999") == 1


def test_translation_units_get_the_same_neutralised_terminal_output(tmp_path, fake_embedder):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(f"source\ttarget\n{SRC}\t{TGT.replace(HOSTILE, ' ')}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(pairs), "--source-lang", "de", "--fail-on", "never", "--all"])
    assert result.exit_code == 0, result.stderr
    assert "\u202e" not in result.stdout and "<U+202E>$99.5" in result.stdout


def test_score_and_compare_text_show_overrides_instead_of_obeying_them(tmp_path, fake_embedder):
    hyp, ref, src = tmp_path / "hyp.txt", tmp_path / "ref.txt", tmp_path / "de.txt"
    hyp.write_text("The price is \u202e$99.5\u202c dollars.\n", encoding="utf-8")
    ref.write_text("The price is $99.5 dollars.\n", encoding="utf-8")
    src.write_text(SRC.split(" Die")[0] + "\n", encoding="utf-8")
    score = CliRunner().invoke(cli, ["score", str(hyp), "--ref", str(ref), "--per-segment"])
    compare = CliRunner().invoke(cli, ["compare", str(src), str(hyp), str(ref), "--source-lang", "de"])
    for result in (score, compare):
        assert result.exit_code == 0, result.output
        assert "\u202e" not in result.stdout and "<U+202E>$99.5" in result.stdout
