"""``tqcheck rules`` and the README's Flags table: the rule catalogue (``tqcheck.rules``) as text, Markdown or JSON."""
from __future__ import annotations

import json
import textwrap
from typing import Any

from ..config import Thresholds
from ..rules import RULES, Rule

RULES_SCHEMA = "tqcheck.rules/1"  # tqcheck/schema/rules.schema.json


def _value(thresholds: Thresholds, name: str) -> str:
    return format(getattr(thresholds, name), "g")


def _threshold_cell(rule: Rule, thresholds: Thresholds) -> str:
    cell = ", ".join(f"`{name}` {_value(thresholds, name)}" for name in rule.thresholds)
    return f"{cell} {rule.threshold_note}".strip()


def rules_markdown(thresholds: Thresholds | None = None) -> str:
    """The Flags table of the README (``thresholds``: the values to show, the defaults by default)."""
    thresholds = thresholds or Thresholds()
    lines = ["| id | severity | what it finds | threshold (`--set` name, default) |", "|---|---|---|---|"]
    for rule in RULES.values():
        cells = [f"`{rule.id}`", rule.severity_note, rule.catches, _threshold_cell(rule, thresholds)]
        lines.append(("| " + " | ".join(cells) + " |").replace("|  |", "| |"))
    return "\n".join(lines) + "\n"


def _plain(text: str) -> str:
    return text.replace("`", "")


def rules_text(thresholds: Thresholds, width: int = 100) -> str:
    """Every rule: id, default severity, what it catches, its thresholds (current value, default when different)."""
    defaults = Thresholds()
    out: list[str] = []
    for rule in RULES.values():
        out.append(f"{rule.id}  (default severity {rule.severity.value})")
        if rule.severity_note != rule.severity.value:
            out += textwrap.wrap("severity: " + _plain(rule.severity_note), width, initial_indent="    ",
                                 subsequent_indent="    ")
        out += textwrap.wrap(_plain(rule.catches), width, initial_indent="    ", subsequent_indent="    ")
        for name in rule.thresholds:
            current, default = _value(thresholds, name), _value(defaults, name)
            changed = f" (default {default})" if current != default else ""
            out.append(f"    threshold {name} = {current}{changed}")
        if rule.help:
            out += textwrap.wrap("what to do: " + rule.help, width, initial_indent="    ",
                                 subsequent_indent="    ")
        out.append("")
    return "\n".join(out)


def rules_dicts(thresholds: Thresholds) -> list[dict[str, Any]]:
    """The catalogue as JSON-ready data, with the current threshold values."""
    return [{"id": r.id, "severity": r.severity.value, "severity_note": r.severity_note, "catches": r.catches,
             "thresholds": {name: getattr(thresholds, name) for name in r.thresholds}, "help": r.help}
            for r in RULES.values()]


def rules_json(thresholds: Thresholds) -> str:
    """``tqcheck rules --format json`` (schema ``tqcheck.rules/1``)."""
    return json.dumps({"schema": RULES_SCHEMA, "rules": rules_dicts(thresholds)}, ensure_ascii=False, indent=2) + "\n"
