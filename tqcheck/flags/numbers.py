"""Numbers that differ between source and translation, in any digit script and common number words.

>>> sorted(v for n in extract_numbers("killed 4,487 and wounded 32,000", "en") for v in n.values)
[4487.0, 32000.0]
>>> sorted(v for n in extract_numbers("۴۴۸۷ کشته و ۳۲ هزار زخمی", "fa") for v in n.values)
[32.0, 4487.0, 32000.0]
>>> [sorted(n.values) for n in extract_numbers("um 20 Uhr", "de") + extract_numbers("at 8 pm", "en")]
[[8.0, 20.0], [8.0, 20.0]]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩０１２３４５６７８９", "0123456789" * 3)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:(?:[,.\u066C\u066B\u00A0\u202F' ]|/(?=\d))\d+)*(?:st|nd|rd|th|e|er)?(?!\w)")
_COMMA_DECIMAL = frozenset("de fr es it pt nl ru uk pl cs sk ro tr sv da no fi id bg hr sl sr et lv lt hu el".split())
_MULTIPLIERS = {
    1e2: "hundred hundreds صد сто сотни",
    1e3: "thousand thousands k هزار ألف آلاف الف тысяч тысячи тысяча mil tausend mille milliers 千",
    1e4: "万 萬",
    1e6: "million millions m mn مليون ملايين میلیون миллион миллиона миллионов millón millones millionen mio",
    1e8: "亿 億",
    1e9: "billion billions bn میلیارد مليار مليارات миллиард миллиарда миллиардов milliard milliarden mrd "
         "mil-millones",
    1e12: "trillion trillions تریلیون تريليون триллион триллиона триллионов billionen",
}
_MULTIPLIER = {w: v for v, words in _MULTIPLIERS.items() for w in words.split()}
_WORDS = {
    1: "one first یک یکم اول واحد واحدة eins ein eine erste un une premier uno una primero один одна первый 一",
    2: "two second twice دو دوم اثنان اثنين اثنتين ثاني ثانية zwei zweite deux deuxième dos segundo два две второй 二 两",
    3: "three third سه سوم ثلاثة ثلاث ثالث drei dritte trois tres три третий 三",
    4: "four fourth چهار چهارم أربعة أربع رابع vier quatre cuatro четыре 四",
    5: "five fifth پنج پنجم خمسة خمس fünf cinq cinco пять 五",
    6: "six sixth شش ششم ستة ست sechs seis шесть 六",
    7: "seven هفت سبعة sieben sept siete семь 七",
    8: "eight هشت ثمانية acht huit ocho восемь 八",
    9: "nine نه تسعة neun neuf nueve девять 九",
    10: "ten ده عشرة zehn dix diez десять 十",
    11: "eleven یازده", 12: "twelve دوازده", 20: "twenty بیست عشرين", 30: "thirty سی ثلاثين",
    50: "fifty پنجاه خمسين", 100: "hundred صد مائة مئة", 1000: "thousand هزار ألف",
}
_WORD_VALUE = {w: float(v) for v, words in _WORDS.items() for w in words.split()}


@dataclass(frozen=True)
class Number:
    """A number found in text: its span (relative to the text), the text and every value it may stand for."""

    start: int
    end: int
    text: str
    values: frozenset[float]


def _parse_digits(raw: str, lang: str) -> float | None:
    core = re.sub(r"(st|nd|rd|th|e|er)$", "", raw)
    if lang == "fa" and core.count("/") == 1:
        core = core.replace("/", ".")  # Persian decimal slash: ۲/۵ = 2.5
    if "/" in core:
        return None  # a date such as 1402/11/15
    core = core.replace("\u066C", ",").replace("\u066B", ".").replace("\u00A0", " ").replace("\u202F", " ")
    decimal, group = (",", ".") if lang in _COMMA_DECIMAL else (".", ",")
    core = core.replace(" ", "").replace("'", "")
    parts = core.split(decimal)
    if len(parts) > 2:
        return None
    whole = parts[0]
    if group in whole:
        groups = whole.split(group)
        if any(len(g) != 3 for g in groups[1:]):
            return None
        whole = "".join(groups)
    try:
        return float(whole + ("." + parts[1] if len(parts) == 2 else ""))
    except ValueError:
        return None


_PM = frozenset("pm p.m. p.m pm.".split())
_HOURS = frozenset("uhr h heures heure horas hs часов часа час ساعت الساعة 点 時".split())


def _clock_alternatives(value: float, word: str) -> set[float]:
    """Clock times: "8 pm" may be written "20 Uhr" and the other way round."""
    if word in _PM and 1 <= value <= 12:
        return {value + 12}
    if word in _HOURS and 13 <= value <= 24:
        return {value - 12}
    return set()


def extract_numbers(text: str, lang: str) -> list[Number]:
    """Numbers written with digits (any script), with a following multiplier word applied as an alternative."""
    ascii_text = text.translate(_DIGITS)
    found = []
    for m in _NUMBER.finditer(ascii_text):
        value = _parse_digits(m.group().strip(), lang)
        if value is None:
            continue
        values = {value}
        after = ascii_text[m.end():m.end() + 24].split()
        if after:
            word = after[0].lower().strip(",;:)")
            mult = _MULTIPLIER.get(word.strip("."))
            if mult:
                values.add(value * mult)
            values |= _clock_alternatives(value, word)
        found.append(Number(m.start(), m.end(), text[m.start():m.end()], frozenset(values)))
    return found


def word_numbers(text: str) -> set[float]:
    """Values of number words (one, دو, zwei ...) and of bare multiplier words (thousand, هزار)."""
    values = set()
    for token in re.findall(r"\w+", text.lower()):
        if token in _WORD_VALUE:
            values.add(_WORD_VALUE[token])
        if token in _MULTIPLIER:
            values.add(_MULTIPLIER[token])
    return values


def _unmatched(mine: list[Number], theirs: list[Number], their_words: set[float]) -> list[Number]:
    other = set().union(*(n.values for n in theirs)) if theirs else set()
    other |= their_words
    return [n for n in mine if not (n.values & other)]


@detector("number-mismatch", "numbers in the source that the translation lacks, or the other way round")
def number_mismatch(ctx: FlagContext) -> list[Flag]:
    flags = []
    aligns = ctx.alignments
    for k, a in enumerate(aligns):
        if not a.src or not a.tgt:
            continue
        near = range(max(0, k - 1), min(len(aligns), k + 2))
        src_text, tgt_text = ctx.source.joined(a.src), ctx.target.joined(a.tgt)
        src_near = " ".join(ctx.source.joined(aligns[i].src) for i in near)
        tgt_near = " ".join(ctx.target.joined(aligns[i].tgt) for i in near)
        src_nums = extract_numbers(src_text, ctx.source.lang)
        tgt_nums = extract_numbers(tgt_text, ctx.target.lang)
        missing_src = _unmatched(src_nums, extract_numbers(tgt_near, ctx.target.lang), word_numbers(tgt_near))
        missing_tgt = _unmatched(tgt_nums, extract_numbers(src_near, ctx.source.lang), word_numbers(src_near))
        if not missing_src and not missing_tgt:
            continue
        parts = []
        if missing_src:
            parts.append("source has " + ", ".join(n.text for n in missing_src) + " not found in the translation")
        if missing_tgt:
            parts.append("translation has " + ", ".join(n.text for n in missing_tgt) + " not found in the source")
        spans = [_span(ctx, "source", a.src, n) for n in missing_src] + \
                [_span(ctx, "target", a.tgt, n) for n in missing_tgt]
        flags.append(make_flag(
            "number-mismatch", Severity.ERROR, k, "; ".join(parts), spans,
            source_numbers=[n.text for n in src_nums], target_numbers=[n.text for n in tgt_nums],
            missing_in_translation=[n.text for n in missing_src], missing_in_source=[n.text for n in missing_tgt]))
    return flags


def _span(ctx: FlagContext, side: str, ids: tuple[int, ...], number: Number):
    """Map a number's offset in the joined text back to its sentence."""
    doc = ctx.source if side == "source" else ctx.target
    offset = number.start
    for i in ids:
        length = len(doc.sentences[i].text)
        if offset < length:
            return sentence_span(doc, side, i, offset, offset + (number.end - number.start))
        offset -= length + 1
    return sentence_span(doc, side, ids[-1])
