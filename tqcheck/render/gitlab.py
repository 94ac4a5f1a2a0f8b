"""GitLab Code Quality report: a JSON array of issues (``artifacts: reports: codequality``).

Each issue has the fields GitLab documents: ``description``, ``check_name``, ``fingerprint`` (unique per
finding, stable when lines move: ``tqcheck.baseline``), ``severity`` (``info``, ``minor``, ``major``,
``critical``, ``blocker``) and ``location`` (``path`` relative to the project, ``lines.begin``).
tqcheck errors are ``major``, warnings ``minor``, info ``info``; a pair that could not be checked is ``blocker``.
"""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from .locations import flag_location
from .sarif import artifact_uri

if TYPE_CHECKING:
    from ..batch import BatchResult

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def _path(path: str) -> str:
    uri = artifact_uri(path)
    from urllib.parse import unquote

    return unquote(uri) if not uri.startswith("file:") else path


def _issue(description: str, check: str, fingerprint: str, severity: str, path: str, line: int) -> dict[str, Any]:
    return {"description": description, "check_name": check, "fingerprint": fingerprint, "severity": severity,
            "location": {"path": path, "lines": {"begin": line}}}


def render_gitlab(batch: "BatchResult") -> str:
    """The Code Quality JSON of a batch (deterministic)."""
    from ..baseline import fingerprints

    issues = []
    for result in batch.results:
        report = result.report
        if report is None:
            where = result.pair.target or result.pair.source or result.pair.id
            digest = hashlib.sha256(f"error\x1f{result.pair.id}".encode()).hexdigest()[:32]
            issues.append(_issue(f"tqcheck could not check {result.pair.id}: {result.error}", "tqcheck-error",
                                 digest, "blocker", _path(where), 1))
            continue
        for flag, fp in zip(report.flags, fingerprints(report)):
            loc = flag_location(report, flag)
            digest = hashlib.sha256(f"{result.pair.id}\x1f{fp}".encode()).hexdigest()[:32]
            issues.append(_issue(f"{flag.id}: {flag.message}", flag.id, digest, SEVERITIES[flag.severity.value],
                                 _path(loc.path), loc.line))
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
