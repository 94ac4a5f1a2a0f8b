"""Glossary: CSV/TSV and TBX files, required target terms and do-not-translate terms, per aligned segment."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import cli
from tqcheck.errors import InputError
from tqcheck.glossary import check_glossary, read_glossary
from tqcheck.types import Alignment, Document, Report, Scores, Sentence

DE = "Der Vorstand von Siemens traf sich am Montag.\n\nDie Aktionäre waren zufrieden."
EN = "The board of Siemens AG met on Monday.\n\nThe stockholders were happy."


def doc(path: str, lang: str, text: str) -> Document:
    sentences, start = [], 0
    for n, part in enumerate(text.split("\n\n")):
        start = text.index(part, start)
        sentences.append(Sentence(n, part, start, start + len(part), n))
        start += len(part)
    return Document(path, lang, text, tuple(sentences))


def report(source: str = DE, target: str = EN) -> Report:
    return Report(doc("de.txt", "de", source), doc("en.txt", "en", target),
                  (Alignment((0,), (0,), 0.9), Alignment((1,), (1,), 0.9)), (), Scores(90, 0.9, 1, 1, 1),
                  "tqcheck:test", "m", "en")


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_csv_required_terms_and_do_not_translate(tmp_path):
    glossary = read_glossary(write(tmp_path / "g.csv", "source,target,dnt\nVorstand,executive board|management "
                                                          "board,\nAktionäre,shareholders,\nSiemens,,yes\n"), "de")
    flags = check_glossary(report(), glossary).flags
    assert [(f.id, f.alignment) for f in flags] == [("glossary-term", 0), ("glossary-term", 1)]
    first = flags[0]
    assert first.message == "'Vorstand' should be translated as 'executive board' or 'management board' (glossary)"
    assert first.spans[0].side == "source" and first.spans[0].text == "Vorstand"  # highlighted in the source
    assert DE[first.spans[0].start:first.spans[0].end] == "Vorstand"
    good = check_glossary(report(target=EN.replace("board", "management board").replace("stockholders",
                                                                                          "Shareholders")), glossary)
    assert good.flags == ()
    renamed = check_glossary(report(target=EN.replace("Siemens AG", "the company")), glossary)
    assert [f.id for f in renamed.flags if f.id == "do-not-translate"] == ["do-not-translate"]
    assert renamed.signature.startswith("tqcheck:test|glossary:")


def test_terms_match_whole_words_only(tmp_path):
    glossary = read_glossary(write(tmp_path / "g.tsv", "source\ttarget\nVor\tbefore\n"), "de")
    assert check_glossary(report(), glossary).flags == ()  # 'Vor' is inside 'Vorstand', not a word of its own


def test_tbx(tmp_path):
    tbx = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry id="1"><langSet xml:lang="de"><tig><term>Aktionäre</term></tig></langSet>
    <langSet xml:lang="en"><tig><term>shareholders</term></tig></langSet></termEntry>
  <termEntry id="2"><langSet xml:lang="de"><tig><term>Siemens</term></tig></langSet></termEntry>
  <termEntry id="3"><langSet xml:lang="fr"><tig><term>actionnaires</term></tig></langSet></termEntry>
</body></text></martif>"""
    glossary = read_glossary(write(tmp_path / "g.tbx", tbx), "de", "en")
    assert [(t.source, t.targets, t.dnt) for t in glossary.terms] == [("Aktionäre", ("shareholders",), False),
                                                                      ("Siemens", ("Siemens",), True)]
    assert [f.id for f in check_glossary(report(), glossary).flags] == ["glossary-term"]


@pytest.mark.parametrize("text, message", [("term,meaning\na,b\n", "needs a header"),
                                           ("source,target\nVorstand,\n", "has no target term"),
                                           ("<martif><unclosed>", "not valid TBX")])
def test_bad_glossaries_are_one_line_errors(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        read_glossary(write(tmp_path / "g.txt", text), "de")


def test_check_and_batch_take_a_glossary(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    src, tgt = write(folder / "a.de.txt", DE), write(folder / "a.en.txt", EN)
    glossary = write(tmp_path / "g.csv", "source,target\nAktionäre,shareholders\n")
    result = CliRunner().invoke(cli, ["check", src, tgt, "--glossary", glossary, "--format", "json"])
    assert result.exit_code == 0, result.output  # a warning does not fail by default
    data = json.loads(result.stdout)
    flags = [f for s in data["segments"] for f in s["flags"] if f["id"] == "glossary-term"]
    assert len(flags) == 1 and flags[0]["spans"][0]["text"] == "Aktionäre" and "|glossary:" in data["signature"]
    strict = CliRunner().invoke(cli, ["batch", str(folder), "--glossary", glossary, "--fail-on", "warning",
                                      "--format", "json"])
    assert strict.exit_code == 1 and json.loads(strict.stdout)["pairs"][0]["flag_counts"]["glossary-term"] == 1
    missing = CliRunner().invoke(cli, ["check", src, tgt, "--glossary", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2 and "cannot read the glossary" in missing.stderr


def test_tbx_with_entities_is_refused(tmp_path):
    evil = '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><martif><text><body></body></text></martif>'
    with pytest.raises(InputError, match="entity declarations"):
        read_glossary(write(tmp_path / "g.tbx", evil), "de")
