"""Word-by-word cosine matrices of benchmark segment pairs at several layers, cached in resumable chunks.

    /work/bin/modelslot python benchmarks/wordsims.py SET [SET...] [--minutes 9] [--cache DIR]

SET is one of the names in ``SETS`` (``ced-pt-en``, ``ntrex-fa-en``, ``ced21-en-de-dev``, ``mlqe-ro-en-dev`` ...). Each chunk of
``CHUNK`` pairs is one pickle in --cache (default /work/cache/tokens/wordsims): the words of both sides
(``tqcheck.wordalign.Word``), the cosine matrix at every layer of ``LAYERS`` (float16) and the cosine of the
two segments' mean piece states at the last layer. Stops starting new chunks after --minutes, so a model slot
is not held longer; run again to resume. bench_words.py reads the chunks.
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
sys.path.insert(0, str(ROOT))

LAYERS = (4, 6, 8, 10, 12)
CHUNK = 100  # pairs per cached chunk (MLQE sets smaller than that are one chunk)
MLQE_PAIRS = ("ro-en", "et-en", "ne-en", "si-en", "ru-en")
MLQE_LIMIT = {"train": 100, "dev": 100, "test20": 200}   # first lines per pair: model time is scarce here
NTREX_LIMIT = 600


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def load_set(name: str) -> tuple[list[tuple[str, str]], tuple[str, str], bool]:
    """(pairs, (source lang, target lang), pre-tokenised?) of a benchmark set, read from ../shared/bench."""
    if name.startswith("ced-"):
        pair = name[4:]
        folder = BENCH / "wmt22-qe" / name
        return list(zip(_lines(folder / "test.2022.src"), _lines(folder / "test.2022.mt"))), tuple(pair.split("-")), False
    if name.startswith("ced21-"):          # WMT21 CED dev (en->de): chooses the findings' settings
        pair = name.split("-", 1)[1].rsplit("-", 1)[0]
        rows = [line.split("\t") for line in _lines(BENCH / "wmt21-ced" / "dev" / f"{pair.replace('-', '')}.tsv")]
        return [(r[1], r[2]) for r in rows], tuple(pair.split("-")), False
    if name.startswith("ntrex-"):
        lang = name.split("-")[1]
        folder = BENCH / "ntrex128-fa-ar-en"
        tgt = {"fa": "fas", "ar": "arb"}[lang]
        src = _lines(folder / "newstest2019-src.eng.txt")
        ref = _lines(folder / f"newstest2019-ref.{tgt}.txt")
        return list(zip(ref, src))[:NTREX_LIMIT], (lang, "en"), False     # the human fa/ar text as source, English as target
    if name.startswith("mlqe-"):
        _, s, t, split = name.split("-")
        folder = BENCH / "mlqe-pe" / "word-level" / f"{s}-{t}-{split}"
        pairs = list(zip(_lines(folder / f"{split}.src"), _lines(folder / f"{split}.mt")))
        return [pairs[k] for k in mlqe_lines(f"{s}-{t}", split)], (s, t), True
    raise SystemExit(f"unknown set {name}")


def mlqe_lines(pair: str, split: str) -> list[int]:
    """Line numbers of an MLQE-PE word-level split that are used: the first ``MLQE_LIMIT`` lines, and for train
    only lines whose source sentence is not also in dev or test20 (ne-en and si-en repeat some)."""
    folder = BENCH / "mlqe-pe" / "word-level"
    sources = _lines(folder / f"{pair}-{split}" / f"{split}.src")
    held_out = set()
    if split == "train":
        for other in ("dev", "test20"):
            held_out.update(_lines(folder / f"{pair}-{other}" / f"{other}.src"))
    return [k for k, src in enumerate(sources) if src not in held_out][:MLQE_LIMIT[split]]


SETS = (["ced-pt-en", "ced-en-de", "ntrex-fa-en", "ntrex-ar-en", "ced21-en-de-dev"]
        + [f"mlqe-{p}-{split}" for split in ("dev", "train", "test20") for p in MLQE_PAIRS])


def embed_chunk(pairs, langs, pretokenised: bool, model) -> list[dict]:
    from tqcheck.wordalign import split_words, word_vectors, words_of_tokens

    def words(text, lang):
        return words_of_tokens(text, model) if pretokenised else split_words(text, lang, model)

    texts = [t for pair in pairs for t in pair]
    states = model.token_states(texts, layers=LAYERS)
    out = []
    for k, (src, tgt) in enumerate(pairs):
        sw, tw = words(src, langs[0]), words(tgt, langs[1])
        xs, ys = states[2 * k], states[2 * k + 1]
        sims = {layer: (word_vectors(xs, layer, sw) @ word_vectors(ys, layer, tw).T).astype(np.float16)
                for layer in LAYERS}
        a = xs.states[12][xs.tokens.n_prefix:].mean(axis=0)
        b = ys.states[12][ys.tokens.n_prefix:].mean(axis=0)
        cos = float(a @ b / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-6))
        out.append({"src": src, "tgt": tgt, "src_words": sw, "tgt_words": tw, "sims": sims, "cos": cos})
    return out


def read_set(name: str, cache: Path, partial: bool = False) -> list[dict] | None:
    """All cached rows of a set, or None while a chunk is missing (``partial``: the cached chunks from the start)."""
    pairs, _, _ = load_set(name)
    rows = []
    for start in range(0, len(pairs), CHUNK):
        path = cache / name / f"{start:05d}.pkl"
        if not path.exists():
            return rows if partial and rows else None
        rows.extend(pickle.loads(path.read_bytes()))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="+", choices=SETS + ["all"])
    ap.add_argument("--minutes", type=float, default=9.0)
    ap.add_argument("--cache", type=Path, default=Path("/work/cache/tokens/wordsims"))
    args = ap.parse_args()
    from tqcheck.tokenstates import TokenModel

    model, started = TokenModel(), time.monotonic()
    for name in SETS if "all" in args.sets else args.sets:
        pairs, langs, pretok = load_set(name)
        (args.cache / name).mkdir(parents=True, exist_ok=True)
        for start in range(0, len(pairs), CHUNK):
            path = args.cache / name / f"{start:05d}.pkl"
            if path.exists():
                continue
            if time.monotonic() - started > args.minutes * 60:
                sys.exit(f"time is up; stopped before {name} {start}: run again to resume")
            rows = embed_chunk(pairs[start:start + CHUNK], langs, pretok, model)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(rows))
            tmp.rename(path)
            print(f"{name} {start}: {time.monotonic() - started:.0f}s", file=sys.stderr)
    print("all chunks cached", file=sys.stderr)


if __name__ == "__main__":
    main()
