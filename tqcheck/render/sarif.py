"""SARIF 2.1.0 for a batch: one result per flag, located at the English sentence, so review tools annotate it.

Rules come from the catalogue (``tqcheck.rules``) with their default level, short and full description and
help; every result carries ``partialFingerprints`` (see ``tqcheck.baseline``) so code scanning follows a finding
across runs when lines move. Segment numbers count from 1.

Columns count Unicode code points (``columnKind: unicodeCodePoints``), lines and columns are 1-based.
Paths are written as relative URIs when the files are under the working directory.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..__about__ import __version__
from .locations import Location, flag_location, source_location

if TYPE_CHECKING:
    from ..batch import BatchResult

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "tqcheckFinding/v1"  # tqcheck.baseline.fingerprints: the finding's id and text, not its line


def artifact_uri(path: str) -> str:
    """A file path as a SARIF URI: relative (``/``-separated, escaped) under the working directory, else file:."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return quote(Path(os.path.normpath(p)).as_posix())


def _physical(loc: Location) -> dict[str, Any]:
    return {"artifactLocation": {"uri": artifact_uri(loc.path)},
            "region": {"startLine": loc.line, "startColumn": loc.column, "endLine": loc.end_line,
                       "endColumn": loc.end_column}}


def _rules() -> list[dict[str, Any]]:
    """Every rule of the catalogue with its real default level, descriptions and help (``tqcheck rules``)."""
    from ..flags import DETECTORS
    from ..rules import RULES

    rules = []
    for rule in RULES.values():
        summary = DETECTORS[rule.id].summary if rule.id in DETECTORS else rule.catches.split(";")[0]
        full = rule.catches.replace("`", "")
        help_text = f"{rule.help} Severity: {rule.severity_note.replace('`', '')}."
        if rule.thresholds:
            help_text += f" Thresholds: {', '.join(rule.thresholds)} (see `tqcheck rules`)."
        rules.append({
            "id": rule.id, "name": rule.id,
            "shortDescription": {"text": summary},
            "fullDescription": {"text": full},
            "help": {"text": help_text.replace("`", ""),
                     "markdown": f"{rule.help}\n\n**Severity:** {rule.severity_note}\n\n**What it catches:** "
                                 f"{rule.catches}"},
            "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
            "properties": {"tags": ["translation-quality"], "thresholds": list(rule.thresholds)},
        })
    return rules


def _result(pair_id: str, report: Any, flag: Any, rule_index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": flag.id, "level": LEVELS[flag.severity.value],
        "message": {"text": f"{flag.message} [{pair_id}]"},
        "locations": [{"physicalLocation": _physical(flag_location(report, flag))}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {"pair": pair_id, "segment": None if flag.alignment is None else flag.alignment + 1},
    }
    if flag.id in rule_index:
        result["ruleIndex"] = rule_index[flag.id]
    source = source_location(report, flag)
    if source is not None:
        result["relatedLocations"] = [{"id": 1, "physicalLocation": _physical(source),
                                       "message": {"text": "source sentence(s)"}}]
    return result


def _suppressed(pair_id: str, report: Any, rule_index: dict[str, int]) -> list[dict[str, Any]]:
    """Findings per-unit ignores accepted, as results with SARIF ``suppressions`` (``inSource`` for a note in the
    user's file, ``external`` for the config file), so code scanning shows them as suppressed, not lost."""
    from dataclasses import replace

    from ..baseline import fingerprints

    flags = tuple(i.flag for i in report.ignored)
    out = []
    for item, fp in zip(report.ignored, fingerprints(replace(report, flags=flags))):
        result = _result(pair_id, report, item.flag, rule_index, fp)
        result["suppressions"] = [{"kind": "inSource" if item.by == "inline" else "external",
                                   "justification": f"ignored for unit {item.unit!r} ({item.where})"}]
        out.append(result)
    return out


def _invocation(batch: "BatchResult") -> dict[str, Any]:
    notes = [{"level": "error", "message": {"text": f"{r.pair.id}: {r.error}"}}
             for r in batch.results if r.report is None]
    return {"executionSuccessful": batch.status != "error", "toolExecutionNotifications": notes}


def render_sarif(batch: "BatchResult") -> str:
    """The SARIF log (deterministic); pairs that could not be checked become tool notifications."""
    rules = _rules()
    rule_index = {rule["id"]: n for n, rule in enumerate(rules)}
    from ..baseline import fingerprints

    results = [_result(r.pair.id, r.report, flag, rule_index, fp)
               for r in batch.results if r.report is not None
               for flag, fp in zip(r.report.flags, fingerprints(r.report))]
    results += [result for r in batch.results if r.report is not None and r.report.ignored
                for result in _suppressed(r.pair.id, r.report, rule_index)]
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "tqcheck", "version": __version__, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "invocations": [_invocation(batch)],
        "results": results,
    }]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
