"""The error injection of scripts/synthetic_ced.py: each kind makes the one change it names, or declines."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import synthetic_ced as s  # noqa: E402

DONOR = "Yesterday the mayor of Lisbon opened a new bridge over the river."
CASES = [
    ("negation", "en", "The museum was opened in 1990.", "The museum was not opened in 1990."),
    ("negation", "en", "He did not sign the treaty.", "He did sign the treaty."),
    ("negation", "en", "She never left the city.", "She always left the city."),
    ("negation", "de", "Das Museum ist heute geschlossen.", "Das Museum ist nicht heute geschlossen."),
    ("negation", "de", "Er hatte keine Zeit.", "Er hatte eine Zeit."),
    ("negation", "en", "A quiet morning.", None),
    ("antonym", "en", "Sales increased in the first year.", "Sales decreased in the first year."),
    ("antonym", "de", "Das Haus ist groß.", "Das Haus ist klein."),
    ("entity", "en", "The treaty was signed in Vienna by both sides.", "The treaty was signed in Lisbon by both sides."),
    ("entity", "en", "nothing capitalised here at all", None),
    ("number", "en", "About 250 people came.", "About 500 people came."),
    ("number", "en", "It opened in 1990.", "It opened in 2000."),
    ("deletion", "en", "short one", None),
]


@pytest.mark.parametrize("kind, lang, mt, expected", CASES)
def test_each_kind_injects_its_error(kind, lang, mt, expected):
    assert s.inject(mt, lang, kind, DONOR) == expected


def test_deletion_and_addition_change_the_content_by_whole_words():
    mt = "The old bridge over the river was closed for repairs during the whole of the winter."
    deleted = s.inject(mt, "en", "deletion", DONOR)
    added = s.inject(mt, "en", "addition", DONOR)
    assert deleted.split(" ")[0] == "The" and len(deleted.split()) == len(mt.split()) - 4
    assert set(deleted.split()) <= set(mt.split())
    extra = [w for w in added.split() if w not in mt.split()]
    assert extra and all(w in DONOR for w in extra) and len(added.split()) > len(mt.split())
