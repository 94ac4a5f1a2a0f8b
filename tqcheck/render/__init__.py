"""Renderers turn a Report into text; they never print, exit or touch files."""
from __future__ import annotations

from typing import Callable

from ..types import Report

Renderer = Callable[..., str]


def _text(report: Report, **options) -> str:
    from .text import render_text
    return render_text(report, **options)


def _json(report: Report, **options) -> str:
    from .json import render_json
    return render_json(report, **options)


def _html(report: Report, **options) -> str:
    from .html import render_html
    return render_html(report, **options)


def _tsv(report: Report, **options) -> str:
    from .tsv import render_tsv
    return render_tsv(report, **options)


RENDERERS: dict[str, Renderer] = {"text": _text, "json": _json, "html": _html, "tsv": _tsv}


def render(report: Report, fmt: str, **options) -> str:
    """Render with the renderer registered as ``fmt``."""
    return RENDERERS[fmt](report, **options)
