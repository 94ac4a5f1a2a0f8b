"""Placeholders and inline tags of pre-aligned units, and the unit checks: empty targets, review states.

Inline markup is kept out of the text that is embedded and read by the other detectors (``plain_text``) and
checked here on its own:

* ``placeholder-mismatch``: a printf (``%s``, ``%1$d``, ``%(name)s``), brace (``{0}``, ``{name}``) or
  template (``{{name}}``, ``${name}``) placeholder of the source missing from the translation, or one the
  source lacks (error); unnumbered printf placeholders (``%s %d``) in another order (error: the arguments
  would be swapped). Numbered and named ones may move freely.
* ``tag-mismatch``: an inline tag (``<g id="1">``, ``<x/>``, ``<ph/>``, ``<b>``) missing or extra (error), or
  paired tags whose nesting the translation breaks (error). Tags may otherwise change order with the words.
* ``empty-target``: a unit with a source and no translation (error).
* ``unit-state``: a unit its file marks as not final: ``fuzzy`` (PO), ``needs-review-*``, ``needs-translation``,
  ``new`` (XLIFF 1.2), ``initial`` (XLIFF 2) (warning).

>>> [t.text for t in markup_tokens('Hi <g id="1">%s</g>, {0} of {{n}}<x id="2"/> 100% done')]
['<g id="1">', '%s', '</g>', '{0}', '{{n}}', '<x id="2"/>']
>>> plain_text('Click <g id="1">here</g> to open <x id="2"/>.')[0]
'Click here to open.'
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag

_MARKUP = re.compile(
    r"(?P<tag></?[A-Za-z][\w:.-]*(?:\s[^<>]*?)?/?>)"
    r"|(?P<template>\{\{\s*[\w.]+\s*\}\}|\$\{\w+\})"
    r"|(?P<brace>\{(?:\d+|[A-Za-z_]\w*)(?:[:!][^{}]*)?\})"
    r"|(?P<printf>%(?:\d+\$|\(\w+\))?[-+#0]*(?:\d+|\*)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsa@])"
)
UNITS_ONLY = frozenset({"placeholder-mismatch", "tag-mismatch", "empty-target", "unit-state"})
# detectors about the alignment itself: units are given, so nothing is omitted, added or broken off by it
ALIGNMENT_ONLY = frozenset({"omission", "addition", "fragment"})
_NOT_FINAL = ("fuzzy", "new", "initial", "needs-translation", "needs-adaptation", "needs-l10n",
              "needs-review-translation", "needs-review-adaptation", "needs-review-l10n")


@dataclass(frozen=True)
class Token:
    """One placeholder or tag: its text, kind (tag/template/brace/printf) and offsets in the unit text."""

    text: str
    kind: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """What must match across the two sides: the tag's name and id, or the placeholder itself."""
        if self.kind != "tag":
            return self.text
        m = re.match(r"<(/?)([\w:.-]+)(?:.*?\bid=\"([^\"]*)\")?", self.text)
        slash, name, ident = m.group(1), m.group(2).lower(), m.group(3)
        closing = "/" if self.text.endswith("/>") else ""
        return f"<{slash}{name}{' #' + ident if ident else ''}{closing}>"


def markup_tokens(text: str) -> list[Token]:
    """The placeholders and tags of a unit text, in order (``%%`` and a lone ``%`` are text)."""
    out = []
    for m in _MARKUP.finditer(text.replace("%%", "\0\0")):
        out.append(Token(m.group(), m.lastgroup or "", m.start(), m.end()))
    return out


@dataclass(frozen=True)
class Run:
    """A piece of a unit text as written: its offsets there and where it starts in ``plain_text`` (None: left
    out, a placeholder or tag (``markup``) or the space a removed token took with it)."""

    start: int
    end: int
    plain: int | None
    markup: bool = False


def _group_ends(tokens: list[Token]) -> list[int]:
    """For each token, where the run of tokens written back to back from it ends (``<b>%s</b>`` is one gap)."""
    ends = [t.end for t in tokens]
    for i in range(len(tokens) - 2, -1, -1):
        if tokens[i + 1].start == tokens[i].end:
            ends[i] = ends[i + 1]
    return ends


# marks that close what comes before them ('Hallo %s, Ihr', 'für %s: 80'); full-width ones close it anywhere
_CLOSING_MARKS = re.compile(r"[，、。：；！？）]|[,.;:!?…)\]}؟،؛]+")
_CLOSING_QUOTES = "\"'”’“»«"


