"""Fit the expected English/source character ratio per source language on clean parallel data.

Prints, per language, the pairs used, the geometric mean ratio (English characters / source characters) and the
spread of its log. The numbers are copied into ``tqcheck/languages.py`` (``_ENGLISH_RATIO``). Reads the public
benchmark data at run time from ``../shared/bench`` (never copied into the repo) and the project's own sentences
in ``tests/data/garble``:

    python scripts/fit_length_ratios.py
"""
from __future__ import annotations

import csv
import math
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _detok_zh(text: str) -> str:
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


def bench_pairs() -> dict[str, list[tuple[str, str]]]:
    """(source, English) pairs per language from the benchmark folders that exist."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    ntrex = BENCH / "ntrex128-fa-ar-en"
    if ntrex.exists():
        en = _lines(ntrex / "newstest2019-src.eng.txt")
        for lang, name in (("fa", "fas"), ("ar", "arb")):
            pairs[lang] = list(zip(_lines(ntrex / f"newstest2019-ref.{name}.txt"), en))
    ced = BENCH / "wmt22-qe" / "ced-en-de"
    if ced.exists():  # English original, German human reference
        pairs["de"] = list(zip(_lines(ced / "test.2022.ref"), _lines(ced / "test.2022.src")))
    enzh = BENCH / "wmt21-ced" / "enzh_test.tsv"
    if enzh.exists():  # English original, Chinese MT (tokenised: spaces between CJK removed)
        rows = [line.split("\t") for line in _lines(enzh)]
        pairs["zh"] = [(_detok_zh(r[2]), r[1]) for r in rows if len(r) >= 3]
    ru = BENCH / "mlqe-pe" / "test20" / "ru-en" / "test20.da.tsv"
    if ru.exists():  # Russian original, English MT judged good (mean DA >= 70)
        with ru.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        pairs["ru"] = [(r["original"], r["translation"]) for r in rows if float(r["mean"]) >= 70]
    return pairs


def own_pairs() -> dict[str, list[tuple[str, str]]]:
    """(source, English) pairs of the project's evaluation sentences."""
    out = {}
    for path in sorted((ROOT / "tests" / "data" / "garble").glob("*.tsv")):
        rows = [line.split("\t") for line in _lines(path) if line and not line.startswith("#")]
        out[path.stem] = [(r[0], r[1]) for r in rows]
    return out


def fit(pairs: list[tuple[str, str]]) -> tuple[int, float, float]:
    """Number of pairs, geometric mean English/source ratio and the standard deviation of its log."""
    logs = [math.log(len(en) / len(src)) for src, en in pairs if len(src) >= 10 and len(en) >= 10]
    return len(logs), math.exp(statistics.fmean(logs)), statistics.pstdev(logs)


def main() -> int:
    bench, own = bench_pairs(), own_pairs()
    print(f"{'lang':5} {'data':18} {'pairs':>6} {'ratio':>6} {'sd(log)':>8}")
    for lang in sorted(set(bench) | set(own)):
        for name, data in (("bench", bench.get(lang)), ("tests/data/garble", own.get(lang))):
            if data:
                n, ratio, sd = fit(data)
                print(f"{lang:5} {name:18} {n:6d} {ratio:6.2f} {sd:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
