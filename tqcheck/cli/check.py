"""``tqcheck check``: one document pair."""
from __future__ import annotations

import os
import sys
import time

import click

from ..errors import InputError
from ..readers import FORMATS as INPUT_FORMATS
from ..render import REPORT_FORMATS
from .common import (EXIT_FAILED, EXIT_OK, TtyProgress, check_outputs, command_line_settings, disk_cached_embedder,
                     handle_errors, input_limits, read_accepted, settings_for_check, terminal_options, terminal_safe,
                     write_output)
from .options import (baseline_option, check_settings_options, engine_options, force_option, format_option,
                      glossary_option, html_option, language_options, limit_option, output_option, policy_options,
                      quiet_option,
                      reference_options)
from .references import metric_options, read_references


@click.command()
@click.argument("source", type=str)
@click.argument("translation", type=str, required=False)
@click.option("--input-format", type=click.Choice(["auto", *INPUT_FORMATS]), default="auto", show_default=True,
              help="Format of the input files (default: from the file name, confirmed by the content).")
@click.option("--aligned", is_flag=True,
              help="SOURCE and TRANSLATION are line-aligned: each line is one unit, never re-split or merged.")
@language_options(target_help="Language the translation must be in (PO/XLIFF: the language the file declares, unless given here or in the config file).")
@check_settings_options()
@click.option("--all", "show_all", is_flag=True, help="Text format: also list every segment, not only the findings.")
@click.option("--verbose", "-v", is_flag=True, help="Text format: languages, model and coverage in the header.")
@click.option("--no-cache", is_flag=True,
              help="Do not read or write the on-disk embedding cache (default: re-checks embed only changed text).")
@baseline_option
@glossary_option
@click.option("--word-level", is_flag=True,
              help="Documents: also align the words of every segment and tag each word OK/BAD (JSON: "
                   "segments[].words).")
@reference_options
@engine_options("Translation units: check N chunks at a time in worker processes [default: in this process; "
                "--engine dask: one worker per core].")
@format_option(REPORT_FORMATS, exclude=("html",),
               help="Report format: text (terminal), json, sarif (SARIF 2.1.0), junit (JUnit XML), github (Actions "
                    "annotations), gitlab (GitLab Code Quality) or tsv (translation units only: each input line plus score and "
                    "flags, streamed).")
