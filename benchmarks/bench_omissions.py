"""Does `tqcheck check` find a dropped, an added and an untranslated sentence in a real document? (synthetic edits)

    python benchmarks/bench_omissions.py [--langs fa,ar] [--seed 0] [--docs N] [--set NAME=VALUE ...]
                                         [--align NAME=VALUE ...] [--cache DIR]

Documents are the 123 NTREX-128 news articles (../shared/bench/ntrex128-fa-ar-en, read at run time), Persian or
Arabic as the source, English as the translation, three segments to a paragraph. For each document, one seeded edit
of each kind is made (never the headline, which is the first segment):

* omit: one English segment deleted. Found when an `omission` flag covers the source segment it translated.
* add: one source segment deleted. Found when an `addition` flag covers the English segment that is left over.
* untranslated: one English segment replaced by its source segment. Found when `untranslated`, `wrong-language`
  or `foreign-sentence` covers it.
* clean: the document as it is. Every `omission` / `addition` flag is a false alarm.

The edits are synthetic (the English side is the original of NTREX; the others are translations of it). "found"
counts a flag at the right place; "elsewhere" counts edits flagged only at another place. `--set` changes a check threshold as `tqcheck check
--set` does (e.g. `omission_sensitivity=0`); `--align` sets another aligner parameter (tqcheck.align.AlignParams).
"""
from __future__ import annotations

import argparse
import functools
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NTREX = ROOT.parent / "shared" / "bench" / "ntrex128-fa-ar-en"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_align import DiskCache  # noqa: E402

FILES = {"fa": "newstest2019-ref.fas.txt", "ar": "newstest2019-ref.arb.txt"}
UNTRANSLATED_IDS = {"untranslated", "wrong-language", "foreign-sentence"}


@dataclass
class Edited:
    """One test document: source and English segments, and where the edit is (segment index, side) if any."""

    kind: str
    source: list[str]
    english: list[str]
    target_side: str | None = None  # which side's segment the expected flag must cover
    target_index: int | None = None


def documents(lang: str) -> list[tuple[list[str], list[str]]]:
    """(source segments, English segments) per NTREX document."""
    ids = (NTREX / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    src = (NTREX / FILES[lang]).read_text(encoding="utf-8").splitlines()
    eng = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for doc_id, s, e in zip(ids, src, eng):
        docs.setdefault(doc_id, ([], []))
        docs[doc_id][0].append(s)
        docs[doc_id][1].append(e)
    return list(docs.values())


def edits(source: list[str], english: list[str], rng: random.Random) -> list[Edited]:
    """The clean document and one seeded edit of each kind (documents of under 4 segments: clean only)."""
    out = [Edited("clean", source, english)]
    if len(source) < 4:
        return out
    k = rng.randrange(1, len(source))
    out.append(Edited("omit", source, english[:k] + english[k + 1:], "source", k))
    k = rng.randrange(1, len(source))
    out.append(Edited("add", source[:k] + source[k + 1:], english, "target", k))
    k = rng.randrange(1, len(source))
    out.append(Edited("untranslated", source, english[:k] + [source[k]] + english[k + 1:], "target", k))
    return out


def as_text(segments: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Segments three to a paragraph, and each segment's character span in that text."""
    text, spans = "", []
    for i, segment in enumerate(segments):
        if i:
            text += "\n\n" if i % 3 == 0 else " "
        spans.append((len(text), len(text) + len(segment)))
        text += segment
    return text, spans


def flagged_segments(report, flag_ids: set[str], side: str, spans: list[tuple[int, int]]) -> set[int]:
    """Segments of ``side`` that a flag with one of ``flag_ids`` covers (by its alignment's sentences)."""
    doc = report.source if side == "source" else report.target
    found = set()
    for flag in report.flags:
        if flag.id not in flag_ids or flag.alignment is None:
            continue
        alignment = report.alignments[flag.alignment]
        for index in (alignment.src if side == "source" else alignment.tgt):
            sentence = doc.sentences[index]
            found |= {k for k, (start, end) in enumerate(spans) if sentence.start < end and start < sentence.end}
    return found


def run(lang: str, seed: int, limit: int | None, embedder, config) -> dict[str, list[int]]:
    """Per kind: [documents, found, flagged elsewhere, false alarms (clean only), sentences]."""
    from tqcheck import check

    rng = random.Random(seed)
    counts = {kind: [0, 0, 0, 0, 0] for kind in ("clean", "omit", "add", "untranslated")}
    for source, english in documents(lang)[:limit]:
        for case in edits(source, english, rng):
            src_text, src_spans = as_text(case.source)
            tgt_text, tgt_spans = as_text(case.english)
            report = check(src_text, tgt_text, config, embedder=embedder)
            row = counts[case.kind]
            row[0] += 1
            row[4] += len(report.source.sentences)
            if case.kind == "clean":
                row[3] += sum(f.id in ("omission", "addition") for f in report.flags)
                continue
            ids = {"omit": {"omission"}, "add": {"addition"}, "untranslated": UNTRANSLATED_IDS}[case.kind]
            spans = src_spans if case.target_side == "source" else tgt_spans
            hit = flagged_segments(report, ids, case.target_side, spans)
            if case.target_index in hit:
                row[1] += 1
            elif hit:
                row[2] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", default="fa,ar")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--docs", type=int, help="only the first N documents")
    parser.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="a check threshold to change (repeatable)")
    parser.add_argument("--align", action="append", default=[], metavar="NAME=VALUE",
                        help="an aligner parameter to change (repeatable)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "tqcheck-bench-embeddings")
    args = parser.parse_args()
    from tqcheck import align, pipeline
    from tqcheck.config import CheckConfig

    changes = {name: float(value) for name, value in (item.split("=", 1) for item in args.align)}
    settings = {name: float(value) for name, value in (item.split("=", 1) for item in args.settings)}
    if changes:  # the pipeline builds AlignParams itself; give it the variant's defaults
        pipeline.align_stage.AlignParams = functools.partial(align.AlignParams, **changes)
    cache = DiskCache(args.cache)
    started = time.perf_counter()
    print(f"{'lang':<5}{'edit':<14}{'docs':>5}{'found':>7}{'recall':>8}{'elsewhere':>10}{'false alarms':>14}")
    for lang in args.langs.split(","):
        config = CheckConfig(source_lang=lang).with_thresholds(**settings)
        counts = run(lang, args.seed, args.docs, cache, config)
        cache.save()
        for kind, (docs, found, elsewhere, alarms, sentences) in counts.items():
            if kind == "clean":
                print(f"{lang:<5}{kind:<14}{docs:>5}{'':>7}{'':>8}{'':>10}"
                      f"{alarms:>6} ({100 * alarms / max(sentences, 1):.1f}/100 sent.)")
            else:
                print(f"{lang:<5}{kind:<14}{docs:>5}{found:>7}{found / max(docs, 1):>8.3f}{elsewhere:>10}")
    print(f"\n{time.perf_counter() - started:.0f} s (embedding {cache.embed_seconds:.0f} s, {cache.new} new texts); "
          f"settings: {settings or 'defaults'}; aligner changes: {changes or 'none'}; seed {args.seed}. Synthetic edits of NTREX-128 documents.")


if __name__ == "__main__":
    main()
