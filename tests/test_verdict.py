"""Pass or fail of one report under a Policy, with the reasons."""
from __future__ import annotations

from tqcheck.config import Policy
from tqcheck.types import Alignment, Document, Flag, Report, Scores, Sentence, Severity
from tqcheck.verdict import judge


def _report(flags: tuple[Flag, ...], score: float) -> Report:
    doc = Document("x.txt", "en", "One.", (Sentence(0, "One.", 0, 4, 0),))
    return Report(doc, doc, (Alignment((0,), (0,), 0.9),), flags, Scores(score, 0.9, 1, 1, 1), "sig", "m", "en")


def test_judge_fail_under_fail_on_and_fail_flags():
    info = Flag("length-ratio", Severity.INFO, 0, "short")
    warning = Flag("fragment", Severity.WARNING, 0, "piece")
    assert judge(_report((info,), 90), Policy()) == ("pass", [])
    assert judge(_report((warning,), 90), Policy(fail_on="warning"))[0] == "fail"
    assert judge(_report((warning,), 90), Policy(fail_under=95))[1] == [
        "document score 90.0 is below 95 (--fail-under)"]
    assert judge(_report((), 90), Policy(fail_under=95, fail_under_from="fail_under in setup.cfg"))[1] == [
        "document score 90.0 is below 95 (fail_under in setup.cfg)"]
    status, reasons = judge(_report((info,), 90), Policy(fail_on="never", fail_flags=frozenset({"length-ratio"})))
    assert status == "fail" and reasons == ["flag(s) listed in fail_flags: length-ratio"]
