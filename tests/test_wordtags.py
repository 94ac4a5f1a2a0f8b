"""Word-level tags per aligned segment, placed in the user's documents."""
from __future__ import annotations

import json

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
    content = [w for w in second.source + second.target if w.kind == "content"]
    assert sum(w.tag == "BAD" for w in content) <= 0.2 * len(content)     # a faithful segment: few BAD words
    assert [f.kind for f in first.findings] == ["partial-omission"]
    assert not second.findings
