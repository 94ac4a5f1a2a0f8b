"""Units as documents: locations back into the file, chunked reports merged, one unit per line."""
from __future__ import annotations

import zlib

import numpy as np

from tqcheck.config import CheckConfig
from tqcheck.pipeline import check_units
from tqcheck.types import Position, Unit
from tqcheck.units import unit_document


class HashModel:
    name = "hash"

    def encode(self, texts):
        rows = [np.random.default_rng(zlib.crc32(t.encode())).normal(size=16) for t in texts]
        return np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32).reshape(len(texts), 16)


def make_units(n: int) -> list[Unit]:
    return [Unit(f"u{k}", f"Das ist der Satz Nummer {k} mit {{0}}.", f"This is sentence number {k} with {{0}}."
                 if k % 3 else "", Position("a.tsv", k + 1, 1), Position("a.tsv", k + 1, 40)) for k in range(n)]


def test_document_offsets_map_to_file_positions_past_removed_markup():
    unit = Unit("a", 'Save <g id="1">now</g> or {0} later', 'Jetzt <g id="1">speichern</g>, {0} später',
                Position("f.xlf", 7, 17), Position("f.xlf", 8, 20))
    doc, ids = unit_document([unit], "target", "de")
    assert doc.sentences[0].text == "Jetzt speichern, später"
    start = doc.text.index("später")
    raw_at = unit.target.index("später")
    assert doc.line_col(start) == (8, 20 + raw_at)
    assert doc.line_col(0) == (8, 20) and ids == [0]


def test_chunked_check_keeps_every_unit_once_in_order():
    units = make_units(7)
    whole = check_units(units, CheckConfig(source_lang="de"), embedder=HashModel(), chunk_size=512)
    chunked = check_units(units, CheckConfig(source_lang="de"), embedder=HashModel(), chunk_size=3)
    assert [u.id for u in chunked.units] == [u.id for u in units]
    assert [a.kind for a in chunked.alignments] == [a.kind for a in whole.alignments]
    assert [a.kind for a in whole.alignments] == ["1-0" if k % 3 == 0 else "1-1" for k in range(7)]
    empty = [f for f in chunked.flags if f.id == "empty-target"]
    assert [f.alignment for f in empty] == [0, 3, 6]
    for k, a in enumerate(chunked.alignments):  # sentences of the merged documents still belong to their unit
        for i in a.src:
            assert chunked.source.sentences[i].paragraph == k
        for j in a.tgt:
            assert chunked.target.line_col(chunked.target.sentences[j].start) == (k + 1, 40)
