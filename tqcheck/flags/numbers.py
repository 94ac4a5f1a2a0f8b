"""Numbers that differ between source and translation, in any digit script and common number words.

>>> [n.text for n in extract_numbers("killed 4,487 and wounded 32,000 on the 5th", "en")]
['4,487', '32,000', '5th']
>>> 4487.0 in extract_numbers("4,487", "en")[0].values and 4487.0 in extract_numbers("۴۴۸۷", "fa")[0].values
True
>>> sorted(v for n in extract_numbers("۳۲ هزار زخمی و ۲۶،۷۵۰ دلار", "fa") for v in n.values)
[26.75, 32.0, 26750.0, 32000.0]
>>> [sorted(n.values) for n in extract_numbers("um 20 Uhr", "de") + extract_numbers("at 8 pm", "en")]
[[8.0, 20.0], [8.0, 20.0]]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..languages import uses_decimal_comma
from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, nearby, sentence_span

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩０１２３４５６７８９", "0123456789" * 3)
# digits with grouping/decimal marks, then up to 8 letters glued on ("2.8bn", "7.55am", "1930s", "19th")
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.,:])"
    r"(\d+(?:(?:[,.\u066C\u066B\u00A0\u202F']|\u060C(?=\d{3}(?!\d))|/(?=\d)|:(?=\d\d(?!\d))|"
    r" (?=\d{3}(?![\d.,])))\d+)*)"  # a plain space groups thousands only before exactly three digits: 10 000
    r"((?:[A-Za-zºª\u00C0-\u024F]{1,8}|مین|ام|م)(?![A-Za-z])|)(?![0-9A-Za-z])")  # glued suffix: bn, am, th, ام
# imperial units a translator may convert: factor to the metric value(s) they would write instead
_UNIT_FACTORS = {
    ("inch", "inches", "in"): (25.4, 2.54), ("foot", "feet", "ft"): (0.3048, 30.48),
    ("mile", "miles", "mi", "mph"): (1.609,), ("pound", "pounds", "lb", "lbs"): (0.4536,),
    ("ounce", "ounces", "oz"): (28.35,), ("yard", "yards", "yd"): (0.9144,), ("gallon", "gallons"): (3.785,),
    ("acre", "acres"): (0.4047,), ("degrees", "degree", "°f", "fahrenheit"): (5 / 9,),
}
_UNIT = {word: factors for words, factors in _UNIT_FACTORS.items() for word in words}
_RANGE_WORDS = frozenset("to - – and or through".split())
_ORDINAL_SUFFIXES = frozenset("st nd rd th e er ème eme º ª o a te ten ام م مین".split())
_MULTIPLIERS = {
    1e2: "hundred hundreds صد сто сотни",
    1e3: "thousand thousands k هزار ألف آلاف الف тысяч тысячи тысяча тыс mil tausend mille milliers 千",
    1e4: "万 萬",
    1e6: "million millions m mn mln مليون ملايين میلیون миллион миллиона миллионов млн millón millones millionen mio",
    1e8: "亿 億",
    1e9: "billion billions bn b میلیارد مليار مليارات миллиард миллиарда миллиардов млрд milliard milliarden mrd",
    1e12: "trillion trillions tn تریلیون تريليون триллион триллиона триллионов billionen",
}
_MULTIPLIER = {w: v for v, words in _MULTIPLIERS.items() for w in words.split()}
_UNITS = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen",
    "en_ord": "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
              "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth",
    "fa": "صفر یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده شانزده هفده هجده نوزده",
    "ar": "صفر واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة أحد اثنا",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
}
_TENS = {
    "en": "twenty thirty forty fifty sixty seventy eighty ninety",
    "en_ord": "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth",
    "fa": "بیست سی چهل پنجاه شصت هفتاد هشتاد نود",
    "ar": "عشرون ثلاثون أربعون خمسون ستون سبعون ثمانون تسعون",
    "ar_obl": "عشرين ثلاثين أربعين خمسين ستين سبعين ثمانين تسعين",
    "de": "zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig",
}
_EXTRA_WORDS = {
    1: "un une uno una один одна первый اول یکم erste premier primero 一 ein eine واحدة",
    2: "twice deux dos два две второй zweite deuxième segundo 二 两 اثنين اثنتين ثاني ثانية دوم",
    3: "trois tres три третий dritte ثلاث ثالث سوم 三", 4: "quatre cuatro четыре أربع رابع 四",
    5: "cinq cinco пять خمس 五", 6: "six seis шесть ست 六", 7: "sept siete семь 七", 8: "huit ocho восемь 八",
    9: "neuf nueve девять 九", 10: "dix diez десять 十 decade decades", 100: "hundred صد مائة مئة", 1000: "thousand هزار ألف",
}


def _word_table() -> dict[str, float]:
    table: dict[str, float] = {}
    for words in _UNITS.values():
        table.update({w: float(i) for i, w in enumerate(words.split())})
    table["أحد"], table["اثنا"] = 1.0, 2.0
    for words in _TENS.values():
        table.update({w: float(20 + 10 * i) for i, w in enumerate(words.split())})
    for value, words in _EXTRA_WORDS.items():
        table.update({w: float(value) for w in words.split()})
    return table


_WORD_VALUE = _word_table()


@dataclass(frozen=True)
class Number:
    """A number found in text: span (relative to the text), text, the values it may stand for exactly, values
    it is about equal to (a converted unit), and whether a missing partner is worth a flag (ordinals are
    often written as words, so they only ever match)."""

    start: int
    end: int
    text: str
    values: frozenset[float]
    flaggable: bool = True
    approx: frozenset[float] = frozenset()


def _parse_digits(core: str, lang: str) -> set[float]:
    """Every value a digit string may stand for (``150.000`` is 150 or 150000 depending on the writer)."""
    if core.count(":") == 1 and "/" not in core:
        try:
            return {float(core.replace(":", "."))}  # a clock time 7:55 ~ 7.55am
        except ValueError:
            return set()
    if " " in core:
        groups = core.split(" ")
        if not (1 <= len(groups[0]) <= 3 and groups[0][0] != "0" and all(len(g) == 3 for g in groups[1:])):
            return set()  # a phone number or two numbers side by side: no reliable value
        core = "".join(groups)
    if lang in ("fa", "ur", "ps") and core.count("/") == 1:
        core = core.replace("/", ".")  # Persian decimal slash: ۲/۵ = 2.5
    if "/" in core or ":" in core:
        return set()  # a date such as 1402/11/15, or a fraction
    for mark, plain in (("\u066C", ","), ("\u060C", ","), ("\u066B", "."), ("\u00A0", ""), ("\u202F", ""), ("'", "")):
        core = core.replace(mark, plain)
    marks = [c for c in core if c in ",."]
    if len(marks) == 1 and len(core.split(marks[0])[1]) == 3:
        whole, frac = core.split(marks[0])
        return {float(whole + frac), float(whole + "." + frac)}  # 4,487 or 4.487: either reading
    decimal, group = (",", ".") if uses_decimal_comma(lang) else (".", ",")
    if marks and marks[-1] == group and len(set(marks)) == 1 and len(marks) == 1:
        decimal, group = group, decimal  # 2,5 in an English text: a decimal comma
    parts = core.split(decimal)
    if len(parts) > 2:
        return set()
    whole = parts[0]
    if group in whole:
        groups = whole.split(group)
        if any(len(g) != 3 for g in groups[1:]):
            return set()
        whole = "".join(groups)
    try:
        return {float(whole + ("." + parts[1] if len(parts) == 2 else ""))}
    except ValueError:
        return set()


_PM = frozenset("pm p.m. p.m pm.".split())
_HOURS = frozenset("uhr h heures heure horas hs часов часа час ساعت الساعة 点 時".split())


def _clock_alternatives(value: float, word: str) -> set[float]:
    """Clock times: "8 pm" may be written "20 Uhr" and the other way round."""
    if word in _PM and 1 <= value <= 12:
        return {value + 12}
    if word in _HOURS and 13 <= value <= 24:
        return {value - 12}
    return set()


def _alternatives(value: float, word: str) -> set[float]:
    """Other values a number may stand for, given the word glued to it or following it."""
    values = set(_clock_alternatives(value, word))
    mult = _MULTIPLIER.get(word.strip("."))
    if mult:
        values.add(value * mult)
    return values


def _unit_after(words: list[str]) -> tuple[float, ...]:
    """Conversion factors of the unit that follows a number, directly or after a range ("1 to 4 inches")."""
    if words and words[0] in _UNIT:
        return _UNIT[words[0]]
    if len(words) >= 3 and words[0] in _RANGE_WORDS and re.fullmatch(r"[\d.,]+", words[1]):
        return _UNIT.get(words[2], ())
    return ()


def extract_numbers(text: str, lang: str) -> list[Number]:
    """Numbers written with digits (any script); multiplier words, clock times and units give alternatives."""
    ascii_text = text.translate(_DIGITS)
    found = []
    for m in _NUMBER.finditer(ascii_text):
        values = _parse_digits(m.group(1), lang)
        if not values:
            continue
        suffix = m.group(2).lower() or ascii_text[m.end():m.end() + 1]  # 1万, 3亿: CJK multipliers glued on
        after = [w.lower().strip(",;:)") for w in ascii_text[m.end():m.end() + 40].split()[:3]]
        for value in list(values):
            values |= _alternatives(value, suffix)
            if after:
                values |= _alternatives(value, after[0])
        factors = _UNIT.get(suffix, ()) or _unit_after(after)
        approx = {v * f for v in values for f in factors}
        if factors and factors[0] == 5 / 9:
            approx |= {(v - 32) * 5 / 9 for v in values}  # a temperature, not only a difference
        # ordinals (19th) and decades (1930s, in his 40s) are often written in words: they match, never flag
        flaggable = suffix not in _ORDINAL_SUFFIXES and suffix != "s"
        found.append(Number(m.start(), m.end(), text[m.start():m.end()], frozenset(values), flaggable,
                            frozenset(approx)))
    return found


_MONTHS = ("january february march april may june july august september october november december",
           "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
           "januar februar märz april mai juni juli august september oktober november dezember",
           "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
           "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro")
_MONTH = {m: float(i + 1) for names in _MONTHS for i, m in enumerate(names.split())}
_ROMAN = re.compile(r"\b(?=[IVXL]{2,}\b)(L?X{0,3})(IX|IV|V?I{0,3})\b")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_numbers(text: str) -> set[float]:
    """Values of upper-case Roman numerals of two letters or more ('John Paul II', 'World War II').

    >>> sorted(roman_numbers("Pope John Paul II and Louis XIV, not I or MIX"))
    [2.0, 14.0]
    """
    values = set()
    for m in _ROMAN.finditer(text):
        digits = [_ROMAN_VALUE[c] for c in m.group()]
        values.add(float(sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d for i, d in enumerate(digits))))
    return values


_GLUED_DIGITS = re.compile(r"(?:(?<=[A-Za-z])|(?<=[A-Za-z]:))\d+|\d+(?=[A-Za-z]{2})")
_SPLIT_NUMBER = re.compile(r"(?<![\d.,:])(\d+) ([.,:]) (\d+)(?!\d)")


def rejoined_numbers(text: str, lang: str) -> list[Number]:
    """Numbers that tokenisation split around their mark ('1 . 9 億', '20 : 32'), read as one number.

    >>> [sorted(n.values) for n in rejoined_numbers("各 1 . 9 億 ドル", "ja")]
    [[1.9, 190000000.0]]
    """
    ascii_text = text.translate(_DIGITS)
    found = []
    for m in _SPLIT_NUMBER.finditer(ascii_text):
        joined = m.group(1) + m.group(2) + m.group(3)
        parsed = extract_numbers(joined + ascii_text[m.end():m.end() + 40], lang)
        if parsed and parsed[0].end == len(joined):
            n = parsed[0]
            found.append(Number(m.start(), m.end(), text[m.start():m.end()], n.values, n.flaggable, n.approx))
    return found


def word_numbers(text: str) -> set[float]:
    """Values of number words, compounds included (twenty-one, بیست و یک, fifty-eight), multiplier words, month
    names (July 3 = 7月3日) and Roman numerals."""
    values = roman_numbers(text)
    values |= {_MONTH[w] for w in re.findall(r"[^\W\d_]+", text.lower()) if w in _MONTH}
    # digits glued to a name or code ('Bubba73', 'GTA4', 'Talk:1979'), which tokenised MT splits off
    values |= {float(d) for d in _GLUED_DIGITS.findall(text.translate(_DIGITS))}
    tokens = re.findall(r"\w+", text.lower().replace("-", " "))
    previous = None
    for token in tokens:
        value = _WORD_VALUE.get(token)
        if value is None and token.startswith("و") and token[1:] in _WORD_VALUE:  # Arabic: وعشرون
            value = _WORD_VALUE[token[1:]]
        if value is None and len(token) > 3 and token.endswith(("مین", "م")):  # Persian ordinals: نوزدهم
            value = _WORD_VALUE.get(token[:-3] if token.endswith("مین") else token[:-1])
        if token in _MULTIPLIER:
            values.add(_MULTIPLIER[token])
            if previous is not None:
                values.add(previous * _MULTIPLIER[token])
        if value is not None:
            values.add(value)
            if previous is not None and previous >= 20 and previous % 10 == 0 and value < 10:
                values.add(previous + value)  # twenty one / بیست و یک
            if previous is not None and previous < 10 and value >= 20 and value % 10 == 0:
                values.add(previous + value)  # واحد وعشرون (Arabic: units first)
            previous = value
        elif token not in ("و", "and", "und"):
            previous = None
    return values


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(1.0, 0.05 * abs(b))


def _unmatched(mine: list[Number], theirs: list[Number], their_words: set[float]) -> list[Number]:
    """Flaggable numbers of ``mine`` that equal no number (digits or words) on the other side."""
    exact = set(their_words).union(*(n.values for n in theirs))
    approx = set().union(*(n.approx for n in theirs))

    def matched(n: Number) -> bool:
        return bool(n.values & exact) or any(_close(a, b) for a in n.approx for b in exact) or \
            any(_close(a, b) for a in approx for b in n.values)

    return [n for n in mine if n.flaggable and not matched(n)]


@detector("number-mismatch", "numbers in the source that the translation lacks, or the other way round")
def number_mismatch(ctx: FlagContext) -> list[Flag]:
    flags = []
    aligns = ctx.alignments
    for k, a in enumerate(aligns):
        if not a.src or not a.tgt:
            continue
        near = nearby(ctx, k)
        src_text, tgt_text = ctx.source.joined(a.src), ctx.target.joined(a.tgt)
        src_near = " ".join(ctx.source.joined(aligns[i].src) for i in near)
        tgt_near = " ".join(ctx.target.joined(aligns[i].tgt) for i in near)
        src_nums = extract_numbers(src_text, ctx.source.lang)
        tgt_nums = extract_numbers(tgt_text, ctx.target.lang)
        src_other = _numbers_with_joins(src_near, ctx.source.lang)
        tgt_other = _numbers_with_joins(tgt_near, ctx.target.lang)
        missing_src = _unmatched(src_nums, tgt_other, word_numbers(tgt_near))
        missing_tgt = _unmatched(tgt_nums, src_other, word_numbers(src_near))
        missing_src = _without_matched_joins(missing_src, src_text, ctx.source.lang, tgt_other, tgt_near)
        missing_tgt = _without_matched_joins(missing_tgt, tgt_text, ctx.target.lang, src_other, src_near)
        # a lone "1" the source does not write as a number is usually an article ("a week" = 1 週間)
        missing_tgt = [n for n in missing_tgt if n.values != frozenset({1.0})]
        if not missing_src and not missing_tgt:
            continue
        # both sides have a number the other lacks: a number was changed (error); one side only: it may be
        # spelled out or converted (a unit, a date format), so a warning
        severity = Severity.ERROR if missing_src and missing_tgt else Severity.WARNING
        parts = []
        if missing_src:
            parts.append("source has " + ", ".join(n.text for n in missing_src) + " not found in the translation")
        if missing_tgt:
            parts.append("translation has " + ", ".join(n.text for n in missing_tgt) + " not found in the source")
        spans = [_span(ctx, "source", a.src, n) for n in missing_src] + \
                [_span(ctx, "target", a.tgt, n) for n in missing_tgt]
        flags.append(make_flag(
            "number-mismatch", severity, k, "; ".join(parts), spans,
            source_numbers=[n.text for n in src_nums], target_numbers=[n.text for n in tgt_nums],
            missing_in_translation=[n.text for n in missing_src], missing_in_source=[n.text for n in missing_tgt]))
    return flags


def _numbers_with_joins(text: str, lang: str) -> list[Number]:
    return extract_numbers(text, lang) + rejoined_numbers(text, lang)


def _without_matched_joins(missing: list[Number], text: str, lang: str, other: list[Number],
                           other_text: str) -> list[Number]:
    """``missing`` without the pieces of a tokenisation-split number ('1 . 9') that the other side has whole."""
    joins = [j for j in rejoined_numbers(text, lang) if not _unmatched([j], other, word_numbers(other_text))]
    return [n for n in missing if not any(j.start <= n.start and n.end <= j.end for j in joins)]


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
