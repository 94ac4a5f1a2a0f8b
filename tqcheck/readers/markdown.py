"""Markdown through markdown-it-py: headings, paragraphs, list items and table cells as text without markup.

Code blocks, HTML blocks and front matter are not text to translate and are skipped; links keep their text,
images their alt text. Each block keeps the line it starts on, and the column where its text starts.
"""
from __future__ import annotations

from .plain import read_text

_TEXT_PARENTS = ("heading_open", "paragraph_open", "th_open", "td_open")


def _plain(inline) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content or "")
    return "".join(parts)


def read_document(path: str):
    """The text of a Markdown file, one paragraph per block, anchored to its lines."""
    from . import anchored

    try:
        from markdown_it import MarkdownIt
    except ImportError:
        from . import missing_extra
        raise missing_extra("markdown-it-py", "Markdown") from None
    source = read_text(path)
    lines = source.split("\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    paragraphs = []
    for n, token in enumerate(tokens):
        if token.type != "inline" or n == 0 or tokens[n - 1].type not in _TEXT_PARENTS:
            continue
        text = _plain(token)
        line = (token.map or tokens[n - 1].map or [0])[0] + 1
        raw = lines[line - 1] if line <= len(lines) else ""
        first = text.split()[0] if text.split() else ""
        column = raw.find(first) + 1 if first and first in raw else 1
        paragraphs.append((text, line, column))
    return anchored(path, paragraphs)
