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
