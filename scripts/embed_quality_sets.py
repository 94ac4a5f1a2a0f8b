"""Embed the quality-estimation sets into the cache in resumable, time-boxed chunks (run under modelslot).

python scripts/embed_quality_sets.py [--budget SECONDS] [--prefix query|passage] SET...
SET: train:N[:PAIR,...] (N rows per MLQE-PE pair, test lines removed), dev:N[:PAIR,...], test20[:N], wmt22-da[:N] (N rows per pair, a hash subsample), test21, wmt22-da, wmt22-ced,
ced21-test[:N], ced21-train[:N], ced21-dev[:N] (N lines per pair; train/dev
without rows repeating a test source), ntrex[:N] (whole articles up to N lines), synthetic-ced, synthetic-ced-train
(the MLQE-PE rows of scripts/synthetic_ced.py, with their injected errors). Exit code 3 = the budget ran out (run again to continue).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import qe_data as q  # noqa: E402


def rows_of(name: str, held=None) -> list[q.Row]:
    """The rows a set name stands for."""
    kind, _, n = name.partition(":")
    n, _, only = n.partition(":")
    if kind in ("train", "dev"):
        held = held or q.held_out_texts()
        return [r for p in (only.split(",") if only else q.MLQE_PAIRS)
                for r in q.subsample(q.without_test_lines(q.mlqe_split(kind, p), held), int(n or 10**9))]
    table = {
        "test20": lambda: [r for p in q.TEST20_PAIRS for r in q.subsample(q.test20(p), int(n or 10**9))],
        "test21": lambda: [r for p in ("km-en", "ps-en") for r in q.test21(p)],
        "wmt22-da": lambda: [r for p in ("km-en", "ps-en") for r in q.subsample(q.wmt22_da(p), int(n or 10**9))],
        "wmt22-ced": lambda: [r for p in ("pt-en", "en-de") for r in q.wmt22_ced(p)],
        "ced21-test": lambda: [r for p in q.CED21_PAIRS
                               for r in q.subsample(q.wmt21_ced("test", p), int(n or 10**9))],
        "ced21-train": lambda: [r for p in q.CED21_PAIRS
                                for r in q.subsample(q.ced21_training("train", p), int(n or 10**9))],
        "ced21-dev": lambda: [r for p in q.CED21_PAIRS
                              for r in q.subsample(q.ced21_training("dev", p), int(n or 10**9))],
        "synthetic-ced": lambda: __import__("synthetic_ced").rows("dev"),
        "synthetic-ced-train": lambda: __import__("synthetic_ced").rows("train"),
        "ntrex": lambda: [r for lang in q.NTREX_LANGS for r in q.first_documents(q.ntrex(lang), int(n or 10**9))],
    }
    return table[kind]()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+")
    parser.add_argument("--budget", type=float, default=540.0)
    parser.add_argument("--prefix", default="query", choices=("query", "passage"))
    args = parser.parse_args()
    started = time.monotonic()
    for name in args.sets:
        rows = rows_of(name)
        left = args.budget - (time.monotonic() - started)
        t0 = time.monotonic()
        done = q.embed_rows(rows, args.prefix, budget_s=left, progress=sys.stderr.isatty())
        print(f"{name} ({args.prefix}): {len(rows)} rows {'done' if done else 'PARTIAL'} "
              f"in {time.monotonic() - t0:.0f} s", flush=True)
        if done is None:
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
