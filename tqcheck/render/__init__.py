"""Renderers turn results into text; they never print, exit or touch files.

One registry per kind of result, each mapping a format name to ``"module:function"``; the module is imported
on first use (as sacrebleu's ``METRICS``), so listing the formats (``click.Choice``) imports nothing.

>>> sorted(BATCH_FORMATS)
['github', 'json', 'junit', 'sarif', 'text']
>>> renderer(REPORT_FORMATS, "json").__name__
'render_json'
"""
from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

Renderer = Callable[..., str]

# One registry per kind of result: format name -> "module:function" (tqcheck.render.<module>).
REPORT_FORMATS = {"text": "tqcheck.render.text:render_text", "json": "tqcheck.render.json:render_json",
                  "html": "tqcheck.render.html:render_html"}  # tqcheck check: a Report
BATCH_FORMATS = {"text": "tqcheck.render.ci:render_summary_text", "json": "tqcheck.render.ci:render_summary_json",
                 "junit": "tqcheck.render.junit:render_junit", "sarif": "tqcheck.render.sarif:render_sarif",
                 "github": "tqcheck.render.github:render_github"}  # tqcheck batch: a BatchResult
COMPARE_FORMATS = {name: f"tqcheck.render.compare:render_compare_{name}"
                   for name in ("text", "json", "html")}  # tqcheck compare: a Comparison
SCORE_FORMATS = {name: f"tqcheck.render.metrics:render_score_{name}" for name in ("text", "json")}  # a Scoring
ALIGNMENT_FORMATS = {name: f"tqcheck.render.alignment:render_{name}"
                     for name in ("beads", "tsv", "json")}  # tqcheck align: an AlignmentResult


def renderer(registry: dict[str, str], fmt: str) -> Renderer:
    """The function registered as ``fmt`` in ``registry`` (imported now)."""
    module, _, name = registry[fmt].partition(":")
    return getattr(import_module(module), name)


def render(report: Any, fmt: str, **options: Any) -> str:
    """A check's Report in format ``fmt`` (``REPORT_FORMATS``)."""
    return renderer(REPORT_FORMATS, fmt)(report, **options)


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
