"""Every reader on the samples written for the project: units, ids, locations, placeholders, encodings, bad files."""
from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.errors import InputError
from tqcheck.readers import read_document, read_units, resolve_format

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "formats"
DATA = ROOT / "tests" / "data" / "formats"


def units(name: str, fmt: str | None = None, **kw):
    path = str(SAMPLES / name)
    return list(read_units(path, fmt or resolve_format(path), **kw))


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


def test_xliff_12_units_ids_states_tags_and_lines():
    found = units("app.en-fa.xlf")
    assert [u.id for u in found] == ["inbox.count", "welcome", "upload.done", "settings.save", "storage.full",
                                     "logout.confirm", "help.link"]
    welcome = found[1]
    assert welcome.source == 'Welcome back, <g id="1">{name}</g>!'
    assert welcome.target == 'خوش برگشتی، <g id="1">{name}</g>!'
    path = SAMPLES / "app.en-fa.xlf"
    assert welcome.target_at.line == line_of(path, "خوش برگشتی")
    raw = path.read_text(encoding="utf-8").split("\n")[welcome.target_at.line - 1]
    assert raw[welcome.target_at.column - 1:].startswith("خوش")  # the column is where the text starts
    assert found[3].state == "needs-review-translation" and '<x id="2"/>' in found[3].source
    assert found[6].target == "" and found[6].target_at.line == found[6].source_at.line


def test_xliff_2_segments_and_states():
    found = units("guide.en-zh.xliff")
    assert [u.id for u in found] == ["intro", "paper", "cable", "warning", "toner"]
    assert found[1].target == '打开<pc id="1">纸盒</pc>并放入纸张。'
    assert found[2].source.endswith('port <ph id="2"/> on the back.')
    assert found[3].state == "initial"
    assert found[0].target_at.line == line_of(SAMPLES / "guide.en-zh.xliff", "这台打印机")


def test_po_entries_plurals_context_fuzzy_and_msgstr_lines():
    found = units("shop.ar.po")
    ids = [u.id for u in found]
    assert ids == ["Your cart is empty.", "Remove %(item)s from the cart?", "Total: %s for %d items", "Pay now",
                   "One item[0]", "One item[1]", "Delivery takes three to five working days.", "button|Sign in"]
    plural = found[5]
    assert (plural.source, plural.target) == ("%d items", "%d منتجات")
    assert found[3].state == "fuzzy"
    path = SAMPLES / "shop.ar.po"
    assert found[0].target_at.line == line_of(path, 'msgstr "سلة')
    assert found[5].target_at.line == line_of(path, "msgstr[1]") and found[5].target_at.column == 12
    assert found[6].target == ""


def test_tmx_chosen_pair_and_missing_variant():
    ar = units("phrases.tmx", source_lang="en", target_lang="ar")
    zh = units("phrases.tmx", source_lang="en", target_lang="zh")
    assert [u.id for u in ar] == ["train-delay", "museum", "tickets", "wifi"]
    assert ar[3].target == "" and zh[3].target == "主厅提供免费无线网络。"
    assert ar[1].target == 'المتحف مغلق أيام <bpt id="1"/>الاثنين<ept id="1"/>.'
    with pytest.raises(InputError, match="no translation unit has a 'fr' variant"):
        units("phrases.tmx", source_lang="fr", target_lang="en")


VARIANTS_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" adminlang="en" datatype="plaintext" segtype="sentence"
  o-tmf="none" creationtool="t" creationtoolversion="1"/>
<body>
<tu tuid="a"><tuv xml:lang="en-US"><seg>The library opens at nine.</seg></tuv>
  <tuv xml:lang="pt-BR"><seg>A biblioteca abre às nove.</seg></tuv>
  <tuv xml:lang="zh_Hant"><seg>圖書館九點開門。</seg></tuv>
  <tuv xml:lang="iw"><seg>הספרייה נפתחת בתשע.</seg></tuv>
  <tuv xml:lang="nb-NO"><seg>Biblioteket åpner klokka ni.</seg></tuv></tu>
<tu tuid="b"><tuv xml:lang="EN_gb"><seg>It closes at six.</seg></tuv>
  <tuv xml:lang="PT"><seg>Fecha às seis.</seg></tuv></tu>
