"""``tqcheck check``: one document pair."""
from __future__ import annotations

import os
import sys
import time

import click

from ..render import REPORT_FORMATS
from .common import (EXIT_FAILED, EXIT_OK, TtyProgress, check_output_path, disk_cached_embedder, handle_errors,
                     read_accepted, settings_for_check, terminal_options, write_output)
from .options import (baseline_option, check_settings_options, force_option, format_option, glossary_option,
                      html_option, language_options, output_option, policy_options, reference_options)
from .references import metric_options, read_references


@click.command()
@click.argument("source", type=str)
@click.argument("translation", type=str)
@language_options()
@check_settings_options()
@click.option("--all", "show_all", is_flag=True, help="Text format: also list every segment, not only the findings.")
@click.option("--verbose", "-v", is_flag=True, help="Text format: languages, model and coverage in the header.")
@click.option("--no-cache", is_flag=True,
              help="Do not read or write the on-disk embedding cache (default: re-checks embed only changed text).")
@baseline_option
@glossary_option
@click.option("--word-level", is_flag=True,
              help="Also align the words of every segment and tag each word OK/BAD (JSON: segments[].words).")
@reference_options
@format_option(REPORT_FORMATS, exclude=("html",),
               help="Report format: text (terminal), json, sarif (SARIF 2.1.0), junit (JUnit XML), github (Actions "
                    "annotations) or gitlab (GitLab Code Quality).")
@output_option("Write the report to FILE.")
@html_option("Also write a self-contained HTML report (side by side, highlighted) to FILE.")
@force_option("Replace an existing --output/--html file (input files never).")
@policy_options()
@handle_errors
def check(source: str, translation: str, source_lang: str | None, target_lang: str, model: str,
          ignore: str | None, settings: tuple[str, ...], show_all: bool, verbose: bool, no_cache: bool, fmt: str,
          output: str | None,
          html: str | None, force: bool,
          fail_under: float | None, fail_on: str, config_file: str | None = None, references: tuple[str, ...] = (),
          tokenize: str | None = None, lowercase: bool = False, baseline_file: str | None = None,
          glossary_file: str | None = None, word_level: bool = False) -> None:
    """Align TRANSLATION with SOURCE, score every segment and flag problems.

    Either file may be '-' for standard input. Exit codes: 0 passed, 1 failed
    (--fail-under or --fail-on), 2 usage or input error.
    """
    from ..io import read_text
    from ..pipeline import check as run_check
    from ..baseline import without_accepted
    from ..render import render

    if source == "-" and translation == "-":
        raise click.UsageError("only one of SOURCE and TRANSLATION can be '-'")
    if html and output and os.path.abspath(html) == os.path.abspath(output):
        raise click.UsageError("--html and --output must be different files")
    for path in (html, output):
        if path:
            check_output_path(path, [source, translation, *references], force)
    accepted = read_accepted(baseline_file)
    started = time.perf_counter()
    source_text, target_text = read_text(source), read_text(translation)
    reference_texts = read_references(references, (source, translation))
    from ..verdict import judge

    config, policy = settings_for_check(config_file, source_text, source_lang=source_lang, target_lang=target_lang,
                                        model=model, ignore=ignore, settings=settings, fail_under=fail_under,
                                        fail_on=fail_on)
    if word_level:
        from dataclasses import replace
        config = replace(config, word_level=True)
    progress = TtyProgress()
    report = run_check(source_text, target_text, config, source_path=source, target_path=translation,
                       embedder=disk_cached_embedder(config.model, no_cache), progress=progress,
                       references=reference_texts,
                       metric_options=metric_options(tokenize, lowercase, config.target_lang))
    progress.done()
    if glossary_file:
        from ..glossary import check_glossary, read_glossary
        report = check_glossary(report, read_glossary(glossary_file, report.source.lang, report.target_lang_expected))
    report, hidden = without_accepted(report, accepted)
    result, reasons = judge(report, policy)
    options = {"result": result, "failure_reasons": reasons}
    if fmt == "text":
        options.update(show_all=show_all, verbose=verbose, **terminal_options(output))
    content = render(report, fmt, **options)
    if html:
        page = render(report, "html", result=result, failure_reasons=reasons,
                      elapsed=time.perf_counter() - started)
        write_output(html, page, [source, translation, *references], force)
    if output:
        write_output(output, content, [source, translation, *references], force)
    else:
        click.echo(content, nl=False)
    if hidden:
        click.echo(f"tqcheck: {hidden} finding(s) accepted in {baseline_file} not shown", err=True)
    for reason in reasons:
        click.echo(f"tqcheck: fail: {reason}", err=True)
    sys.exit(EXIT_FAILED if result == "fail" else EXIT_OK)
