"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per flag, capped per kind.

>>> _escape_data("50% done\\nnext")
'50%25 done%0Anext'
>>> _escape_property("a,b:c")
'a%2Cb%3Ac'
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .locations import flag_location

if TYPE_CHECKING:
    from ..batch import BatchResult

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
LIMIT = 10  # GitHub displays at most 10 error and 10 warning annotations per step (and 10 notices)


def _escape_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _CONTROL.sub("\ufffd", escaped)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _pair_error(result) -> str:
    where = result.pair.target or result.pair.source
    file_part = f"file={_escape_property(where)}," if where else ""
    return (f"::error {file_part}title={_escape_property('tqcheck: ' + result.pair.id)}::"
            f"{_escape_data(result.error or 'could not be checked')}")


def _annotation(report, flag) -> str:
    loc = flag_location(report, flag)
    props = (f"file={_escape_property(loc.path)},line={loc.line},col={loc.column},"
             f"endLine={loc.end_line},endColumn={loc.end_column},"
             f"title={_escape_property(f'tqcheck {flag.id}')}")
    return f"::{COMMANDS[flag.severity.value]} {props}::{_escape_data(flag.message)}"


def render_github(batch: "BatchResult", limit: int = LIMIT) -> str:
    """Annotation lines, at most ``limit`` per kind (GitHub shows no more per step), worst first.

    Pairs that could not be checked come first, then flags by severity in batch order. When some are left out
    a closing ``::notice`` says how many, and where to read them all (the other reports).
    """
    lines = [_pair_error(r) for r in batch.results if r.report is None]
    lines += [_ignored_notice(r) for r in batch.results if r.report is not None and r.report.ignored]
    findings = [(r.report, f) for r in batch.results if r.report is not None for f in r.report.flags]
    findings.sort(key=lambda rf: -rf[1].severity.rank)
    shown = {command: sum(line.startswith(f"::{command} ") for line in lines) for command in COMMANDS.values()}
    left_out: dict[str, int] = {}
    summary_slot = 1 if _count_over(findings, shown, limit) else 0
    for report, flag in findings:
        command = COMMANDS[flag.severity.value]
        cap = limit - summary_slot if command == "notice" else limit
        if shown[command] >= cap:
            left_out[flag.severity.value] = left_out.get(flag.severity.value, 0) + 1
            continue
        shown[command] += 1
        lines.append(_annotation(report, flag))
    if left_out:
        counts = ", ".join(f"{n} {sev}" for sev, n in left_out.items())
        lines.append(f"::notice title=tqcheck::{sum(left_out.values())} more finding(s) not annotated ({counts}): "
                     f"GitHub shows {limit} annotations of each kind per step; the full list is in the "
                     f"job log (tqcheck's text, JSON or SARIF report)")
    return "\n".join(lines) + ("\n" if lines else "")


def _ignored_notice(result) -> str:
    from ..ignores import ignored_summary

    return (f"::notice title=tqcheck::{_escape_data(result.pair.id)}: "
            f"{_escape_data(ignored_summary(result.report.ignored))} (not annotated, not counted in the verdict)")


def _count_over(findings, shown: dict[str, int], limit: int) -> bool:
    """Whether some findings will not fit under the per-kind limit."""
    need = dict(shown)
    for _, flag in findings:
        need[COMMANDS[flag.severity.value]] += 1
    return any(n > limit for n in need.values())
