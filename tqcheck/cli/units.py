"""``tqcheck check`` on pre-aligned units (XLIFF, PO, TMX, TSV, CSV, JSONL, subtitles, --aligned).

``--format tsv`` streams: units are read, checked and written chunk by chunk (memory bounded, progress on a
terminal, output as it goes); with ``--output`` the file appears complete at the end (written beside it, then
renamed). Embeddings go through the disk cache, so an interrupted run resumes where it stopped.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from itertools import chain, islice
from pathlib import Path
from typing import Any, Iterator

import click

from ..types import Unit
from .common import (EXIT_FAILED, EXIT_OK, TtyProgress, check_output_path, settings_for_check, terminal_options,
                     terminal_safe, write_output)


def _estimate(source: str, translation: str | None, kind: str) -> int:
    """Units to expect, for the progress bar (line-based formats only; 0 = unknown)."""
    if kind not in ("tsv", "jsonl", "lines") or source == "-":  # standard input: read once, by the reader
        return 0
    with open(source, "rb") as fh:
        return sum(1 for _ in fh)


def check_units_command(source: str, translation: str | None, kind: str, units: Iterator[Unit], *,
                        config_file: str | None, fmt: str, output: str | None, html: str | None, force: bool,
                        show_all: bool, verbose: bool, embedder_for: Any, run_on: Any = None,
                        cache_dir: str | None = None, glossary_file: str | None = None, ref_files: Any = (),
                        metric_settings: Any = (None, False), accepted: frozenset[str] = frozenset(),
                        baseline_file: str | None = None, **values: Any) -> None:
    """Read, check, render and exit for pre-aligned input (the options as ``tqcheck check`` took them;
    ``embedder_for(model)`` gives the embedder, disk-cached unless --no-cache; ``run_on()`` opens the engine
    whose workers check the chunks, each with the cache folder ``cache_dir``, when --engine/--jobs ask for one)."""
    from ..flags.placeholders import plain_text
    from ..readers import declared_source_language, declared_target_language

    protected = [p for p in (source, translation, *(path for _, path in ref_files)) if p and p != "-"]
    for path in (html, output):
        if path:
            check_output_path(path, protected, force)
    started = time.perf_counter()
    head = list(islice(units, 200))
    sample = "\n".join(plain_text(u.source)[0] for u in head)
    config, policy = settings_for_check(config_file, sample, declared_target_language(source, kind) or "en",
                                        declared_source_language(source, kind), **values)
    units = chain(head, units)
    progress = TtyProgress()
    total = _estimate(source, translation, kind)
    if fmt == "tsv" and html:
        raise click.UsageError("--html needs the whole report: use it without --format tsv")
    terms = _Glossary(glossary_file)
    if run_on is not None:
        report = _on_engine(source, kind, units, config, progress, total, output, fmt, run_on, cache_dir, terms)
    elif fmt == "tsv":
        report = _stream_tsv(source, kind, units, config, embedder_for(config.model), progress, total, output,
                             terms=terms)
    else:
        from ..pipeline import check_units

        report = terms(check_units(units, config, embedder=embedder_for(config.model), progress=progress,
                                   total=total))
    progress.done()
    hidden = 0
    if fmt != "tsv":
        report = _with_references(report, ref_files, metric_settings)
        if accepted:
            from ..baseline import without_accepted

            report, hidden = without_accepted(report, accepted)
    if hidden:
        click.echo(f"tqcheck: {hidden} finding(s) accepted in {baseline_file} not shown", err=True)
    _finish(report, policy, fmt, output, html, force, protected, {"show_all": show_all, "verbose": verbose}, started)


def _with_references(report: Any, ref_files: Any, metric_settings: Any) -> Any:
    """The report with sacrebleu metrics per unit and over the file, when the units have references (a reference
    column, or ``--ref`` files with one line per unit)."""
    from dataclasses import replace

    from ..units import unit_reference_metrics, unit_references
    from .references import metric_options

    references = unit_references(report, ref_files)
    if not references:
        return report
    options = metric_options(*metric_settings, report.target_lang_expected)
    return replace(report, metrics=unit_reference_metrics(report, references, options))


class _Glossary:
    """``--glossary FILE`` applied to a unit report (read on the first report: its languages pick the TBX terms);
    the report unchanged without a file."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.glossary = None

    def __call__(self, report: Any) -> Any:
        if not self.path:
            return report
        from ..glossary import check_glossary, read_glossary

        if self.glossary is None:
            self.glossary = read_glossary(self.path, report.source.lang, report.target_lang_expected)
        return check_glossary(report, self.glossary)


