"""Reading the ``--ref`` files and the sacrebleu settings of the commands that take reference translations."""
from __future__ import annotations

import click


def read_references(paths: tuple[str, ...], inputs: tuple[str | None, ...],
                    documents: bool = False) -> list[tuple[str, str]]:
    """(text, path) of every reference file; '-' may be used once across all inputs. ``documents``: references
    of documents, read by their format as the documents are (HTML, Markdown, DOCX); otherwise plain lines."""
    from ..readers.plain import read_text

    if sum(p == "-" for p in (*inputs, *paths) if p) > 1:
        raise click.UsageError("only one input can be '-' (standard input)")
    if documents:
        from .common import document_text

        return [(document_text(p, "--ref"), p) for p in paths]
    return [(read_text(p), p) for p in paths]


def metric_options(tokenize: str | None, lowercase: bool, target_lang: str = ""):
    """The sacrebleu settings (a ``tqcheck.metrics.MetricOptions``)."""
    from ..metrics import MetricOptions
    return MetricOptions(tokenize=tokenize, lowercase=lowercase, target_lang=target_lang)
