"""Renderers turn results into text; they never print, exit or touch files.

One registry per kind of result, each mapping a format name to ``"module:function"``; the module is imported
on first use (as sacrebleu's ``METRICS``), so listing the formats (``click.Choice``) imports nothing.

>>> sorted(BATCH_FORMATS)
['github', 'gitlab', 'json', 'junit', 'sarif', 'text']
>>> renderer(REPORT_FORMATS, "json").__name__
'render_json'
"""
from __future__ import annotations

from importlib import import_module
from typing import Any, Callable, Iterator

Renderer = Callable[..., str]

# tqcheck check: a Report
REPORT_FORMATS: dict[str, str] = {
    "text": "tqcheck.render.text:render_text",
    "json": "tqcheck.render.json:render_json",
    "html": "tqcheck.render.html:render_html",
    "sarif": "tqcheck.render.ci:report_sarif",
    "junit": "tqcheck.render.ci:report_junit",
    "github": "tqcheck.render.ci:report_github",
    "gitlab": "tqcheck.render.ci:report_gitlab",
    "tsv": "tqcheck.render.tsv:render_tsv",  # pre-aligned units only
}
# the same text in pieces, made as they are read: a long report is written to a file without being held whole
REPORT_PIECES: dict[str, str] = {
    "text": "tqcheck.render.text:text_pieces",
    "json": "tqcheck.render.json:json_pieces",
    "html": "tqcheck.render.html:html_pieces",
}
# tqcheck batch: a BatchResult
BATCH_FORMATS: dict[str, str] = {
    "text": "tqcheck.render.ci:render_summary_text",
    "json": "tqcheck.render.ci:render_summary_json",
    "junit": "tqcheck.render.junit:render_junit",
    "sarif": "tqcheck.render.sarif:render_sarif",
    "github": "tqcheck.render.github:render_github",
    "gitlab": "tqcheck.render.gitlab:render_gitlab",
}
# tqcheck compare: a Comparison
COMPARE_FORMATS: dict[str, str] = {
    "text": "tqcheck.render.compare:render_compare_text",
    "json": "tqcheck.render.compare:render_compare_json",
    "html": "tqcheck.render.compare:render_compare_html",
}
# tqcheck score: a Scoring
SCORE_FORMATS: dict[str, str] = {
    "text": "tqcheck.render.metrics:render_score_text",
    "json": "tqcheck.render.metrics:render_score_json",
}
# tqcheck align: an AlignmentResult
ALIGNMENT_FORMATS: dict[str, str] = {
    "beads": "tqcheck.render.alignment:render_beads",
    "tsv": "tqcheck.render.alignment:render_tsv",
    "json": "tqcheck.render.alignment:render_json",
}
# tqcheck eval-align: an AlignmentScores
ALIGNMENT_SCORE_FORMATS: dict[str, str] = {
    "text": "tqcheck.render.alignment:render_scores_text",
    "json": "tqcheck.render.alignment:render_scores_json",
}
# tqcheck rules: the Thresholds in force
RULES_FORMATS: dict[str, str] = {
    "text": "tqcheck.render.rules:rules_text",
    "markdown": "tqcheck.render.rules:rules_markdown",
    "json": "tqcheck.render.rules:rules_json",
}


def renderer(registry: dict[str, str], fmt: str) -> Renderer:
    """The function registered as ``fmt`` in ``registry`` (imported now)."""
    module, _, name = registry[fmt].partition(":")
    return getattr(import_module(module), name)


def render(report: Any, fmt: str, **options: Any) -> str:
    """A check's Report in format ``fmt`` (``REPORT_FORMATS``)."""
    return renderer(REPORT_FORMATS, fmt)(report, **options)


def render_pieces(report: Any, fmt: str, **options: Any) -> Iterator[str]:
    """``render(report, fmt, **options)`` in pieces that join to exactly that text (``REPORT_PIECES``; another
    format comes as one piece): what the CLI writes, so a 10 MB document's report is never one string."""
    if fmt in REPORT_PIECES:
        return renderer(REPORT_PIECES, fmt)(report, **options)
    return iter([render(report, fmt, **options)])


def render_batch(batch: Any, fmt: str, **options: Any) -> str:
    """A BatchResult in format ``fmt`` (``BATCH_FORMATS``)."""
    return renderer(BATCH_FORMATS, fmt)(batch, **options)


def render_compare(comparison: Any, fmt: str, **options: Any) -> str:
    """A Comparison in format ``fmt`` (``COMPARE_FORMATS``)."""
    return renderer(COMPARE_FORMATS, fmt)(comparison, **options)


def render_score(scoring: Any, fmt: str, **options: Any) -> str:
    """A Scoring in format ``fmt`` (``SCORE_FORMATS``)."""
    return renderer(SCORE_FORMATS, fmt)(scoring, **options)


def render_alignment(result: Any, fmt: str) -> str:
    """An AlignmentResult in format ``fmt`` (``ALIGNMENT_FORMATS``)."""
    return renderer(ALIGNMENT_FORMATS, fmt)(result)
