"""gettext PO through translate-toolkit: one Unit per entry, one per plural form.

translate-toolkit parses PO as gettext does (escapes, continuation lines, contexts, plurals, obsolete
``#~`` entries); line numbers come from a scan of the file for each entry's ``msgstr`` lines, matched to the
parsed entries in order. A plural entry gives a unit per ``msgstr[n]``: form 0 against ``msgid``, the others
against ``msgid_plural``; its id is ``MSGID[n]``. Fuzzy entries carry the state ``fuzzy``; translator (``#``)
and extracted (``#.``) comments are the unit's notes.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..errors import InputError
from ..types import Position, Unit
from . import toolkit_store
from .plain import decode_text, read_bytes

_MSGID = re.compile(r'^msgid\s+"')
_MSGSTR = re.compile(r'^(msgstr(?:\[(\d+)\])?\s+")')


def _entries(lines: list[str]) -> list[dict[int, tuple[int, int]]]:
    """Per entry (in file order): plural form -> (line, column) of its msgstr text."""
    entries: list[dict[int, tuple[int, int]]] = []
    for number, line in enumerate(lines, 1):
        if _MSGID.match(line):
            entries.append({})
            continue
        m = _MSGSTR.match(line)
        if m and entries:
            entries[-1][int(m.group(2) or 0)] = (number, len(m.group(1)) + 1)
    return entries


def _msgid_lines(lines: list[str]) -> list[int]:
    return [n for n, line in enumerate(lines, 1) if _MSGID.match(line)]


def read_units(path: str) -> Iterator[Unit]:
    """Every translatable entry of a PO file (not the header, not obsolete ones), in file order."""
    data = read_bytes(path)
    text = decode_text(data, path)
    store = toolkit_store(path, data, "PO", "pypo.pofile")
    lines = text.split("\n")
    entries, msgids = _entries(lines), _msgid_lines(lines)
    live = [u for u in store.units if not u.isobsolete()]
    if len(live) != len(entries) or not any(not u.isheader() for u in live):
        raise InputError(f"{path}: not a valid PO file (found {len(entries)} msgid lines, parsed {len(live)} "
                         f"entries)" if live else f"{path}: the PO file holds no entries")
    for unit, places, msgid_line in zip(live, entries, msgids):
        if unit.isheader():
            continue
        yield from _units_of(path, unit, places, msgid_line)


def _units_of(path: str, unit, places: dict[int, tuple[int, int]], msgid_line: int) -> Iterator[Unit]:
    context = unit.getcontext()
    base = f"{context}\x04{unit.source}" if context else str(unit.source)
    ident = base.replace("\x04", "|")
    source_at = Position(path, msgid_line, 8)
    state = "fuzzy" if unit.isfuzzy() else None
    notes = _notes(unit)
    if not unit.hasplural():
        line, col = places.get(0, (msgid_line, 1))
        yield Unit(ident, str(unit.source), str(unit.target or ""), source_at, Position(path, line, col),
                   state=state, notes=notes)
        return
    sources = list(unit.source.strings)
    targets = list(unit.target.strings) if unit.target else []
    for n in sorted(set(places) | set(range(len(targets)))):
        line, col = places.get(n, (msgid_line, 1))
        source = str(sources[0] if n == 0 else sources[-1])
        target = str(targets[n]) if n < len(targets) else ""
        yield Unit(f"{ident}[{n}]", source, target, source_at, Position(path, line, col), state=state, notes=notes)


def _notes(unit) -> tuple[str, ...]:
    """The entry's translator comments (``#``) and extracted comments (``#.``), one per line."""
    lines = [*unit.getnotes("translator").split("\n"), *unit.getnotes("developer").split("\n")]
    return tuple(line.strip() for line in lines if line.strip())
