"""TSV output for pre-aligned units: the input's own line plus three columns, ``score``, ``quality`` and ``flags``.

For line-based input (TSV, --aligned, JSONL) each row is the input line unchanged, so the output drops into a
bicleaner-style filter line for line (a header line gets ``score``, ``quality`` and ``flags`` names); for other
input the row is ``id, source, target`` with tabs and newlines written as ``\\t`` and ``\\n``. ``score`` is the
unit's calibrated similarity (0-1), ``quality`` the quality head's estimate (0-100 DA scale, as on document
segments; both empty when the unit has no text on one side), ``flags`` the ids of its flags, comma-separated,
worst first. A filter keeps a line by ``quality`` (e.g. >= 50) and no error flag.
"""
from __future__ import annotations

from ..types import Report


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def tsv_header(path: str, kind: str) -> str:
    """The header line: the input's own header with the two columns added, or the generated columns."""
    if kind == "tsv":
        from ..readers.table import header_of

        header = header_of(path)
        return "" if header is None else f"{header}\tscore\tquality\tflags\n"
    if kind in ("lines", "jsonl"):
        return ""
    return "id\tsource\ttarget\tscore\tquality\tflags\n"


def tsv_rows(report: Report) -> str:
    """One line per unit of a report with units."""
    lines = []
    for k, unit in enumerate(report.units or ()):
        a = report.alignments[k]
        flags = sorted(report.flags_for(k), key=lambda f: -f.severity.rank)
        ids = ",".join(dict.fromkeys(f.id for f in flags))
        score = "" if a.similarity is None else f"{a.similarity:.4f}"
        quality = "" if a.quality is None else f"{a.quality:.1f}"
        row = unit.row if unit.row is not None else "\t".join(_cell(t) for t in (unit.id, unit.source, unit.target))
        lines.append(f"{row}\t{score}\t{quality}\t{ids}\n")
    return "".join(lines)


def render_tsv(report: Report, **_: object) -> str:
    """The whole report as TSV rows, with the generated header (for ``render(report, 'tsv')``)."""
    if report.units is None:
        raise ValueError("TSV output needs a report of translation units")
    return tsv_rows(report)
