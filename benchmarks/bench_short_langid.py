"""Language identification of short texts: how many letters a source needs before its detected language holds.

The source of a check has no expected language to fall back on (the translation has ``--target-lang``), so a
source too short to tell is refused without ``--source-lang`` (``tqcheck.pipeline.identify``). This measures where
"too short" ends: the first 1, 2, 3 ... words of MLQE-PE sentences (both sides: en, de, zh, et, ne, ro, ru, si),
detected as tqcheck detects a document (``langid.detect_language_probability``), accuracy per letter count.
Choose the threshold on dev (``--split dev``), report it once on test20 (``--split test20``).
Bench data is read from ../shared/bench at run time.
Run: python benchmarks/bench_short_langid.py --split dev [--sentences 100]
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MLQE = ROOT.parent / "shared" / "bench" / "mlqe-pe"
BUCKETS = (1, 5, 10, 15, 20, 25, 30, 40, 60)  # lower ends of the letter-count buckets

from tqcheck import languages  # noqa: E402
from tqcheck.errors import LanguageError  # noqa: E402
from tqcheck.langid import detect_language_probability  # noqa: E402


def files(split: str) -> list[tuple[Path, str, str]]:
    """(tsv, source language, translation language) of a split."""
    if split == "dev":
        found = sorted((MLQE / "dev").glob("*.tsv"))
    else:
        found = sorted((MLQE / split).glob(f"*/{split}.da.tsv"))
    out = []
    for path in found:
        pair = path.stem if split == "dev" else path.parent.name
        src, tgt = pair.split("-")
        out.append((path, src, tgt))
    return out


def texts(path: Path, column: str, count: int) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r[column] for r in rows[:count] if r.get(column)]


def prefixes(sentence: str, lang: str) -> list[str]:
    """The first 1, 2, 3, 4, 6 words and the whole sentence (characters for a script without spaces)."""
    if not languages.language(lang).spaced:
        return sorted({sentence[:n] for n in (1, 2, 3, 5, 8, 12, 20)} | {sentence})
    words = sentence.split()
    return sorted({" ".join(words[:n]) for n in (1, 2, 3, 4, 6)} | {sentence})


def bucket(letters: int) -> int:
    return max(b for b in BUCKETS if b <= max(letters, 1))


def shared_script(lang: str) -> bool:
    """Whether another language tqcheck supports writes this language's script (detection can confuse them)."""
    script = languages.script_of(lang)
    return sum(1 for other in languages.LANGUAGES.values() if other.script == script) > 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "test20"))
    parser.add_argument("--sentences", type=int, default=100, help="sentences per side of each file")
    args = parser.parse_args()
    if not MLQE.is_dir():
        sys.exit(f"bench data missing: {MLQE}")
    right: dict[tuple[str, int], int] = defaultdict(int)
    seen: dict[tuple[str, int], int] = defaultdict(int)
    for path, src, tgt in files(args.split):
        for column, lang in (("original", src), ("translation", tgt)):
            kind = "shared script" if shared_script(lang) else "own script"
            for sentence in texts(path, column, args.sentences):
                for text in prefixes(sentence, lang):
                    letters = sum(ch.isalpha() for ch in text)
                    if not letters:
                        continue
                    try:
                        found = detect_language_probability(text)[0]
                    except LanguageError:
                        found = None
                    key = (kind, bucket(letters))
                    seen[key] += 1
                    right[key] += found == lang
    print(f"MLQE-PE {args.split}, first {args.sentences} sentences per side of each file; prefixes of 1, 2, 3, 4, 6 "
          "words and the whole sentence (characters for zh)\n")
    print("| letters | languages | texts | detected right |")
    print("|---|---|---:|---:|")
    for kind in ("shared script", "own script"):
        for b in BUCKETS:
            if seen[(kind, b)]:
                nxt = [x for x in BUCKETS if x > b]
                span = f"{b}-{nxt[0] - 1}" if nxt else f"{b}+"
                print(f"| {span} | {kind} | {seen[(kind, b)]} | {right[(kind, b)] / seen[(kind, b)]:.1%} |")


if __name__ == "__main__":
    main()
