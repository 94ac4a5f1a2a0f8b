"""punctuation-spacing: spaces before punctuation, doubled punctuation."""
from __future__ import annotations

import pytest

SRC = "پس از مذاکرات طولانی، دو طرف توافقی امضا کردند."


@pytest.mark.parametrize("target, found", [
    ("After long negotiations , the two sides signed an agreement.", " ,"),
    ("After long negotiations, the two sides signed an agreement .", " ."),
    ("After long negotiations,, the two sides signed an agreement.", ",,"),
    ("After long negotiations, the two sides signed an agreement,.", ",."),
    ("After long negotiations; , the two sides signed an agreement.", "; ,"),
    ("After long negotiations the two sides signed an agreement..", ".."),
])
def test_flags_spacing_and_doubles(pair_flags, target, found):
    flags = pair_flags(SRC, target, only="punctuation-spacing")
    assert len(flags) == 1 and flags[0].evidence["found"] == found


@pytest.mark.parametrize("target", [
    "After long negotiations, the two sides signed an agreement.",
    "After long negotiations ... the two sides signed an agreement.",
    "The sides (U.S., U.K., etc.) signed an agreement.",
    "They signed it at 10:30 on www.example.org/a,,b today.",
    "Was it signed? Yes! It was.",
])
def test_leaves_correct_punctuation_alone(pair_flags, target):
    assert pair_flags(SRC, target, only="punctuation-spacing") == []


def test_silent_for_french_targets(fake_model):
    from tqcheck.config import Thresholds
    from tools.evaluate import pair_context
    from tqcheck.flags.syntax import punctuation_spacing

    ctx = pair_context(SRC, "Ils ont signé un accord ; enfin !", "fa", Thresholds(), fake_model(), target_lang="fr")
    assert punctuation_spacing(ctx) == []


@pytest.mark.parametrize("target", [
    "After long negotiations , the two sides signed an agreement .",             # tokenised MT output
    "Nach langen Verhandlungen , unterzeichneten beide Seiten ein Abkommen ; endlich !",
    "Grüße J . A . P . , willkommen !",                                            # tokenised initials
    "Sie schrieb mit ,,Erstaunen\" über den Vertrag.",                             # German quote typed as ,,
])
def test_leaves_consistently_tokenised_text_alone(pair_flags, target):
    assert pair_flags(SRC, target, only="punctuation-spacing") == []


def test_flags_doubled_marks_in_tokenised_text(pair_flags):
    flags = pair_flags(SRC, "After long negotiations , , the two sides signed an agreement .",
                       only="punctuation-spacing")
    assert len(flags) == 1 and "doubled" in flags[0].message


def test_tokenised_is_a_property_of_the_whole_translation():
    from tqcheck.flags.syntax import tokenised

    assert tokenised(["Hallo , Welt .", "Wie geht es ?"])
    assert not tokenised(["Hello, world.", "How are you ?", "Fine, thanks."])
