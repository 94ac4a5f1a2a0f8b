"""``tqcheck compare``: which of two translations of one source is better."""
from __future__ import annotations

import os

import click

from ..render import COMPARE_FORMATS
from .common import check_output_path, document_text, handle_errors, input_limits, write_output
from .options import (force_option, format_option, html_option, language_options, limit_option, model_option,
                      output_option, reference_options)
from .references import metric_options, read_references


@click.command()
@click.argument("source", type=str)
@click.argument("translation_a", type=str)
@click.argument("translation_b", type=str)
@reference_options
@language_options(target_help="Language the translations must be in.")
@model_option()
@click.option("--rows", type=click.IntRange(min=0), default=10, show_default=True,
              help="Text format: how many differing units to list (0 = all).")
@click.option("--seed", type=int, default=12345, show_default=True, help="Seed of the paired bootstrap.")
@format_option(COMPARE_FORMATS, exclude=("html",))
@output_option()
@html_option("Also write a self-contained HTML page (units side by side, largest difference first).")
@force_option("Replace an existing --output/--html file (input files never).")
@limit_option()
@handle_errors
def compare(source: str, translation_a: str, translation_b: str, references: tuple[str, ...], tokenize: str | None,
            lowercase: bool, source_lang: str | None, target_lang: str, model: str, rows: int, seed: int, fmt: str,
            output: str | None, html: str | None, force: bool, limits: tuple[str, ...] = ()) -> None:
    """Compare TRANSLATION_A and TRANSLATION_B of SOURCE: which is better, overall and per unit.

    Both are checked against the source (semantic score); with --ref, sentence chrF/BLEU per unit and
    sacrebleu's paired bootstrap resampling (1000 resamples) tell whether the difference is significant.
    Files are read as check reads documents (text, HTML, Markdown, DOCX). Exit codes: 0 compared, 2 usage or
    input error.
    """
    from ..compare import compare as run_compare
    from ..config import CheckConfig
    from ..render import render_compare

    inputs = [source, translation_a, translation_b, *references]
    if html and output and os.path.abspath(html) == os.path.abspath(output):
        raise click.UsageError("--html and --output must be different files")
    for path in (html, output):
        if path:
            check_output_path(path, inputs, force)
    bounds = input_limits(limits, tuple(inputs))  # each text is then checked against them as check checks it
    refs = read_references(references, (source, translation_a, translation_b), documents=True)
    texts = [document_text(p, "compare") for p in (source, translation_a, translation_b)]
    config = CheckConfig(model=model, source_lang=source_lang, target_lang=target_lang, limits=bounds)
    result = run_compare(*texts, config, references=refs, paths=(source, translation_a, translation_b),
                         options=metric_options(tokenize, lowercase, target_lang), seed=seed)
    content = render_compare(result, fmt, rows=rows)
    if fmt == "text":  # the user's control and bidi characters shown as <U+XXXX>, as check's report does
        from ..render.safe import neutralise

        content = neutralise(content)
    if html:
        write_output(html, render_compare(result, "html"), inputs, force)
    if output:
        write_output(output, content, inputs, force)
    else:
        click.echo(content, nl=False)
