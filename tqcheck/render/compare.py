"""Renderers for ``tqcheck compare``: text, JSON and a self-contained HTML page (rows that differ most first)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..compare import Comparison, Unit
from ..types import Document
from .text import wrap_text

SCHEMA_VERSION = "tqcheck.compare/2"  # 2: unit and sentence numbers count from 1, as in every report


def _side(doc: Document, ids: tuple[int, ...]) -> dict[str, Any]:
    return {"sentences": [i + 1 for i in ids], "text": doc.joined(ids)}


def _unit(c: Comparison, u: Unit) -> dict[str, Any]:
    return {"number": u.index + 1, "difference": round(u.difference, 4),
            "source": _side(c.source, u.src), "a": _side(c.a.target, u.a), "b": _side(c.b.target, u.b),
            "references": [_side(doc, ids) for doc, ids in zip(c.references, u.refs)],
            "semantic": {"a": u.semantic_a, "b": u.semantic_b},
            "chrf": None if u.chrf_a is None else {"a": u.chrf_a, "b": u.chrf_b},
            "bleu": None if u.bleu_a is None else {"a": u.bleu_a, "b": u.bleu_b}}


def _system(c: Comparison, name: str) -> dict[str, Any]:
    report = c.a if name == "A" else c.b
    return {"path": report.target.path, "sentences": len(report.target.sentences),
            "document_score": report.scores.document,
            "semantic": c.semantic_a if name == "A" else c.semantic_b,
            "mean_similarity": report.scores.mean_similarity, "flag_counts": report.flag_counts(),
            "signature": report.signature}


def compare_dict(c: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data; ``units`` are ranked, the largest difference first."""
    winner, reason = c.verdict()
    return {
        "schema": SCHEMA_VERSION,
        "source": {"path": c.source.path, "lang": c.source.lang, "sentences": len(c.source.sentences)},
        "systems": {"A": _system(c, "A"), "B": _system(c, "B")},
        "references": [{"path": d.path, "sentences": len(d.sentences)} for d in c.references],
        "verdict": {"winner": winner, "reason": reason, "semantic_winner": c.semantic_winner()},
        "paired_bootstrap": [
            {"metric": p.metric, "a": p.score_a, "b": p.score_b, "mean_a": p.mean_a, "ci_a": p.ci_a,
             "mean_b": p.mean_b, "ci_b": p.ci_b, "p_value": p.p_value, "better": p.better,
             "significant": p.significant, "signature": p.signature} for p in c.paired],
        "units": [_unit(c, u) for u in c.ranked_units()],
    }


def render_compare_json(c: Comparison, **_ignored: Any) -> str:
    """Pretty, key-stable JSON."""
    return json.dumps(compare_dict(c), ensure_ascii=False, indent=2) + "\n"


def _winner_word(w: str) -> str:
    return {"A": "A is better", "B": "B is better", "tie": "no difference"}[w]


def _paired_lines(c: Comparison) -> list[str]:
    lines = ["", "paired bootstrap (sacrebleu, B against A as baseline):",
             f"  {'metric':<8} {'A':>7} {'B':>7}   {'A mean ± 95% CI':<18} {'B mean ± 95% CI':<18} p-value"]
    for p in c.paired:
        mark = "*" if p.significant else " "
        lines.append(f"  {p.metric:<8} {p.score_a:7.2f} {p.score_b:7.2f}   "
                     f"{f'{p.mean_a:.2f} ± {p.ci_a:.2f}':<18} {f'{p.mean_b:.2f} ± {p.ci_b:.2f}':<18} "
                     f"{p.p_value:.4f}{mark}  {_winner_word(p.better)}")
    lines.append("  * p < 0.05; signatures: " + "; ".join(f"{p.metric} {p.signature}" for p in c.paired))
    return lines


def render_compare_text(c: Comparison, rows: int = 10, width: int = 100, **_ignored: Any) -> str:
    """Terminal output: verdict, document figures, significance, then the ``rows`` units that differ most."""
    winner, reason = c.verdict()
    lines = ["tqcheck compare",
             f"  source  {c.source.path or '<text>'}  [{c.source.lang}, {len(c.source.sentences)} sentences, "
             f"{len(c.units)} units]",
             f"  A       {c.a.target.path or '<text>'}  score {c.a.scores.document:.1f}/100 "
             f"(semantic {c.semantic_a:.2f}), {len(c.a.flags)} flag(s)",
             f"  B       {c.b.target.path or '<text>'}  score {c.b.scores.document:.1f}/100 "
             f"(semantic {c.semantic_b:.2f}), {len(c.b.flags)} flag(s)"]
    lines += [f"  ref     {d.path or '<text>'}" for d in c.references]
    lines.append(f"  verdict {_winner_word(winner)}: {reason}")
    if c.paired:
        lines += _paired_lines(c)
    ranked = [u for u in c.ranked_units() if u.difference != 0]
    shown = ranked if rows <= 0 else ranked[:rows]
    metric = "semantic" + (" + chrF2" if c.references else "")
    lines += ["", f"units that differ most ({len(shown)} of {len(ranked)} that differ; difference = B - A, "
                  f"{metric} points)"]
    for u in shown:
        numbers = ",".join(str(i + 1) for i in u.src) or "-"
        extra = "" if u.chrf_a is None else f"  chrF {u.chrf_a:.1f} -> {u.chrf_b:.1f}"
        lines.append(f"  #{u.index + 1:<3} src {numbers:<7} {u.difference:+7.2f}  semantic {u.semantic_a:.1f} -> "
                     f"{u.semantic_b:.1f}{extra}")
        for label, text in (("A", c.a.target.joined(u.a)), ("B", c.b.target.joined(u.b))):
            lines += wrap_text(text or "(nothing)", width, " " * 11, f"        {label}  ")  # in full, never cut
    return "\n".join(lines) + "\n"


def word_diff(a: str, b: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """(text, changed) runs of A and of B: words that the other side does not have are marked.

    >>> word_diff("in The final end of", "and finally the end of")[1]
    [('and finally the', True), (' end of', False)]
    """
    import difflib
    import re

    ta, tb = re.findall(r"\s*\S+", a), re.findall(r"\s*\S+", b)  # words with the spaces before them
    runs_a: list[tuple[str, bool]] = []
    runs_b: list[tuple[str, bool]] = []
    matcher = difflib.SequenceMatcher(None, [w.strip() for w in ta], [w.strip() for w in tb], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        _add(runs_a, "".join(ta[i1:i2]), op != "equal")
        _add(runs_b, "".join(tb[j1:j2]), op != "equal")
    return runs_a, runs_b


def _add(runs: list[tuple[str, bool]], text: str, changed: bool) -> None:
    if not text:
        return
    if runs and runs[-1][1] == changed:
        runs[-1] = (runs[-1][0] + text, changed)
    else:
        runs.append((text, changed))


def render_compare_html(c: Comparison, **_ignored: Any) -> str:
    """A self-contained HTML page: verdict, significance table, units side by side (largest difference first)."""
    from ..__about__ import __version__
    from .html import text_direction
    from .templating import environment, inline

    winner, reason = c.verdict()
    units = c.ranked_units()
    diffs = {u.index: word_diff(c.a.target.joined(u.a), c.b.target.joined(u.b)) for u in units}
    context = {"c": c, "units": units, "diffs": diffs, "winner": winner, "winner_text": _winner_word(winner),
               "reason": reason, "version": __version__, "src_dir": text_direction(c.source.lang),
               "tgt_dir": text_direction(c.a.target.lang),
               "css": inline("compare.css")}
    return environment().get_template("compare.html.j2").render(**context)

