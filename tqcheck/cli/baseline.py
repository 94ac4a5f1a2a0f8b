"""``tqcheck baseline``: write the findings of today as accepted, so ``--baseline FILE`` shows only new ones."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import click

from ..readers import FORMATS as INPUT_FORMATS
from .common import (command_line_settings, disk_cached_embedder, handle_errors, input_limits, settings_for_check,
                     write_output)
from .options import (check_settings_options, force_option, glossary_option, language_options, limit_option,
                      output_option)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="SOURCE TRANSLATION | UNIT_FILE | DIR_OR_MANIFEST")
@click.option("--input-format", type=click.Choice(["auto", *INPUT_FORMATS]), default="auto", show_default=True,
              help="Format of the input files, as check takes it (a TSV/CSV/JSONL of sentence pairs needs it: "
                   "alone, such a file is read as a batch manifest).")
@click.option("--aligned", is_flag=True, help="SOURCE and TRANSLATION are line-aligned, as check --aligned.")
@language_options()
@check_settings_options()
@glossary_option
@output_option("Write the baseline to FILE (default: standard output).")
@force_option("Replace an existing --output file.")
@limit_option("as check and batch apply them")
@handle_errors
def baseline(paths: tuple[str, ...], source_lang: str | None, target_lang: str, model: str, ignore: str | None,
             settings: tuple[str, ...], config_file: str | None, output: str | None, force: bool,
             glossary_file: str | None = None, input_format: str = "auto", aligned: bool = False,
             limits: tuple[str, ...] = ()) -> None:
    """Record every current finding as accepted (one pair, an XLIFF/PO/TMX file, or every pair of a directory or
    manifest).

    Later runs with --baseline FILE hide exactly these findings; a finding whose segment text changes shows again.
    """
    from ..baseline import render_baseline

    if len(paths) not in (1, 2):
        raise click.UsageError("give SOURCE TRANSLATION, or one UNIT_FILE or DIR_OR_MANIFEST")
    if output:
        from .common import check_output_path
        check_output_path(output, list(paths), force)
    bounds = input_limits(limits, paths)
    values = dict(source_lang=source_lang, target_lang=target_lang, model=model, ignore=ignore, settings=settings)
    given = None if input_format == "auto" else input_format
    if aligned and len(paths) != 2:
        raise click.UsageError("--aligned needs SOURCE and TRANSLATION")
    reports = _pair_reports(paths, config_file, values, bounds, given, aligned) if len(paths) == 2 else \
        _unit_reports(paths[0], config_file, values, given) or _batch_reports(paths[0], config_file, values, bounds)
    if glossary_file:  # as check and batch apply it: after the check, with each report's languages
        from ..glossary import check_glossary, read_glossary

        reports = [check_glossary(r, read_glossary(glossary_file, r.source.lang, r.target_lang_expected))
                   for r in reports]
    content = render_baseline(reports)
    if output:
        write_output(output, content, list(paths), force)
    else:
        click.echo(content, nl=False)


def _unit_reports(path: str, config_file: str | None, values: dict, given: str | None = None) -> list | None:
    """The report of a bilingual file (XLIFF, PO, TMX; a TSV, CSV or JSONL of pairs with ``--input-format``), or
    None for a folder or manifest (a one-file TSV, CSV or JSONL without ``--input-format`` is a batch manifest)."""
    import os

    from ..flags.placeholders import plain_text
    from ..pipeline import check_units, read_pair_units
    from ..readers import declared_source_language, declared_target_language, resolve_format

    kind = None if os.path.isdir(path) or not os.path.exists(path) else resolve_format(path, given)
    if kind not in ("xliff", "po", "tmx") and not given:
        return None
    _, units = read_pair_units(path, None, given, source_lang=values.get("source_lang"),
                               target_lang=values.get("target_lang"))
    units = list(units)
    config, _ = settings_for_check(config_file, "\n".join(plain_text(u.source)[0] for u in units[:200]),
                                   declared_target_language(path, kind) or "en", declared_source_language(path, kind),
                                   **values)
    return [check_units(units, config, embedder=disk_cached_embedder(config.model, False))]


def _pair_reports(paths: tuple[str, ...], config_file: str | None, values: dict, bounds: Any,
                  given: str | None = None, aligned: bool = False) -> list:
    """The report of two files, read as ``tqcheck check`` reads them (HTML, Markdown, DOCX and subtitles by their
    format, not as plain text), so that the fingerprints match what ``check --baseline`` compares."""
    from ..flags.placeholders import plain_text
    from ..pipeline import check_documents, check_units, read_pair_units
    from ..readers import read_document

    kind, units = read_pair_units(paths[0], paths[1], given, aligned, source_lang=values.get("source_lang"),
                                  target_lang=values.get("target_lang"))
    if units is not None:  # subtitles, line-aligned files: units paired as check pairs them
        units = list(units)
        config, _ = settings_for_check(config_file, "\n".join(plain_text(u.source)[0] for u in units[:200]),
                                       **values)
        return [check_units(units, config, embedder=disk_cached_embedder(config.model, False))]
    config, _ = settings_for_check(config_file, read_document(paths[0], kind).text, **values)
    return [check_documents(paths[0], paths[1], replace(config, limits=bounds), input_format=given,
                            embedder=disk_cached_embedder(config.model, False))]


def _batch_reports(path: str, config_file: str | None, values: dict, bounds: Any) -> list:
    from ..batch import discover, run_batch
    from ..configfile import load_config
    from ..engines.worker import WORKER_CACHE
    from ..errors import InputError

    cli_settings = command_line_settings(click.get_current_context(), **values)
    file_config = load_config(config_file)
    pairs = discover(path, cli_settings.over(file_config.base).target_lang or "en")
    if not pairs:
        raise InputError(f"{path}: no document pairs found (expected NAME.LANG.txt files or manifest rows)")
    result = run_batch(pairs, file_config, cli_settings, cache_dir=WORKER_CACHE, limits=bounds)
    broken = [r for r in result.results if r.report is None]
    for r in broken:
        click.echo(f"tqcheck: {r.pair.id}: {r.error} (not in the baseline)", err=True)
    if len(broken) == len(result.results):  # an empty baseline would accept nothing, silently
        raise InputError(f"{path}: no pair could be checked, no baseline written (a TSV/CSV/JSONL of sentence pairs "
                         "needs --input-format)")
    return [r.report for r in result.results if r.report is not None]
