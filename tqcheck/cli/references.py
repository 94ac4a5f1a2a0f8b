"""Options shared by the commands that take reference translations: ``--ref``, ``--tokenize``, ``--lowercase``."""
from __future__ import annotations

from typing import Any, Callable

import click

# Same as tqcheck.metrics.TOKENIZERS (kept here so that --help does not import numpy); a test keeps them equal.
TOKENIZERS = ("13a", "none", "intl", "char", "zh", "ja-mecab", "ko-mecab")


def reference_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--ref`` (repeatable), ``--tokenize`` and ``--lowercase``, passed through to sacrebleu."""
    options = [
        click.option("--ref", "references", multiple=True, type=str, metavar="REF",
                     help="A reference translation (repeatable): adds sacrebleu BLEU, chrF2, chrF2++ and TER."),
        click.option("--tokenize", type=click.Choice(TOKENIZERS),
                     help="sacrebleu BLEU tokeniser [default: sacrebleu's, 13a; zh/ja-mecab/ko-mecab for those "
                          "target languages]."),
        click.option("--lowercase", is_flag=True, help="Case-insensitive BLEU and chrF (as sacrebleu's -lc)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def read_references(paths: tuple[str, ...], inputs: tuple[str, ...]) -> list[tuple[str, str]]:
    """(text, path) of every reference file; '-' may be used once across all inputs."""
    from ..readers.plain import read_text

    if sum(p == "-" for p in (*inputs, *paths)) > 1:
        raise click.UsageError("only one input can be '-' (standard input)")
    return [(read_text(p), p) for p in paths]


def metric_options(tokenize: str | None, lowercase: bool, target_lang: str = ""):
    """The sacrebleu settings (a ``tqcheck.metrics.MetricOptions``)."""
    from ..metrics import MetricOptions
    return MetricOptions(tokenize=tokenize, lowercase=lowercase, target_lang=target_lang)
