"""A boundary cue of the aligner: where a bead ends, both sides should agree on being inside a quotation.

A translator who splits or merges sentences keeps a quoted speech together, so a bead boundary drawn inside a
quotation on one side but outside it on the other is usually one sentence off. Each sentence gets a 0/1 state
(does it end inside a quotation); a boundary after source sentence ``i - 1`` and target sentence ``j - 1`` costs
the cue's weight when the two states differ. The weight is read off the text's own 1-1 anchors: ``cue_weight``
times the log of how much more often the states of two random sentences disagree than at the boundaries between
two consecutive anchor pairs.
It is zero where the marks say nothing, e.g. a text without quotations or with marks mangled by tokenisation.
(A question-mark cue was tried the same way and lost on the tuning chapters: ``docs/alignment-experiments.md``.)

>>> quote_states(["He said: “Come.", "Now.”", "She left."])
[1, 0, 0]
>>> quote_states(["'It's “in the shadow”, as they say.", "Yes.'"])
[1, 0]
"""
from __future__ import annotations

import math
import re

import numpy as np

KINDS = {**dict.fromkeys("「」", "corner"), **dict.fromkeys("『』", "white corner"),
         **dict.fromkeys("“”„\"", "double"), **dict.fromkeys("‘’‚'", "single"),
         **dict.fromkeys("«»", "guillemet"), **dict.fromkeys("‹›", "single guillemet")}
_ANY = re.compile("[" + re.escape("".join(KINDS)) + "]")
OPENING = frozenset("「『")
CLOSING = frozenset("」』")  # the other marks open or close by the characters around them...
_LIKELY = {"“": 1, "‘": 1, "«": 1, "”": -1, "»": -1}  # ...or, when those do not say, by their usual side
_BEFORE_OPENING = frozenset("([{—–-:：，,、")
_AFTER_OPENING = frozenset("¡¿…([") | frozenset(KINDS)
_AFTER_CLOSING = frozenset(".,;:!?)]}—–-。，！？；：…")
MAX_QUIET = 8  # an open quotation with no mark at all for this many sentences counts as closed


def _mark(text: str, k: int) -> int:
    """+1 for an opening quotation mark at ``text[k]``, -1 for a closing one, 0 when nothing says (it's).

    >>> [_mark(t, t.index(c)) for t, c in (("say 'no", "'"), ("no' said", "'"), ("it's", "'"), ("《“好", "“"))]
    [1, -1, 0, 1]
    """
    c = text[k]
    if c in OPENING:
        return 1
    if c in CLOSING:
        return -1
    before = text[k - 1] if k else None
    after = text[k + 1] if k + 1 < len(text) else None
    opens = (before is None or before.isspace() or before in _BEFORE_OPENING) and after is not None \
        and (after.isalnum() or after in _AFTER_OPENING)
    closes = (after is None or after.isspace() or after in _AFTER_CLOSING) and before is not None \
        and not before.isspace()
    if opens != closes:
        return 1 if opens else -1
    return _LIKELY.get(c, 0)


def quote_states(texts: list[str]) -> list[int]:
    """1 for a sentence that ends inside a quotation, else 0 (the state carries over sentences).

    A closing mark closes the quotation of its kind (double, single, corner, guillemet) and whatever was opened
    inside it, so a quotation inside a quoted speech does not end the speech. A state that went wrong heals: a
    closing mark with nothing of its kind open (but an apostrophe), or ``MAX_QUIET`` sentences without a mark, close everything.
    """
    stack: list[str] = []
    quiet, states = 0, []
    for text in texts:
        marks = [(KINDS[found.group()], _mark(text, found.start())) for found in _ANY.finditer(text)]
        quiet = 0 if any(m for _, m in marks) else quiet + 1
        for kind, m in marks:
            if m and kind in stack:  # its close, or the same kind opened again (a new paragraph of a speech)
                del stack[stack.index(kind):]
            elif m < 0 and kind != "single":  # (a lone closing ' is an apostrophe: boys', l' instant)
                stack.clear()
            if m > 0:
                stack.append(kind)
        if quiet >= MAX_QUIET:
            stack.clear()
        states.append(int(bool(stack)))
    return states


def cue_weight(src: np.ndarray, tgt: np.ndarray, pairs: list[tuple[int, int]]) -> float:
    """Log of how much more often the states of two random sentences disagree than those of the anchor pairs.

    >>> states = np.array([0, 1] * 10)
    >>> round(cue_weight(states, states, [(i, i) for i in range(20)]), 2)  # chance 0.5, anchors 0.5 / 21
    3.04
    >>> cue_weight(states, states, [(i, i + 1) for i in range(19)])  # no better than chance
    0.0
    """
    if len(pairs) < 10 or not len(src) or not len(tgt):
        return 0.0
    ps, pt = float(src.mean()), float(tgt.mean())
    chance = ps * (1 - pt) + pt * (1 - ps)
    missed = sum(int(src[i] != tgt[j]) for i, j in pairs)
    on_anchors = (missed + 0.5) / (len(pairs) + 1)
    return max(math.log(chance / on_anchors), 0.0) if chance > 0 else 0.0


class BoundaryCosts:
    """The cost of ending a bead at cell ``(i, j)``: the quotation cue's weight when the two states differ."""

    def __init__(self, src_texts: list[str] | None, tgt_texts: list[str] | None,
                 found: list[tuple[int, int, float]], weight: float) -> None:
        self.weight = 0.0
        if not weight or src_texts is None or tgt_texts is None:
            return
        src = np.asarray(quote_states(src_texts), dtype=np.int8)
        tgt = np.asarray(quote_states(tgt_texts), dtype=np.int8)
        # boundaries between two consecutive anchors are real ones (an anchor alone may be part of a group)
        pairs = [(i, j) for (i, j, _), (k, q, _) in zip(found, found[1:]) if (k, q) == (i + 1, j + 1)]
        self.weight = weight * cue_weight(src, tgt, pairs)
        # the state before the first sentence is 0: outside a quotation
        self.src, self.tgt = np.concatenate([[0], src]), np.concatenate([[0], tgt])

    def at(self, i: int, js: np.ndarray) -> np.ndarray | float:
        """Cost of ending a bead at cells ``(i, j)`` for ``j`` in ``js``."""
        if not self.weight:
            return 0.0
        return self.weight * (self.src[i] != self.tgt[js])
