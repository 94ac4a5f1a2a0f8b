"""The check command in-process with CliRunner: formats, output files, exit codes, errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import cli

DE = ("Die Regierung hat am Montag neue Regeln beschlossen.\n\n"
      "Ab März müssen alle Geschäfte um 20 Uhr schließen.\n\n"
      "Die Opposition kritisierte die Entscheidung scharf.\n\n"
      "Viele Händler fürchten um ihre Existenz.")
EN = ("The government adopted new rules on Monday.\n\n"
      "From March all shops must close at 8 pm.\n\n"
      "The opposition sharply criticised the decision.\n\n"
      "Many traders fear for their livelihood.")


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "de.txt").write_text(DE, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    return str(tmp_path / "de.txt"), str(tmp_path / "en.txt")


@pytest.fixture
def fake_pair(pair, fake_embedder) -> tuple[str, str]:
    """The pair, checked with the fake embedder (where the model is not the point): DE and EN are translations."""
    fake_embedder.pair_texts(DE, EN, "de")
    return pair


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_text_report_and_pass(pair):
    result = run("check", *pair)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("score ") and "  PASS  0 errors" in result.stdout
    assert "no findings" in result.stdout
    assert "[de, detected, 4 sentences]" in run("check", *pair, "--verbose").stdout
    assert "\x1b[" not in result.stdout  # no colours when not on a terminal


def test_json_report_validates_against_the_schema(pair):
    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[1] / "tqcheck/schema/report.schema.json").read_text())
    result = run("check", *pair, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    jsonschema.validate(report, schema)
    assert [s["kind"] for s in report["segments"]] == ["1-1"] * 4
    assert all(s["similarity"] > 0.8 for s in report["segments"])
    assert report["result"] == "pass"


def test_stdin_for_one_side(pair):
    result = run("check", pair[0], "-", "--format", "json", input=EN)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["target"]["path"] == "-"


def test_number_mismatch_fails_the_check_with_exit_1(fake_pair, fake_embedder, tmp_path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(EN.replace("8 pm", "9 pm"), encoding="utf-8")
    fake_embedder.pair_texts(DE, EN.replace("8 pm", "9 pm"), "de")
    result = run("check", fake_pair[0], str(wrong))
    assert result.exit_code == 1
    assert "number-mismatch" in result.stdout and "20" in result.stdout
    assert "fail" in result.stderr
    assert run("check", fake_pair[0], str(wrong), "--fail-on", "never").exit_code == 0
    assert run("check", fake_pair[0], str(wrong), "--ignore", "number-mismatch").exit_code == 0


def test_fail_under(fake_pair):
    src, tgt = fake_pair
    with open(tgt, "a", encoding="utf-8") as fh:  # an added sentence counts as zero: the score is under 100
        fh.write("\n\nCoffee prices rose sharply in the markets of the world this month.\n")
    score = json.loads(run("check", src, tgt, "--format", "json").stdout)["scores"]["document"]
    assert 0 < score < 100
    assert run("check", src, tgt, "--fail-under", "100").exit_code == 1
    assert run("check", src, tgt, "--fail-under", f"{score + 0.5:.1f}").exit_code == 1
    assert run("check", src, tgt, "--fail-under", f"{score - 0.5:.1f}").exit_code == 0


def test_output_file_never_overwrites_inputs(fake_pair, tmp_path):
    out = tmp_path / "report.json"
    assert run("check", *fake_pair, "--format", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["schema"] == "tqcheck.report/2"
    again = run("check", *fake_pair, "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert run("check", *fake_pair, "-o", str(out), "--force").exit_code == 0
    clobber = run("check", *fake_pair, "-o", fake_pair[1], "--force")
    assert clobber.exit_code == 2 and "input file" in clobber.stderr
    assert Path(fake_pair[1]).read_text(encoding="utf-8") == EN


@pytest.mark.parametrize("setup, message", [
    (lambda d: None, "no such file"),
    (lambda d: (d / "x.txt").write_text(""), "is empty"),
    (lambda d: (d / "x.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10), "binary"),
    (lambda d: (d / "x.txt").write_bytes("Grüße aus Köln".encode("latin-1")), "not UTF-8"),
])
def test_bad_input_is_a_one_line_error(fake_pair, tmp_path, setup, message):
    setup(tmp_path)
    result = run("check", fake_pair[0], str(tmp_path / "x.txt"))
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_same_text_unsupported_language_and_bad_options(fake_pair):
    same = run("check", fake_pair[1], fake_pair[1])
    assert same.exit_code == 2 and "same text" in same.stderr
    lang = run("check", *fake_pair, "--source-lang", "tlh")
    assert lang.exit_code == 2 and "not supported" in lang.stderr
    ignore = run("check", *fake_pair, "--ignore", "no-such-flag")
    assert ignore.exit_code == 2 and "unknown flag" in ignore.stderr
    setting = run("check", *fake_pair, "--set", "bogus=1")
    assert setting.exit_code == 2 and "NAME=VALUE" in setting.stderr


def test_set_changes_a_threshold(fake_pair):
    strict = run("check", *fake_pair, "--set", "low_similarity_warning=0.9999", "--format", "json",
                 "--fail-on", "never")
    flags = [f["id"] for s in json.loads(strict.stdout)["segments"] for f in s["flags"]]
    assert "low-similarity" in flags
    assert "low_similarity_warning=0.9999" in json.loads(strict.stdout)["signature"]


def test_wrong_target_language_is_a_finding_not_a_crash(fake_pair, tmp_path):
    fr = tmp_path / "fr.txt"
    fr.write_text("Le gouvernement a adopté de nouvelles règles lundi.\n\nÀ partir de mars, tous les magasins "
                  "doivent fermer à 20 heures.\n\nL'opposition a vivement critiqué la décision.\n\n"
                  "De nombreux commerçants craignent pour leur existence.", encoding="utf-8")
    result = run("check", fake_pair[0], str(fr))
    assert result.exit_code == 1
    assert "wrong-language" in result.stdout and "'fr'" in result.stdout


def test_help_and_version_are_instant():
    assert "check" in run("--help").stdout
    assert run("--version").stdout.startswith("tqcheck, version")


def test_progress_bar_is_drawn_on_a_terminal_and_silent_otherwise(capsys):
    from tqcheck.cli.common import TtyProgress

    bar = TtyProgress()
    bar.tty = True
    bar("embedding source sentences", 3, 12)
    bar("embedding source sentences", 12, 12)
    bar.done()
    err = capsys.readouterr().err
    assert "\r\x1b[Kembedding source sentences [######                  ] 3/12" in err
    assert f"[{'#' * 24}] 12/12" in err and err.endswith("\r\x1b[K")
    quiet = TtyProgress()
    quiet.enabled = False
    quiet("embedding source sentences", 3, 12)
    quiet.done()
    assert capsys.readouterr().err == ""


def test_findings_are_located_as_file_line_col(fake_pair, fake_embedder, tmp_path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(EN.replace("8 pm", "9 pm"), encoding="utf-8")
    fake_embedder.pair_texts(DE, EN.replace("8 pm", "9 pm"), "de")
    out = run("check", fake_pair[0], str(wrong)).stdout
    line = next(x for x in out.splitlines() if "number-mismatch" in x)
    assert line.startswith(f"{wrong}:3:36 error number-mismatch: ")  # at the "9"
    assert "Ab März müssen alle Geschäfte um 20 Uhr schließen." in out  # the segment's source, in full


@pytest.mark.parametrize("no_color, coloured", [(None, True), ("1", False), ("", True)])
def test_colour_on_a_terminal_unless_no_color(pair, monkeypatch, no_color, coloured):
    """Run the real command under a pseudo-terminal: colours on a TTY, none with NO_COLOR set (non-empty)."""
    import os
    import pty
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    if no_color is not None:
        env["NO_COLOR"] = no_color
    leader, follower = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "tqcheck", "check", *pair], stdout=follower,
                          stderr=subprocess.DEVNULL, env=env, timeout=300)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    out = b"".join(chunks).decode()
    assert proc.returncode == 0 and "score " in out
    assert ("\x1b[" in out) == coloured


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "gitlab"])
def test_check_writes_every_ci_format(fake_pair, fake_embedder, tmp_path, fmt):
    import xml.etree.ElementTree as ET

    wrong = tmp_path / "wrong.txt"
    wrong.write_text(EN.replace("8 pm", "9 pm"), encoding="utf-8")
    fake_embedder.pair_texts(DE, EN.replace("8 pm", "9 pm"), "de")
    result = run("check", fake_pair[0], str(wrong), "--format", fmt)
    assert result.exit_code == 1, result.output
    out = result.stdout
    if fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"][0]["ruleId"] == "number-mismatch"
    elif fmt == "junit":
        assert "number-mismatch" in ET.fromstring(out).find(".//failure").text
    elif fmt == "github":
        assert out.startswith(f"::error file={wrong},line=3,col=36,") and "title=tqcheck number-mismatch" in out
    else:
        issue = json.loads(out)[0]
        assert issue["check_name"] == "number-mismatch" and issue["location"]["lines"]["begin"] == 3


def test_check_reuses_the_disk_cache_and_embeds_only_what_changed(pair, tmp_path, monkeypatch):
    import tqcheck.embed

    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    real = tqcheck.embed.load_embedder
    embedded: list[str] = []

    class Counting:
        def __init__(self, name):
            self.inner = real(name)
            self.name = self.inner.name

        def encode(self, texts):
            embedded.extend(texts)
            return self.inner.encode(texts)

    monkeypatch.setattr(tqcheck.embed, "load_embedder", Counting)
    assert run("check", *pair).exit_code == 0
    first = len(embedded)
    assert first > 8 and any((tmp_path / "cache").rglob("*.vec"))
    assert run("check", *pair, "--format", "json").exit_code == 0
    assert len(embedded) == first  # nothing embedded again: the model was not even loaded
    edited = tmp_path / "edited.txt"
    edited.write_text(EN.replace("Many traders fear", "Many shopkeepers fear"), encoding="utf-8")
    assert run("check", pair[0], str(edited)).exit_code == 0
    again = embedded[first:]
    assert again and all("shopkeepers" in text for text in again)  # only texts with the changed sentence
    assert run("check", *pair, "--no-cache").exit_code == 0
    assert len(embedded) > first + len(again)  # --no-cache embeds everything again


def test_align_reads_html_as_check_does_and_refuses_translation_units(fake_embedder, tmp_path):
    samples = Path(__file__).resolve().parents[1] / "samples" / "formats"
    result = run("align", str(samples / "library.fa.html"), str(samples / "library.en.html"), "--format", "tsv")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    assert rows and not [r for r in rows if "<" in r or "html" in r.lower()]  # article text, no markup lines
    assert any("mayor" in r for r in rows)
    units = run("align", str(samples / "app.en-fa.xlf"), str(samples / "library.en.html"))
    assert units.exit_code == 2 and "translation units" in units.stderr
    assert len(units.stderr.strip().splitlines()) == 1
    html = [str(samples / n) for n in ("library.fa.html", "library.en.html", "library.en.html")]
    compared = json.loads(run("compare", *html, "--format", "json").stdout)
    assert compared["units"] and not [u for u in compared["units"] if "<" in json.dumps(u, ensure_ascii=False)]


def test_a_finding_about_the_source_file_points_into_the_source(fake_pair):
    src, tgt = fake_pair
    result = run("check", src, tgt, "--source-lang", "fa", "--format", "github")
    line = next(x for x in result.stdout.splitlines() if "source-language" in x)
    assert line.startswith(f"::warning file={src},line=1,col=1,")
    text = run("check", src, tgt, "--source-lang", "fa").stdout
    assert f"{src}:1:1 warning source-language:" in text


def test_standard_input_is_read_once_whatever_the_format(fake_pair, fake_embedder, tmp_path):
    src, tgt = fake_pair
    de = Path(src).read_text(encoding="utf-8")
    source_side = run("check", "-", tgt, input=de)  # the source is read for its language, then checked
    assert source_side.exit_code == 0, source_side.output
    assert source_side.stdout.startswith("tqcheck - [de] -> ") and "PASS" in source_side.stdout
    assert run("baseline", "-", tgt, input=de).exit_code == 0
    tsv = "source\ttarget\n" + "".join(f"{a}\t{b}\n" for a, b in zip(DE.split("\n\n"), EN.split("\n\n")))
    units = run("check", "-", "--input-format", "tsv", "--format", "tsv", input=tsv)
    assert units.exit_code == 0, units.output
    assert [r.split("\t")[0] for r in units.stdout.splitlines()[1:]] == DE.split("\n\n")  # line by line
    xliff = (Path(__file__).resolve().parents[1] / "samples" / "formats" / "app.en-fa.xlf").read_text(encoding="utf-8")
    told = run("check", "-", "--format", "json", "--fail-on", "never", input=xliff)  # known by its content
    assert told.exit_code == 0 and json.loads(told.stdout)["target"]["expected_lang"] == "fa"


def test_a_one_segment_report_says_segment(fake_embedder, tmp_path):
    (tmp_path / "de.txt").write_text("Die Regierung hat neue Regeln beschlossen.", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The government adopted new rules.", encoding="utf-8")
    fake_embedder.pair("Die Regierung hat neue Regeln beschlossen.", "The government adopted new rules.")
    header = run("check", str(tmp_path / "de.txt"), str(tmp_path / "en.txt"), "--source-lang", "de"
                 ).stdout.splitlines()[1]
    assert header.endswith("(1 segment)"), header


def test_a_reference_of_an_html_article_is_read_as_its_article(fake_embedder):
    samples = Path(__file__).resolve().parents[1] / "samples" / "formats"
    fa, en = str(samples / "library.fa.html"), str(samples / "library.en.html")
    data = json.loads(run("check", fa, en, "--ref", en, "--format", "json", "--fail-on", "never").stdout)
    references = [t for s in data["segments"] if s.get("reference") for t in s["reference"]["texts"]]
    assert references and not [r for r in references if "<" in r]
    chrf = next(c for c in data["metrics"]["corpus"] if c["name"] == "chrF2")
    assert chrf["score"] == 100.0  # the translation is its own reference, article for article


def test_a_source_too_short_to_tell_is_one_line_asking_for_source_lang(fake_embedder, tmp_path):
    """``check ja.txt yes.txt`` went on with the source read as Swahili; a unit file that declares its source
    language (XLIFF source-language) is read in that language, however short."""
    fake_embedder.pair("Ja", "Yes")
    (tmp_path / "ja.txt").write_text("Ja\n", encoding="utf-8")
    (tmp_path / "yes.txt").write_text("Yes\n", encoding="utf-8")
    (tmp_path / "ja.tsv").write_text("source\ttarget\nJa\tYes\n", encoding="utf-8")
    for args in ([str(tmp_path / "ja.txt"), str(tmp_path / "yes.txt")], [str(tmp_path / "ja.tsv")]):
        refused = run("check", *args)
        assert refused.exit_code == 2 and refused.stdout == "" and refused.stderr.count("\n") == 1
        assert refused.stderr.startswith("tqcheck: error: source: too short to tell its language (2 letters")
        assert refused.stderr.endswith("pass --source-lang\n")
        given = run("check", *args, "--source-lang", "de", "--format", "json")
        assert given.exit_code == 0 and json.loads(given.stdout)["source"]["lang"] == "de"
    (tmp_path / "ja.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a" source-language="de-DE" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="yes"><source>Ja</source><target>Yes</target></trans-unit></body></file></xliff>\n',
        encoding="utf-8")
    declared = run("check", str(tmp_path / "ja.xlf"), "--format", "json")
    assert declared.exit_code == 0, declared.stderr
    assert json.loads(declared.stdout)["source"]["lang"] == "de"
    assert json.loads(declared.stdout)["source"]["lang_detected"] is False
