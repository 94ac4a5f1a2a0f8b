"""Alignment beads as text, and the strict/lax scorer of Sennrich & Volk as used by Vecalign and Bertalign.

A bead is a pair of sorted index tuples, ``((2, 3), (4,))``, printed ``[2, 3]:[4]`` (optionally followed by
``:score``). The scorer follows ``../shared/bench/textberg-de-fr/SOURCE.md`` exactly:

* precision: every system bead (1-0 and 0-1 included) is a strict hit when the identical bead is in the gold,
  else a lax hit when one of its (source, target) links is a gold link;
* recall: the same with gold and system swapped, counting only beads non-empty on both sides;
* counts are summed over documents before P, R and F1 are computed (micro-average).

>>> gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
>>> system = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ())]
>>> s = score_documents([(system, gold)])
>>> round(s.strict.precision, 2), round(s.strict.recall, 2), round(s.lax.precision, 2), s.lax.recall
(0.5, 0.5, 0.75, 1.0)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .errors import InputError

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]

_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?:\s*:\s*(\S+))?\s*$")


def parse_bead(line: str) -> tuple[BeadPair, float | None]:
    """``[0, 1]:[2]:0.73`` -> (((0, 1), (2,)), 0.73); raises ValueError on anything else."""
    match = _BEAD.match(line)
    if not match:
        raise ValueError(f"not a bead: {line.strip()!r}")
    src, tgt = (tuple(int(v) for v in part.replace(",", " ").split()) for part in match.group(1, 2))
    score = float(match.group(3)) if match.group(3) not in (None, "None", "-") else None
    return (src, tgt), score


def read_beads(path: str | Path) -> list[BeadPair]:
    """The beads of a file, one per line (blank lines ignored); InputError on a bad line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (IsADirectoryError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read beads ({type(exc).__name__})") from None
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            beads.append(parse_bead(line)[0])
        except ValueError:
            raise InputError(f"{path}:{number}: not a bead like [0, 1]:[2]: {line.strip()[:60]!r}") from None
    return beads


def format_bead(src: Sequence[int], tgt: Sequence[int], score: float | None = None) -> str:
    """The common notation: ``[0]:[0, 1]`` or ``[0]:[0, 1]:0.730``."""
    text = f"{list(src)}:{list(tgt)}"
    return text if score is None else f"{text}:{score:.3f}"


@dataclass
class Counts:
    """Hits and misses of one direction (precision or recall), strict and lax."""

    strict_hit: int = 0
    strict_miss: int = 0
    lax_hit: int = 0
    lax_miss: int = 0

    def add(self, other: "Counts") -> None:
        self.strict_hit += other.strict_hit
        self.strict_miss += other.strict_miss
        self.lax_hit += other.lax_hit
        self.lax_miss += other.lax_miss


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, p: float, r: float) -> "PRF":
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    """Strict and lax P/R/F1 plus the counts they come from."""

    strict: PRF
    lax: PRF
    precision_counts: Counts = field(default_factory=Counts)
    recall_counts: Counts = field(default_factory=Counts)


def _clean(beads: Iterable[BeadPair]) -> list[BeadPair]:
    return [(tuple(s), tuple(t)) for s, t in beads if s or t]


def _count(test: list[BeadPair], gold: list[BeadPair]) -> Counts:
    """Check every ``test`` bead against ``gold`` (identical bead -> strict; shared link -> lax)."""
    gold_set = set(gold)
    links = {(s, t) for src, tgt in gold for s in src for t in tgt}
    c = Counts()
    for src, tgt in test:
        if (src, tgt) in gold_set:
            c.strict_hit += 1
            c.lax_hit += 1
            continue
        c.strict_miss += 1
        if any((s, t) in links for s in src for t in tgt):
            c.lax_hit += 1
        else:
            c.lax_miss += 1
    return c


def _ratio(hit: int, miss: int) -> float:
    return hit / (hit + miss) if hit + miss else 0.0


def score_documents(pairs: Iterable[tuple[Sequence[BeadPair], Sequence[BeadPair]]]) -> Scores:
    """Micro-averaged strict/lax scores over (system beads, gold beads) pairs, one pair per document."""
    prec, rec = Counts(), Counts()
    for system, gold in pairs:
        system, gold = _clean(system), _clean(gold)
        prec.add(_count(system, gold))
        both = lambda beads: [b for b in beads if b[0] and b[1]]  # noqa: E731
        rec.add(_count(both(gold), both(system)))
    strict = PRF.of(_ratio(prec.strict_hit, prec.strict_miss), _ratio(rec.strict_hit, rec.strict_miss))
    lax = PRF.of(_ratio(prec.lax_hit, prec.lax_miss), _ratio(rec.lax_hit, rec.lax_miss))
    return Scores(strict, lax, prec, rec)


def null_scores(pairs: Iterable[tuple[Sequence[BeadPair], Sequence[BeadPair]]]
                ) -> dict[str, tuple[float | None, float | None]]:
    """Precision and recall of 1-0 beads (``"1-0"``) and 0-1 beads (``"0-1"``) over all documents (None: 0/0)."""
    found = {"1-0": [0, 0, 0], "0-1": [0, 0, 0]}  # true positives, system count, gold count
    for system, gold in pairs:
        for key, pick in (("1-0", lambda b: b[0] and not b[1]), ("0-1", lambda b: b[1] and not b[0])):
            sys_set = {b for b in _clean(system) if pick(b)}
            gold_set = {b for b in _clean(gold) if pick(b)}
            found[key][0] += len(sys_set & gold_set)
            found[key][1] += len(sys_set)
            found[key][2] += len(gold_set)
    return {k: (tp / n if n else None, tp / g if g else None) for k, (tp, n, g) in found.items()}


def merge_by_verse(beads: Sequence[BeadPair], src_verse: Sequence[str], tgt_verse: Sequence[str]) -> list[BeadPair]:
    """Join consecutive beads that lie inside the same verse (the Bible set's scoring, see its SOURCE.md)."""
    merged: list[BeadPair] = []
    last: str | None = None
    for src, tgt in _clean(beads):
        label = _verse_label([src_verse[i] for i in src], [tgt_verse[j] for j in tgt])
        if label is not None and label == last and merged:
            prev_src, prev_tgt = merged[-1]
            merged[-1] = (prev_src + src, prev_tgt + tgt)
        else:
            merged.append((src, tgt))
        last = label
    return merged


def _verse_label(src_verses: list[str], tgt_verses: list[str]) -> str | None:
    labels = set(src_verses) | set(tgt_verses)
    if len(set(src_verses)) > 1 or len(set(tgt_verses)) > 1 or len(labels) != 1:
        return None
    return labels.pop()
