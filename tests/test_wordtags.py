"""Word-level tags per aligned segment, placed in the user's documents."""
from __future__ import annotations

import json
from pathlib import Path

from tqcheck.pipeline import make_document
from tqcheck.types import Alignment
from tqcheck.wordtags import joined_offsets, segment_words

SOURCE = ("The minister visited the flooded villages and promised new bridges for the region.\n\n"
          "Prices rose sharply. The bank raised its rates.")
TARGET = ("Der Minister besuchte die überfluteten Dörfer.\n\n"
          "Die Preise stiegen stark. Die Bank erhöhte ihre Zinsen.")


def test_joined_offsets_point_into_the_document():
    doc = make_document("Ab. Cd.\n\nEf.", "en", None, False)
    joined = doc.joined((0, 1))
    offsets = joined_offsets(doc, (0, 1))
    assert len(offsets) == len(joined)
    assert "".join(doc.text[o] if c != " " else " " for c, o in zip(joined, offsets)) == joined


def test_segment_words_tags_and_places_words():
    src = make_document(SOURCE, "en", "src.txt", False)
    tgt = make_document(TARGET, "de", "tgt.txt", False)
    assert len(src.sentences) == 3 and len(tgt.sentences) == 3
    alignments = (Alignment((0,), (0,), 0.5), Alignment((1, 2), (1, 2), 0.9), Alignment((), ()))
    result = segment_words(src, tgt, alignments)
    assert [s.alignment for s in result] == [0, 1]          # the empty alignment has no words
    for seg in result:
        for w in seg.source:
            assert SOURCE[w.start:w.end] == w.text
        for w in seg.target:
            assert TARGET[w.start:w.end] == w.text
        json.dumps(seg.to_dict())
    first, second = result
    bad_src = {w.text for w in first.source if w.tag == "BAD"}
    assert {"bridges", "region"} <= bad_src and not {"minister", "villages"} & bad_src
    def bad_share(words):
        content = [w for w in words if w.kind == "content"]
        return sum(w.tag == "BAD" for w in content) / len(content)

    # a faithful segment: far fewer BAD words than the source of the cut one (the tagger, trained on MT output
    # where 15-67% of words are BAD, still calls some words of a clean translation BAD)
    assert bad_share(second.source + second.target) <= 0.3
    assert bad_share(second.source + second.target) < 0.6 * bad_share(first.source)
    assert [f.kind for f in first.findings] == ["partial-omission"]
    assert not second.findings


def test_check_word_level_writes_tagged_words_to_json(tmp_path, fake_embedder):
    """``check --word-level --format json``: every segment carries its words, tags and links, valid per schema."""
    import jsonschema
    from click.testing import CliRunner

    from tqcheck.cli import cli

    src_text = "The minister visited the flooded villages and promised new bridges for the region.\n"
    tgt_text = "Der Minister besuchte die überfluteten Dörfer.\n"
    fake_embedder.pair_texts(src_text, tgt_text, "en", "de")
    (tmp_path / "en.txt").write_text(src_text, encoding="utf-8")
    (tmp_path / "de.txt").write_text(tgt_text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "en.txt"), str(tmp_path / "de.txt"), "--source-lang",
                                      "en", "--target-lang", "de", "--word-level", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    schema = json.loads((Path(__file__).resolve().parents[1] / "tqcheck/schema/report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert "|words:" in report["signature"]
    words = report["segments"][0]["words"]
    assert words["alignment"] == report["segments"][0]["number"] == 1  # numbered from 1 like every segment
    bad = [w[2] for w in words["source"] if w[4] == "BAD"]
    assert "bridges" in bad and "minister" not in bad
    for start, end, text, _, _ in words["source"]:
        assert src_text[start:end] == text
    plain = CliRunner().invoke(cli, ["check", str(tmp_path / "en.txt"), str(tmp_path / "de.txt"), "--source-lang",
                                     "en", "--target-lang", "de", "--format", "json"])
    assert "words" not in json.loads(plain.stdout)["segments"][0]


def test_word_flags_highlight_the_words_in_the_document():
    from tqcheck.wordtags import word_flags

    src = make_document(SOURCE, "en", "src.txt", False)
    tgt = make_document(TARGET, "de", "tgt.txt", False)
    segments = segment_words(src, tgt, (Alignment((0,), (0,), 0.5),))
    flags = word_flags(src, tgt, segments, ("partial-omission",))
    assert [f.id for f in flags] == ["partial-omission"]
    (span,) = flags[0].spans
    assert span.side == "source" and SOURCE[span.start:span.end] == span.text
    assert "bridges" in span.text and "minister" not in span.text
    assert word_flags(src, tgt, segments, ()) == []
