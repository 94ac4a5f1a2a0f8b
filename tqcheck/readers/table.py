"""Sentence pairs in TSV, CSV and JSON lines (the bicleaner / COMET convention), read lazily line by line.

Columns: ``source``, ``target``, optional ``id``, ``reference`` and ``note`` (alias comment: the unit's note). A first line naming the columns (aliases:
src/original, tgt/mt/translation/hyp, index/segid, ref/pe) is a header; without one, two columns are
source and target, three are id, source, target when the first field looks like an id (no spaces, up to 40
characters) and source, target, reference otherwise, four are id, source, target, reference. TSV is split on
tabs with no quoting (as bicleaner and the WMT QE files are); CSV follows RFC 4180 quoting.

>>> _layout(["index", "original", "translation", "scores"], True)
{'id': 0, 'source': 1, 'target': 2}
>>> _layout(["12", "Hello.", "Hallo."], False), _layout(["Hello.", "Hallo."], False)
({'id': 0, 'source': 1, 'target': 2}, {'source': 0, 'target': 1})
"""
from __future__ import annotations

import csv
import json
import re
from typing import Iterator

from ..errors import InputError
from ..types import Position, Unit
from .plain import iter_lines

_ALIASES = {
    "id": "id", "index": "id", "segid": "id", "seg_id": "id", "source": "source", "src": "source",
    "original": "source", "target": "target", "tgt": "target", "mt": "target", "translation": "target",
    "hyp": "target", "hypothesis": "target", "reference": "reference", "ref": "reference", "pe": "reference",
    "note": "note", "notes": "note", "comment": "note", "comments": "note",
}
_ID_LIKE = re.compile(r"^\S{1,40}$")


def is_header(cells: list[str]) -> bool:
    """True when the cells name the columns (at least a source and a target column)."""
    named = {_ALIASES.get(c.strip().lower()) for c in cells}
    return {"source", "target"} <= named


def _layout(cells: list[str], header: bool) -> dict[str, int]:
    if header:
        layout: dict[str, int] = {}
        for n, cell in enumerate(cells):
            role = _ALIASES.get(cell.strip().lower())
            if role and role not in layout:
                layout[role] = n
        return layout
    n = len(cells)
    id_first = n >= 3 and bool(_ID_LIKE.match(cells[0]))
    if n == 2:
        return {"source": 0, "target": 1}
    if n == 3:
        return {"id": 0, "source": 1, "target": 2} if id_first else {"source": 0, "target": 1, "reference": 2}
    if n >= 4:
        return {"id": 0, "source": 1, "target": 2, "reference": 3} if id_first else \
            {"source": 0, "target": 1, "reference": 2}
    return {}


def _columns(cells: list[str], starts: list[int], layout: dict[str, int], path: str, number: int,
             row: str | None) -> Unit:
    need = max(layout.values()) + 1
    if len(cells) < need:
        raise InputError(f"{path}:{number}: expected {need} columns, found {len(cells)}")

    def cell(role: str) -> str | None:
        return cells[layout[role]] if role in layout else None

    def at(role: str) -> Position:
        return Position(path, number, starts[layout[role]] + 1 if starts else 1)

    note = (cell("note") or "").strip()
    return Unit(cell("id") or str(number), cell("source") or "", cell("target") or "", at("source"), at("target"),
                reference=cell("reference"), row=row, notes=(note,) if note else ())


def header_of(path: str, delimiter: str = "\t") -> str | None:
    """The header line of a TSV/CSV file, when it has one (for output written line for line)."""
    for _, line in iter_lines(path):
        return line if is_header(line.split(delimiter)) else None
    return None


def read_tsv(path: str) -> Iterator[Unit]:
    """Units of a tab-separated file, one per line (blank lines are units with empty texts)."""
    layout: dict[str, int] | None = None
    for number, line in iter_lines(path):
        cells = line.split("\t")
        if layout is None:
            if len(cells) < 2:
                raise InputError(f"{path}:{number}: not tab-separated sentence pairs (one column); "
                                 "use --input-format if this is another format")
            layout = _layout(cells, is_header(cells))
            if is_header(cells):
                continue
        starts, pos = [], 0
        for c in cells:
            starts.append(pos)
            pos += len(c) + 1
        if line.strip() == "":
            yield Unit(str(number), "", "", Position(path, number, 1), Position(path, number, 1), row=line)
            continue
        yield _columns(cells, starts, layout, path, number, line)


def read_csv(path: str) -> Iterator[Unit]:
    """Units of a comma-separated file (RFC 4180 quoting; a row may span lines)."""
    lines = (line + "\n" for _, line in iter_lines(path))
    reader = csv.reader(lines)
    layout: dict[str, int] | None = None
    try:
        for cells in reader:
            number = reader.line_num
            if layout is None:
                layout = _layout(cells, is_header(cells))
                if not layout:
                    raise InputError(f"{path}:{number}: not comma-separated sentence pairs")
                if is_header(cells):
                    continue
            if not any(c.strip() for c in cells):
                continue
            yield _columns(cells, [], layout, path, number, None)
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: not valid CSV ({exc})") from None


def read_jsonl(path: str) -> Iterator[Unit]:
    """Units of a JSON-lines file: one object per line with source/target (and id, reference) keys."""
    for number, line in iter_lines(path):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise InputError(f"{path}:{number}: expected a JSON object with 'source' and 'target'")
        values = {_ALIASES[k.lower()]: v for k, v in row.items() if isinstance(k, str) and k.lower() in _ALIASES}
        if "source" not in values or "target" not in values:
            raise InputError(f"{path}:{number}: expected a JSON object with 'source' and 'target'")
        at = Position(path, number, 1)
        ref, note = values.get("reference"), str(values.get("note") or "").strip()
        yield Unit(str(values.get("id", number)), str(values["source"] or ""), str(values["target"] or ""), at, at,
                   reference=None if ref is None else str(ref), row=line, notes=(note,) if note else ())
