"""Garbled syntax in the translation: doubled words, repetition loops, unbalanced brackets, stray punctuation
and sentences cut off.

Every detector here reads the translated sentences only (plus, for brackets and cut-offs, the source of the
same segment, so that a feature the source has too is never blamed on the translation).

>>> find_loop("we will go to the city of the city of the city of the city".split(), 3)
(4, 3, 3)
>>> unbalanced("He said (twice [loudly]) that “it was over.")
[(30, '“')]
"""
from __future__ import annotations

import re

from ..languages import puts_space_before_marks, writes_spaces_between_words
from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span
from .lengths import expected_ratio
from .placeholders import ends_with_markup
from .textutil import CLOSERS, ends_with_final, mask_urls, strip_closers, target_sentences

# doubled words that English allows ("had had", "that that", "is is" in "what it is is ...")
_DOUBLE_OK = frozenset("had that is do very so no bye ha far really again more many long yes".split())
# doubled words other languages allow: German and Dutch relative pronoun + article ("Frauen, die die Wahl ..."),
# "Sie sie" (you ... them), French "nous nous" / "vous vous" (reflexive)
_DOUBLE_OK_BY_LANG = {
    "de": frozenset("der die das dem den des sie".split()),
    "nl": frozenset("die dat".split()),
    "fr": frozenset("nous vous".split()),
}
_ARTICLES = frozenset("the a an of and or in on at to for with from by".split())
_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+(\1)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@detector("doubled-word", "the same word twice in a row ('the the')")
def doubled_word(ctx: FlagContext) -> list[Flag]:
    flags = []
    allowed = _DOUBLE_OK | _DOUBLE_OK_BY_LANG.get(ctx.target_lang_expected, frozenset())
    for k, j, text in target_sentences(ctx):
        for m in _DOUBLED.finditer(text):
            first, second = m.group(1), m.group(2)
            if first.lower() in allowed or (second[0].isupper() and first.lower() not in _ARTICLES):
                continue  # "Duran Duran", "Walla Walla"; but "The The city"
            flags.append(make_flag(
                "doubled-word", Severity.WARNING, k,
                f"sentence {j + 1} repeats the word '{second}' ('{m.group()}')",
                [sentence_span(ctx.target, "target", j, m.start(), m.end())],
                target_sentence=j + 1, word=second.lower()))
            break
    return flags


def find_loop(words: list[str], min_repeats: int) -> tuple[int, int, int] | None:
    """The first n-gram repeated back to back: (start word, n, repeats), or None.

    Single words and pairs must repeat ``min_repeats`` times; an n-gram of three or more words twice.
    """
    low = [w.lower() for w in words]
    for n in range(1, 9):
        need = max(min_repeats, 2) if n <= 2 else 2  # fewer than two is no loop (and 0 never ended)
        for i in range(len(low) - n * need + 1):
            gram = low[i:i + n]
            repeats = 1
            while low[i + repeats * n:i + (repeats + 1) * n] == gram:
                repeats += 1
            if repeats >= need:
                return i, n, repeats
    return None


@detector("repetition-loop", "a phrase repeated over and over (a machine-translation loop)")
def repetition_loop(ctx: FlagContext) -> list[Flag]:
    flags = []
    for k, j, text in target_sentences(ctx):
        matches = list(_WORD.finditer(text))
        found = find_loop([m.group() for m in matches], ctx.thresholds.repetition_min_repeats)
        if found is None:
            continue
        i, n, repeats = found
        start, end = matches[i].start(), matches[i + n * repeats - 1].end()
        phrase = " ".join(m.group() for m in matches[i:i + n])
        if _source_repeats(ctx, k, phrase, repeats):
            continue
        flags.append(make_flag(
            "repetition-loop", Severity.ERROR, k,
            f"sentence {j + 1} repeats '{phrase}' {repeats} times in a row: a repetition loop",
            [sentence_span(ctx.target, "target", j, start, end)],
            target_sentence=j + 1, phrase=phrase, repeats=repeats, words=n))
    return flags


def _source_repeats(ctx: FlagContext, k: int, phrase: str, repeats: int) -> bool:
    """True when the repetition mirrors the source: the source repeats something itself ('PUSH PUSH PUSH'), or the
    repeated piece is one word of the source split by tokenisation ('w w w' of 'www.example.org')."""
    source = ctx.source.joined(ctx.alignments[k].src)
    if not source:
        return False
    if find_loop(_WORD.findall(source), ctx.thresholds.repetition_min_repeats) is not None:
        return True
    return len(phrase) == 1 and phrase.lower() * repeats in source.lower()


_PAIRS = {")": "(", "]": "[", "}": "{", "”": "“", "»": "«", "）": "（", "」": "「", "』": "『", "】": "【", "》": "《"}
_OPENERS = frozenset(_PAIRS.values()) | {"„"}


