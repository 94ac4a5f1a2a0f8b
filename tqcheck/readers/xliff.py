"""XLIFF 1.2 and 2.x through translate-toolkit: one Unit per ``trans-unit`` (1.2) or ``segment`` (2.x).

translate-toolkit is the localisation field's own library for these files (it knows both versions, their
namespaces and states); we take its units and read the inline markup and line numbers from the lxml elements
it keeps. States worth a reviewer's eye (``needs-review-*``, ``new``, ``initial``, ...) are kept on the unit, and
its ``<note>`` texts as the unit's notes.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..errors import InputError
from ..types import Position, Unit
from . import toolkit_store
from .plain import decode_text, read_bytes
from .xmlinline import inline_text, text_position


def _parse(path: str, data: bytes):
    version = re.search(rb"<xliff[^>]*\bversion\s*=\s*[\"'](\d)", data[:4096])
    store = "xliff2.Xliff2File" if version and version.group(1) == b"2" else "xliff.xlifffile"
    return toolkit_store(path, data, "XLIFF", store)


def _child(el, name: str):
    for child in el:
        if isinstance(child.tag, str) and child.tag.split("}", 1)[-1] == name:
            return child
    return None


def _unit_id(el) -> str:
    ident = el.get("id") or ""
    if el.tag.endswith("segment"):  # XLIFF 2: the unit's id, plus the segment's when the unit has several
        parent = el.getparent()
        segments = [c for c in parent if isinstance(c.tag, str) and c.tag.endswith("segment")]
        base = parent.get("id") or ""
        return base if len(segments) == 1 else f"{base}/{ident or segments.index(el) + 1}"
    return ident


def read_units(path: str) -> Iterator[Unit]:
    """Every translation unit of an XLIFF 1.2 or 2.x file, in file order."""
    data = read_bytes(path)
    lines = decode_text(data, path).split("\n")
    store = _parse(path, data)
    if not store.units:
        raise InputError(f"{path}: the XLIFF file holds no translation units")
    for unit in store.units:
        el = unit.xmlelement
        source_el, target_el = _child(el, "source"), _child(el, "target")
        source_at = text_position(lines, source_el, path, Position(path, el.sourceline or 1, 1))
        state = (target_el.get("state") if target_el is not None else None) or el.get("state")
        yield Unit(_unit_id(el), inline_text(source_el), inline_text(target_el), source_at,
                   text_position(lines, target_el, path, source_at), state=state, notes=_notes(el))


def _notes(el) -> tuple[str, ...]:
    """The ``<note>`` texts of a trans-unit (1.2), or of the ``<notes>`` of a segment's unit (2.x)."""
    holder = el.getparent() if el.tag.endswith("segment") else el
    found = [c for c in holder if isinstance(c.tag, str) and c.tag.split("}", 1)[-1] == "note"]
    notes = _child(holder, "notes")
    if notes is not None:
        found += [c for c in notes if isinstance(c.tag, str) and c.tag.split("}", 1)[-1] == "note"]
    return tuple(" ".join("".join(c.itertext()).split()) for c in found if "".join(c.itertext()).strip())
