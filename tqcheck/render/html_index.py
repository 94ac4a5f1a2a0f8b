"""``index.html`` for ``batch --html-dir``: every pair with its result, score, flag counts and a link to its page."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from ..batch import BatchResult


@dataclass(frozen=True)
class IndexRow:
    """One pair in the index (counts and score are None when it could not be checked)."""

    id: str
    status: str
    href: str | None
    score: float | None
    errors: int | None
    warnings: int | None
    info: int | None
    detail: str


def index_rows(batch: "BatchResult", pages: Mapping[str, str]) -> list[IndexRow]:
    """Rows in batch order; ``pages`` maps a pair id to its page's file name (relative link)."""
    rows = []
    for r in batch.results:
        report = r.report
        if report is None:
            rows.append(IndexRow(r.pair.id, r.status, None, None, None, None, None, r.error or ""))
            continue
        per = {sev: sum(f.severity.value == sev for f in report.flags) for sev in ("error", "warning", "info")}
        detail = "; ".join(r.reasons) or ", ".join(f"{k} {v}" for k, v in report.flag_counts().items())
        if report.ignored:
            detail += f"{'; ' if detail else ''}{len(report.ignored)} ignored by unit"
        rows.append(IndexRow(r.pair.id, r.status, pages.get(r.pair.id), report.scores.document, per["error"],
                             per["warning"], per["info"], detail))
    return rows


def render_index(batch: "BatchResult", pages: Mapping[str, str]) -> str:
    """The index page (self-contained, deterministic)."""
    from urllib.parse import quote

    from ..__about__ import __version__
    from .templating import environment, inline

    rows = [row if row.href is None else IndexRow(**{**row.__dict__, "href": quote(row.href)})
            for row in index_rows(batch, pages)]
    return environment().get_template("index.html.j2").render(
        rows=rows, status=batch.status, counts=batch.counts(), version=__version__, css=inline("index.css"))
