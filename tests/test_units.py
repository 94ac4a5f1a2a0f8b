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


def pair_units(n: int) -> list[Unit]:
    words = "river bank market school train garden letter window city music".split()
    return [Unit(f"p{k}", f"Der Zug {k} fährt morgen früh nach {words[k % 10]} ab.",
                 f"Train {k} leaves for {words[(k * 7) % 10]} early tomorrow morning.",
                 Position("p.tsv", k + 1, 1), Position("p.tsv", k + 1, 50)) for k in range(n)]


def test_units_get_the_quality_head_estimate_in_blocks_of_16_whatever_the_chunk():
    from tqcheck.pipeline import QUALITY_BLOCK

    units = pair_units(64) + make_units(3)
    config = CheckConfig(source_lang="de")
    whole = check_units(units, config, embedder=HashModel(), chunk_size=512)
    chunked = check_units(units, config, embedder=HashModel(), chunk_size=2 * QUALITY_BLOCK)
    for a in whole.alignments:
        assert (a.quality is None) == (not a.src or not a.tgt)
        assert a.quality is None or 0.0 <= a.quality <= 100.0
    assert [a.quality for a in whole.alignments[:64]] == [a.quality for a in chunked.alignments[:64]]
    assert [a.similarity for a in whole.alignments[:64]] != [a.similarity for a in chunked.alignments[:64]]
    assert len({a.quality for a in whole.alignments[:64]}) > 10  # estimates per unit, not one constant
    assert "|quality:ridge-v" in whole.signature and whole.signature.endswith(f"-block{QUALITY_BLOCK}")


def test_unit_document_score_is_built_on_the_quality_estimates():
    units = pair_units(40)
    report = check_units(units, CheckConfig(source_lang="de", ignored_flags=frozenset({"untranslated"})),
                         embedder=HashModel())
    weighted = total = 0.0
    for a in report.alignments:
        chars = len(report.source.joined(a.src)) + len(report.target.joined(a.tgt))
        weighted += a.quality * chars
        total += chars
    assert report.scores.document == round(weighted / total, 1)
    similarity_based = sum(100 * a.similarity * (len(report.source.joined(a.src)) + len(report.target.joined(a.tgt)))
                           for a in report.alignments) / total
    assert abs(report.scores.document - similarity_based) > 0.5


def test_a_copied_unit_counts_zero_in_the_unit_document_score():
    units = pair_units(20)
    copied = Unit("copy", units[3].source, units[3].source, units[3].source_at, units[3].target_at)
    with_copy = check_units(units[:3] + [copied] + units[4:], CheckConfig(source_lang="de"), embedder=HashModel())
    flagged = [f for f in with_copy.flags if f.alignment == 3]
    assert any(f.id == "untranslated" for f in flagged), flagged
    a = with_copy.alignments[3]
    chars = len(with_copy.source.joined(a.src)) + len(with_copy.target.joined(a.tgt))
    rest = sum((x.quality or 0) * (len(with_copy.source.joined(x.src)) + len(with_copy.target.joined(x.tgt)))
               for k, x in enumerate(with_copy.alignments) if k != 3)
    total = sum(len(s.text) for s in with_copy.source.sentences) + sum(len(s.text) for s in with_copy.target.sentences)
    assert with_copy.scores.document == round(rest / total, 1) and chars > 0


def test_numbers_and_addresses_are_compared_within_a_unit_not_with_its_neighbours():
    """In a document a number may sit one sentence over after alignment; a unit is paired by its file, so a
    number or URL that only the next unit's translation holds is missing from this one."""
    at = Position("n.tsv", 1, 1)
    units = [Unit("a", "Wir haben gestern 12 Äpfel auf dem Markt gekauft.", "We bought apples at the market yesterday.",
                  at, at),
             Unit("b", "Sie waren alle sehr rot und süß.", "All 12 were very red and sweet.", at, at),
             Unit("c", "Mehr dazu auf https://example.org/obst heute.", "More about it today.", at, at),
             Unit("d", "Vielen Dank fürs Lesen.", "Thanks for reading, see https://example.org/obst", at, at)]
    report = check_units(units, CheckConfig(source_lang="de"), embedder=HashModel())
    numbers = {f.alignment for f in report.flags if f.id == "number-mismatch"}
    entities = {f.alignment for f in report.flags if f.id == "entity-mismatch"}
    assert numbers == {0, 1} and entities == {2, 3}
