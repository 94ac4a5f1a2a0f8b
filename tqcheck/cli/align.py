"""``tqcheck align`` (print a sentence alignment) and ``tqcheck eval-align`` (score one against a gold standard)."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..render import ALIGNMENT_FORMATS, ALIGNMENT_SCORE_FORMATS
from .common import TtyProgress, check_output_path, document_text, handle_errors, input_limits, write_output
from .options import force_option, format_option, limit_option, model_option, output_option, quiet_option


def _document(text: str, path: str, lang: str | None, side: str, presplit: bool):
    """One side as a Document (``--presplit``: one sentence per line, as given, in one paragraph)."""
    if presplit:
        from ..metrics import line_document

        return line_document(text, lang or "-", path, paragraph_per_line=False)
    from ..pipeline import identify, make_document

    code, detected = identify(text, lang, side)
    return make_document(text, code, path, detected)


@click.command("align")
@click.argument("source", type=str)
@click.argument("target", type=str)
@click.option("--presplit", is_flag=True, help="One sentence per line, as given (no resegmentation).")
@click.option("--max-group", type=click.IntRange(1, 6), default=5, show_default=True,
              help="Largest group: 1-k and k-1 up to it, and 2-2, 2-3, 3-2 within it.")
@click.option("--omission-sensitivity", type=click.FloatRange(0, 10), default=1.0,
              show_default=True, help="Charge group members that do not match the other side, so they stay "
                                      "unaligned (check uses 2; 0 lets a group absorb a sentence with no counterpart).")
@format_option(ALIGNMENT_FORMATS, default="beads",
               help="beads: [0]:[0, 1]:0.973 lines (ids, similarity); tsv: the aligned texts; json.")
@click.option("--source-lang", help="Source language code for sentence splitting (default: detected).")
@click.option("--target-lang", help="Target language code for sentence splitting (default: detected).")
@model_option()
@output_option("Write the alignment to FILE.")
@force_option()
@quiet_option()
@limit_option()
@handle_errors
def align_command(source: str, target: str, presplit: bool, max_group: int, omission_sensitivity: float, fmt: str,
                  source_lang: str | None, target_lang: str | None, model: str, output: str | None,
                  force: bool, quiet: bool = False, limits: tuple[str, ...] = ()) -> None:
    """Align the sentences of SOURCE and TARGET (any two languages) and print the alignment.

    Ids are 0-based sentence numbers (line numbers with --presplit); the score is the
    calibrated similarity (0-1; 0 for an unaligned sentence). Files are read as check reads documents (text,
    HTML, Markdown, DOCX); either may be '-' (plain text).
    """
    from ..align import AlignParams, align_documents
    from ..embed import CachingEmbedder, load_embedder
    from ..render import render_alignment
    from ..render.alignment import AlignmentResult
    from ..score import bead_base, calibrate

    if source == "-" and target == "-":
        raise click.UsageError("only one of SOURCE and TARGET can be '-'")
    if output:
        check_output_path(output, [source, target], force)
    from ..limits import FittedEncoder, check_sentences, check_text

    bounds = input_limits(limits, (source, target))
    texts = {}
    for path in (source, target):
        texts[path] = document_text(path, "align")
        check_text(texts[path], path, bounds)
    src_doc = _document(texts[source], source, source_lang, "source", presplit)
    tgt_doc = _document(texts[target], target, target_lang, "target", presplit)
    check_sentences(len(src_doc.sentences), source, bounds)
    check_sentences(len(tgt_doc.sentences), target, bounds)
    progress = TtyProgress(quiet)
    cache = FittedEncoder(CachingEmbedder(load_embedder(model)))  # over-long sentences: what the model reads
    aligned = align_documents(src_doc, tgt_doc, cache.encode, AlignParams(max_group=max_group,
                              omission_sensitivity=omission_sensitivity), progress=progress)
    progress.done()
    sims = tuple(0.0 if b.cosine is None else calibrate(b.cosine, bead_base(aligned.base_x, aligned.base_y, b.src,
                                                                              b.tgt)) for b in aligned.beads)
    meta = {"source": source, "target": target, "source_lang": src_doc.lang, "target_lang": tgt_doc.lang,
            "model": cache.name, "max_group": max_group, "omission_sensitivity": omission_sensitivity}
    content = render_alignment(AlignmentResult(src_doc, tgt_doc, aligned.beads, sims, meta), fmt)
    if fmt != "json":
        from ..render.safe import neutralise

        content = neutralise(content)
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


@click.command("eval-align")
@click.argument("paths", nargs=-1, required=True)
@click.option("--verses", nargs=2, metavar="SRC_VERSES TGT_VERSES",
              help="Files with a verse id per sentence: merge system beads inside one verse before scoring.")
@format_option(ALIGNMENT_SCORE_FORMATS)
@handle_errors
def eval_align(paths: tuple[str, ...], verses: tuple[str, str] | None, fmt: str) -> None:
    """Score SYSTEM beads against GOLD beads: strict and lax P/R/F1, micro-averaged.

    PATHS are SYSTEM GOLD [SYSTEM GOLD ...] bead files ([0]:[0, 1] per line), or two
    folders with one file per document, paired by name. 1-0 and 0-1 precision and
    recall are printed too.
    """
    from ..evalalign import merge_by_verse, null_scores, read_beads, score_documents
    from ..render import renderer
    from ..render.alignment import AlignmentScores
    from ..readers.plain import read_text

    docs = [(read_beads(s), read_beads(g)) for s, g in _pairs(paths)]
    if verses:
        src_v, tgt_v = (read_text(v).split() for v in verses)
        try:
            docs = [(merge_by_verse(s, src_v, tgt_v), g) for s, g in docs]
        except IndexError:
            raise InputError("a bead refers to a sentence beyond the end of the --verses files") from None
    result = AlignmentScores(len(docs), score_documents(docs), null_scores(docs))
    click.echo(renderer(ALIGNMENT_SCORE_FORMATS, fmt)(result), nl=False)