@output_option("Write the report to FILE.")
@html_option("Also write a self-contained HTML report (side by side, highlighted) to FILE.")
@force_option("Replace an existing --output/--html file (input files never).")
@policy_options()
@quiet_option()
@limit_option()
@handle_errors
def check(source: str, translation: str | None, input_format: str, aligned: bool, source_lang: str | None,
          target_lang: str, model: str, ignore: str | None, settings: tuple[str, ...], show_all: bool, verbose: bool, no_cache: bool, fmt: str,
          output: str | None,
          html: str | None, force: bool,
          fail_under: float | None, fail_on: str, config_file: str | None = None, references: tuple[str, ...] = (),
          tokenize: str | None = None, lowercase: bool = False, baseline_file: str | None = None,
          glossary_file: str | None = None, word_level: bool = False,
          jobs: int | None = None, engine: str = "local", scheduler: str | None = None, quiet: bool = False,
          limits: tuple[str, ...] = ()) -> None:
    """Align TRANSLATION with SOURCE, score every segment and flag problems.

    SOURCE alone when it holds both sides (XLIFF, PO, TMX, TSV, CSV, JSONL): its units are checked as given.
    Documents may be text, HTML, Markdown or DOCX; subtitles (SRT/VTT) pair cue by cue; --aligned takes two
    line-aligned files. Either file may be '-' for standard input (plain text, or PO/XLIFF/TMX told by its
    content; other formats with --input-format). Exit codes: 0 passed, 1 failed (--fail-under or --fail-on), 2
    usage or input error.
    """
    from ..engines.worker import WORKER_CACHE
    from ..pipeline import check_documents, read_pair_units

    _cache_language_answers(no_cache)
    from ..readers import read_document, resolve_format
    from ..baseline import without_accepted
    from ..render import render_pieces
    from .outputs import joined_pieces

    given_format = None if input_format == "auto" else input_format
    bounds = input_limits(limits)  # a bad --limit: one line, exit 2, before anything is read (translation units too)
    kind, units = read_pair_units(source, translation, given_format, aligned,
                                  *_reading_languages(config_file, source_lang, target_lang))
    if units is not None:
        from .units import check_units_command

        if word_level:  # the word tagger runs on a document's segments only: never a silent no-op
            raise click.UsageError("--word-level is for documents; translation units (XLIFF, PO, TMX, TSV, "
                                   "--aligned ...) are not tagged word by word")
        if fmt == "tsv" and (references or baseline_file):
            raise InputError(f"{'--ref' if references else '--baseline'} needs the whole report: use it without "
                             "--format tsv (the TSV stream writes each unit as it is checked)")
        check_units_command(source, translation, kind, units, config_file=config_file, source_lang=source_lang,
                            ref_files=read_references(references, (source, translation)),
                            metric_settings=(tokenize, lowercase), accepted=read_accepted(baseline_file),
                            baseline_file=baseline_file,
                            target_lang=target_lang, model=model, ignore=ignore, settings=settings,
                            fail_under=fail_under, fail_on=fail_on, fmt=fmt, output=output, html=html, force=force,
                            show_all=show_all, verbose=verbose, glossary_file=glossary_file,
                            embedder_for=lambda name: disk_cached_embedder(name, no_cache),
                            run_on=_engine_request(engine, jobs, scheduler),
                            cache_dir=None if no_cache else WORKER_CACHE)
        return
    if engine != "local" or jobs or scheduler:
        raise click.UsageError("--engine, --jobs and --scheduler are for translation units (XLIFF, PO, TMX, TSV, "
                               "JSONL, --aligned ...); for many documents use tqcheck batch")
    if translation is None:
        raise InputError(f"{source}: a {kind} document needs the translation as a second file")
    if fmt == "tsv":
        raise InputError("--format tsv is for translation units (XLIFF, PO, TMX, TSV, --aligned ...)")
    if source == "-" and translation == "-":
        raise click.UsageError("only one of SOURCE and TRANSLATION can be '-'")
    check_outputs([html, output], [source, translation, *references], force)
    accepted = read_accepted(baseline_file)
    started = time.perf_counter()
    from ..limits import check_files

    check_files((source, translation, *references), bounds)  # a huge file: refused before it is read
    source_text = read_document(source, resolve_format(source, given_format)).text
    reference_texts = read_references(references, (source, translation), documents=True)
    from ..verdict import judge

    config, policy = settings_for_check(config_file, source_text, source_lang=source_lang, target_lang=target_lang,
                                        model=model, ignore=ignore, settings=settings, fail_under=fail_under,
                                        fail_on=fail_on)
    from dataclasses import replace

    config = replace(config, limits=bounds)
    if word_level:
        config = replace(config, word_level=True)
    progress = TtyProgress(quiet)
    report = check_documents(source, translation, config, input_format=given_format,
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
    safe = terminal_safe(fmt, output)  # pieces of whole lines: each made safe on its own
    content = (safe(piece) for piece in render_pieces(report, fmt, **options))  # never one string of it all
    if html:
        page = render_pieces(report, "html", result=result, failure_reasons=reasons,
                             elapsed=time.perf_counter() - started)
        write_output(html, page, [source, translation, *references], force)
    if output:
        write_output(output, content, [source, translation, *references], force)
    else:
        for text in joined_pieces(content):
            click.echo(text, nl=False)
    if hidden:
        click.echo(f"tqcheck: {hidden} finding(s) accepted in {baseline_file} not shown", err=True)
    for reason in reasons:
        click.echo(f"tqcheck: fail: {reason}", err=True)
    sys.exit(EXIT_FAILED if result == "fail" else EXIT_OK)


def _reading_languages(config_file: str | None, source_lang: str | None, target_lang: str) -> tuple[str | None, str]:
    """The language pair a multilingual file (TMX) is read for, with the precedence the check itself follows."""
    from ..configfile import load_config

    typed = command_line_settings(click.get_current_context(), source_lang=source_lang, target_lang=target_lang)
    return load_config(config_file).reading_languages(typed)


def _engine_request(engine: str, jobs: int | None, scheduler: str | None):
    """A function opening the engine asked for, or None to check in this process as before."""
    if engine == "local" and not jobs and not scheduler:
        return None
    from functools import partial

    from ..engines import open_engine

    return partial(open_engine, engine, jobs=jobs or (os.cpu_count() or 1), scheduler=scheduler)


def _cache_language_answers(no_cache: bool) -> None:
    """langdetect's answers through the disk cache for the rest of this command (``tqcheck.langcache``)."""
    from ..cache import default_cache_dir
    from ..langcache import cached_answers

    click.get_current_context().with_resource(cached_answers(None if no_cache else default_cache_dir()))
