"""Benchmark ``tqcheck batch``: 50 perturbed copies of the sample, 1 and 2 jobs, cold and warm embedding cache.

Each document is a random selection of the sample's paragraphs (Persian and English kept parallel, in a
shuffled order), every sentence tagged with a number unique to the document (so no two documents share a
sentence and a cold run really embeds everything), and some copies perturbed (an English paragraph dropped,
a number changed). Every run is a fresh ``python -m tqcheck batch`` process, as in CI, so the times include
start-up and model loading. Prints documents/s, wall time, and the peak memory of the process tree
(sampled from /proc every 0.1 s) and of its largest process.

    python benchmarks/bench_batch.py [--pairs 50] [--paragraphs 6] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rahnam"


def paragraphs(path: Path) -> list[str]:
    """Non-empty lines of a sample file (its paragraphs)."""
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def tag_sentences(text: str, tag: str) -> str:
    """Insert `` (tag.N)`` before the end punctuation of every sentence-like piece."""
    count = 0

    def mark(match: re.Match) -> str:
        nonlocal count
        count += 1
        return f" ({tag}.{count}){match.group(1)}"

    tagged = re.sub(r"([.!?؟]+)(?=\s|$)", mark, text)
    return tagged if count else f"{text} ({tag}.1)"


def build_corpus(folder: Path, pairs: int, per_doc: int, seed: int = 0) -> None:
    """Write ``pairs`` document pairs ``docNN.fa.txt`` / ``docNN.en.txt`` into ``folder``."""
    fa, en = paragraphs(SAMPLE / "fa.txt"), paragraphs(SAMPLE / "en.txt")
    n = min(len(fa), len(en))  # the English file has one trailing extra line ("Leave a Comment")
    rng = random.Random(seed)
    for i in range(pairs):
        chosen = rng.sample(range(n), min(per_doc, n))
        src = [tag_sentences(fa[k], f"{i + 1}{k}") for k in chosen]
        tgt = [tag_sentences(en[k], f"{i + 1}{k}") for k in chosen]
        if i % 5 == 1:
            del tgt[rng.randrange(len(tgt))]  # an omitted paragraph
        if i % 7 == 3:
            tgt[0] = tgt[0].replace(f"({i + 1}", f"({i + 2}", 1)  # a wrong number
        (folder / f"doc{i:02d}.fa.txt").write_text("\n\n".join(src) + "\n", encoding="utf-8")
        (folder / f"doc{i:02d}.en.txt").write_text("\n\n".join(tgt) + "\n", encoding="utf-8")


def proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident kB) of every process, from /proc (Linux)."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            found = re.search(r"VmRSS:\s+(\d+)", status)
            table[int(entry)] = (int(stat.rsplit(")", 1)[1].split()[1]), int(found.group(1)) if found else 0)
    return table


def descendants(pid: int, table: dict[int, tuple[int, int]]) -> set[int]:
    """Every process below ``pid`` in ``table`` (children, their children, ...)."""
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, (pp, _) in table.items() if pp == parent and p not in found]
        found.update(children)
        frontier.extend(children)
    return found


def run_watched(cmd: list[str], env: dict[str, str], sample: Callable[[int], None],
                every: float) -> tuple[int, bytes, float]:
    """Run ``cmd`` (its output dropped), calling ``sample(pid)`` every ``every`` seconds while it runs:
    (exit code, standard error, wall seconds)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def watch() -> None:
        while proc.poll() is None:
            sample(proc.pid)
            time.sleep(every)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, stderr = proc.communicate()
    wall = time.perf_counter() - started
    watcher.join()
    return proc.returncode, stderr, wall


def run_batch(corpus: Path, cache: Path, jobs: int, out: Path) -> dict[str, float]:
    """One ``tqcheck batch`` process: wall time, peak memory (sum and largest of its process tree), exit code."""
    env = {**os.environ, "TQCHECK_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_ACTIONS", None)
    cmd = [sys.executable, "-m", "tqcheck", "batch", str(corpus), "--jobs", str(jobs), "-q", "--json", str(out),
           "--force", "--format", "json", "--output", os.devnull]
    peak = {"sum": 0, "max": 0}

    def sample(pid: int) -> None:
        table = proc_table()
        sizes = [table.get(p, (0, 0))[1] for p in {pid} | descendants(pid, table)]
        peak["sum"], peak["max"] = max(peak["sum"], sum(sizes)), max(peak["max"], max(sizes, default=0))

    returncode, stderr, wall = run_watched(cmd, env, sample, 0.1)
    if returncode not in (0, 1):
        raise SystemExit(f"batch failed ({returncode}): {stderr.decode()[-500:]}")
    return {"wall": wall, "tree_mb": peak["sum"] / 1024, "max_mb": peak["max"] / 1024, "exit": returncode}


def _differences(a: dict, b: dict) -> str:
    """``yes``, or the ids of the pairs whose entries differ (e.g. when the code changed between runs)."""
    if a == b:
        return "yes"
    differ = [x["id"] for x, y in zip(a["pairs"], b["pairs"]) if x != y]
    return f"NO ({len(differ)} pairs differ: {', '.join(differ[:5])})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--paragraphs", type=int, default=6, help="sample paragraphs per document")
    parser.add_argument("--jobs", default="1,2", help="comma-separated job counts to measure")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tqcheck-bench-"))
    corpus = args.keep or work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    build_corpus(corpus, args.pairs, args.paragraphs)
    print(f"{args.pairs} document pairs ({args.paragraphs} paragraphs each) in {corpus}; cpus: {os.cpu_count()}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
    print(f"{'jobs':>4}  {'cache':<13} {'wall s':>7}  {'docs/s':>7}  {'peak MB (tree)':>14}  {'largest proc MB':>15}")
    reports = {}
    try:
        for jobs in [int(j) for j in args.jobs.split(",")]:
            cache = work / f"cache-{jobs}"
            cold_wall = None
            for label in ("cold", "warm", "warm, 2 edited"):
                if label == "warm, 2 edited":
                    for name in ("doc00.en.txt", "doc01.en.txt"):
                        path = corpus / name
                        path.write_text(path.read_text(encoding="utf-8").replace(".", " indeed.", 1),
                                        encoding="utf-8")
                out = work / f"out-{jobs}-{label.split(',')[0]}.json"
                r = run_batch(corpus, cache, jobs, out)
                reports[(jobs, label)] = json.loads(out.read_text(encoding="utf-8"))
                cold_wall = r["wall"] if label == "cold" else cold_wall
                speed = "" if label == "cold" else f"  ({cold_wall / r['wall']:.1f}x faster than cold)"
                print(f"{jobs:>4}  {label:<13} {r['wall']:7.1f}  {args.pairs / r['wall']:7.2f}  "
                      f"{r['tree_mb']:14.0f}  {r['max_mb']:15.0f}{speed}", flush=True)
            build_corpus(corpus, args.pairs, args.paragraphs)  # undo the edits for the next job count
        job_counts = sorted({j for j, _ in reports})
        for j in job_counts:
            print(f"jobs {j}: warm summary identical to cold: {_differences(reports[(j, 'cold')], reports[(j, 'warm')])}")
        for j in job_counts[1:]:
            print(f"jobs {j} cold identical to jobs {job_counts[0]} cold: "
                  f"{_differences(reports[(job_counts[0], 'cold')], reports[(j, 'cold')])}")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this script itself: {own:.0f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
