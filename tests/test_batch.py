"""tqcheck batch: discovery (directory rule, manifests), per-pair errors, exit codes, outputs, cache, jobs."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.batch import Pair, discover, find_pairs, read_manifest, run_batch
from tqcheck.cli import cli
from tqcheck.configfile import FileConfig, Settings, parse_values
from tqcheck.errors import InputError

DE = ("Der Zug nach Hamburg hat heute 20 Minuten Verspätung. Die Fahrgäste warten geduldig auf dem "
      "Bahnsteig.\n\nDer Schaffner entschuldigt sich für die Störung. Morgen soll der Verkehr wieder normal laufen.\n")
EN = ("The train to Hamburg is 20 minutes late today. The passengers are waiting patiently on the "
      "platform.\n\nThe conductor apologises for the disruption. Tomorrow traffic should run normally again.\n")
ES = ("El museo abre a las nueve de la mañana. Los niños entran gratis los domingos.\n\n"
      "La nueva exposición muestra pinturas del siglo diecinueve.\n")
ES_EN = ("The museum opens at nine in the morning. Children get in free on Sundays.\n\n"
         "The new exhibition shows paintings from the nineteenth century.\n")
EN_BAD_NUMBER = EN.replace("20 minutes", "45 minutes")


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def touch(root: Path, *names: str) -> None:
    for name in names:
        write(root / name, "x")


# ---------------------------------------------------------------- discovery (no model)

def test_directory_rule(tmp_path):
    touch(tmp_path, "news/a.fa.txt", "news/a.en.txt", "news/a.en.ref.txt", "b.ar.txt", "b.de.txt", "b.en.txt",
          "c.fa.txt", "d.en.txt", "rahnam/fa.txt", "rahnam/en.txt", "notes.txt", "readme.md", "x.english.txt",
          "notes.old.txt", "y.tlh.txt",
          ".git/e.fa.txt", ".git/e.en.txt", "zh/f.zh-cn.txt", "zh/f.en.txt")
    pairs = {p.id: p for p in find_pairs(str(tmp_path))}
    assert sorted(pairs) == ["b.ar", "b.de", "c", "d", "news/a", "rahnam", "zh/f"]
    a = pairs["news/a"]
    assert (a.source, a.target, a.reference) == tuple(str(tmp_path / f"news/a.{s}.txt") for s in ("fa", "en", "en.ref"))
    assert a.source_lang == "fa" and a.target_lang == "en" and a.problem is None
    assert pairs["b.ar"].source_lang == "ar" and pairs["b.de"].target == str(tmp_path / "b.en.txt")
    assert pairs["c"].problem == f"missing translation {tmp_path / 'c.en.txt'}"
    assert pairs["d"].problem.startswith("no source text next to") and pairs["d"].source is None
    assert pairs["rahnam"].source == str(tmp_path / "rahnam/fa.txt")
    assert pairs["zh/f"].source_lang == "zh-cn"


def test_directory_with_another_target_language(tmp_path):
    touch(tmp_path, "a.en.txt", "a.de.txt")
    (pair,) = find_pairs(str(tmp_path), target_lang="de")
    assert pair.source.endswith("a.en.txt") and pair.target.endswith("a.de.txt") and pair.source_lang == "en"


def test_csv_manifest(tmp_path):
    touch(tmp_path, "docs/a.txt", "docs/b.txt")
    manifest = write(tmp_path / "m" / "pairs.csv", "id,source,translation,reference,source_lang,target_lang\n"
                     "first,../docs/a.txt,../docs/b.txt,,fa,\n"
                     ",../docs/a.txt,../docs/c.txt,../docs/r.txt,,de\n"
                     "first,../docs/a.txt,../docs/b.txt,,,\n"
                     "bad,../docs/a.txt,,,,\n")
    pairs = read_manifest(str(manifest))
    assert [p.id for p in pairs] == ["first", str(tmp_path / "docs/c"), "first#4", "bad"]
    assert pairs[0] == Pair("first", str(tmp_path / "docs/a.txt"), str(tmp_path / "docs/b.txt"), None, "fa", None)
    assert pairs[1].reference == str(tmp_path / "docs/r.txt") and pairs[1].target_lang == "de"
    assert pairs[2].problem == "duplicate id 'first'"
    assert pairs[3].problem == "line 5: needs both a source and a target path"


def test_tsv_and_jsonl_manifests(tmp_path):
    tsv = write(tmp_path / "p.tsv", "source\ttarget\nx.fa.txt\tx.en.txt\n")
    assert read_manifest(str(tsv))[0].target == str(tmp_path / "x.en.txt")
    jsonl = write(tmp_path / "p.jsonl", '{"source": "a.txt", "target": "b.txt", "id": "one"}\n\n'
                  'not json\n[1, 2]\n{"source": "a.txt", "target": "b.txt", "colour": "red"}\n')
    pairs = read_manifest(str(jsonl))
    assert pairs[0].id == "one" and pairs[0].problem is None
    assert pairs[1].problem.startswith("line 3: not valid JSON")
    assert pairs[2].problem == "line 4: expected a JSON object"
    assert pairs[3].problem == "line 5: unknown column(s) colour"


def test_bad_manifests_and_paths(tmp_path):
    with pytest.raises(InputError, match="at least 'source' and 'target'"):
        read_manifest(str(write(tmp_path / "a.csv", "src_file,tgt_file\na,b\n")))
    with pytest.raises(InputError, match="lists no pairs"):
        read_manifest(str(write(tmp_path / "b.jsonl", "\n")))
    with pytest.raises(InputError, match="not a directory or a manifest"):
        discover(str(write(tmp_path / "c.xlsx", "x")))
    with pytest.raises(InputError, match="no such file or directory"):
        discover(str(tmp_path / "missing"))


# ---------------------------------------------------------------- running (real bundled model, small texts)

@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return folder


@pytest.fixture()
def corpus(tmp_path):
    root = tmp_path / "corpus"
    write(root / "good" / "train.de.txt", DE)
    write(root / "good" / "train.en.txt", EN)
    write(root / "museum.es.txt", ES)
    write(root / "museum.en.txt", ES_EN)
    write(root / "museum.en.ref.txt", ES_EN.replace("get in free", "enter for free"))
    write(root / "numbers.de.txt", DE)
    write(root / "numbers.en.txt", EN_BAD_NUMBER)
    write(root / "orphan.de.txt", DE)
    write(root / "binary.de.txt", b"\x00\x01\x02PK\x03\x04" * 50)
    write(root / "binary.en.txt", EN)
    return root


def run(*args: str):
    return CliRunner().invoke(cli, ["batch", *args])


def test_batch_with_broken_pairs_reports_each_and_writes_every_format(tmp_path, corpus, cache_dir):
    out = tmp_path / "out"
    out.mkdir()
    result = run(str(corpus), "--junit", str(out / "r.xml"), "--sarif", str(out / "r.sarif"),
                 "--json", str(out / "r.json"), "--html-dir", str(out / "html"), "--github")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    statuses = {p["id"]: p["status"] for p in json.loads((out / "r.json").read_text())["pairs"]}
    assert statuses == {"binary": "error", "good/train": "pass", "museum": "pass", "numbers": "fail",
                        "orphan": "error"}
    assert "tqcheck batch: 5 pair(s): 2 pass, 1 fail, 2 error -> fail" in result.stdout
    assert "looks like a binary file" in result.stdout and "missing translation" in result.stdout
    assert "[5/5]" in result.stderr  # line-oriented progress when stderr is not a terminal
    assert "::error file=" in result.stdout and "title=tqcheck number-mismatch::" in result.stdout
    museum = next(p for p in json.loads((out / "r.json").read_text())["pairs"] if p["id"] == "museum")
    assert 50 < museum["reference_chrf"] < 100
    suite = ET.parse(out / "r.xml").getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "1", "2")
    sarif = json.loads((out / "r.sarif").read_text())
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"number-mismatch"}
    html = {p.name for p in (out / "html").iterdir()}
    assert html == {"good__train.html", "museum.html", "numbers.html", "index.html"}
    assert "conductor apologises" in (out / "html" / "good__train.html").read_text(encoding="utf-8")
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    for page in ("good__train.html", "museum.html", "numbers.html"):
        assert f'href="{page}"' in index  # every checked pair linked
    assert "binary" in index and "looks like a binary file" in index and "orphan" in index
    assert index.count('<tr class="pair result-fail">') == 1 and index.count('<tr class="pair result-error">') == 2
    again = run(str(corpus), "--json", str(out / "r.json"))
    assert again.exit_code == 2 and "already exists; pass --force" in again.stderr


def test_exit_codes(tmp_path, corpus, cache_dir):
    good = tmp_path / "good"
    write(good / "a.de.txt", DE)
    write(good / "a.en.txt", EN)
    assert run(str(good), "-q").exit_code == 0
    numbers = tmp_path / "numbers"
    write(numbers / "n.de.txt", DE)
    write(numbers / "n.en.txt", EN_BAD_NUMBER)
    assert run(str(numbers), "-q").exit_code == 1
    assert run(str(numbers), "-q", "--fail-on", "never").exit_code == 0
    assert run(str(numbers), "-q", "--ignore", "number-mismatch", "--fail-under", "99.9").exit_code == 1
    broken = tmp_path / "broken"
    write(broken / "a.de.txt", DE)
    write(broken / "b.en.txt", EN)
    result = run(str(broken))
    assert result.exit_code == 2 and "2 error" in result.stdout  # nothing could be checked
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(str(empty))
    assert result.exit_code == 2 and "no document pairs found" in result.stderr
    assert run(str(good), "--set", "nothing=1").exit_code == 2
    assert run(str(good), "--jobs", "0").exit_code == 2


def test_config_file_applies_to_batch_and_command_line_wins(tmp_path, monkeypatch, cache_dir):
    write(tmp_path / "n.de.txt", DE)
    write(tmp_path / "n.en.txt", EN_BAD_NUMBER)
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "tqcheck.toml", 'fail_on = "never"\n')
    assert run(".", "-q").exit_code == 0
    assert run(".", "-q", "--fail-on", "error").exit_code == 1
    write(tmp_path / "tqcheck.toml", 'fail_on = "never"\n[lang.de]\nfail_flags = ["number-mismatch"]\n')
    result = run(".", "-q", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["pairs"][0]["reasons"] == ["flag(s) listed in fail_flags: number-mismatch"]


def test_second_run_embeds_only_what_changed(tmp_path, corpus, cache_dir):
    pairs = [p for p in discover(str(corpus)) if p.problem is None]
    first = run_batch(pairs, FileConfig(), Settings(), cache_dir=str(cache_dir))
    embedded = {r.pair.id: r.embedded for r in first.results if r.report}
    assert all(n > 0 for n in embedded.values()) and len(embedded) == 3
    second = run_batch(pairs, FileConfig(), Settings(), cache_dir=str(cache_dir))
    assert {r.pair.id: r.embedded for r in second.results if r.report} == dict.fromkeys(embedded, 0)
    assert [r.report for r in second.results] == [r.report for r in first.results]
    write(corpus / "museum.en.txt", ES_EN.replace("nineteenth", "eighteenth"))
    third = {r.pair.id: r.embedded for r in run_batch(pairs, FileConfig(), Settings(), cache_dir=str(cache_dir)).results
             if r.report}
    assert third["good/train"] == 0 and third["numbers"] == 0 and 0 < third["museum"] < embedded["museum"]
    good = [k for k, p in enumerate(pairs) if p.id == "good/train"][0]
    uncached = run_batch([pairs[good]], FileConfig(), Settings(), cache_dir=None).results[0]
    assert uncached.embedded == embedded["good/train"] and uncached.report == first.results[good].report


def test_two_jobs_give_the_same_results(corpus, cache_dir):
    pairs = discover(str(corpus))
    policy = FileConfig("x", parse_values({"fail_on": "warning"}, "x"))
    one = run_batch(pairs, policy, Settings(), jobs=1, cache_dir=None)
    seen = []
    two = run_batch(pairs, policy, Settings(), jobs=2, cache_dir=str(cache_dir),
                    on_result=lambda done, total, r: seen.append((done, total)))
    assert [(r.pair, r.status, r.report, r.reasons, r.error) for r in two.results] == \
        [(r.pair, r.status, r.report, r.reasons, r.error) for r in one.results]
    assert sorted(seen) == [(n, 5) for n in range(1, 6)]


def test_manifest_languages_and_unsupported_language(tmp_path, cache_dir):
    write(tmp_path / "a.txt", DE)
    write(tmp_path / "b.txt", EN)
    manifest = write(tmp_path / "pairs.jsonl", '{"id": "ok", "source": "a.txt", "target": "b.txt", '
                     '"source_lang": "de"}\n{"id": "klingon", "source": "a.txt", "target": "b.txt", '
                     '"source_lang": "tlh"}\n')
    result = run(str(manifest), "--format", "json", "-q")
    data = {p["id"]: p for p in json.loads(result.stdout)["pairs"]}
    assert result.exit_code == 1
    assert data["ok"]["status"] == "pass" and data["ok"]["source_lang"] == "de"
    assert data["klingon"]["status"] == "error" and "'tlh' is not supported" in data["klingon"]["error"]


def test_readme_ci_examples_and_hook_use_real_options():
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## CI / batch"):]
    known = {opt for command in ("batch", "baseline")  # the section documents tqcheck baseline too
             for param in cli.commands[command].params for opt in param.opts + param.secondary_opts}
    used = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", section.split("```toml")[0]))
    lines = [line for line in section.splitlines() if "tqcheck batch " in line and "- run:" in line or
             line.strip().startswith("- tqcheck batch")]
    assert len(lines) == 2  # GitHub Actions and GitLab CI
    for line in lines:
        used |= set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", line))
    assert used - {"--format"} <= known, used - known
    hook = (root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: tqcheck" in hook and "entry: tqcheck batch" in hook and "pass_filenames: false" in hook


def test_github_annotations_are_on_by_default_in_github_actions(tmp_path, cache_dir, monkeypatch):
    write(tmp_path / "n.de.txt", DE)
    write(tmp_path / "n.en.txt", EN_BAD_NUMBER)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert "::error file=" in run(str(tmp_path), "-q").stdout
    assert "::error" not in run(str(tmp_path), "-q", "--no-github").stdout
    as_json = run(str(tmp_path), "-q", "--format", "json")
    assert json.loads(as_json.stdout)["result"] == "fail" and "::error file=" in as_json.stderr
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert "::error" not in run(str(tmp_path), "-q").stdout


def test_progress_bar_on_a_terminal_and_lines_in_ci(capsys):
    from tqcheck.batch import PairResult
    from tqcheck.cli.batch import BatchProgress

    ok = PairResult(Pair("a", "a.de.txt", "a.en.txt"), "pass")
    broken = PairResult(Pair("b", "b.de.txt", None), "error", error="missing translation b.en.txt")
    bar = BatchProgress(quiet=False)
    bar.tty = True
    bar(1, 4, ok)
    bar(2, 4, broken)
    err = capsys.readouterr().err
    assert err.startswith("\r\x1b[K[#######                       ] [1/4] a: pass")
    assert "\r\x1b[Ktqcheck: [2/4] b: error: missing translation b.en.txt\n" in err
    lines = BatchProgress(quiet=False)
    lines.tty = False
    lines(1, 4, ok)
    assert capsys.readouterr().err == "tqcheck: [1/4] a: pass\n"
    quiet = BatchProgress(quiet=True)
    quiet.tty = False
    quiet(1, 4, ok)
    quiet(2, 4, broken)
    assert capsys.readouterr().err == "tqcheck: [2/4] b: error: missing translation b.en.txt\n"


def test_outputs_are_refused_before_the_run(tmp_path, cache_dir):
    write(tmp_path / "a.de.txt", DE)
    write(tmp_path / "a.en.txt", EN)
    result = run(str(tmp_path), "--junit", str(tmp_path / "a.en.txt"), "--force")
    assert result.exit_code == 2 and "refusing to overwrite an input file" in result.stderr
    assert (tmp_path / "a.en.txt").read_text(encoding="utf-8") == EN
    result = run(str(tmp_path), "--junit", str(tmp_path / "r.xml"), "--sarif", str(tmp_path / "r.xml"))
    assert result.exit_code == 2 and "must be different files" in result.stderr
    result = run(str(tmp_path), "--sarif", str(tmp_path / "no" / "r.sarif"))
    assert result.exit_code == 2 and "does not exist" in result.stderr and "[1/1]" not in result.stderr


def _batch_in_process(corpus: str, cache: str) -> None:
    from tqcheck.batch import discover as find, run_batch as run_all
    run_all(find(corpus), FileConfig(), Settings(), cache_dir=cache)


def test_concurrent_runs_share_one_cache(corpus, cache_dir):
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_batch_in_process, args=(str(corpus), str(cache_dir))) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)
        assert p.exitcode == 0
    assert not list(cache_dir.glob("**/*.tmp"))
    warm = run_batch(discover(str(corpus)), FileConfig(), Settings(), cache_dir=str(cache_dir))
    fresh = run_batch(discover(str(corpus)), FileConfig(), Settings(), cache_dir=None)
    assert [r.embedded for r in warm.results] == [0] * 5
    assert [r.report for r in warm.results] == [r.report for r in fresh.results]


def test_batch_format_option_writes_ci_formats_to_stdout(tmp_path, cache_dir):
    numbers = tmp_path / "numbers"
    write(numbers / "n.de.txt", DE)
    write(numbers / "n.en.txt", EN_BAD_NUMBER)
    gitlab = run(str(numbers), "-q", "--format", "gitlab", "--github")
    assert gitlab.exit_code == 1
    issues = json.loads(gitlab.stdout)  # annotations went to stderr, so stdout stays parseable
    assert {i["check_name"] for i in issues} == {"number-mismatch"} and "::error" in gitlab.stderr
    sarif = run(str(numbers), "-q", "--format", "sarif")
    assert json.loads(sarif.stdout)["runs"][0]["results"][0]["ruleId"] == "number-mismatch"
