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


def usage_lines(command: str) -> str:
    """The lines of the README's usage blocks (plain ``` blocks of ``tqcheck ...`` lines) that belong to
    ``tqcheck COMMAND``: from its line to the next ``tqcheck`` line."""
    own, current = [], None
    for block in re.findall(r"```\n(tqcheck .+?)\n```", README, re.S):
        for line in block.splitlines():
            found = re.match(r"tqcheck (\S+)", line)
            current = found.group(1) if found else current
            if current == command:
                own.append(line)
    return "\n".join(own)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_option_is_in_its_commands_usage_block(command):
    usage = usage_lines(command)
    assert usage, f"no usage block for tqcheck {command}"
    options = [o for p in cli.commands[command].params for o in (*p.opts, *getattr(p, "secondary_opts", ()))
               if o.startswith("--") and o != "--help"]
    missing = [o for o in options if not re.search(re.escape(o) + r"(?![\w-])", usage)]
    assert not missing, f"tqcheck {command}: {missing} not in the README's usage block"
