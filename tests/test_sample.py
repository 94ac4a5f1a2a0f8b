"""The bundled sample against its gold list (samples/rahnam/gold.md), with the real bundled model."""
from __future__ import annotations

import pytest

# gold id -> (a piece of the broken English sentence, flag ids that count as catching it)
MUST_FLAG = {
    "B1": ("in The final end", {"mid-sentence-capital"}),
    "B2": (", Ain al-Assad, as well as the bases", {"fragment"}),
    "B3": ("They have been martyred.", {"fragment"}),
    "B4": ("It happened to him.", {"fragment"}),
    "B5": ("Leave a Comment", {"addition"}),
}
MAY_FLAG = ("How does the resistance escape", "killed 4,487 and wounded 32,000", "humble retreat",
            "Finally, the United States was forced to close")


def _sentence(report, piece: str) -> int:
    hits = [s.index for s in report.target.sentences if piece in s.text]
    assert len(hits) == 1, f"{piece!r} should be in exactly one sentence"
    return hits[0]


def _flags_on_sentence(report, index: int):
    sentence = report.target.sentences[index]
    out = []
    for flag in report.flags:
        if any(s.side == "target" and s.start < sentence.end and s.end > sentence.start for s in flag.spans):
            out.append(flag)
    return out


@pytest.mark.parametrize("gold_id", sorted(MUST_FLAG))
def test_broken_sentence_is_flagged_with_the_right_kind(rahnam_report, gold_id):
    piece, kinds = MUST_FLAG[gold_id]
    flags = _flags_on_sentence(rahnam_report, _sentence(rahnam_report, piece))
    assert {f.id for f in flags} & kinds, f"{gold_id} not flagged as {kinds}: {[f.id for f in flags]}"
    assert all(f.message and (f.evidence or f.spans) for f in flags)


def test_no_number_is_flagged(rahnam_report):
    assert [f.message for f in rahnam_report.flags if f.id == "number-mismatch"] == []


def test_end_of_message_is_not_flagged(rahnam_report):
    assert _flags_on_sentence(rahnam_report, _sentence(rahnam_report, "end of message/")) == []


def test_only_gold_sentences_are_flagged(rahnam_report):
    allowed = {_sentence(rahnam_report, piece) for piece, _ in MUST_FLAG.values()}
    allowed |= {_sentence(rahnam_report, piece) for piece in MAY_FLAG}
    for k, alignment in enumerate(rahnam_report.alignments):
        if rahnam_report.flags_for(k):
            assert set(alignment.tgt) & allowed, (alignment.bead(), [f.message for f in rahnam_report.flags_for(k)])
    assert rahnam_report.document_flags == ()


def test_alignment_keeps_paragraph_structure(rahnam_report):
    beads = [a.bead().split(":")[0] + ":" + a.bead().split(":")[1] for a in rahnam_report.alignments]
    assert "[6]:[6, 7, 8]" in beads  # the cut sentence B2 is one source sentence
    assert beads[-1] == "[]:[34]"  # "Leave a Comment" has no source
    assert beads[0] == "[0]:[0]"
    assert rahnam_report.scores.source_coverage == 1.0


def test_report_is_deterministic(rahnam_report, sample_texts):
    import tqcheck

    again = tqcheck.check(*sample_texts, source_path="samples/rahnam/fa.txt", target_path="samples/rahnam/en.txt")
    assert again == rahnam_report
