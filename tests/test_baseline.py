"""Baselines: fingerprints that survive moved lines, ``tqcheck baseline`` and ``--baseline`` on check and batch."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tqcheck.baseline import fingerprints, read_baseline, render_baseline, without_accepted
from tqcheck.cli import cli

DE = ("Die Regierung hat am Montag neue Regeln beschlossen.\n\n"
      "Ab März müssen alle Geschäfte um 20 Uhr schließen.\n\n"
      "Die Opposition kritisierte die Entscheidung scharf.\n\n"
      "Viele Händler fürchten um ihre Existenz.")
EN_BAD = ("The government adopted new rules on Monday.\n\n"
          "From March all shops must close at 9 pm.\n\n"
          "The opposition sharply criticised the decision.\n\n"
          "Many traders fear for their livelihood.")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_fingerprints_ignore_line_numbers_but_not_the_text(rahnam_report):
    from dataclasses import replace

    from tqcheck.types import Document, Sentence

    prints = fingerprints(rahnam_report)
    assert len(set(prints)) == len(prints) == len(rahnam_report.flags)
    target = rahnam_report.target
    shift = 10  # ten characters (two new lines) inserted at the top of the translation
    moved = Document(target.path, target.lang, "\n\nINSERTED" + target.text,
                     tuple(Sentence(s.index, s.text, s.start + shift, s.end + shift, s.paragraph)
                           for s in target.sentences), target.lang_detected)
    assert fingerprints(replace(rahnam_report, target=moved)) == prints
    edited = rahnam_report.alignments[rahnam_report.flags[0].alignment].tgt[0]
    changed = tuple(Sentence(s.index, s.text + " Really." if s.index == edited else s.text, s.start, s.end,
                             s.paragraph) for s in target.sentences)
    other = fingerprints(replace(rahnam_report, target=replace(target, sentences=changed)))
    assert other[0] != prints[0] and other[1:] == prints[1:]


def test_baseline_round_trip_hides_exactly_the_listed_findings(rahnam_report, tmp_path):
    path = tmp_path / "b.json"
    path.write_text(render_baseline([rahnam_report]), encoding="utf-8")
    accepted = read_baseline(str(path))
    assert len(accepted) == len(rahnam_report.flags)
    report, hidden = without_accepted(rahnam_report, accepted)
    assert hidden == len(rahnam_report.flags) and report.flags == ()
    some = frozenset(list(accepted)[:2])
    report, hidden = without_accepted(rahnam_report, some)
    assert hidden == 2 and len(report.flags) == len(rahnam_report.flags) - 2


def test_baseline_command_then_check_and_batch_pass(tmp_path):
    src, tgt = write(tmp_path / "docs" / "a.de.txt", DE), write(tmp_path / "docs" / "a.en.txt", EN_BAD)
    assert run("check", src, tgt).exit_code == 1  # the changed number
    made = run("baseline", src, tgt, "-o", str(tmp_path / "base.json"))
    assert made.exit_code == 0, made.output
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert data["schema"] == "tqcheck.baseline/1" and data["findings"][0]["id"] == "number-mismatch"
    accepted = run("check", src, tgt, "--baseline", str(tmp_path / "base.json"))
    assert accepted.exit_code == 0 and " number-mismatch: " not in accepted.stdout
    assert "1 finding(s) accepted" in accepted.stderr
    # a new problem elsewhere still fails
    worse = EN_BAD.replace("criticised the decision", "criticised the decision decision decision decision")
    write(tmp_path / "docs" / "a.en.txt", worse)
    again = run("check", src, tgt, "--baseline", str(tmp_path / "base.json"), "--fail-on", "warning")
    assert again.exit_code == 1 and " repetition-loop: " in again.stdout and " number-mismatch: " not in again.stdout
    write(tmp_path / "docs" / "a.en.txt", EN_BAD)
    batch = run("batch", str(tmp_path / "docs"), "--baseline", str(tmp_path / "base.json"), "--format", "json")
    assert batch.exit_code == 0, batch.output
    assert json.loads(batch.stdout)["pairs"][0]["status"] == "pass"
    whole = run("baseline", str(tmp_path / "docs"))
    assert json.loads(whole.stdout)["findings"] == data["findings"]


def test_a_file_that_is_not_a_baseline_is_a_one_line_error(tmp_path):
    src, tgt = write(tmp_path / "a.de.txt", DE), write(tmp_path / "a.en.txt", EN_BAD)
    bad = write(tmp_path / "bad.json", '{"schema": "something else"}')
    result = run("check", src, tgt, "--baseline", bad)
    assert result.exit_code == 2 and "not a tqcheck baseline" in result.stderr and "Traceback" not in result.output


def test_a_baseline_with_the_glossary_accepts_its_glossary_findings(fake_embedder, tmp_path):
    de = "Der Vorstand traf sich am Montag.\n\nDie Aktionäre waren zufrieden."
    en = "The board met on Monday.\n\nThe stockholders were happy."
    fake_embedder.pair_texts(de, en, "de")
    src, tgt = write(tmp_path / "a.de.txt", de), write(tmp_path / "a.en.txt", en)
    glossary = write(tmp_path / "g.csv", "source,target\nAktionäre,shareholders\n")
    strict = ("--glossary", glossary, "--fail-on", "warning")
    assert " glossary-term: " in run("check", src, tgt, *strict).stdout
    made = run("baseline", src, tgt, "--glossary", glossary, "-o", str(tmp_path / "b.json"))
    assert made.exit_code == 0, made.output
    assert [f["id"] for f in json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["findings"]] == \
        ["glossary-term"]
    accepted = run("check", src, tgt, *strict, "--baseline", str(tmp_path / "b.json"))
    assert accepted.exit_code == 0 and "1 finding(s) accepted" in accepted.stderr