def unbalanced(text: str) -> list[tuple[int, str]]:
    """Positions and characters of brackets and double quotes that are never closed or never opened."""
    stack: list[tuple[int, str]] = []
    bad: list[tuple[int, str]] = []
    open_count: dict[str, int] = {}  # openers on the stack by character (no scan of the stack: linear time)

    def pop() -> tuple[int, str]:
        item = stack.pop()
        open_count[item[1]] -= 1
        return item

    for i, ch in enumerate(text):
        if ch == "“" and stack and stack[-1][1] == "„":  # German „...“
            pop()
        elif ch in _OPENERS:
            stack.append((i, ch))
            open_count[ch] = open_count.get(ch, 0) + 1
        elif ch in _PAIRS:
            if stack and stack[-1][1] == _PAIRS[ch]:
                pop()
            elif open_count.get(_PAIRS[ch], 0):
                while stack[-1][1] != _PAIRS[ch]:
                    bad.append(pop())
                pop()
            else:
                bad.append((i, ch))
    straight = [i for i, ch in enumerate(text) if ch == '"']
    if len(straight) % 2:
        bad.append((straight[-1], '"'))
    return sorted(bad + stack)


_QUOTES = frozenset('"“”«»„')


def _may_continue(text: str, pos: int, ch: str) -> bool:
    """An unmatched quote that may belong to a quotation running over several sentences: at the start of the
    sentence (or after a colon), at its end, or closing speech ('... that was it," Ross said')."""
    if ch not in _QUOTES:
        return False
    i = pos - 1  # the last character before it that is not a space (no copy of the text: many quotes stay linear)
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in ":,.!?…" or _ONLY_CLOSERS.match(text, pos + 1) is not None


_ONLY_CLOSERS = re.compile(r"\s*[" + re.escape(CLOSERS + ".!?…") + r"]*\s*\Z")


def _paragraphs(ctx: FlagContext) -> dict[int, str]:
    """The text of every paragraph of the translation (its sentences joined with spaces), in one pass."""
    parts: dict[int, list[str]] = {}
    for s in ctx.target.sentences:
        parts.setdefault(s.paragraph, []).append(s.text)
    return {para: " ".join(texts) for para, texts in parts.items()}


@detector("unbalanced-brackets", "a bracket or quote that is opened and never closed, or closed and never opened")
def unbalanced_brackets(ctx: FlagContext) -> list[Flag]:
    flags = []
    paragraphs: dict[int, str] | None = None
    balanced: dict[int, bool] = {}  # paragraph -> balanced? (each paragraph read once: linear in the text)
    for k, j, text in target_sentences(ctx):
        bad = [(pos, ch) for pos, ch in unbalanced(mask_urls(text)) if not _may_continue(text, pos, ch)]
        if not bad:
            continue
        para = ctx.target.sentences[j].paragraph
        if para not in balanced:
            paragraphs = paragraphs if paragraphs is not None else _paragraphs(ctx)
            balanced[para] = not unbalanced(mask_urls(paragraphs[para]))
        if balanced[para]:
            continue  # a quotation running over several sentences of a balanced paragraph
        src = ctx.alignments[k].src
        if src and unbalanced(mask_urls(ctx.source.joined(src))):
            continue  # the source is unbalanced too: not the translator's doing
        pos, ch = bad[0]
        # a quote left open is a typographic slip (info); a bracket left open may hide lost text (warning)
        severity = Severity.INFO if all(c in _QUOTES for _, c in bad) else Severity.WARNING
        flags.append(make_flag(
            "unbalanced-brackets", severity, k,
            f"sentence {j + 1} has an unmatched {ch} (column {pos + 1}): a bracket or quote is not closed "
            "or not opened",
            [sentence_span(ctx.target, "target", j, pos, pos + 1)],
            target_sentence=j + 1, characters="".join(c for _, c in bad)))
    return flags


_SPACE_BEFORE = re.compile(r"(?<=[^\W_]) +(?:[,;:!?]|\.(?!\.))(?=\s|$)")
# ',,Wort' is a German opening quote typed as two commas; '. ;-)' ends a sentence with an emoticon
_DOUBLED_PUNCT = re.compile(r",(?!,[^\W\d_])\s*[,.;:]|;\s*[,;.]|::|[.:]\s+[,;](?!-?[()DPp])|(?<!\.)\.\.(?!\.)")
_DOUBLED_TOKENISED = re.compile(r",(?!,[^\W\d_])\s*,|;\s*;|::|(?<![.\s])\.\.(?!\.)")


_UNSPACED = re.compile(r"(?<=[^\W_])(?:[,;:!?]|\.(?!\.))(?=\s|$)")


def tokenised(texts: list[str]) -> bool:
    """True when the text is consistently tokenised: at least two marks, and two thirds or more of the commas,
    full stops, colons, semicolons, question and exclamation marks after a word, have a space before them
    (MT training data and tokenised MT output: "Hallo , Welt .").

    >>> tokenised(["Hallo , wie geht es ?", "Gut ."]), tokenised(["After long talks , they signed."])
    (True, False)
    """
    spaced = sum(len(_SPACE_BEFORE.findall(mask_urls(t))) for t in texts)
    unspaced = sum(len(_UNSPACED.findall(mask_urls(t))) for t in texts)
    return spaced >= 2 and spaced >= 2 * unspaced


