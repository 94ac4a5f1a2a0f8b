"""Seeded corruptions of clean translations, each labelled with the flag that should catch it.

Every corruption takes a clean (source, English) pair and a ``random.Random`` and returns the damaged English
text, or None when it does not apply to that pair (no comma to split at, no URL to drop ...). The same seed always
gives the same evaluation set. The kinds, and what they imitate:

================  =========================  ==============================================================
kind              expected flag              what is done to the English sentence
================  =========================  ==============================================================
truncate          truncated                  the last 25-60% of the words and the final punctuation cut off
cut-function      truncated                  cut right after a late "the/a/an/of/and/or", full stop added
partial           length-ratio               only the first 20-30% of the words kept, full stop added
doubled-word      doubled-word               one lower-case word written twice ("the the")
loop              repetition-loop            a 2-4 word phrase repeated 3-5 times (an MT hallucination loop)
mid-capital       mid-sentence-capital       a function word capitalised between lower-case words
bracket           unbalanced-brackets        a closing bracket/quote deleted, or a stray "(" inserted
punct-space       punctuation-spacing        a space before a comma/full stop, ",," or ",." inserted
mojibake          mojibake                   UTF-8 bytes decoded as Windows-1252 or Latin-1 ("â€™", "Ã©")
replacement       mojibake                   1-3 characters replaced by U+FFFD
control           control-characters         a C0/C1 control character inserted
bidi              control-characters         right-to-left/left-to-right marks or embeddings inserted
copy-source       untranslated               the source sentence instead of a translation
near-copy         untranslated               the source sentence with one character changed
source-words      untranslated               1-3 English words replaced by source words (non-Latin sources)
other-language    foreign-sentence           the sentence in a third language (Latin script) instead
drop-entity       entity-mismatch            a URL, e-mail address or hashtag of the source left out
add-entity        entity-mismatch            a URL or hashtag that the source does not have added
split-comma       fragment                   cut at a comma into two sentences ("head. , rest" or a new line + "rest")
filler            fragment                   a short contentless sentence ("It happened to him.") appended
hallucinate       hallucination              unrelated clauses from other sentences appended
================  =========================  ==============================================================
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable

from tqcheck.flags.textutil import URL_OR_EMAIL
from tqcheck.languages import script_of


@dataclass(frozen=True)
class Pair:
    """A clean source sentence and its English translation; ``origin`` says where it came from."""

    lang: str
    source: str
    target: str
    origin: str
    row: int = -1  # row of the project's parallel sentences (same row = same English in every language)


@dataclass(frozen=True)
class Corruption:
    """A corruption kind: the flag id that must catch it and ids that are also correct to raise."""

    kind: str
    expected: str
    also: frozenset[str]
    apply: Callable[[Pair, random.Random, "Pool"], str | None]


@dataclass(frozen=True)
class Pool:
    """Other pairs a corruption may borrow from (another language's version of the same row, unrelated text)."""

    pairs: tuple[Pair, ...]

    def same_row(self, pair: Pair) -> list[Pair]:
        return [p for p in self.pairs if p.row == pair.row and p.row >= 0 and p.lang != pair.lang]

    def unrelated(self, pair: Pair, rng: random.Random) -> Pair:
        others = [p for p in self.pairs if p.target != pair.target and (p.row < 0 or p.row != pair.row)]
        return rng.choice(others)


_FUNCTION = "the a an of and or in on at to for with from by is are was were that this its their".split()
_CUT_AFTER = frozenset("the a an of and or".split())
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def _words(text: str) -> list[str]:
    return text.split(" ")


def _body(text: str) -> tuple[str, str]:
    """The sentence without its final punctuation (and closers), and that ending."""
    m = re.search(r"[.!?…]+[\"'”’»)]*$", text)
    return (text[:m.start()], text[m.start():]) if m else (text, "")


def truncate(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    words = _words(_body(pair.target)[0])
    if len(words) < 6:
        return None
    keep = max(3, int(len(words) * rng.uniform(0.4, 0.75)))
    return " ".join(words[:keep]).rstrip(",;:")


def cut_function(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    words = _words(pair.target)
    spots = [i for i, w in enumerate(words) if w in _CUT_AFTER and len(words) // 3 <= i < len(words) - 2]
    if not spots:
        return None
    return " ".join(words[:rng.choice(spots) + 1]) + "."


def partial(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    words = _words(_body(pair.target)[0])
    if len(words) < 12:
        return None
    keep = max(3, int(len(words) * rng.uniform(0.2, 0.3)))
    return " ".join(words[:keep]).rstrip(",;:") + "."


def doubled_word(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    words = _words(pair.target)
    spots = [i for i, w in enumerate(words) if re.fullmatch(r"[a-z]{2,}", w) and w not in ("had", "that", "is")]
    if not spots:
        return None
    i = rng.choice(spots)
    return " ".join(words[:i + 1] + [words[i]] + words[i + 1:])


def loop(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    body, end = _body(pair.target)
    words = _words(body)
    n = rng.randint(2, 4)
    if len(words) < n + 2:
        return None
    i = rng.randrange(0, len(words) - n + 1)
    gram = [w.strip(",;:") for w in words[i:i + n]]
    return " ".join(words[:i] + gram * rng.randint(3, 5) + words[i + n:]) + end


def mid_capital(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    words = _words(pair.target)
    spots = [i for i in range(1, len(words) - 1)
             if words[i] in _FUNCTION and re.search(r"[a-z,]$", words[i - 1]) and re.match(r"[a-z]", words[i + 1])]
    if not spots:
        return None
    i = rng.choice(spots)
    return " ".join(words[:i] + [words[i].capitalize()] + words[i + 1:])


def bracket(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    closers = [i for i, ch in enumerate(pair.target) if ch in ")]”»"]
    if closers and rng.random() < 0.5:
        i = rng.choice(closers)
        return pair.target[:i] + pair.target[i + 1:]
    words = _words(pair.target)
    if len(words) < 4:
        return None
    i = rng.randrange(1, len(words) - 1)
    return " ".join(words[:i] + ["(" + words[i]] + words[i + 1:])


def punct_space(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    text = pair.target
    choice = rng.choice(["space-comma", "space-stop", "double-comma", "comma-stop"])
    if choice in ("space-stop", "comma-stop") and re.search(r"[a-z]\.$", text):
        return text[:-1] + (" ." if choice == "space-stop" else ",.")
    commas = [m.start() for m in re.finditer(r"(?<=[a-z]),(?= )", text)]
    if not commas:
        return None
    i = rng.choice(commas)
    return text[:i] + (",," if choice == "double-comma" else " ,") + text[i + 1:]


def _with_non_ascii(text: str, rng: random.Random) -> str:
    if any(ord(c) > 127 for c in text):
        return text
    if "'" in text:
        return text.replace("'", "’")
    words = _words(text)
    i = rng.randrange(len(words))
    return " ".join(words[:i] + ["“" + words[i].strip(".,") + "”" + words[i][len(words[i].rstrip(".,")):]]
                    + words[i + 1:])


def mojibake(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    raw = _with_non_ascii(pair.target, rng).encode("utf-8")
    return raw.decode(rng.choice(["sloppy-windows-1252", "latin-1"]))


def replacement(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    text = list(pair.target)
    letters = [i for i, c in enumerate(text) if c.isalpha() or ord(c) > 127]
    for i in rng.sample(letters, min(len(letters), rng.randint(1, 3))):
        text[i] = "\ufffd"
    return "".join(text)


def control(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    ch = rng.choice([chr(c) for c in list(range(0, 9)) + [11, 12] + list(range(14, 32)) + [127, 0x85, 0x9c]])
    i = rng.randrange(1, len(pair.target))
    return pair.target[:i] + ch + pair.target[i:]


def bidi(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    words = _words(pair.target)
    i = rng.randrange(len(words))
    mark = rng.choice([("\u200f", ""), ("\u200e", ""), ("\u202b", "\u202c"), ("\u2067", "\u2069"), ("\u061c", "")])
    return " ".join(words[:i] + [mark[0] + words[i] + mark[1]] + words[i + 1:])


def copy_source(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    return pair.source if len(pair.source.split()) >= 3 else None


def near_copy(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    text = pair.source
    if len(text.split()) < 6:
        return None
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    i = rng.choice(letters)
    return text[:i] + text[i + 1:]


def source_words(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    if script_of(pair.lang) == "LATIN":
        return None
    if pair.lang == "zh":
        src_words = re.findall(r"[\u4e00-\u9fff]{2,4}", pair.source)
    else:
        src_words = [w for w in re.findall(r"[^\W\d_]{3,}", pair.source) if not w.isascii()]
    if not src_words:
        return None
    words = _words(pair.target)
    spots = [i for i in range(1, len(words) - 1) if _WORD.fullmatch(words[i])]
    if not spots:
        return None
    i, n = rng.choice(spots), rng.randint(1, 3)
    start = rng.randrange(len(src_words))
    return " ".join(words[:i] + src_words[start:start + n] + words[i + 1:])


def other_language(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    options = [p for p in pool.same_row(pair) if script_of(p.lang) == "LATIN" and sum(c.isalpha() for c in p.source) >= 40]
    return rng.choice(options).source if options else None


_ENTITY = re.compile(r"\s*(\()?(?:" + URL_OR_EMAIL.pattern + r"|#[A-Za-z]\w+)(?(1)\))")


def drop_entity(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    found = list(_ENTITY.finditer(pair.target))
    if not found:
        return None
    m = rng.choice(found)
    text = pair.target[:m.start()] + pair.target[m.end():]
    return re.sub(r"\s+([,.])", r"\1", re.sub(r",\s*,", ",", text))


def add_entity(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    body, end = _body(pair.target)
    name = rng.choice(["news", "city", "report", "daily", "info", "update"]) + str(rng.randint(1, 99))
    extra = rng.choice([f" (www.{name}.com)", f" #{name.capitalize()}", f" (see https://{name}.org/live)"])
    return body + extra + (end or ".")


def split_comma(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    commas = [m.start() for m in re.finditer(r"(?<=[a-z]), (?=[a-z])", pair.target)]
    if not commas:
        return None
    i = rng.choice(commas)
    head, tail = pair.target[:i], pair.target[i + 2:]
    return head + (". " + pair.target[i:] if rng.random() < 0.5 else ".\n" + tail)


_FILLERS = ("It happened to him.", "They have been martyred.", "This is what happened.", "It was so.",
            "So it was.", "They did it.", "It is like that.", "He said so.")


def filler(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    if not re.search(r"[.!?]$", pair.target):
        return None
    return pair.target + " " + rng.choice(_FILLERS)


def hallucinate(pair: Pair, rng: random.Random, pool: Pool) -> str | None:
    body, end = _body(pair.target)
    text = body
    while len(text) < 2.6 * len(pair.target):
        other = _body(pool.unrelated(pair, rng).target)[0]
        text += rng.choice([", and ", ", while ", " and "]) + other[0].lower() + other[1:]
    return text + (end or ".")


def _kind(kind: str, expected: str, also: str, fn) -> Corruption:
    return Corruption(kind, expected, frozenset(also.split()), fn)


# Flags that are also right for a kind: a cut may drop a bracket's closer or a name, a loop may repeat a bracket
# or a capitalised word, a C1 control character is what mis-decoding leaves; a sentence that is not English at all
# (copied source, another language) may also read as doubled or cut-off words ("die die", "... an.").
_CUT_ALSO = "length-ratio unbalanced-brackets entity-mismatch"
_NOT_ENGLISH = "foreign-sentence length-ratio doubled-word truncated entity-mismatch unbalanced-brackets hallucination"
CORRUPTIONS: dict[str, Corruption] = {c.kind: c for c in (
    _kind("truncate", "truncated", _CUT_ALSO, truncate),
    _kind("cut-function", "truncated", _CUT_ALSO, cut_function),
    _kind("partial", "length-ratio", "truncated " + _CUT_ALSO, partial),
    _kind("doubled-word", "doubled-word", "", doubled_word),
    _kind("loop", "repetition-loop", "doubled-word length-ratio hallucination unbalanced-brackets "
                                     "mid-sentence-capital", loop),
    _kind("mid-capital", "mid-sentence-capital", "", mid_capital),
    _kind("bracket", "unbalanced-brackets", "", bracket),
    _kind("punct-space", "punctuation-spacing", "", punct_space),
    _kind("mojibake", "mojibake", "control-characters entity-mismatch", mojibake),
    _kind("replacement", "mojibake", "entity-mismatch", replacement),
    _kind("control", "control-characters", "mojibake entity-mismatch", control),
    _kind("bidi", "control-characters", "entity-mismatch", bidi),
    _kind("copy-source", "untranslated", _NOT_ENGLISH, copy_source),
    _kind("near-copy", "untranslated", _NOT_ENGLISH, near_copy),
    _kind("source-words", "untranslated", "foreign-sentence entity-mismatch", source_words),
    _kind("other-language", "foreign-sentence", "untranslated " + _NOT_ENGLISH, other_language),
    _kind("drop-entity", "entity-mismatch", "", drop_entity),
    _kind("add-entity", "entity-mismatch", "", add_entity),
    _kind("split-comma", "fragment", "truncated", split_comma),
    _kind("filler", "fragment", "", filler),
    _kind("hallucinate", "hallucination", "length-ratio entity-mismatch doubled-word unbalanced-brackets", hallucinate),
)}
