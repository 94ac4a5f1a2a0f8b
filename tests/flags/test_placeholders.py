"""Placeholder and tag checks of pre-aligned units: a case table of (source, target, expected flag, problem)."""
from __future__ import annotations

import pytest

from tqcheck.flags.placeholders import markup_tokens, plain_text

CASES = [
    # source, target, flag id expected (None: clean), words the message must hold
    ("You have {0} messages.", "Sie haben {0} Nachrichten.", None, ""),
    ("You have {0} messages.", "Sie haben Nachrichten.", "placeholder-mismatch", "missing in the translation: {0}"),
    ("Open", "Öffne %s", "placeholder-mismatch", "not in the source: %s"),
    ("%s sent %d files", "%d Dateien von %s", "placeholder-mismatch", "another order"),
    ("%1$s sent %2$d files", "%2$d Dateien von %1$s", None, ""),
    ("%(user)s sent %(n)d", "%(n)d von %(user)s", None, ""),
    ("Hello {{name}}", "Hallo {{ name }}", "placeholder-mismatch", "{{name}}"),
    ("Hello {{name}}", "Hallo {{name}}", None, ""),
    ("100% sure", "100% sicher", None, ""),
    ("50%% off", "50%% Rabatt", None, ""),
    ('Click <g id="1">here</g>', 'Klicken Sie <g id="1">hier</g>', None, ""),
    ('Click <g id="1">here</g>', "Klicken Sie hier", "tag-mismatch", 'missing in the translation: </g>, <g #1>'),
    ('A<x id="1"/>B<x id="2"/>', 'B<x id="2"/>A<x id="1"/>', None, ""),
    ('<g id="1">a <g id="2">b</g></g>', '<g id="1">a </g><g id="2">b</g>', None, ""),
    ('<b>bold <i>it</i></b>', '<b>fett <i>kursiv</b></i>', "tag-mismatch", "nesting"),
    ("Bold <b>text</b>", "Fetter <b>Text", "tag-mismatch", "missing in the translation: </b>"),
]


def unit_flags(source: str, target: str):
    from tqcheck.config import Thresholds
    from tqcheck.flags import run_detectors
    from tqcheck.flags.base import FlagContext
    from tqcheck.types import Alignment, Position, Unit
    from tqcheck.units import unit_document

    at = Position("u.xlf", 1, 1)
    unit = Unit("u1", source, target, at, at)
    src, _ = unit_document([unit], "source", "en")
    tgt, _ = unit_document([unit], "target", "de")
    ctx = FlagContext(src, tgt, (Alignment((0,), (0,), 0.9, 0.9, 1.0),), Thresholds(), "de",
                      lambda s, t: 0.9, lambda s, t: 0.0, units=(unit,))
    return [f for f in run_detectors(ctx) if f.id in ("placeholder-mismatch", "tag-mismatch")]


@pytest.mark.parametrize("source, target, expected, words", CASES)
def test_placeholder_and_tag_cases(source, target, expected, words):
    flags = unit_flags(source, target)
    if expected is None:
        assert flags == []
    else:
        assert [f.id for f in flags] == [expected]
        assert words in flags[0].message and flags[0].severity.value == "error"


def test_markup_is_kept_out_of_the_checked_text():
    text, cuts = plain_text('Press <x id="1"/> to save {0} files, %s!')
    assert text == "Press to save files, !"
    assert [t.kind for t in markup_tokens('<x id="1"/>{0}%s{{a}}')] == ["tag", "brace", "printf", "template"]
    assert cuts[0] == (5, 17)  # "Press" + the space after the tag
