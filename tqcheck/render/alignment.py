"""Renderers for ``tqcheck align``: bead lines, tab-separated texts, JSON (an ``AlignmentResult``)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..types import Document


@dataclass(frozen=True)
class AlignmentResult:
    """The beads of two documents with each bead's calibrated similarity (0 for 1-0 / 0-1) and run settings."""

    source: Document
    target: Document
    beads: tuple[Any, ...]  # tqcheck.align.Bead
    similarities: tuple[float, ...]
    meta: dict[str, Any]


def render_beads(result: AlignmentResult) -> str:
    """``[0]:[0, 1]:0.973`` lines."""
    from ..evalalign import format_bead

    return "".join(format_bead(b.src, b.tgt, s) + "\n" for b, s in zip(result.beads, result.similarities))


def _flat(text: str) -> str:
    return " ".join(text.split())


def render_tsv(result: AlignmentResult) -> str:
    """Ids, similarity and the aligned texts, tab-separated, with a header row."""
    rows = ["source_ids\ttarget_ids\tsimilarity\tsource\ttarget"]
    for b, s in zip(result.beads, result.similarities):
        rows.append("\t".join([",".join(map(str, b.src)), ",".join(map(str, b.tgt)), f"{s:.3f}",
                               _flat(result.source.joined(b.src)), _flat(result.target.joined(b.tgt))]))
    return "\n".join(rows) + "\n"


def render_json(result: AlignmentResult) -> str:
    """The run settings and one item per bead (ids, similarity, raw cosine, cost)."""
    items = [{"src": list(b.src), "tgt": list(b.tgt), "similarity": round(s, 4),
              "cosine": None if b.cosine is None else round(b.cosine, 4), "cost": round(b.cost, 4)}
             for b, s in zip(result.beads, result.similarities)]
    return json.dumps({**result.meta, "alignments": items}, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class AlignmentScores:
    """``tqcheck eval-align``'s result: strict and lax P/R/F1 (``evalalign.Scores``) and 1-0/0-1 P/R."""

    documents: int
    scores: Any                                           # tqcheck.evalalign.Scores
    nulls: dict[str, tuple[float | None, float | None]]   # "1-0"/"0-1" -> (precision, recall)


def render_scores_text(result: AlignmentScores) -> str:
    """A table: strict, lax, 1-0 and 0-1 rows of precision, recall (and F1)."""
    lines = [f"documents {result.documents}", f"{'':8}{'precision':>10}{'recall':>10}{'F1':>10}"]
    for name in ("strict", "lax"):
        prf = getattr(result.scores, name)
        lines.append(f"{name:8}{prf.precision:10.4f}{prf.recall:10.4f}{prf.f1:10.4f}")
    for name, (p, r) in result.nulls.items():
        lines.append(f"{name:8}" + "".join("         -" if v is None else f"{v:10.4f}" for v in (p, r)))
    return "".join(line + "\n" for line in lines)


def render_scores_json(result: AlignmentScores) -> str:
    """The same figures as JSON."""
    data = {"documents": result.documents, **{k: vars(getattr(result.scores, k)) for k in ("strict", "lax")},
            **{k: {"precision": p, "recall": r} for k, (p, r) in result.nulls.items()}}
    return json.dumps(data, indent=1) + "\n"
