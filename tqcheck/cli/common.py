"""Pieces shared by the commands: settings from options, exit codes, safe writing, progress, errors."""
from __future__ import annotations

import functools
import os
import sys
from typing import Any, Callable

import click
from click.core import ParameterSource

from ..assignments import parse_assignments
from ..config import Thresholds, check_threshold
from ..configfile import Settings, load_config, needs_language, resolve
from ..errors import ConfigError, TqcheckError
from .outputs import check_output_path, check_outputs, write_output  # noqa: F401  (the commands import them here)

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def _flag_ids() -> list[str]:
    from ..ignores import known_flag_ids  # detectors and glossary ids: everything `tqcheck rules` lists
    return known_flag_ids()


def parse_ignore(value: str | None) -> frozenset[str]:
    """``fragment,length-ratio`` -> a validated set of flag ids."""
    if not value:
        return frozenset()
    ids = frozenset(v.strip() for v in value.split(",") if v.strip())
    unknown = ids - set(_flag_ids())
    if unknown:
        raise ConfigError(f"--ignore: unknown flag id(s) {', '.join(sorted(unknown))}; known: "
                          f"{', '.join(_flag_ids())}")
    return ids


def terminal_options(output: str | None) -> dict[str, Any]:
    """Colour and width for a text report: colour only on a terminal and unless ``NO_COLOR`` is set (non-empty)."""
    if output is not None or not sys.stdout.isatty():
        return {"colour": False, "width": 100}
    import shutil

    return {"colour": not os.environ.get("NO_COLOR"), "width": min(shutil.get_terminal_size((100, 24)).columns, 160)}


def terminal_safe(fmt: str, output: str | None) -> Callable[[str], str]:
    """What a report of format ``fmt`` goes through before it is printed or written: for text and GitHub output
    the user's control and bidi characters made visible (ANSI colour kept only in a text report on a terminal);
    other formats unchanged."""
    if fmt not in ("text", "github"):
        return lambda content: content
    from ..render.safe import neutralise_terminal

    colour = fmt == "text" and terminal_options(output)["colour"]
    return lambda content: neutralise_terminal(content, keep_colour=colour)


class TtyProgress:
    """Progress on stderr: a one-line bar on a terminal; elsewhere (CI logs) a plain line every ``interval`` seconds
    (``tqcheck: STAGE DONE/TOTAL``), so a long run shows life; nothing at all with ``quiet``."""

    width = 24

    def __init__(self, quiet: bool = False, interval: float = 10.0) -> None:
        import time

        self.enabled = not quiet
        self.tty = sys.stderr.isatty()
        self.interval = interval
        self._clock = time.monotonic
        self._last = self._clock()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if self.tty:
            filled = self.width * min(done, total) // total
            click.echo(f"\r\x1b[K{stage} [{'#' * filled:<{self.width}}] {done}/{total}", nl=False, err=True, color=True)
            self.shown = True
        elif self._clock() - self._last >= self.interval:
            click.echo(f"tqcheck: {stage} {done}/{total}", err=True)
            self._last = self._clock()

    def done(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", nl=False, err=True, color=True)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a one-line message and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TqcheckError as exc:
            from ..render.safe import neutralise

            click.echo(f"tqcheck: error: {neutralise(str(exc))}", err=True)
            sys.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("tqcheck: interrupted", err=True)
            sys.exit(130)

    return wrapper


def parse_settings(values: tuple[str, ...]) -> dict[str, float]:
    """``--set low_similarity_warning=0.4`` pairs -> threshold changes (validated names and numbers)."""
    known = Thresholds.__dataclass_fields__

    def number(name: str, raw: str) -> float:
        value = float(raw)  # a whole-number threshold given 2.5 is refused by its range, not as "not a number"
        return int(value) if type(known[name].default) is int and value.is_integer() else value

    changes = parse_assignments(values, known, "--set", number)
    for name, value in changes.items():
        check_threshold(name, value, "--set")
    return changes


def command_line_settings(ctx: click.Context, **values: Any) -> Settings:
    """Settings from the options a user actually typed (defaults left unset so the config file can fill them)."""
    given: dict[str, Any] = {}
    for name, value in values.items():
        source = ctx.get_parameter_source(name)
        if source is None or source is ParameterSource.DEFAULT or value is None:
            continue
        given[name] = value
    if "ignore" in given:
        given["ignore"] = parse_ignore(given["ignore"])
    thresholds = tuple(sorted(parse_settings(given.pop("settings", ())).items()))
    return Settings(**given, thresholds=thresholds)


def settings_for_check(config_file: str | None, source_text: str, default_target_lang: str = "en",
                       default_source_lang: str | None = None, **values: Any) -> tuple[Any, Any]:
    """CheckConfig and Policy for ``tqcheck check``: typed options over the config file (and its language section)
    over ``default_target_lang`` and ``default_source_lang`` (the languages a unit file declares)."""
    cli_settings = command_line_settings(click.get_current_context(), **values)
    file_config = load_config(config_file)
    lang = cli_settings.source_lang or file_config.base.source_lang or default_source_lang
    if lang is None and needs_language(file_config):
        from ..langid import detect_language

        try:
            lang = detect_language(source_text)
        except TqcheckError:
            lang = None
    return resolve(file_config, cli_settings, lang, default_target_lang, default_source_lang)


def input_limits(changes: tuple[str, ...], paths: tuple[str | None, ...] = ()) -> Any:
    """The input limits (``tqcheck.limits.Limits``) with ``--limit``'s changes, a bad one refused (ConfigError);
    every file of ``paths`` far over them refused before it is read."""
    from ..limits import Limits, check_files

    bounds = Limits().with_changes(changes)
    check_files(paths, bounds)
    return bounds


def document_text(path: str, command: str) -> str:
    """The running text of a document as ``check`` reads it (HTML, Markdown, DOCX by their format, ``-`` as
    plain text), for commands that take documents only; files of translation units are refused in one line."""
    from ..errors import InputError
    from ..readers import is_unit_format, read_document, resolve_format

    kind = resolve_format(path)
    if is_unit_format(kind):
        raise InputError(f"{path}: {kind} holds translation units, already paired: {command} reads documents "
                         "(text, HTML, Markdown, DOCX); check the units with tqcheck check")
    return read_document(path, kind).text


def disk_cached_embedder(model: str, no_cache: bool):
    """The model behind the on-disk cache (loaded on the first text not cached), or the model alone."""
    from .. import embed

    if no_cache:
        return embed.load_embedder(model)
    from ..cache import DiskCachedEmbedder, default_cache_dir

    return DiskCachedEmbedder(model, lambda: embed.load_embedder(model), default_cache_dir())


def read_accepted(baseline_file: str | None) -> frozenset[str]:
    """The fingerprints of ``--baseline FILE`` (empty without one)."""
    if not baseline_file:
        return frozenset()
    from ..baseline import read_baseline

    return read_baseline(baseline_file)
