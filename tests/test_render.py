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
        assert f"{flag.id}: {flag.message[:40]}" in text


def test_only_flagged_hides_clean_segments(rahnam_report):
    full = render(rahnam_report, "text")
    short = render(rahnam_report, "text", only_flagged=True)
    assert len(short) < len(full) / 2
    assert short.count("\n! #") == len({f.alignment for f in rahnam_report.flags if f.alignment is not None})


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
