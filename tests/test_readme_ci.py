"""The README's CI snippets run as written: their command lines, on a small translations folder; the wheel they
install is the one the documented build command writes."""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tqcheck.__about__ import __version__
from tqcheck.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
WHEEL = f"tqcheck-{__version__}-py3-none-any.whl"

DE = ("Die Regierung hat am Montag neue Regeln beschlossen.\n\nAb März müssen alle Geschäfte um 20 Uhr schließen.\n\n"
      "Die Opposition kritisierte die Entscheidung scharf.")
EN = ("The government adopted new rules on Monday.\n\nFrom March all shops must close at 9 pm.\n\n"
      "The opposition sharply criticised the decision.")


def snippet(heading: str) -> dict | list:
    """The YAML block that follows a bold heading such as ``**GitLab CI**``."""
    found = re.search(re.escape(heading) + r".*?```yaml\n(.*?)```", README, re.S)
    assert found, f"README has no YAML snippet after {heading}"
    return yaml.safe_load(found.group(1))


def github_lines() -> list[str]:
    steps = snippet("**GitHub Actions**")["jobs"]["tqcheck"]["steps"]
    return [step["run"] for step in steps if "run" in step]


def gitlab_lines() -> list[str]:
    return snippet("**GitLab CI**")["tqcheck"]["script"]


def precommit_lines() -> list[str]:
    hooks = snippet("**pre-commit**")["repos"][0]["hooks"]
    return [hook["entry"] for hook in hooks]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A repository with one translation pair (a changed number: an error) under translations/."""
    folder = tmp_path / "translations" / "news"
    folder.mkdir(parents=True)
    (folder / "a.de.txt").write_text(DE, encoding="utf-8")
    (folder / "a.en.txt").write_text(EN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def run_tqcheck(line: str):
    args = shlex.split(line)
    assert args[0] == "tqcheck", line
    return CliRunner().invoke(cli, args[1:])


def test_the_snippets_install_the_documented_wheel_and_nothing_from_a_placeholder():
    lines = github_lines() + gitlab_lines()
    installs = [line for line in lines if line.startswith("pip install")]
    assert installs == [f"pip install ci/{WHEEL}"] * 2
    assert "<" not in README[README.index("**Installing tqcheck in CI.**"):README.index("## Reference translations")]
    assert "pip install tqcheck" not in README


def test_the_documented_build_command_writes_that_wheel(tmp_path):
    build = re.search(r"```bash\n(pip wheel [^\n#]+?)\s*#", README).group(1).split()
    assert build[:4] == ["pip", "wheel", "--no-deps", "-w"] and build[-1] == "."
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    "."], cwd=ROOT, check=True, timeout=600)
    assert [p.name for p in out.iterdir()] == [WHEEL]
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(out / WHEEL)], check=True, timeout=600)
    assert (target / "tqcheck" / "render" / "templates" / "report.css").is_file()  # package data travels
    assert any(p.name == "entry_points.txt" and "tqcheck" in p.read_text() for p in target.rglob("entry_points.txt"))


def test_github_actions_lines_run(project):
    line = next(x for x in github_lines() if x.startswith("tqcheck "))
    result = run_tqcheck(line)
    assert result.exit_code == 1, result.output  # the changed number fails the step
    assert re.search(r"^::error file=translations/news/a\.en\.txt,line=3,col=\d+,.*title=tqcheck number-mismatch::",
                     result.stdout, re.M)
    assert json.loads((project / "tqcheck.json").read_text())["result"] == "fail"
    assert (project / "tqcheck.xml").read_text().startswith("<?xml")


def test_gitlab_lines_run(project):
    line = next(x for x in gitlab_lines() if x.startswith("tqcheck "))
    result = run_tqcheck(line)
    assert result.exit_code == 1, result.output
    issues = json.loads((project / "gl-code-quality.json").read_text())
    assert issues[0]["check_name"] == "number-mismatch" and issues[0]["severity"] == "major"
    assert issues[0]["location"] == {"path": "translations/news/a.en.txt", "lines": {"begin": 3}}
    assert (project / "tqcheck.xml").is_file()


def test_precommit_hook_entry_runs(project):
    (entry,) = precommit_lines()
    result = run_tqcheck(entry)
    assert result.exit_code == 1 and "number-mismatch" in result.stdout
    (project / "translations" / "news" / "a.en.txt").write_text(EN.replace("9 pm", "8 pm"), encoding="utf-8")
    assert run_tqcheck(entry).exit_code == 0
