"""Docs that cannot drift: every command, flag id and threshold is in the README; CI runs the README's commands."""
from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from tqcheck.cli import cli
from tqcheck.config import Thresholds
from tqcheck.flags import DETECTORS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README)[:2]


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_documented(command):
    assert f"tqcheck {command}" in README


@pytest.mark.parametrize("flag_id", sorted(DETECTORS))
def test_every_flag_id_is_documented(flag_id):
    assert f"`{flag_id}`" in README


@pytest.mark.parametrize("name", [f.name for f in fields(Thresholds)])
def test_every_threshold_is_documented_with_its_default(name):
    default = getattr(Thresholds(), name)
    assert re.search(rf"`{name}`\s+{re.escape(format(default, 'g'))}", README), f"{name} {default} not in README"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    first, second = readme_commands()
    assert README.index(first) < 200
    assert "tqcheck check samples/rahnam/fa.txt samples/rahnam/en.txt" in first
    assert "pytest" in second
    assert second in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_test_command_runs_every_check():
    second = readme_commands()[1]
    assert second.rstrip().endswith("python -m pytest")