def _on_engine(source: str, kind: str, units: Iterator[Unit], config: Any, progress: Any, total: int,
               output: str | None, fmt: str, run_on: Any, cache_dir: str | None, terms: Any) -> Any:
    """The chunks checked on an engine's workers, streamed (TSV) or merged (every other format) in input order."""
    from functools import partial

    from ..engines.units import engine_unit_reports
    from ..engines.worker import warm_worker
    from ..errors import InputError
    from ..units import merge_reports

    with run_on(warm_up=partial(warm_worker, config.model)) as engine:
        reports = engine_unit_reports(units, config, engine, cache_dir=cache_dir, progress=progress, total=total)
        if fmt == "tsv":
            return _stream_tsv(source, kind, units, config, None, progress, total, output, reports=reports,
                               terms=terms)
        chunks = list(reports)
    if not chunks:
        raise InputError("no translation units to check")
    return terms(merge_reports(chunks))


def _stream_tsv(source: str, kind: str, units: Iterator[Unit], config: Any, embedder: Any, progress: Any,
                total: int, output: str | None, reports: Iterator[Any] | None = None, terms: Any = None) -> Any:
    """Write TSV rows chunk by chunk (of ``reports``, else checked here); returns a summary for the verdict."""
    from ..pipeline import iter_unit_reports
    from ..render.tsv import tsv_header, tsv_rows
    from ..units import UnitSummary

    summary = UnitSummary()
    target = Path(output) if output else None
    fh, tmp = (sys.stdout, None) if target is None else _temp_beside(target)
    try:
        fh.write(tsv_header(source, kind))
        if reports is None:
            reports = iter_unit_reports(units, config, embedder=embedder, progress=progress, total=total)
        for report in reports:
            report = terms(report) if terms else report
            fh.write(tsv_rows(report))
            fh.flush()
            summary.add(report)
        if tmp:
            fh.close()
            os.replace(tmp, target)
            tmp = None
    finally:
        if tmp:
            fh.close()
            os.unlink(tmp)
    return summary


def _temp_beside(target: Path) -> tuple[Any, str]:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return os.fdopen(fd, "w", encoding="utf-8", newline="\n"), tmp


def _finish(report: Any, policy: Any, fmt: str, output: str | None, html: str | None, force: bool,
            protected: list[str], text_options: dict[str, bool], started: float) -> None:
    from ..verdict import judge
    from ..render import render

    result, reasons = judge(report, policy)
    if fmt != "tsv":
        options: dict[str, Any] = {"result": result, "failure_reasons": reasons}
        if fmt == "text":
            options.update(text_options, **terminal_options(output))
        content = terminal_safe(fmt, output)(render(report, fmt, **options))  # as for documents
        if html:
            page = render(report, "html", result=result, failure_reasons=reasons,
                          elapsed=time.perf_counter() - started)
            write_output(html, page, protected, force)
        if output:
            write_output(output, content, protected, force)
        else:
            click.echo(content, nl=False)
    from ..ignores import ignored_summary

    if report.ignored:
        click.echo(f"tqcheck: {ignored_summary(report.ignored)} (not counted in the verdict)", err=True)
    for reason in reasons:
        click.echo(f"tqcheck: fail: {reason}", err=True)
    sys.exit(EXIT_FAILED if result == "fail" else EXIT_OK)
