"""One finding per root cause (tqcheck.flags.merge): untranslated segments and a translation in the wrong language."""
from __future__ import annotations

from tqcheck.flags.merge import merge_findings
from tqcheck.types import Flag, Severity, Span

FA = "آمریکا اعتراف کرد که ۸۰ نفر از نظامیانش در این حملات زخمی شده‌اند و این خبر را رسانه‌ها منتشر کردند."


def test_a_sentence_left_in_the_source_language_is_one_finding(pair_flags):
    flags = pair_flags(FA, FA.replace("۸۰", "80"), "fa")
    assert [f.id for f in flags] == ["untranslated"], [(f.id, f.message) for f in flags]
    flag = flags[0]
    assert flag.severity is Severity.ERROR
    merged = {m["id"] for m in flag.evidence["merged"]}
    assert {"untranslated", "foreign-sentence"} <= merged  # the copy, the script runs and langdetect's verdict
    assert "not translated" in flag.message and "reads as 'fa'" in flag.message
    assert all(s.side == "target" for s in flag.spans) and flag.spans


def test_several_script_runs_in_one_sentence_are_one_finding(pair_flags):
    source = "ارتش آمریکا پایگاه‌های خود در اربیل و الشدادی را تعطیل کرد و نیروهایش را به کشور دیگری برد."
    target = "The US army closed its bases in اربیل and الشدادی and moved its troops to another country."
    flags = [f for f in pair_flags(source, target, "fa") if f.id == "untranslated"]
    assert len(flags) == 1
    assert [m["evidence"]["text"] for m in flags[0].evidence["merged"]] == ["اربیل", "الشدادی"]
    assert [s.text for s in flags[0].spans] == ["اربیل", "الشدادی"]
    assert flags[0].message.startswith("2 pieces of text left untranslated")


def test_one_run_stays_as_it_was(pair_flags):
    source = "ارتش آمریکا پایگاه خود در اربیل را تعطیل کرد."
    flags = [f for f in pair_flags(source, "The US army closed its base in اربیل today.", "fa")
             if f.id == "untranslated"]
    assert len(flags) == 1 and "merged" not in flags[0].evidence


def test_wrong_language_silences_every_other_finding_about_the_translation():
    wrong = Flag("wrong-language", Severity.ERROR, None, "the translation reads as 'ar'", {"detected": "ar"})
    others = (Flag("untranslated", Severity.ERROR, 0, "arabic script", {}, (Span("target", 0, 4, "abcd"),)),
              Flag("untranslated", Severity.ERROR, 1, "arabic script", {}),
              Flag("low-similarity", Severity.WARNING, 1, "low", {}))
    out = merge_findings((wrong, *others), "fa")
    assert len(out) == 1 and out[0].id == "wrong-language"
    assert out[0].evidence["not_reported"] == {"low-similarity": 1, "untranslated": 2}
    assert "3 other finding(s)" in out[0].message


def test_unrelated_findings_are_kept_in_order():
    flags = (Flag("fragment", Severity.WARNING, 0, "a", {}), Flag("untranslated", Severity.ERROR, 0, "b",
                                                                    {"script": "arabic", "text": "x"}),
             Flag("omission", Severity.ERROR, 1, "c", {}))
    assert merge_findings(flags, "fa") == flags
