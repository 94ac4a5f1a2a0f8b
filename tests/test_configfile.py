"""Config files: tqcheck.toml / setup.cfg [tqcheck], per-language sections, precedence, errors; check uses them."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from tqcheck.cli import cli
from tqcheck.config import Policy
from tqcheck.configfile import FileConfig, Settings, load_config, parse_values, resolve
from tqcheck.errors import ConfigError

DE = ("Der Zug nach Hamburg hat heute 20 Minuten Verspätung. Die Fahrgäste warten geduldig auf dem "
      "Bahnsteig.\n\nDer Schaffner entschuldigt sich für die Störung. Morgen soll der Verkehr wieder normal laufen.\n")
EN = ("The train to Hamburg is 20 minutes late today. The passengers are waiting patiently on the "
      "platform.\n\nThe conductor apologises for the disruption. Tomorrow traffic should run normally again.\n")
EN_BAD_NUMBER = EN.replace("20 minutes", "45 minutes")


def write(folder, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_flat_and_language_sections(tmp_path):
    write(tmp_path, "tqcheck.toml", 'fail_on = "warning"\nfail_under = 60\nignore = ["length-ratio"]\n'
          'low_similarity_warning = 0.4\n[lang.fa]\nfail_under = 75\nlow-similarity-error = 0.2\n')
    cfg = load_config(cwd=tmp_path)
    assert cfg.path.endswith("tqcheck.toml")
    assert cfg.base == Settings(fail_on="warning", fail_under=60.0, ignore=frozenset({"length-ratio"}),
                                thresholds=(("low_similarity_warning", 0.4),))
    fa = cfg.for_lang("FA")
    assert fa.fail_under == 75 and fa.fail_on == "warning"
    assert dict(fa.thresholds) == {"low_similarity_warning": 0.4, "low_similarity_error": 0.2}
    assert cfg.for_lang("de") == cfg.base and cfg.for_lang(None) == cfg.base


def test_toml_under_a_tqcheck_table(tmp_path):
    write(tmp_path, "tqcheck.toml", '[tqcheck]\nfail_flags = ["number-mismatch"]\n[tqcheck.lang.ar]\njobs = 2\n')
    cfg = load_config(cwd=tmp_path)
    assert cfg.base.fail_flags == frozenset({"number-mismatch"})
    assert cfg.for_lang("ar").jobs == 2


def test_setup_cfg_section(tmp_path):
    write(tmp_path, "setup.cfg", "[metadata]\nname = x\n\n[tqcheck]\nfail-on = never\nignore = fragment,\n"
          "    length-ratio\nfragment_max_words = 6\n\n[tqcheck:fa]\nfail-under = 80\n")
    cfg = load_config(cwd=tmp_path)
    assert cfg.base.fail_on == "never" and cfg.base.ignore == frozenset({"fragment", "length-ratio"})
    assert dict(cfg.base.thresholds) == {"fragment_max_words": 6}
    assert cfg.for_lang("fa").fail_under == 80.0


def test_toml_wins_over_setup_cfg_and_no_section_means_no_config(tmp_path):
    write(tmp_path, "setup.cfg", "[tqcheck]\nfail-on = never\n")
    write(tmp_path, "tqcheck.toml", 'fail_on = "warning"\n')
    assert load_config(cwd=tmp_path).base.fail_on == "warning"
    (tmp_path / "tqcheck.toml").unlink()
    assert load_config(cwd=tmp_path).base.fail_on == "never"
    write(tmp_path, "setup.cfg", "[metadata]\nname = x\n")
    assert load_config(cwd=tmp_path) == FileConfig()


def test_explicit_config_file(tmp_path):
    other = write(tmp_path, "ci.toml", "fail_under = 42\n")
    assert load_config(str(other), cwd="/").base.fail_under == 42
    ini = write(tmp_path, "ci.cfg", "[tqcheck]\nfail-under = 43\n")
    assert load_config(str(ini)).base.fail_under == 43
    with pytest.raises(ConfigError, match="not found"):
        load_config(str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="no \\[tqcheck\\] section"):
        load_config(str(write(tmp_path, "empty.cfg", "[other]\nx = 1\n")))


@pytest.mark.parametrize("text, message", [
    ('fail_on = "sometimes"\n', "fail_on: expected one of"),
    ("fail_under = 120\n", "fail_under: expected a score"),
    ('low_similarity_warning = "high"\n', "expected a number"),
    ("low_similarity_warning = true\n", "expected a number"),
    ('ignore = ["no-such-flag"]\n', "unknown flag id"),
    ("colour = 1\n", "unknown setting 'colour'"),
    ("jobs = 0\n", "jobs: expected 1 or more"),
    ("fail_on = \n", "not valid TOML"),
    ("lang = 3\n", "'lang' must hold tables"),
])
def test_bad_files_name_the_file_and_the_problem(tmp_path, text, message):
    write(tmp_path, "tqcheck.toml", text)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(cwd=tmp_path)
    assert "tqcheck.toml" in str(info.value)


def test_bad_setup_cfg_is_a_config_error(tmp_path):
    write(tmp_path, "setup.cfg", "[tqcheck]\nthis is not ini\n")
    with pytest.raises(ConfigError, match="setup.cfg"):
        load_config(cwd=tmp_path)


def test_precedence_cli_over_language_over_file_over_defaults():
    cfg = FileConfig("x", parse_values({"fail_under": 50, "fail_on": "warning", "low_similarity_warning": 0.4,
                                        "ignore": "fragment"}, "x"),
                     (("fa", parse_values({"fail_under": 70, "length_ratio_low": 0.3}, "x")),))
    config, policy = resolve(cfg, Settings(), "fa")
    assert policy == Policy("warning", 70.0, frozenset())
    assert policy.fail_under_from == "fail_under of [tqcheck:fa] in x"  # named in the failure reason
    assert config.thresholds.low_similarity_warning == 0.4 and config.thresholds.length_ratio_low == 0.3
    assert config.ignored_flags == frozenset({"fragment"})
    cli_values = Settings(fail_under=10.0, ignore=frozenset(), thresholds=(("length_ratio_low", 0.2),))
    config, policy = resolve(cfg, cli_values, "fa")
    assert policy.fail_under == 10.0 and policy.fail_on == "warning"
    assert config.thresholds.length_ratio_low == 0.2 and config.thresholds.low_similarity_warning == 0.4
    assert config.ignored_flags == frozenset()
    config, policy = resolve(FileConfig(), Settings(), None)
    assert policy == Policy() and config.thresholds.low_similarity_warning == 0.35 and config.target_lang == "en"


@pytest.fixture()
def pair(tmp_path, monkeypatch, fake_embedder):
    """German source, English translation with a wrong number; the fake embedder stands in for the model."""
    fake_embedder.pair_texts(DE, EN_BAD_NUMBER, "de")
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.de.txt", DE)
    write(tmp_path, "a.en.txt", EN_BAD_NUMBER)
    return ["a.de.txt", "a.en.txt"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_check_reads_the_config_file_and_the_command_line_wins(tmp_path, pair):
    assert run("check", *pair).exit_code == 1  # number-mismatch is an error
    write(tmp_path, "tqcheck.toml", 'ignore = ["number-mismatch"]\n')
    assert run("check", *pair).exit_code == 0
    assert run("check", *pair, "--ignore", "fragment").exit_code == 1
    write(tmp_path, "tqcheck.toml", 'fail_on = "never"\n[lang.de]\nfail_under = 99.99\n')
    result = run("check", *pair)
    assert result.exit_code == 1 and "below 99.99 (fail_under of [lang.de] in tqcheck.toml)" in result.stderr
    assert "--fail-under" not in result.stderr  # the option was not given: the reason names where it was set
    assert "below 99.99 (--fail-under)" in run("check", *pair, "--fail-under", "99.99").stderr
    assert run("check", *pair, "--fail-under", "10").exit_code == 0
    assert run("check", *pair, "--source-lang", "fr").exit_code == 0  # [lang.de] applies to German sources only


def test_check_with_a_broken_config_file_exits_2(tmp_path, pair):
    write(tmp_path, "tqcheck.toml", "fail_under = 500\n")
    result = run("check", *pair)
    assert result.exit_code == 2 and "tqcheck.toml: fail_under" in result.stderr
    assert "Traceback" not in result.output
    assert run("check", *pair, "--config", str(write(tmp_path, "ok.toml", "fail_on = 'never'\n"))).exit_code == 0


def test_a_declared_target_language_is_the_default_below_the_file_and_its_language_section():
    assert resolve(FileConfig(), Settings(), None, "ar")[0].target_lang == "ar"
    in_section = FileConfig("x", parse_values({}, "x"), (("en", parse_values({"target_lang": "fa"}, "x")),))
    assert resolve(in_section, Settings(), "en", "ar")[0].target_lang == "fa"
    assert resolve(in_section, Settings(target_lang="de"), "en", "ar")[0].target_lang == "de"
