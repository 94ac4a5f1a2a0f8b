"""HTML report: render time and page size for the sample and for the sample repeated up to 100 times.

    python benchmarks/bench_html.py

Checks samples/rahnam once with the bundled model, then tiles that report (documents, alignments and flags
shifted) to 20x and 100x its size, and renders each to HTML.
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def tile(report, times: int):
    """The report of ``times`` copies of the sample, one after another."""
    from tqcheck.types import Document, Sentence, Span

    def doc(d: Document) -> tuple[Document, int, int]:
        step, n = len(d.text) + 2, len(d.sentences)
        sentences = tuple(Sentence(s.index + c * n, s.text, s.start + c * step, s.end + c * step, s.paragraph)
                          for c in range(times) for s in d.sentences)
        return replace(d, text="\n\n".join([d.text] * times), sentences=sentences), step, n

    src, src_step, src_n = doc(report.source)
    tgt, tgt_step, tgt_n = doc(report.target)
    rows = len(report.alignments)
    alignments = tuple(replace(a, src=tuple(i + c * src_n for i in a.src), tgt=tuple(j + c * tgt_n for j in a.tgt))
                       for c in range(times) for a in report.alignments)
    steps = {"source": src_step, "target": tgt_step}
    flags = tuple(replace(f, alignment=None if f.alignment is None else f.alignment + c * rows,
                          spans=tuple(Span(s.side, s.start + c * steps[s.side], s.end + c * steps[s.side], s.text)
                                      for s in f.spans))
                  for c in range(times) for f in report.flags)
    return replace(report, source=src, target=tgt, alignments=alignments, flags=flags)


def main() -> None:
    """Print render time (best of 3) and size per report size."""
    import tqcheck
    from tqcheck.render import render

    sample = ROOT / "samples" / "rahnam"
    report = tqcheck.check((sample / "fa.txt").read_text(encoding="utf-8"),
                           (sample / "en.txt").read_text(encoding="utf-8"))
    print(f"{'copies':>6} {'rows':>6} {'flags':>6} {'render s':>9} {'KiB':>8}")
    for times in (1, 20, 100):
        big = tile(report, times) if times > 1 else report
        best, html = float("inf"), ""
        for _ in range(3):
            started = time.perf_counter()
            html = render(big, "html")
            best = min(best, time.perf_counter() - started)
        print(f"{times:>6} {len(big.alignments):>6} {len(big.flags):>6} {best:>9.3f} {len(html.encode()) / 1024:>8.0f}")


if __name__ == "__main__":
    main()