</body></tmx>
"""


@pytest.mark.parametrize("target_lang, expected", [
    ("pt", ["A biblioteca abre às nove.", "Fecha às seis."]),  # region and case dropped
    ("pt_PT", ["A biblioteca abre às nove.", "Fecha às seis."]),
    ("zh-TW", ["圖書館九點開門。", ""]),  # script subtag with "_"
    ("he", ["הספרייה נפתחת בתשע.", ""]),  # old code "iw"
    ("no", ["Biblioteket åpner klokka ni.", ""]),  # Bokmål "nb" is Norwegian
])
def test_tmx_variants_match_by_language_as_the_language_table_reads_it(tmp_path, target_lang, expected):
    """xml:lang values with regions, script subtags, "_", any case and old or alias codes match the language
    the user names, as languages.base_code reads codes everywhere else; the header's "en-US" is English."""
    path = tmp_path / "variants.tmx"
    path.write_text(VARIANTS_TMX, encoding="utf-8")
    found = list(read_units(str(path), "tmx", target_lang=target_lang))
    assert [u.id for u in found] == ["a", "b"]
    assert [u.target for u in found] == expected
    assert found[1].source == "It closes at six."


def test_tmx_variant_by_alias_through_the_check_command(tmp_path, fake_embedder, monkeypatch):
    """`tqcheck check x.tmx --target-lang he` reports the units of a TMX written with the old code "iw"."""
    import json

    from click.testing import CliRunner

    from tqcheck.cli import cli

    path = tmp_path / "variants.tmx"
    path.write_text(VARIANTS_TMX, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--source-lang", "en", "--target-lang", "he",
                                      "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    segments = json.loads(result.stdout)["segments"]
    assert [(s["unit"]["id"], s["target"]["text"]) for s in segments] == [
        ("a", "הספרייה נפתחת בתשע."), ("b", "")]


def test_tsv_header_columns_and_field_columns():
    found = units("news.fa-en.tsv")
    assert [u.id for u in found] == ["n1", "n2", "n3", "n4", "n5", "n6"]
    assert found[0].source_at.line == 2 and found[0].source_at.column == 4
    assert found[0].target_at.column == 4 + len(found[0].source) + 1
    assert found[4].target == "" and found[4].row.endswith("\t")


def test_csv_quotes_and_jsonl_reference():
    csv_units = units("headlines.ar-en.csv")
    assert csv_units[2].target == 'The company announced 300 new jobs, "most of them" in factories.'
    assert csv_units[2].source_at.line == 4
    jsonl = units("reviews.zh-en.jsonl")
    assert jsonl[3].reference == "I will come again next time." and jsonl[3].target_at.line == 4


def test_aligned_lines_and_subtitle_cues():
    lines = list(read_units(str(SAMPLES / "mt.de.txt"), "lines", target_path=str(SAMPLES / "mt.en.txt")))
    assert len(lines) == 4 and lines[2].id == "3" and lines[2].target_at.path.endswith("mt.en.txt")
    cues = list(read_units(str(SAMPLES / "talk.zh.srt"), "srt", target_path=str(SAMPLES / "talk.en.vtt")))
    assert [c.id for c in cues] == ["1", "2", "3", "4"]
    assert cues[1].source == "今天我们讨论城市里的<i>自行车</i>交通。"
    assert "-->" not in cues[1].target and cues[1].target_at.line == 11
    with pytest.raises(InputError, match="has 2 lines but .* has 1"):
        list(read_units(str(DATA / "two.txt"), "lines", target_path=str(DATA / "one.txt")))


def test_subtitles_of_different_counts_match_by_time(tmp_path):
    (tmp_path / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n00:00:05,000 --> 00:00:06,000\n"
                                    "Two.\n", encoding="utf-8")
    (tmp_path / "b.srt").write_text("1\n00:00:05,100 --> 00:00:06,000\nZwei.\n", encoding="utf-8")
    found = list(read_units(str(tmp_path / "a.srt"), "srt", target_path=str(tmp_path / "b.srt")))
    assert [(u.source, u.target) for u in found] == [("One.", ""), ("Two.", "Zwei.")]


def test_html_keeps_the_article_and_drops_boilerplate():
    doc = read_document(str(SAMPLES / "library.fa.html"), "html")
    assert "کتابخانه مرکزی شهر" in doc.text
    for boilerplate in ("analytics", "font-family", "خانه |", "حقوق محفوظ"):
        assert boilerplate not in doc.text
    path = SAMPLES / "library.fa.html"
    second = doc.text.split("\n\n")[1]
    assert doc.origin[1].line == line_of(path, second[:20])


def test_markdown_blocks_without_markup_or_code():
    doc = read_document(str(SAMPLES / "recipe.zh.md"), "markdown")
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "番茄炒蛋" and "三个鸡蛋" in paragraphs and "代码" not in doc.text
    assert "#" not in doc.text and "-" not in doc.text
    assert doc.origin[0].line == 1 and doc.origin[0].column == 3


def test_docx_paragraphs_and_headings_by_paragraph_number():
    doc = read_document(str(SAMPLES / "letter.ar.docx"), "docx")
    assert doc.text.split("\n\n")[0] == "رسالة إلى السكان"
    assert [a.line for a in doc.origin] == [1, 2, 3, 4]


@pytest.mark.parametrize("name, given, message", [
    ("fake.docx", None, "the name says a DOCX file but its content does not match"),
    ("text.xlf", None, "the name says XLIFF but its content does not match"),
    ("notsrt.srt", None, "the name says SRT subtitles but it looks like a gettext PO file"),
    ("broken.xlf", None, "not a valid XLIFF file"),
    ("short.tsv", None, "short.tsv:2: expected 3 columns, found 2"),
    ("binary.tsv", None, "looks like a binary file"),
    ("latin1.tsv", None, "line 2 is not UTF-8 text"),
    ("nokeys.jsonl", None, "nokeys.jsonl:1: expected a JSON object with 'source' and 'target'"),
    ("fake.docx", "docx", "not a DOCX file (not a ZIP archive)"),
])
def test_bad_files_give_one_line_errors(name, given, message):
    path = str(DATA / name)
    with pytest.raises(InputError) as err:
        fmt = resolve_format(path, given)
        if fmt in ("docx", "html", "markdown", "text"):
            read_document(path, fmt)
        else:
            list(read_units(path, fmt))
    assert message in str(err.value) and "\n" not in str(err.value)


def test_utf16_tsv_is_read():
    found = list(read_units(str(DATA / "utf16.tsv"), "tsv"))
    assert (found[0].source, found[0].target) == ("Hi", "Hallo")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_tsv_in_utf16_without_a_byte_order_mark_is_read_as_a_text_document_is(tmp_path, encoding):
    path = tmp_path / "pairs.tsv"
    path.write_bytes("source\ttarget\nGuten Morgen.\tGood morning.\n".encode(encoding))
    found = list(read_units(str(path), "tsv"))
    assert [(u.source, u.target, u.target_at.line) for u in found] == [("Guten Morgen.", "Good morning.", 2)]


def test_a_streamed_file_not_in_utf8_gets_the_code_page_its_bytes_suggest(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_bytes("source\ttarget\nCafé crème.\tCoffee with cream.\n".encode("latin-1"))
    with pytest.raises(InputError, match="line 2 is not UTF-8 text .*iconv -f WINDOWS-1252 "):
        list(read_units(str(path), "tsv"))
    path.write_bytes("source\ttarget\nسلام عليكم\tHello\n".encode("cp1256"))
    with pytest.raises(InputError, match="iconv -f WINDOWS-1256 "):
        list(read_units(str(path), "tsv"))


def test_format_from_content_when_the_name_says_nothing(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes((SAMPLES / "shop.ar.po").read_bytes())
    assert resolve_format(str(path)) == "po"
    assert resolve_format(str(SAMPLES / "mt.de.txt")) == "text"


def test_html_keeps_the_persian_zero_width_non_joiner():
    doc = read_document(str(SAMPLES / "library.fa.html"), "html")
    assert "جمعه\u200cها" in doc.text and "می\u200cتوانند" in doc.text


def test_a_missing_reader_library_is_one_line_naming_an_install_that_works(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "markdown_it", None)  # as if markdown-it-py were not installed
    with pytest.raises(InputError) as err:
        read_document(str(SAMPLES / "recipe.en.md"), "markdown")
    message = str(err.value)
    assert "'markdown-it-py'" in message and "[formats]" in message and "\n" not in message
    assert "pip install 'tqcheck[formats]'" not in message  # tqcheck is on no package index