def _spaces_taken(text: str, before: str, gap_end: int, kept: str | None, starts: dict[int, str]) -> int:
    """How many of the spaces before a gap of markup its removal takes along: one when a space or the end follows
    the gap (no doubled space), all when a closing mark does (they part the placeholder from the word before, none
    is before the mark), else none. A mark closes when a space, the end, a quote or a tag follows it, or, after a
    word, a placeholder ('Version %d.%d'); not in '%s.txt', nor after a mark ('Dauer: %d:%02d' keeps ': :', no '::').
    ``kept``: the last character kept so far ('' if none, None before the first token); ``starts``: the kind of
    each token by its offset."""
    if not before.endswith(" ") or (kept is None and not before.strip()):
        return 0
    if text[gap_end:gap_end + 1] in (" ", ""):
        return 1
    spaces, mark = len(before) - len(before.rstrip(" ")), _CLOSING_MARKS.match(text, gap_end)
    if mark is None:
        return 0
    after = text[mark.end():mark.end() + 1]
    if mark.group() in "，、。：；！？）" or after in ("", *_CLOSING_QUOTES) or after.isspace() or \
            starts.get(mark.end()) == "tag":
        return spaces
    return spaces if starts.get(mark.end()) and ((kept or "") + before.rstrip(" "))[-1:].isalnum() else 0


def written_runs(text: str) -> list[Run]:
    """``text`` cut into the runs ``plain_text`` keeps and the ones it leaves out, in order, covering it all.

    A gap of markup (tokens written back to back) takes the spaces before it along (``_spaces_taken``), so its
    removal neither doubles a space nor puts one before a comma the translator wrote right after the placeholder.
    A space written between the placeholder and the mark is kept.

    >>> [(t[r.start:r.end], r.plain, r.markup) for t in ["Open {0} now"] for r in written_runs(t)]
    [('Open', 0, False), (' ', None, False), ('{0}', None, True), (' now', 4, False)]
    >>> [plain_text(t)[0] for t in ["Hallo <b>%s</b>, Ihr", "für %s: 80", "Hallo %s , Ihr", "Nom : %s", "a%sb"]]
    ['Hallo, Ihr', 'für: 80', 'Hallo , Ihr', 'Nom :', 'ab']
    """
    runs: list[Run] = []
    pos = plain_len = 0
    tokens = markup_tokens(text)
    starts = {t.start: t.kind for t in tokens}
    for tok, gap_end in zip(tokens, _group_ends(tokens)):
        last = next((text[r.end - 1] for r in reversed(runs) if r.plain is not None), "") if runs else None
        kept = tok.start - _spaces_taken(text, text[pos:tok.start], gap_end, last, starts)
        if kept > pos:
            runs.append(Run(pos, kept, plain_len))
            plain_len += kept - pos
        if kept < tok.start:
            runs.append(Run(kept, tok.start, None))
        runs.append(Run(tok.start, tok.end, None, markup=True))
        pos = tok.end
    if pos < len(text):
        runs.append(Run(pos, len(text), plain_len))
    return runs


