"""Small text helpers shared by the sentence-level detectors (no detector lives here)."""
from __future__ import annotations

import re
from typing import Iterator

from ..languages import UNSPACED_CHARACTERS
from ..punctuation import CLOSERS, FINAL
from .base import FlagContext

# URLs and e-mail addresses in ASCII only, so that neighbouring CJK text or brackets are not swallowed
URL_OR_EMAIL = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]*[A-Za-z0-9/_=#-]"
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# (an address starts where its run of name characters starts: without that look-behind, a long run with no
# '@' was tried from every one of its characters, quadratic in its length)


def target_sentences(ctx: FlagContext) -> Iterator[tuple[int, int, str]]:
    """(alignment index, target sentence index, text) for every aligned or added target sentence."""
    for k, a in enumerate(ctx.alignments):
        for j in a.tgt:
            yield k, j, ctx.target.sentences[j].text


def mask_urls(text: str) -> str:
    """The text with URLs and e-mail addresses blanked out (same length, so offsets still hold).

    >>> mask_urls("see (www.x.org/a) ,now")
    'see (           ) ,now'
    """
    return URL_OR_EMAIL.sub(lambda m: " " * len(m.group()), text)


def strip_closers(text: str) -> str:
    """The text without trailing whitespace, closing quotes and brackets."""
    return text.rstrip().rstrip(CLOSERS).rstrip()


def ends_with_final(text: str) -> bool:
    """True when the text ends with sentence-final punctuation (closing quotes/brackets allowed after it)."""
    stripped = strip_closers(text)
    return bool(stripped) and stripped[-1] in FINAL


_UNSPACED = re.compile(f"[{UNSPACED_CHARACTERS}]")


def word_count(text: str) -> int:
    """Words in ``text``; in scripts written without spaces (Chinese, Japanese, Thai, Lao, Burmese, Khmer) two
    characters count as a word.

    >>> word_count("They have been martyred."), word_count("我们今天不去公园。")
    (4, 4)
    """
    unspaced = len(_UNSPACED.findall(text))
    spaced = [w for w in _UNSPACED.sub(" ", text).split() if any(c.isalnum() for c in w)]
    return len(spaced) + (unspaced + 1) // 2


def shown_past(value: float, limit: float, digits: int) -> str:
    """``value`` to ``digits`` decimals, or to more where that rounding would reach ``limit`` (a similarity of
    0.3498 is reported "below 0.35" as 0.3498, not as 0.35).

    >>> shown_past(0.3498, 0.35, 2), shown_past(0.12, 0.35, 2), shown_past(2.5004, 2.5, 1)
    ('0.3498', '0.12', '2.5004')
    """
    below = value < limit
    for places in range(digits, digits + 6):
        text = f"{value:.{places}f}"
        if float(text) != limit and (float(text) < limit) == below:
            return text
    return repr(value)

