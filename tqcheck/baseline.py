"""Fingerprints of findings, and baseline files of accepted findings (``tqcheck baseline``, ``--baseline FILE``).

A fingerprint names a finding by what it is about, not where: the flag id, the text of its segment on both sides
(whitespace collapsed) and the text of its highlighted spans, plus an occurrence number when the same finding
occurs more than once in a document; for translation units (XLIFF, PO, TSV ...) also the unit's id. Lines,
sentence numbers and messages are left out, so a finding keeps its
fingerprint when text is inserted above it; it changes when its own segment is edited (then it deserves a look).
SARIF ``partialFingerprints``, GitLab ``fingerprint`` and baselines all use it.

A baseline is JSON (``tqcheck.baseline/1``): ``{"schema", "findings": [{"fingerprint", "id", "path",
"message"}, ...]}``; only ``fingerprint`` is matched, the rest is there for the people who review the file.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from .errors import ConfigError
from .types import Flag, Report

BASELINE_SCHEMA = "tqcheck.baseline/1"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _content(report: Report, flag: Flag) -> str:
    parts = [flag.id]
    if flag.alignment is not None:
        a = report.alignments[flag.alignment]
        parts += [_flat(report.source.joined(a.src)), _flat(report.target.joined(a.tgt))]
        if report.units is not None:  # a translation unit: its id too (two units may hold the same text)
            parts.append(f"unit:{report.units[flag.alignment].id}")
    else:
        parts.append(json.dumps(flag.evidence.get("detected"), ensure_ascii=False))
    parts += sorted(f"{s.side}:{_flat(s.text)}" for s in flag.spans)
    return "\x1f".join(parts)


def fingerprints(report: Report) -> list[str]:
    """One fingerprint per flag of ``report``, in order (module docstring); unique within the report."""
    seen: dict[str, int] = {}
    out = []
    for flag in report.flags:
        digest = hashlib.sha256(_content(report, flag).encode("utf-8")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def baseline_entries(report: Report) -> list[dict[str, Any]]:
    """The findings of a report as baseline entries."""
    return [{"fingerprint": fp, "id": f.id, "path": report.target.path, "message": f.message}
            for fp, f in zip(fingerprints(report), report.flags)]


def render_baseline(reports: Iterable[Report]) -> str:
    """A baseline file listing every finding of ``reports`` (sorted, so it diffs well)."""
    entries = [e for r in reports for e in baseline_entries(r)]
    entries.sort(key=lambda e: (str(e["path"]), e["id"], e["fingerprint"]))
    return json.dumps({"schema": BASELINE_SCHEMA, "findings": entries}, ensure_ascii=False, indent=2) + "\n"


def read_baseline(path: str) -> frozenset[str]:
    """The fingerprints a baseline file accepts; ConfigError (a one-line message) when it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the baseline ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ConfigError(f"{path}: not a tqcheck baseline (expected JSON written by 'tqcheck baseline')") from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA or \
            not isinstance(data.get("findings"), list):
        raise ConfigError(f"{path}: not a tqcheck baseline (schema {BASELINE_SCHEMA} expected)")
    return frozenset(str(e.get("fingerprint")) for e in data["findings"] if isinstance(e, dict))


def without_accepted(report: Report, accepted: frozenset[str]) -> tuple[Report, int]:
    """The report without the findings listed in a baseline, and how many were hidden."""
    if not accepted:
        return report, 0
    keep = tuple(f for f, fp in zip(report.flags, fingerprints(report)) if fp not in accepted)
    return replace(report, flags=keep), len(report.flags) - len(keep)


def judge_without_accepted(result, accepted: frozenset[str], file_config, cli, glossary_file: str | None = None
                           ) -> tuple[Any, int]:
    """A batch PairResult with the glossary's findings added (``glossary_file``) and the accepted findings
    removed, judged again under its own policy; and how many findings the baseline hid."""
    from .configfile import Settings, resolve
    from .verdict import judge

    if result.report is None or (not accepted and not glossary_file):
        return result, 0
    report = result.report
    if glossary_file:
        from .glossary import check_glossary, read_glossary

        report = check_glossary(report, read_glossary(glossary_file, report.source.lang, report.target_lang_expected))
    report, hidden = without_accepted(report, accepted)
    if report is result.report:
        return result, 0
    own = Settings(source_lang=result.pair.source_lang, target_lang=result.pair.target_lang)
    lang = result.pair.source_lang or cli.source_lang or report.source.lang
    _, policy = resolve(file_config, own.over(cli), lang)
    status, reasons = judge(report, policy)
    return replace(result, report=report, status=status, reasons=tuple(reasons)), hidden


def apply_baseline(batch, accepted: frozenset[str], file_config, cli, glossary_file: str | None = None
                   ) -> tuple[Any, int]:
    """A BatchResult after ``judge_without_accepted`` on every pair, and how many findings the baseline hid."""
    from .batch import BatchResult

    pairs = [judge_without_accepted(r, accepted, file_config, cli, glossary_file) for r in batch.results]
    return BatchResult(tuple(r for r, _ in pairs)), sum(n for _, n in pairs)
