"""Write the DOCX samples (samples/formats/letter.ar.docx, letter.en.docx) with python-docx, deterministically.

Run from the repository root: ``python scripts/make_sample_docx.py``. The texts are ours, written for tqcheck.
"""
from __future__ import annotations

import sys
from pathlib import Path

LETTER = {
    "ar": ["رسالة إلى السكان",
           "نود أن نبلغكم بأن المياه ستنقطع يوم الأحد من الساعة التاسعة صباحاً حتى الظهر.",
           "يرجى تخزين ما يكفي من الماء قبل ذلك الوقت.",
           "نعتذر عن الإزعاج ونشكركم على تفهمكم."],
    "en": ["Letter to the residents",
           "We would like to inform you that the water will be cut off on Sunday from nine in the morning "
           "until noon.",
           "Please store enough water before that time.",
           "We apologise for the inconvenience and thank you for your understanding."],
}


def write(path: Path, paragraphs: list[str]) -> None:
    """A DOCX with a heading and body paragraphs (fixed core properties, so the file is reproducible)."""
    import datetime

    import docx

    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = datetime.datetime(2026, 1, 1)
    document.core_properties.author = "tqcheck"
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    document.save(str(path))


def main(folder: str = "samples/formats") -> None:
    for lang, paragraphs in LETTER.items():
        write(Path(folder) / f"letter.{lang}.docx", paragraphs)


if __name__ == "__main__":
    main(*sys.argv[1:])
