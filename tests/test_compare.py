"""tqcheck compare on the sample: the published translation against the one with B1-B5 repaired (the real model)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sacrebleu
from click.testing import CliRunner

from tqcheck.cli import cli
from tqcheck.compare import assign, compare, paired_bootstrap
from tqcheck.metrics import corpus_scores
from tqcheck.render.compare import render_compare_html, render_compare_json, render_compare_text

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "rahnam"


def _read(name: str) -> str:
    return (SAMPLE / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_comparison():
    """A = published en.txt, B = en.fixed.txt (B1-B5 repaired), reference = en.ref.txt (independent translation)."""
    return compare(_read("fa.txt"), _read("en.txt"), _read("en.fixed.txt"),
                   references=[(_read("en.ref.txt"), "samples/rahnam/en.ref.txt")],
                   paths=("samples/rahnam/fa.txt", "samples/rahnam/en.txt", "samples/rahnam/en.fixed.txt"))


def test_the_fixed_file_repairs_exactly_b1_to_b5():
    published, fixed = _read("en.txt"), _read("en.fixed.txt")
    for broken in ("in The final end", "Al-Shadadi due to resistance attacks. , Ain", "They have been martyred.",
                   "It happened to him.", "Leave a Comment"):
        assert broken in published and broken not in fixed
    for repair in ("and finally the end of the military mission", "Erbil, Al-Shadadi and Ain al-Assad",
                   "the martyrs who have been martyred as a result", "as happened to him in Afghanistan"):
        assert repair in fixed
    untouched = [p for p in published.split("\n\n") if p in fixed]
    assert len(untouched) == len(published.split("\n\n")) - 5  # four paragraphs edited, one removed


def test_repaired_translation_wins(sample_comparison):
    c = sample_comparison
    assert c.semantic_winner() == "B" and c.semantic_b > c.semantic_a
    assert not c.b.flags and {f.id for f in c.a.flags} >= {"fragment", "addition", "mid-sentence-capital"}
    winner, reason = c.verdict()
    assert winner == "B", reason
    for p in c.paired:
        assert p.better == "B", p
        assert 0 < p.p_value <= 1 and p.ci_a > 0 and p.ci_b > 0
        assert "bs:1000|seed:12345" in p.signature
    assert c.paired_result("chrF2").score_b > c.paired_result("chrF2").score_a


def test_units_cover_every_sentence_once(sample_comparison):
    c = sample_comparison
    assert sorted(i for u in c.units for i in u.src) == list(range(len(c.source.sentences)))
    assert sorted(j for u in c.units for j in u.a) == list(range(len(c.a.target.sentences)))
    assert sorted(j for u in c.units for j in u.b) == list(range(len(c.b.target.sentences)))
    assert sorted(j for u in c.units for j in u.refs[0]) == list(range(len(c.references[0].sentences)))


def test_boilerplate_unit_differs_most(sample_comparison):
    c = sample_comparison
    top = c.ranked_units()[0]
    assert c.a.target.joined(top.a) == "end of message/ Leave a Comment"
    assert c.b.target.joined(top.b) == "end of message/"
    assert top.semantic_b > top.semantic_a and top.chrf_b > top.chrf_a and top.difference > 0
    assert [abs(u.difference) for u in c.ranked_units()] == sorted((abs(u.difference) for u in c.units),
                                                                   reverse=True)


def test_paired_scores_are_sacrebleu_corpus_scores_on_the_units(sample_comparison):
    c = sample_comparison
    hyps_a = [c.a.target.joined(u.a) for u in c.units]
    hyps_b = [c.b.target.joined(u.b) for u in c.units]
    refs = [[c.references[0].joined(u.refs[0]) for u in c.units]]
    for name, text in (("A", hyps_a), ("B", hyps_b)):
        corpus = {m.name: m.score for m in corpus_scores(text, refs)}
        for p in c.paired:
            assert (p.score_a if name == "A" else p.score_b) == pytest.approx(corpus[p.metric], abs=1e-9)
    assert c.units[3].chrf_a == sacrebleu.sentence_chrf(hyps_a[3], [refs[0][3]]).score
    assert c.units[3].bleu_b == sacrebleu.sentence_bleu(hyps_b[3], [refs[0][3]]).score
    # seeded: the same seed gives the same resamples, another seed other ones (same point scores)
    again = paired_bootstrap(hyps_a, hyps_b, refs, n_samples=1000)
    assert again == c.paired
    other = paired_bootstrap(hyps_a, hyps_b, refs, n_samples=1000, seed=7)
    assert [p.score_b for p in other] == [p.score_b for p in c.paired]
    assert [p.mean_b for p in other] != [p.mean_b for p in c.paired]


def test_renderers(sample_comparison):
    import jsonschema

    c = sample_comparison
    data = json.loads(render_compare_json(c))
    schema = json.loads((SAMPLE.parents[1] / "tqcheck" / "schema" / "compare.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert render_compare_json(c) == render_compare_json(c)
    assert data["schema"] == "tqcheck.compare/2" and data["verdict"]["winner"] == "B"
    assert data["units"][0]["a"]["text"].endswith("Leave a Comment")
    assert [p["metric"] for p in data["paired_bootstrap"]] == ["BLEU", "chrF2", "chrF2++", "TER"]
    assert data["systems"]["B"]["flag_counts"] == {} and data["systems"]["A"]["flag_counts"]["fragment"] == 3
    text = render_compare_text(c, rows=3)
    assert "verdict B is better" in text and "paired bootstrap" in text and "Leave a Comment" in text
    assert sum(line.startswith("        A  ") for line in text.splitlines()) == 3
    flat = " ".join(text.split())
    for u in [u for u in c.ranked_units() if u.difference != 0][:3]:  # each unit's text in full, never cut
        assert " ".join(c.a.target.joined(u.a).split()) in flat and " ".join(c.b.target.joined(u.b).split()) in flat
    assert "…" not in text
    assert data["units"][0]["number"] >= 1 and all(min(x["source"]["sentences"], default=1) >= 1
                                                   for x in data["units"])
    page = render_compare_html(c)
    assert page.count('<tr id="unit-') == len(c.units) and "B is better" in page
    assert page.index('id="unit-30"') < page.index('id="unit-1"')  # the largest difference first
    assert "<script" not in page and "http" not in page.split("<body>")[1]
    assert '<mark class="chg"> Leave a Comment</mark>' in page  # words only one side has are marked
    assert '<mark class="chg"> finally the</mark>' in page and '<mark class="chg"> in The final</mark>' in page


def test_assign_additions_to_the_unit_before():
    from tqcheck.types import Alignment
    assert assign([(0,), (1, 2)], [Alignment((0,), (0,)), Alignment((), (1,)), Alignment((1, 2), (2,))]) == [0, 0, 1]


DE = "Der Zug nach Hamburg hat heute zwanzig Minuten Verspätung. Die Fahrgäste warten am Bahnsteig."
EN_A = "The train to Hamburg is twenty minutes late today. The passengers are waiting on the platform."
EN_B = "The train to Hamburg is late today. Click here to subscribe to our newsletter."


def test_compare_cli(tmp_path):
    for name, text in (("de.txt", DE), ("a.txt", EN_A), ("b.txt", EN_B), ("ref.txt", EN_A)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("de.txt", "a.txt", "b.txt")]
    html = tmp_path / "cmp.html"
    result = CliRunner().invoke(cli, ["compare", *paths, "--source-lang", "de", "--format", "json",
                                      "--html", str(html)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"]["winner"] == "A" and data["paired_bootstrap"] == [] and data["references"] == []
    assert all(u["chrf"] is None for u in data["units"])
    import jsonschema
    schema = json.loads((SAMPLE.parents[1] / "tqcheck" / "schema" / "compare.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert "A is better" in html.read_text(encoding="utf-8")
    text = CliRunner().invoke(cli, ["compare", *paths, "--source-lang", "de", "--ref", str(tmp_path / "ref.txt")])
    assert text.exit_code == 0, text.output
    assert "verdict A is better" in text.stdout and "chrF2 " in text.stdout
    again = CliRunner().invoke(cli, ["compare", *paths, "--html", str(html)])
    assert again.exit_code == 2 and "--force" in again.stderr
    missing = CliRunner().invoke(cli, ["compare", paths[0], paths[1], str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "nope.txt: no such file" in missing.stderr


def test_equal_systems_are_a_tie_not_a_significant_difference():
    results = paired_bootstrap(["a b c d", "e f g"], ["a b c d", "e f g"], [["a b c d", "e f h"]], n_samples=100)
    assert all(p.better == "tie" and not p.significant for p in results)
    assert all(p.p_value == pytest.approx(1 / 101) for p in results)  # sacrebleu's value for equal systems
