"""Placeholder and tag checks of pre-aligned units: a case table of (source, target, expected flag, problem)."""
from __future__ import annotations

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from tqcheck.flags.placeholders import markup_tokens, plain_text, written_runs

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
    assert text == "Press to save files,!"
    assert [t.kind for t in markup_tokens('<x id="1"/>{0}%s{{a}}')] == ["tag", "brace", "printf", "template"]
    assert cuts[0] == (5, 17)  # "Press" + the space after the tag


# (written unit text, the text the detectors read): a removed placeholder or tag never leaves a space before the
# punctuation written after it, never doubles a space, and never takes away a space the translator typed
PLAIN_CASES = [
    ('Hallo <g id="1">%s</g>, Ihr Konto', "Hallo, Ihr Konto"),   # a tag pair around a placeholder, then ','
    ("Summe für %s: 80 Euro.", "Summe für: 80 Euro."),
    ("Möchten Sie %s löschen?", "Möchten Sie löschen?"),
    ("Gespeichert als %(name)s!", "Gespeichert als!"),
    ("An {0} gesendet; prüfen", "An gesendet; prüfen"),
    ("Gesendet an {0}; prüfen", "Gesendet an; prüfen"),
    ("Verbunden mit %s.", "Verbunden mit."),
    ("Laden von %s...", "Laden von..."),
    ("Von: %s, An: %s.", "Von:, An:."),                           # no ': ,' that reads as doubled punctuation
    ("Preis: %s (inkl. MwSt.)", "Preis: (inkl. MwSt.)"),
    ("Willkommen bei <b>%s</b> <i>%s</i>, viel Spaß", "Willkommen bei, viel Spaß"),
    ("Hallo <b>%s</b> Welt", "Hallo Welt"),                      # a gap of three tokens leaves one space
    ("Hallo  %s, Ihr", "Hallo, Ihr"),                             # both spaces part %s from 'Hallo'
    ("Hallo %s , Ihr", "Hallo , Ihr"),                            # the translator's space before ',' stays
    ("Fertig %s !", "Fertig !"),
    ("Total pour %s : 80 euros.", "Total pour : 80 euros."),      # French: the space before ':' is written
    ("Voulez-vous supprimer %s ?", "Voulez-vous supprimer ?"),
    ("Nom : %s", "Nom :"),                                        # at the end
    ("%s, willkommen!", ", willkommen!"),                         # at the start
    ("  %s, hi", "  , hi"),
    ("a%sb", "ab"),                                               # between two words: nothing invented
    ("Größe: %sKB", "Größe: KB"),
    ("Speichern als %s.txt", "Speichern als .txt"),               # '.txt' is no closing full stop
    ("Dauer: %d:%02d Minuten", "Dauer: : Minuten"),               # no '::' where the translator wrote ': '
    ("Dauer %d:%02d Minuten", "Dauer: Minuten"),                  # after a word, ':' before a placeholder closes
    ("Datei %s.%s gespeichert", "Datei. gespeichert"),
    ("Version %d.%d", "Version."),
    ('Klicken Sie <a href="%s">hier</a>.', "Klicken Sie hier."),
    ("<b>Hallo %s!</b> Weiter", "Hallo! Weiter"),
    ("你好 %s，欢迎", "你好，欢迎"),
    ("مرحبا %s، أهلا", "مرحبا، أهلا"),
]


@pytest.mark.parametrize("written, checked", PLAIN_CASES)
def test_removed_markup_leaves_no_space_before_punctuation_the_translator_did_not_write(written, checked):
    assert plain_text(written)[0] == checked


def _written_offsets(text: str) -> list[int]:
    """For each character of ``plain_text(text)``, its offset in ``text`` (from ``written_runs``)."""
    return [run.start + i for run in written_runs(text) if run.plain is not None for i in range(run.end - run.start)]


@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(st.lists(st.sampled_from(["Hallo ", "a", " ", "  ", ", ", ":", ".", "!", "?", "…", "%s", "%s ", "{0}", "<b>",
                                 "</b>", '<x id="1"/>', "(", ")", "«", "“", "，", "\n"]), max_size=12).map("".join))
def test_the_checked_text_maps_back_to_the_written_characters_and_invents_no_space_before_a_mark(written):
    plain, cuts = plain_text(written)
    where = _written_offsets(written)
    assert [written[i] for i in where] == list(plain) and where == sorted(set(where))
    runs = written_runs(written)
    assert [(r.start, r.end) for r in runs] == [(a.start, b.start) for a, b in zip(runs, runs[1:])] + \
        ([(runs[-1].start, len(written))] if runs else [])          # the runs cover the text, in order
    placeholder_at = {t.start for t in markup_tokens(written) if t.kind != "tag"}
    for i in range(len(plain) - len(plain.lstrip()), len(plain) - 1):  # the sentence checked (stripped)
        # a space before a mark that a space or the end follows (what punctuation-spacing reads) was written there by
        # the translator; left alone: a mark after a mark with a placeholder right after it (': :' in
        # 'Dauer: %d:%02d'), and a doubled space the translator typed ('Hallo  %s %s,' keeps one of its two)
        if plain[i] == " " and plain[i + 1] in ",.;:!?…" and plain[i + 2:i + 3] in ("", " ", "\n") and \
                not (where[i + 1] + 1 in placeholder_at and not plain[i - 1:i].isalnum()) and "  " not in written:
            assert where[i + 1] == where[i] + 1
    for plain_at, written_at in cuts:
        assert plain_at == len(plain) or where[plain_at] >= written_at
