"""The stages of a check in order (tqcheck.pipeline), with the fake embedder where the model is not the point."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import tqcheck
from tqcheck.cli import cli
from tqcheck.config import CheckConfig

DE = ["Der Zug nach Hamburg hat heute zwanzig Minuten Verspätung.", "Die Fahrgäste warten geduldig auf dem Bahnsteig.",
      "Der Schaffner entschuldigt sich für die lange Störung.", "Morgen soll der Verkehr wieder normal laufen."]
EN = ["The train to Hamburg is twenty minutes late today.", "The passengers are waiting patiently on the platform.",
      "The conductor apologises for the long disruption.", "Tomorrow traffic should run normally again."]


@pytest.fixture
def parallel(fake_embedder):
    for de, en in zip(DE, EN):
        fake_embedder.pair(de, en)
    return fake_embedder


def test_ocr_debris_in_the_source_is_left_out_cheaply_not_grouped(parallel):
    """The aligner's skip cost for debris (fewer than 3 letters/digits) applies in check: '*' is its own bead."""
    source = DE[0] + "\n*\n" + DE[1] + "\n\n" + DE[2]
    report = tqcheck.check(source, "\n\n".join(EN[:3]), CheckConfig(source_lang="de"), embedder=parallel)
    assert [(a.src, a.tgt) for a in report.alignments] == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
    assert report.flags == ()  # nothing to translate in '*': no omission either


def test_ocr_debris_is_left_out_of_the_reference_alignment(parallel):
    from tqcheck.metrics import align_reference, reference_document

    translation = reference_document("\n\n".join(EN[:3]), "en", None)
    reference = reference_document(EN[0] + "\n-\n" + EN[1] + "\n\n" + EN[2], "en", None)
    beads = align_reference(translation, reference, parallel.encode)
    assert ((), (1,)) in beads and ((0,), (0,)) in beads


def test_report_carries_its_config_and_a_signature_naming_every_changed_threshold(parallel):
    text_de, text_en = "\n\n".join(DE), "\n\n".join(EN)
    plain = tqcheck.check(text_de, text_en, CheckConfig(source_lang="de"), embedder=parallel)
    changed = CheckConfig(source_lang="de").with_thresholds(fragment_max_words=10)
    other = tqcheck.check(text_de, text_en, changed, embedder=parallel)
    assert plain.config == CheckConfig(source_lang="de") and other.config == changed
    assert "thresholds:default" in plain.signature and "thresholds:fragment_max_words=10" in other.signature


def test_every_threshold_changes_the_signature():
    from dataclasses import fields

    from tqcheck.config import Thresholds

    base = CheckConfig().signature()
    for f in fields(Thresholds):
        value = getattr(Thresholds(), f.name)
        changed = CheckConfig().with_thresholds(**{f.name: value + (1 if isinstance(value, int) else 0.05)})
        assert changed.signature() != base and f.name in changed.signature(), f.name


