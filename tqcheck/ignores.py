"""Per-unit ignores: findings a localisation team has accepted for one translation unit, by unit id.

Two places say which findings of a unit to ignore:

- **inline**, in the unit's own note or comment, where translators and developers already write about a string:
  a PO translator comment (``# tqcheck: ignore=length-ratio``) or extracted comment (``#. tqcheck: ignore=...``),
  an XLIFF ``<note>`` (1.2 in the ``trans-unit``, 2.x in the unit's ``<notes>``), a TMX ``<note>``, or a
  ``note``/``comment`` column of TSV/CSV/JSONL. ``tqcheck: ignore=ID[,ID...]`` ignores those flag ids;
  ``tqcheck: ignore`` alone ignores every finding of the unit.
- **config**, in the config file: ``[ignore-units]`` in ``tqcheck.toml`` (``"menu.save" = ["length-ratio"]``,
  ``"legal.*" = "all"``) or ``[tqcheck:ignore-units]`` in ``setup.cfg`` (``menu.save = length-ratio``). A key is
  a unit id as the report shows it; ``*`` in a key matches any run of characters.

An ignored finding leaves the findings (it no longer fails a check) but is kept in ``Report.ignored`` with the
unit and where the ignore was written, and every report counts it. Scores are not changed. A finding about the
whole file (no unit) cannot be ignored per unit. Unknown flag ids are an error, as for ``--ignore``.

>>> sorted(parse_directive("Reviewed. tqcheck: ignore=length-ratio, unit-state"))
['length-ratio', 'unit-state']
>>> parse_directive("tqcheck: ignore") == ALL, parse_directive("just a note") is None
(True, True)
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import Iterable, Sequence

from .errors import ConfigError, InputError
from .types import Flag, Ignored, Report, Unit

ALL = frozenset({"all"})  # every finding of the unit
_DIRECTIVE = re.compile(r"\btqcheck:\s*ignore\b(?:\s*=\s*([A-Za-z0-9_\-]+(?:\s*,\s*[A-Za-z0-9_\-]+)*))?",
                        re.IGNORECASE)


def known_flag_ids() -> list[str]:
    """Every flag id a report can hold (``tqcheck rules``: the detectors and the glossary's two)."""
    from .rules import RULES

    return list(RULES)


def check_flag_ids(ids: Iterable[str], where: str) -> frozenset[str]:
    """``ids`` as a set, ConfigError naming ``where`` when one is not a flag id (``all`` stands for every one)."""
    found = frozenset(i.strip().lower() for i in ids if i.strip())
    if "all" in found or "*" in found:
        return ALL
    unknown = found - set(known_flag_ids())
    if unknown:
        raise ConfigError(f"{where}: unknown flag id(s) {', '.join(sorted(unknown))}; known: "
                          f"{', '.join(known_flag_ids())}, or all")
    return found


def parse_directive(note: str) -> frozenset[str] | None:
    """The flag ids a ``tqcheck: ignore[=ID,...]`` note names (``ALL`` without ids), None without a directive."""
    found = _DIRECTIVE.search(note)
    if found is None:
        return None
    if found.group(1) is None:
        return ALL
    return frozenset(i.strip().lower() for i in found.group(1).split(","))


def inline_ignores(unit: Unit) -> frozenset[str]:
    """The flag ids the unit's own notes ignore; InputError (at the unit's place in the file) for an unknown id."""
    ids: set[str] = set()
    for note in unit.notes:
        found = parse_directive(note)
        if found is None:
            continue
        at = unit.target_at
        try:
            ids |= check_flag_ids(found, f"{at.path}:{at.line}: unit {unit.id!r}: 'tqcheck: ignore' note")
        except ConfigError as exc:
            raise InputError(str(exc)) from None
    return ALL if "all" in ids else frozenset(ids)


def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in key.split("*")), re.DOTALL)


def config_ignores(unit_id: str, rules: Sequence[tuple[str, frozenset[str]]]) -> frozenset[str]:
    """The flag ids the config's ``[ignore-units]`` ignores for ``unit_id`` (every key that matches it).

    >>> sorted(config_ignores("menu.save", (("menu.*", frozenset({"fragment"})), ("menu.save", frozenset({"addition"})))))
    ['addition', 'fragment']
    """
    ids: set[str] = set()
    for key, flags in rules:
        if key == unit_id or ("*" in key and _pattern(key).fullmatch(unit_id)):
            ids |= flags
    return ALL if "all" in ids else frozenset(ids)


def rules_digest(rules: Sequence[tuple[str, frozenset[str]]]) -> str:
    """A short hash of the config's unit ignores, for the signature."""
    text = "\n".join(f"{key}\t{','.join(sorted(flags))}" for key, flags in sorted(rules))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _covers(ids: frozenset[str], flag: Flag) -> bool:
    return "all" in ids or flag.id in ids


def apply_unit_ignores(report: Report) -> Report:
    """The report with each unit's ignored findings moved from ``flags`` to ``ignored`` (inline notes first,
    then the config's ``[ignore-units]``); the same report when it has no units or nothing is ignored."""
    if report.units is None:
        return report
    rules = report.config.unit_ignores if report.config is not None else ()
    config_file = (report.config.unit_ignores_file if report.config is not None else None) or "the config file"
    kept: list[Flag] = []
    ignored: list[Ignored] = []
    per_unit: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
    for flag in report.flags:
        if flag.alignment is None:
            kept.append(flag)
            continue
        if flag.alignment not in per_unit:
            unit = report.units[flag.alignment]
            per_unit[flag.alignment] = (inline_ignores(unit), config_ignores(unit.id, rules))
        inline, configured = per_unit[flag.alignment]
        unit = report.units[flag.alignment]
        if _covers(inline, flag):
            at = unit.target_at
            ignored.append(Ignored(flag, unit.id, "inline", f"{at.path}:{at.line}: note of unit {unit.id!r}"))
        elif _covers(configured, flag):
            ignored.append(Ignored(flag, unit.id, "config", f"[ignore-units] of {config_file}"))
        else:
            kept.append(flag)
    if not ignored:
        return report
    return replace(report, flags=tuple(kept), ignored=(*report.ignored, *ignored))


def ignored_counts(ignored: Sequence[Ignored]) -> dict[str, int]:
    """Ignored findings per flag id, sorted by id."""
    counts: dict[str, int] = {}
    for item in ignored:
        counts[item.flag.id] = counts.get(item.flag.id, 0) + 1
    return dict(sorted(counts.items()))


def ignored_summary(ignored: Sequence[Ignored]) -> str:
    """``3 ignored by unit (2 inline, 1 config): length-ratio 2, unit-state 1`` (empty when none)."""
    if not ignored:
        return ""
    inline = sum(i.by == "inline" for i in ignored)
    counts = ", ".join(f"{k} {v}" for k, v in ignored_counts(ignored).items())
    return f"{len(ignored)} ignored by unit ({inline} inline, {len(ignored) - inline} config): {counts}"
