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
