"""``tqcheck batch``: many document pairs in one CI step, with JUnit, SARIF, JSON and GitHub outputs."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from ..configfile import load_config
from ..errors import InputError, OutputError
from ..render import BATCH_FORMATS
from ..render.safe import neutralise
from .common import (EXIT_ERROR, EXIT_FAILED, EXIT_OK, command_line_settings, handle_errors, input_limits,
                     read_accepted, write_output)
from .options import (baseline_option, check_settings_options, engine_options, force_option, format_option,
                      glossary_option, language_options, limit_option, output_option, policy_options)
from .outputs import check_output_folder, check_outputs

EXIT_CODES = {"pass": EXIT_OK, "fail": EXIT_FAILED, "error": EXIT_ERROR}


class BatchProgress:
    """Per-pair progress on stderr: one rewritten line on a terminal, one line per pair otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int, result: Any) -> None:
        if self.quiet and result.status != "error":
            return
        score = f" {result.report.scores.document:.1f}" if result.report else ""
        detail = f": {result.error}" if result.error else ""
        line = neutralise(f"[{done}/{total}] {result.pair.id}: {result.status}{score}{detail}")
        if self.tty and result.status != "error" and not self.quiet:
            width = 30
            bar = "#" * (width * done // total)
            click.echo(f"\r\x1b[K[{bar:<{width}}] {_fit(line, 70)}", nl=done == total, err=True, color=True)
        else:
            click.echo(("\r\x1b[K" if self.tty else "") + f"tqcheck: {line}", err=True, color=self.tty)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _safe_name(pair_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", pair_id.replace("/", "__")).strip("._") or "pair"


def artifact_names(pair_ids: list[str], suffix: str = ".html", reserved: tuple[str, ...] = ("index.html",)
                   ) -> list[str]:
    """One file name per pair, unique (also ignoring case) and never a ``reserved`` name: a collision gets ``-2``,
    ``-3`` ... in discovery order, so no report overwrites another.

    >>> artifact_names(["a/b", "a__b", "A__B", "index", "c"])
    ['a__b.html', 'a__b-2.html', 'A__B-3.html', 'index-2.html', 'c.html']
    """
    taken = {name.lower() for name in reserved}
    names = []
    for pair_id in pair_ids:
        stem = _safe_name(pair_id)
        name, n = f"{stem}{suffix}", 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}{suffix}"
        taken.add(name.lower())
        names.append(name)
    return names


def _write_html(batch: Any, html_dir: str, protected: list[str]) -> None:
    """A report page per checked pair and ``index.html`` linking them all (the folder was checked up front)."""
    from ..render import render
    from ..render.html_index import render_index

    folder = Path(html_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{html_dir}: cannot create the folder ({exc.strerror or exc})") from None
    pages: dict[str, str] = {}
    for result, name in zip(batch.results, artifact_names([r.pair.id for r in batch.results])):
        if result.report is not None:
            page = render(result.report, "html", result=result.status, failure_reasons=list(result.reasons))
            write_output(str(folder / name), page, protected, True)
            pages[result.pair.id] = name
    write_output(str(folder / "index.html"), render_index(batch, pages), protected, True)


def _emit(batch: Any, fmt: str, output: str | None, github: bool, protected: list[str], force: bool) -> None:
    """Annotations, then the summary; annotations go to stderr when stdout carries a machine-read summary."""
    from ..render import render_batch

    if github and fmt != "github":
        click.echo(neutralise(render_batch(batch, "github")), nl=False, err=fmt != "text" and not output)
    summary = render_batch(batch, fmt)
    if fmt in ("text", "github"):
        summary = neutralise(summary)
    if output:
        write_output(output, summary, protected, force)
    else:
        click.echo(summary, nl=False)


@click.command()
@click.argument("path", metavar="DIR_OR_MANIFEST")
@engine_options("Check N pairs at a time in worker processes [default: 'jobs' in the config file, else 1; "
                "--engine dask: one worker per core].")
@language_options("Source language for pairs that do not name one (default: detected).",
                  "Language of the translations (also the NAME.LANG.txt of translations in a directory).")
@check_settings_options("Change a threshold (repeatable).")
@click.option("--junit", type=click.Path(dir_okay=False), help="Write JUnit XML (one testcase per pair) to FILE.")
@click.option("--sarif", type=click.Path(dir_okay=False), help="Write SARIF 2.1.0 (one result per flag) to FILE.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False), help="Write the JSON summary to FILE.")
@click.option("--html-dir", type=click.Path(file_okay=False),
              help="Write an HTML report per pair into DIR, and index.html linking them.")
@click.option("--github/--no-github", default=None,
              help="Print GitHub Actions annotations [default: on when GITHUB_ACTIONS=true].")
@click.option("--allow-outside", is_flag=True,
              help="Read files outside the directory or the manifest's folder (refused by default, links too).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the on-disk embedding cache.")
@click.option("--quiet", "-q", is_flag=True, help="No per-pair progress lines (pairs with errors still show).")
@format_option(BATCH_FORMATS, help="What to print: text or json (a summary of every pair), sarif, junit, github "
                                   "(Actions annotations) or gitlab (Code Quality).")
@output_option("Write the summary to FILE, not stdout.")
@force_option("Replace existing output files (input files never).")
@policy_options("A pair fails")
@baseline_option
@glossary_option
@limit_option()
@handle_errors
def batch(path: str, jobs: int | None, engine: str, scheduler: str | None, source_lang: str | None,
          target_lang: str, model: str, ignore: str | None,
          settings: tuple[str, ...], config_file: str | None, junit: str | None, sarif: str | None,
          json_file: str | None, html_dir: str | None, github: bool | None, allow_outside: bool, no_cache: bool,
          quiet: bool, fmt: str, output: str | None, force: bool, fail_under: float | None, fail_on: str,
          baseline_file: str | None = None, glossary_file: str | None = None, limits: tuple[str, ...] = ()) -> None:
    """Check every document pair of a directory or manifest; print a summary and exit 0, 1 or 2.

    A directory pairs NAME.fa.txt with NAME.en.txt (any source language; also .html, .md, .docx, .srt/.vtt;
    NAME.en.ref.txt is an optional reference) and checks each XLIFF, PO or TMX file on its own. A manifest is a
    .csv/.tsv with a header or a .jsonl file with the fields source, target and optionally reference,
    source_lang, target_lang, id (a bilingual file as source, no target). Exit codes: 0 every pair passed; 1 a pair failed or
    could not be checked; 2 nothing could be checked, or a usage or config error.
    """
    from ..batch import discover, run_batch
    from ..engines import open_engine
    from functools import partial

    from ..config import DEFAULT_MODEL
    from ..engines.worker import WORKER_CACHE, warm_worker
    bounds = input_limits(limits)

    ctx = click.get_current_context()
    cli_settings = command_line_settings(ctx, jobs=jobs, source_lang=source_lang, target_lang=target_lang,
                                         model=model, ignore=ignore, settings=settings, fail_under=fail_under,
                                         fail_on=fail_on)
    file_config = load_config(config_file)
    merged = cli_settings.over(file_config.base)
    pairs = discover(path, merged.target_lang or "en", allow_outside)
    if not pairs:
        raise InputError(f"{path}: no document pairs found (expected NAME.LANG.txt files or manifest rows)")
    protected = [path] + [p for pair in pairs for p in (pair.source, pair.target, pair.reference) if p]
    check_outputs([output, junit, sarif, json_file], protected, force)
    if html_dir:
        names = artifact_names([p.id for p in pairs]) + ["index.html"]
        check_output_folder(html_dir, names, protected, force)
    accepted = read_accepted(baseline_file)
    shown = BatchProgress(quiet)

    def progress(done: int, total: int, one: Any) -> None:  # the verdict after the glossary and the baseline
        from ..baseline import judge_without_accepted
        shown(done, total, judge_without_accepted(one, accepted, file_config, cli_settings, glossary_file)[0])

    cache_dir = None if no_cache else WORKER_CACHE
    workers = merged.jobs or (os.cpu_count() or 1 if engine == "dask" else 1)
    warm_up = partial(warm_worker, merged.model or DEFAULT_MODEL)  # a language section may name another: a hint
    with open_engine(engine, jobs=min(workers, len(pairs)), scheduler=scheduler, warm_up=warm_up) as runner:
        result = run_batch(pairs, file_config, cli_settings, cache_dir=cache_dir, on_result=progress, engine=runner,
                           limits=bounds)
    from ..baseline import apply_baseline

    result, hidden = apply_baseline(result, accepted, file_config, cli_settings, glossary_file)
    if hidden:
        click.echo(f"tqcheck: {hidden} finding(s) accepted in {baseline_file} not shown", err=True)
    from ..render import render_batch

    for target, fmt_name in ((junit, "junit"), (sarif, "sarif"), (json_file, "json")):
        if target:
            write_output(target, render_batch(result, fmt_name), protected, force)
    if html_dir:
        _write_html(result, html_dir, protected)
    github = github if github is not None else os.environ.get("GITHUB_ACTIONS") == "true"
    _emit(result, fmt, output, github, protected, force)
    sys.exit(EXIT_CODES[result.status])
