"""Inline markup of XLIFF and TMX segments as text: tags kept as tokens for the placeholder check.

Paired elements whose content is text (``g``, ``pc``, ``mrk``, ``sub``, ``hi``) keep their content between an
opening and a closing token; code elements (``x``, ``bx``, ``ex``, ``ph``, ``bpt``, ``ept``, ``it``, ``sc``,
``ec``, ``ut``) become one self-closing token, since their content is native code, not text.

>>> from lxml import etree
>>> inline_text(etree.fromstring('<source>Hi <g id="1">you</g><x id="2"/> <ph id="3">&lt;br&gt;</ph></source>'))
'Hi <g id="1">you</g><x id="2"/> <ph id="3"/>'
"""
from __future__ import annotations

from ..types import Position

_TEXT_ELEMENTS = frozenset("g pc mrk sub hi".split())


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _token(el) -> str:
    ident = el.get("id") or el.get("x") or el.get("i")
    return f'{_local(el.tag)} id="{ident}"' if ident is not None else _local(el.tag)


def inline_text(el) -> str:
    """The text of a segment element with inline elements as tag tokens (see the module docstring)."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        name = _local(child.tag)
        if not name:  # comments, processing instructions
            parts.append(child.tail or "")
            continue
        if name in _TEXT_ELEMENTS:
            parts.append(f"<{_token(child)}>{inline_text(child)}</{name}>")
        else:
            parts.append(f"<{_token(child)}/>")
        parts.append(child.tail or "")
    return "".join(parts)


def text_position(lines: list[str], el, path: str, fallback: Position | None = None) -> Position:
    """Where the text of element ``el`` starts in the file: its line and the column after its opening tag."""
    if el is None or el.sourceline is None:
        return fallback or Position(path, 1, 1)
    line = el.sourceline
    raw = lines[line - 1] if 0 < line <= len(lines) else ""
    name = _local(el.tag)
    at = raw.find(f"<{name}")
    if at < 0:
        at = raw.find(f":{name}")
    close = raw.find(">", at) if at >= 0 else -1
    return Position(path, line, close + 2 if close >= 0 else 1)