def test_set_fragment_max_words_changes_the_printed_signature(tmp_path, parallel):
    (tmp_path / "de.txt").write_text("\n\n".join(DE), encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n\n".join(EN), encoding="utf-8")
    args = ["check", str(tmp_path / "de.txt"), str(tmp_path / "en.txt"), "--format", "json"]
    signatures = [json.loads(CliRunner().invoke(cli, args + extra).stdout)["signature"]
                  for extra in ([], ["--set", "fragment_max_words=10"], ["--set", "fragment_max_words=12"])]
    assert len(set(signatures)) == 3


GERMAN = "Meine Schwester wohnt jetzt in der Stadt."  # 34 letters: under the default minimum of 40


def test_set_foreign_min_letters_is_honoured(tmp_path, parallel):
    """The threshold reaches language detection: a 34-letter German sentence is flagged only with a lower minimum."""
    assert 10 < sum(c.isalpha() for c in GERMAN) < 40
    parallel.pair("Mi hermana vive ahora en la ciudad.", GERMAN)
    source = "\n\n".join(DE[:2] + ["Mi hermana vive ahora en la ciudad."] + DE[2:])
    target = "\n\n".join(EN[:2] + [GERMAN] + EN[2:])
    (tmp_path / "src.txt").write_text(source, encoding="utf-8")
    (tmp_path / "en.txt").write_text(target, encoding="utf-8")
    args = ["check", str(tmp_path / "src.txt"), str(tmp_path / "en.txt"), "--source-lang", "de", "--format", "json",
            "--fail-on", "never"]

    def foreign(*extra: str) -> list[dict]:
        result = CliRunner().invoke(cli, args + list(extra))
        assert result.exit_code == 0, result.output
        flags = [f for s in json.loads(result.stdout)["segments"] for f in s["flags"]]
        # the sentence reads as the source language: foreign-sentence is merged into one untranslated finding
        return [m for f in flags for m in [f, *f["evidence"].get("merged", [])] if m["id"] == "foreign-sentence"]

    assert foreign() == []
    flagged = foreign("--set", "foreign_min_letters=10")
    assert len(flagged) == 1 and flagged[0]["evidence"]["detected"] == "de"


def test_the_aligner_takes_omission_sensitivity_under_that_name():
    """One name for one setting (the aligner called it ``fit_weight``)."""
    from dataclasses import fields

    from tqcheck.align import AlignParams
    from tqcheck.pipeline import align_params

    assert align_params(CheckConfig().with_thresholds(omission_sensitivity=0.7)).omission_sensitivity == 0.7
    assert not any("fit_weight" in f.name for f in fields(AlignParams))


def test_a_translation_too_short_to_tell_is_not_called_another_language(fake_embedder):
    """"Yes" reads as Swahili to langdetect: a one-word translation scored 0 with a wrong-language error. Under
    ``foreign_min_letters`` letters in the target language's script the expected language is assumed; a long
    text in another language, or a short one in another script, is still caught."""
    from tqcheck.pipeline import check

    fake_embedder.pair("Ja", "Yes")
    german = CheckConfig(source_lang="de")  # a one-word source is too short to tell: given (see the next test)
    short = check("Ja", "Yes", german)
    assert short.target.lang == "en" and not [f for f in short.flags if f.id == "wrong-language"]
    assert check("Ja", "Yes", german.with_thresholds(foreign_min_letters=3)).target.lang != "en"
    cyrillic = check("Ja", "Да", german)  # another script: clear even in one word
    assert [f.id for f in cyrillic.flags] == ["wrong-language"] and cyrillic.target.lang != "en"
    french = ("Le gouvernement a adopté de nouvelles règles lundi. L'opposition a vivement critiqué la décision.")
    assert [f.id for f in check("Die Regierung hat am Montag neue Regeln beschlossen.", french, CheckConfig()).flags
            ] == ["wrong-language"]


def test_a_source_too_short_to_tell_asks_for_its_language(fake_embedder):
    """"Ja" read as Swahili (or Indonesian) and the check went on with it; the source has no expected language to
    fall back on, so under ``foreign_min_letters`` letters in a script several languages share it is refused."""
    from tqcheck.errors import LanguageError
    from tqcheck.pipeline import check, check_units
    from tqcheck.types import Position, Unit

    fake_embedder.pair("Ja", "Yes")
    unit = Unit("1", "Ja", "Yes", Position("ja.tsv", 2, 1), Position("ja.tsv", 2, 4))
    for run in (lambda config: check("Ja", "Yes", config), lambda config: check_units([unit], config)):
        with pytest.raises(LanguageError, match=r"^source: too short to tell its language \(2 letters, read as "
                                                r"'\w+'; a guess under 40 letters is often wrong\): pass --source-lang$"):
            run(CheckConfig())
        assert run(CheckConfig(source_lang="de")).source.lang == "de"
        assert run(CheckConfig().with_thresholds(foreign_min_letters=2)).source.lang not in ("de", "en")
    fake_embedder.pair("Ναι", "Yes")
    assert check("Ναι", "Yes", CheckConfig()).source.lang == "el"  # a script of one language: clear in one word
    fake_embedder.pair(DE[0], EN[0])
    long_enough = check(DE[0], EN[0], CheckConfig())  # 49 letters
    assert long_enough.source.lang == "de" and long_enough.source.lang_detected