@detector("punctuation-spacing", "a space before a comma or full stop, or doubled punctuation (',,', '. ,'); "
                                 "spaces before punctuation are left alone in consistently tokenised text")
def punctuation_spacing(ctx: FlagContext) -> list[Flag]:
    if puts_space_before_marks(ctx.target_lang_expected):
        return []
    spaced_style = tokenised([s.text for s in ctx.target.sentences])
    flags = []
    for k, j, text in target_sentences(ctx):
        masked = mask_urls(text)
        # tokenised text spaces every mark ('J . A . P . ,', '. . .'): only a mark typed twice is doubled there
        m = _DOUBLED_TOKENISED.search(masked) if spaced_style else \
            _DOUBLED_PUNCT.search(masked) or _SPACE_BEFORE.search(masked)
        if m is None:
            continue
        what = "doubled punctuation" if _DOUBLED_PUNCT.fullmatch(m.group()) else "a space before punctuation"
        context = text[max(0, m.start() - 15):m.end() + 10].strip()
        flags.append(make_flag(
            "punctuation-spacing", Severity.WARNING, k,
            f"sentence {j + 1} has {what} ('{m.group().strip() or m.group()}' in '... {context} ...')",
            [sentence_span(ctx.target, "target", j, m.start(), m.end())],
            target_sentence=j + 1, found=m.group(), context=context))
    return flags


# words an English sentence cannot end with
_CUT_WORDS = frozenset("the a an and or nor but of whose its their our your my than".split())
# Japanese case particles and the small tsu, which cannot end a sentence (a verb or a copula follows them); not
# へ, which ends headings ("... へ", "to ...")
_JA_CUT_ENDINGS = re.compile(r"([をがにっ])$")


def drops_final_punctuation(ctx: FlagContext) -> bool:
    """True when the translation as a whole tends to leave out final punctuation its source has (a tenth or
    more of such segments, at least two): then a missing full stop is the translation's style, not a cut."""
    ended = dropped = 0
    for a in ctx.alignments:
        if a.src and a.tgt and ends_with_final(ctx.source.joined(a.src)):
            ended += 1
            dropped += not ends_with_final(ctx.target.joined(a.tgt))
    return dropped >= 2 and dropped >= 0.1 * ended


def _cut_reason(text: str, source: str, lang: str, short: bool, value_follows: bool = False
                ) -> tuple[str, int] | None:
    """Why a translated sentence looks cut off, and where (offset of the last word), or None.

    ``short``: the segment is shorter than the language pair predicts (a headline left without its full stop
    is not). ``value_follows``: a placeholder left out of the checked text ends the unit ('Copy of %s'), so the
    last word checked is not its last word.
    """
    body = strip_closers(text).rstrip(".,;:…")
    last = re.search(r"(?:^|\s)([^\W\d_]+)[^\w\s]*$", body)
    if lang == "en" and last and last.group(1) in _CUT_WORDS and not value_follows:
        return f"ends with '{last.group(1)}'", last.start(1)
    cut = _JA_CUT_ENDINGS.search(body) if lang == "ja" and not value_follows else None
    if cut:
        return f"ends with the particle '{cut.group(1)}'", cut.start(1)
    # In scripts written without spaces a missing final stop is no sign of a cut: on WMT21 CED en-ja train + dev
    # it marked 22 good lines and 2 critical errors (below the 10% base rate); en-zh had none.
    if short and writes_spaces_between_words(lang) and source and ends_with_final(source) and not ends_with_final(text) \
            and len(text.split()) >= 4 and not text.rstrip().endswith((":", ";")):
        tail = re.search(r"(\S+)\s*$", text)
        return "has no final punctuation although its source has, and is shorter than expected", \
            tail.start(1) if tail else 0
    return None


@detector("truncated", "a sentence cut off: ends with an article, preposition or conjunction (a case particle "
                       "in Japanese), or lacks the final punctuation of its source")
def truncated(ctx: FlagContext) -> list[Flag]:
    expected = expected_ratio(ctx)
    style = drops_final_punctuation(ctx)
    flags = []
    for k, a in enumerate(ctx.alignments):
        src_chars = len(ctx.source.joined(a.src))
        limit = expected * ctx.thresholds.truncated_max_ratio
        short = bool(src_chars) and len(ctx.target.joined(a.tgt)) / src_chars < limit and not style
        for pos, j in enumerate(a.tgt):
            text = ctx.target.sentences[j].text
            source = ctx.source.joined(a.src) if pos == len(a.tgt) - 1 else ""
            value_follows = pos == len(a.tgt) - 1 and ctx.units is not None and ends_with_markup(ctx.units[k].target)
            reason = _cut_reason(text, source, ctx.target_lang_expected, short, value_follows)
            if reason is None:
                continue
            why, offset = reason
            flags.append(make_flag(
                "truncated", Severity.WARNING, k,
                f"sentence {j + 1} {why}: it looks cut off",
                [sentence_span(ctx.target, "target", j, offset, len(text))],
                target_sentence=j + 1, ending=text[offset:].strip()))
    return flags

