"""entity-mismatch: URLs, e-mails, hashtags and (for non-Latin sources) Latin-script names on one side only."""
from __future__ import annotations

import pytest

from tqcheck.flags.content import entities


@pytest.mark.parametrize("source, lang, target, lost, added", [
    ("این گزارش در وب‌سایت سازمان (www.example.org) منتشر شد.", "fa",
     "The report was published on the organization's website.", ["www.example.org"], []),
    ("پرسش‌ها را به نشانی info@example.com ایمیل کنید.", "fa", "Send questions by email.", ["info@example.com"], []),
    ("这项被称为#CleanRivers的运动征集到一百万个签名。", "zh",
     "The campaign has collected a million signatures.", ["#cleanrivers"], []),
    ("وزرای خارجه NATO در بروکسل دیدار می‌کنند.", "fa", "Foreign ministers meet in Brussels.", ["nato"], []),
    ("Der Bericht wurde veröffentlicht.", "de", "The report was published (see https://news7.org/live).", [],
     ["https://news7.org/live"]),
    ("El informe se publicó.", "es", "The report was published. #Breaking", [], ["#breaking"]),
])
def test_flags_one_sided_entities(pair_flags, source, lang, target, lost, added):
    flags = pair_flags(source, target, lang, only="entity-mismatch")
    assert len(flags) == 1
    assert flags[0].evidence["missing_in_translation"] == lost and flags[0].evidence["missing_in_source"] == added
    assert flags[0].spans


@pytest.mark.parametrize("source, lang, target", [
    ("این گزارش در وب‌سایت سازمان (www.example.org) منتشر شد.", "fa",
     "The report was published on the organization's website (www.example.org)."),
    ("问题可发送至 info@example.com。", "zh", "Questions can be sent to Info@Example.com."),
    ("Министры NATO и компания iPhone.", "ru", "NATO ministers and the iPhone company."),
    ("Die Außenminister der NATO treffen sich in Brüssel.", "de", "NATO foreign ministers meet in Brussels."),
    ("Der Bericht wurde am Montag veröffentlicht.", "de", "The report was published on Monday by Reuters."),
    ("وزرای خارجه ناتو دیدار کردند.", "fa", "NATO foreign ministers met."),  # names in the target only are fine
])
def test_leaves_matching_entities_alone(pair_flags, source, lang, target):
    assert pair_flags(source, target, lang, only="entity-mismatch") == []


def test_entities_stop_at_cjk_and_brackets():
    assert entities("网站（www.example.org）上，#CleanRivers的运动", latin_names=False) == {
        "www.example.org", "#cleanrivers"}
