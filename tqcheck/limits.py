"""Input limits (refused up front, one line, exit 2) and the cut of over-long sentences at the model's token limit.

Defaults (``Limits``; ``--limit NAME=VALUE`` changes one for ``check``, ``batch``, ``align``, ``score``, ``compare``
and ``baseline``):

* ``max_bytes`` 16,000,000: the UTF-8 size of one input text;
* ``max_line_chars`` 100,000: one line (a minified file or a text without line breaks is refused, not hung on);
* ``max_sentences`` 20,000: sentences of one side after splitting (about 3-4 MB of prose; the bundled model
  embeds ~25-50 sentences a second, so a larger document takes well over ten minutes: raise it knowingly).

A sentence longer than the model reads (512 tokens for multilingual-e5, ``max_seq_length`` for a
sentence-transformers model) is embedded from its first part only; the report says so with an ``info`` flag
``long-sentence``. Every step is linear in the input, so a text within the limits takes time in proportion to it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any, Callable, Iterable

from .assignments import parse_assignments
from .errors import ConfigError, InputError

FALLBACK_MAX_CHARS = 20_000  # embedders that cannot count tokens get at most this many characters per text
LONG_TEXT = 400  # texts longer than this are fitted once per check and remembered (counting tokens is not free)


@dataclass(frozen=True)
class Limits:
    """The largest inputs a check accepts (see the module docstring)."""

    max_bytes: int = 16_000_000
    max_line_chars: int = 100_000
    max_sentences: int = 20_000

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10**12:
                raise ConfigError(f"--limit {f.name}={value!r}: expected a whole number from 1 to 10^12")

    def with_changes(self, items: tuple[str, ...]) -> "Limits":
        """``("max_bytes=50e6", ...)`` applied (``_`` or ``-`` in names); ConfigError on anything else."""
        return replace(self, **parse_assignments(items, [f.name for f in fields(self)], "--limit", _whole_number))


def _whole_number(name: str, raw: str) -> int:
    number = float(raw)
    if not math.isfinite(number) or number != int(number):
        raise ConfigError(f"--limit {name}={raw}: expected a whole number")
    return int(number)


def check_file(path: str, limits: Limits) -> None:
    """InputError for a file far over ``max_bytes`` before it is read (twice the limit: UTF-16 takes two bytes)."""
    import os

    try:
        size = os.stat(path).st_size if path != "-" else 0
    except OSError:
        return  # the reader reports a missing file in its own words
    if size > 2 * limits.max_bytes:
        raise InputError(f"{path}: {size:,} bytes is over the limit of {limits.max_bytes:,} "
                         f"(--limit max_bytes=N to raise it, or split the document)")


def check_files(paths: Iterable[str | None], limits: Limits) -> None:
    """``check_file`` of every path given (None skipped)."""
    for path in paths:
        if path:
            check_file(path, limits)


def check_text(text: str, name: str, limits: Limits, count_sentences: bool = True) -> None:
    """InputError (one line) when ``text`` is over the size or line-length limit, or (``count_sentences``) has at
    least more sentences than ``max_sentences`` (a lower bound counted without splitting: 50,000 lines are refused
    at once)."""
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) * 4 > limits.max_bytes else len(text)
    if size > limits.max_bytes:
        raise InputError(f"{name}: {size:,} bytes is over the limit of {limits.max_bytes:,} "
                         f"(--limit max_bytes=N to raise it, or split the document)")
    start = 0
    for number, end in enumerate(_line_ends(text), 1):
        if end - start > limits.max_line_chars:
            raise InputError(f"{name}: line {number} has {end - start:,} characters, over the limit of "
                             f"{limits.max_line_chars:,} (--limit max_line_chars=N to raise it)")
        start = end + 1
    if not count_sentences:
        return
    from .segment import sentences_at_least

    check_sentences(sentences_at_least(text), name, limits, at_least=True)


def _line_ends(text: str):
    pos = text.find("\n")
    while pos >= 0:
        yield pos
        pos = text.find("\n", pos + 1)
    yield len(text)


def check_sentences(count: int, name: str, limits: Limits, at_least: bool = False) -> None:
    """InputError when a side has more sentences than ``max_sentences`` (``at_least``: ``count`` is a lower bound)."""
    if count > limits.max_sentences:
        raise InputError(f"{name}: {'at least ' if at_least else ''}{count:,} sentences is over the limit of "
                         f"{limits.max_sentences:,} "
                         f"(--limit max_sentences=N to raise it, or split the document)")


class FittedEncoder:
    """A ``CachingEmbedder`` whose texts are first cut to what the model reads (``ModelFit``)."""

    def __init__(self, cache: Any) -> None:
        self.cache, self.name, self.fit = cache, cache.name, ModelFit(cache.inner)

    def encode(self, texts: list[str], progress: Callable[[int, int], None] | None = None) -> Any:
        """``cache.encode`` of the fitted texts."""
        return self.cache.encode([self.fit(t) for t in texts], progress)

    def rows(self, texts: list[str], progress: Callable[[int, int], None] | None = None) -> Any:
        """``cache.rows`` of the fitted texts (``tqcheck.embed.Rows``: no copy of all the vectors)."""
        return self.cache.rows([self.fit(t) for t in texts], progress)


class ModelFit:
    """Cuts each text to what the model reads; remembers which texts were cut (text -> characters kept)."""

    def __init__(self, embedder: Any) -> None:
        self._fit: Callable[[str], str] | None = getattr(embedder, "fit", None)
        self.cut: dict[str, int] = {}
        self._whole: set[str] = set()  # long texts that fit whole (each long text is counted once per check)

    def __call__(self, text: str) -> str:
        if len(text) > LONG_TEXT:
            if text in self.cut:
                return text[:self.cut[text]]
            if text in self._whole:
                return text
        if self._fit is not None:
            kept = self._fit(text)
        else:
            kept = text[:FALLBACK_MAX_CHARS]
        if len(kept) < len(text):
            self.cut[text] = len(kept)
        elif len(text) > LONG_TEXT:
            self._whole.add(text)
        return kept

    def cut_sentences(self, source: Any, target: Any) -> dict[str, dict[int, int]]:
        """Per side, the sentences that were cut and how many characters of them the model read."""
        from .segment import clean_for_model

        found: dict[str, dict[int, int]] = {}
        for side, doc in (("source", source), ("target", target)):
            cleaned = ((i, clean_for_model(s.text)) for i, s in enumerate(doc.sentences))
            found[side] = {i: self.cut[text] for i, text in cleaned if text in self.cut}
        return found
