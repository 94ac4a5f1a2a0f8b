"""Article HTML: the main text through trafilatura (boilerplate, scripts, styles, navigation and footers
dropped), headings and paragraphs each their own paragraph.

trafilatura is the maintained extractor the web-corpus field uses for exactly this. Each extracted paragraph
is found back in the HTML by its opening words to anchor it (line and column exact when those words appear
verbatim in the markup, else the previous paragraph's place).
"""
from __future__ import annotations

import html as htmllib
import re

from ..errors import InputError
from .plain import read_text


# trafilatura drops characters that are not printable, among them the zero-width non-joiner Persian writes inside
# words (می‌شود) and the joiner: they travel through it as two rare printable symbols and come back afterwards
_KEEP = {"\u200c": "\U0001D1E8", "\u200d": "\U0001D1E9"}


def _extract(path: str, markup: str) -> list[str]:
    try:
        import trafilatura
    except ImportError:
        from . import missing_extra
        raise missing_extra("trafilatura", "HTML") from None
    for char, stand_in in _KEEP.items():
        markup = markup.replace(char, stand_in)
    text = trafilatura.extract(markup, output_format="txt", include_comments=False, include_tables=True,
                               deduplicate=False, favor_recall=True, include_formatting=False) or ""
    for char, stand_in in _KEEP.items():
        text = text.replace(stand_in, char)
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if not paragraphs:
        raise InputError(f"{path}: no article text found in the HTML")
    return paragraphs


def _locate(markup: str, paragraph: str, start: int) -> int:
    words = paragraph.split()[:4]
    for n in (4, 2, 1):
        probe = " ".join(words[:n])
        for candidate in (probe, htmllib.escape(probe, quote=False)):
            at = re.search(r"\s+".join(re.escape(w) for w in candidate.split()), markup[start:])
            if at:
                return start + at.start()
    return -1


def read_document(path: str):
    """The article text of an HTML file, anchored to the lines of the markup."""
    from . import anchored

    markup = read_text(path)
    paragraphs, cursor, line, column = [], 0, 1, 1
    for paragraph in _extract(path, markup):
        at = _locate(markup, paragraph, cursor)
        if at >= 0:
            line = markup.count("\n", 0, at) + 1
            column = at - (markup.rfind("\n", 0, at) + 1) + 1
            cursor = at + 1
        paragraphs.append((paragraph, line, column))
    return anchored(path, paragraphs)