def plain_text(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without markup (``written_runs`` it keeps), and the cut points (offset in the plain text, offset in
    the original) after each placeholder or tag."""
    parts, cuts, plain_len = [], [], 0
    for run in written_runs(text):
        if run.plain is not None:
            parts.append(text[run.start:run.end])
            plain_len += run.end - run.start
        elif run.markup:
            cuts.append((plain_len, run.end))
    return "".join(parts), cuts


_TRAILING = " \t\n.,;:!?…)]}\"'”’»。，！？、؟،؛"


def ends_with_markup(text: str) -> bool:
    """True when a unit text ends, before its closing marks, with a placeholder or a standalone tag (closing tags
    skipped): its checked text stops where a value goes, so its last word is no sign of a cut ('Copy of %s').

    >>> [ends_with_markup(t) for t in ["Copy of <b>%s</b>.", "Click <b>here</b>", 'Press <x id="1"/>', "50%"]]
    [True, False, True, False]
    """
    end = len(text.rstrip(_TRAILING))
    for tok in reversed(markup_tokens(text[:end])):
        if tok.end != end:
            return False
        if not tok.text.startswith("</"):
            return tok.kind != "tag" or tok.text.endswith("/>")
        end = tok.start
    return False


def _unit_of(ctx: FlagContext, k: int):
    return ctx.units[k] if ctx.units is not None else None


def _compare(source: list[Token], target: list[Token]) -> tuple[list[str], list[str]]:
    src, tgt = Counter(t.key for t in source), Counter(t.key for t in target)
    return sorted((src - tgt).elements()), sorted((tgt - src).elements())


def _nesting_broken(tokens: list[Token]) -> bool:
    stack: list[str] = []
    for t in tokens:
        key = t.key
        if key.endswith("/>") or not key.startswith("<"):
            continue
        if key.startswith("</"):
            name = key[2:].split(" ")[0].rstrip(">")
            opened = next((i for i in range(len(stack) - 1, -1, -1) if stack[i] == name), None)
            if opened is None or opened != len(stack) - 1:
                return True
            stack.pop()
        else:
            stack.append(key[1:].split(" ")[0].rstrip(">"))
    return False


def _mismatch(ctx: FlagContext, k: int, unit, kinds: set[str], flag_id: str, what: str) -> list[Flag]:
    src = [t for t in markup_tokens(unit.source) if (t.kind == "tag") == ("tag" in kinds)]
    tgt = [t for t in markup_tokens(unit.target) if (t.kind == "tag") == ("tag" in kinds)]
    missing, extra = _compare(src, tgt)
    problems = []
    if missing:
        problems.append(f"missing in the translation: {', '.join(missing)}")
    if extra:
        problems.append(f"not in the source: {', '.join(extra)}")
    if not missing and not extra:
        if "tag" in kinds and _nesting_broken(tgt) and not _nesting_broken(src):
            problems.append("the translation breaks the nesting of paired tags")
        order_src = [t.text for t in src if t.kind == "printf" and not re.match(r"%(\d+\$|\()", t.text)]
        order_tgt = [t.text for t in tgt if t.kind == "printf" and not re.match(r"%(\d+\$|\()", t.text)]
        if order_src != order_tgt:
            problems.append(f"unnumbered placeholders in another order ({' '.join(order_src)} -> "
                            f"{' '.join(order_tgt)}): the arguments would be swapped")
    if not problems:
        return []
    return [make_flag(flag_id, Severity.ERROR, k, f"unit {unit.id}: {what} {'; '.join(problems)}",
                      source=[t.text for t in src], target=[t.text for t in tgt], missing=missing, extra=extra,
                      unit=unit.id)]


def _translated_unit_mismatches(ctx: FlagContext, kinds: set[str], flag_id: str, what: str) -> list[Flag]:
    """``_mismatch`` of every unit with a translation (an empty target is ``empty-target``'s)."""
    flags: list[Flag] = []
    for k in range(len(ctx.units or ())):
        unit = _unit_of(ctx, k)
        if unit.target.strip():
            flags += _mismatch(ctx, k, unit, kinds, flag_id, what)
    return flags


@detector("placeholder-mismatch", "a placeholder ({0}, %s, {{name}}) missing, added or reordered in a unit")
def placeholder_mismatch(ctx: FlagContext) -> list[Flag]:
    return _translated_unit_mismatches(ctx, {"printf", "brace", "template"}, "placeholder-mismatch",
                                       "placeholders differ:")


@detector("tag-mismatch", "an inline tag (<g>, <x/>, <ph/>, <b>) missing, added or wrongly nested in a unit")
def tag_mismatch(ctx: FlagContext) -> list[Flag]:
    return _translated_unit_mismatches(ctx, {"tag"}, "tag-mismatch", "inline tags differ:")


@detector("empty-target", "a unit with source text and no translation")
def empty_target(ctx: FlagContext) -> list[Flag]:
    return [make_flag("empty-target", Severity.ERROR, k, f"unit {u.id} has no translation", unit=u.id,
                      state=u.state)
            for k, u in enumerate(ctx.units or ()) if u.source.strip() and not u.target.strip()]


@detector("unit-state", "a unit its file marks as fuzzy or needing review or translation")
def unit_state(ctx: FlagContext) -> list[Flag]:
    return [make_flag("unit-state", Severity.WARNING, k, f"unit {u.id} is marked '{u.state}' in its file: "
                      "not a final translation", unit=u.id, state=u.state)
            for k, u in enumerate(ctx.units or ()) if u.state and u.state.lower() in _NOT_FINAL
            and u.target.strip()]
