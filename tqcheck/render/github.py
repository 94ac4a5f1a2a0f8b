"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per flag.

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


def _escape_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _CONTROL.sub("\ufffd", escaped)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(batch: "BatchResult") -> str:
    """Annotation lines for every flag (at the English sentence) and every pair that could not be checked."""
    lines = []
    for result in batch.results:
        report = result.report
        if report is None:
            where = result.pair.target or result.pair.source
            file_part = f"file={_escape_property(where)}," if where else ""
            lines.append(f"::error {file_part}title={_escape_property('tqcheck: ' + result.pair.id)}::"
                         f"{_escape_data(result.error or 'could not be checked')}")
            continue
        for flag in report.flags:
            loc = flag_location(report, flag)
            props = (f"file={_escape_property(loc.path)},line={loc.line},col={loc.column},"
                     f"endLine={loc.end_line},endColumn={loc.end_column},"
                     f"title={_escape_property(f'tqcheck {flag.id}')}")
            lines.append(f"::{COMMANDS[flag.severity.value]} {props}::{_escape_data(flag.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
