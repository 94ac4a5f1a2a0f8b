"""source-language: a --source-lang the text clearly contradicts is reported (it used to pass without a word)."""
from __future__ import annotations

import tqcheck
from tqcheck.config import CheckConfig

from fakes import HashEmbedder

FA = "وزارت امور خارجه عراق روز پنجشنبه از توافق برای کاهش تدریجی مستشاران خبر داد. این توافق مهم است."
EN = "The Iraqi foreign ministry announced on Thursday an agreement to reduce advisers. This agreement matters."


def _flags(source_lang):
    report = tqcheck.check(FA, EN, CheckConfig(source_lang=source_lang), embedder=HashEmbedder())
    return [f for f in report.flags if f.id == "source-language"]


def test_contradicted_source_lang_is_a_warning():
    flags = _flags("de")
    assert len(flags) == 1 and flags[0].severity.value == "warning"
    assert flags[0].evidence["given"] == "de" and flags[0].evidence["detected"] == "fa"


def test_matching_or_detected_source_lang_is_quiet():
    assert _flags("fa") == [] and _flags(None) == []
    assert _flags("ar") == []  # same script: langdetect's word is not strong enough to contradict a user
