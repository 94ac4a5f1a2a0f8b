"""``tqcheck rules``: the catalogue covers every detector, the README table is generated from it, values follow config."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import cli
from tqcheck.config import Thresholds
from tqcheck.flags import DETECTORS
from tqcheck.render.rules import rules_markdown
from tqcheck.rules import RULES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_detector_has_a_rule_and_every_rule_a_detector():
    missing = set(DETECTORS) - set(RULES)
    assert not missing, f"add {sorted(missing)} to tqcheck/rules.py, then regenerate the README table"
    assert set(RULES) <= set(DETECTORS) | {"glossary-term", "do-not-translate"}
    for rule in RULES.values():
        assert rule.catches and rule.help
        assert set(rule.thresholds) <= set(Thresholds.__dataclass_fields__)


def test_readme_table_is_generated_from_the_catalogue():
    block = re.search(r"<!-- rules:start[^\n]*-->\n(.*?)<!-- rules:end -->", README, re.S)
    assert block, "README lost its rules markers"
    assert block.group(1) == rules_markdown(), "run `tqcheck rules --format markdown` and paste it into the README"


def test_rules_command_lists_ids_severities_and_current_values(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tqcheck.toml").write_text("fragment_max_words = 5\n[lang.fa]\nlow_similarity_warning = 0.5\n")
    out = CliRunner().invoke(cli, ["rules"]).stdout
    for flag_id in DETECTORS:
        assert re.search(rf"^{re.escape(flag_id)}  \(default severity (error|warning|info)\)$", out, re.M)
    assert "threshold fragment_max_words = 5 (default 8)" in out
    assert "threshold low_similarity_warning = 0.35\n" in out
    fa = CliRunner().invoke(cli, ["rules", "--source-lang", "fa", "--set", "near_copy_ratio=0.8"]).stdout
    assert "threshold low_similarity_warning = 0.5 (default 0.35)" in fa
    assert "threshold near_copy_ratio = 0.8 (default 0.9)" in fa
    data = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).stdout)
    by_id = {r["id"]: r for r in data["rules"]}
    assert by_id["wrong-language"]["severity"] == "error" and by_id["fragment"]["thresholds"]["fragment_max_words"] == 5


def test_rules_refuses_a_source_language_the_models_do_not_cover():
    """``--source-lang xx`` only picks a config section, so a typo showed the main settings without a word."""
    result = CliRunner().invoke(cli, ["rules", "--source-lang", "xx"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("tqcheck: error: language 'xx' is not supported")
    assert result.stderr.count("\n") == 1
    assert CliRunner().invoke(cli, ["rules", "--source-lang", "fa-IR"]).exit_code == 0


def test_rules_json_names_its_schema_and_validates_against_it():
    """Every JSON output names its schema; ``rules --format json`` had neither the id nor a schema file."""
    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[1] / "tqcheck/schema/rules.schema.json")
                        .read_text(encoding="utf-8"))
    result = CliRunner().invoke(cli, ["rules", "--format", "json", "--set", "fragment_max_words=5"])
    data = json.loads(result.stdout)
    assert data["schema"] == schema["$id"] == "tqcheck.rules/1"
    jsonschema.validate(data, schema)
    assert {r["id"] for r in data["rules"]} == set(RULES)
    for broken in ({**data, "schema": "tqcheck.rules/0"},
                   {**data, "rules": [{**data["rules"][0], "severity": "fatal"}]},
                   {**data, "rules": [{**data["rules"][0], "thresholds": {"fragment_max_words": "5"}}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
