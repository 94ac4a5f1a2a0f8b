"""Pieces shared by the commands: settings from options, exit codes, safe writing, progress, errors."""
from __future__ import annotations

import functools
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

import click
from click.core import ParameterSource

from ..config import Thresholds
from ..configfile import Settings, load_config, needs_language, resolve
from ..errors import ConfigError, InputError, TqcheckError

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def _flag_ids() -> list[str]:
    from ..flags import DETECTORS
    return list(DETECTORS)


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


def check_output_path(path: str, protected: list[str], force: bool) -> None:
    """Raise InputError unless ``write_output`` may write ``path`` (call it early to fail before a long check)."""
    target = Path(path)
    for p in protected:
        if p != "-" and target.exists() and Path(p).exists() and target.resolve() == Path(p).resolve():
            raise InputError(f"{path}: refusing to overwrite an input file")
    if target.exists() and not force:
        raise InputError(f"{path}: already exists; pass --force to replace it")
    if target.is_dir():
        raise InputError(f"{path}: is a directory")
    if not target.parent.exists():
        raise InputError(f"{path}: folder {target.parent} does not exist")


def write_output(path: str, content: str, protected: list[str], force: bool) -> None:
    """Write ``content`` atomically; never over an input file, over another file only with ``--force``."""
    check_output_path(path, protected, force)
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(content)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes files private; a report is an ordinary file
    os.replace(tmp, target)


def terminal_options(output: str | None) -> dict[str, Any]:
    """Colour and width for a text report: colour only on a terminal and unless ``NO_COLOR`` is set (non-empty)."""
    if output is not None or not sys.stdout.isatty():
        return {"colour": False, "width": 100}
    import shutil

    return {"colour": not os.environ.get("NO_COLOR"), "width": min(shutil.get_terminal_size((100, 24)).columns, 160)}


class TtyProgress:
    """A one-line progress bar on stderr when it is a terminal; silent otherwise (CI logs stay clean)."""

    width = 24

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        filled = self.width * min(done, total) // total
        click.echo(f"\r\x1b[K{stage} [{'#' * filled:<{self.width}}] {done}/{total}", nl=False, err=True, color=True)
        self.shown = True

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
            click.echo(f"tqcheck: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("tqcheck: interrupted", err=True)
            sys.exit(130)

    return wrapper


def parse_settings(values: tuple[str, ...]) -> dict[str, float]:
    """``--set low_similarity_warning=0.4`` pairs -> threshold changes (validated names and numbers)."""
    changes: dict[str, float] = {}
    known = Thresholds.__dataclass_fields__
    for item in values:
        name, sep, raw = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in known:
            raise ConfigError(f"--set {item}: expected NAME=VALUE with NAME one of {', '.join(known)}")
        try:
            changes[name] = type(known[name].default)(raw)
        except ValueError:
            raise ConfigError(f"--set {item}: {raw!r} is not a number") from None
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


def settings_for_check(config_file: str | None, source_text: str, **values: Any) -> tuple[Any, Any]:
    """CheckConfig and Policy for ``tqcheck check``: typed options over the config file (and its language section)."""
    cli_settings = command_line_settings(click.get_current_context(), **values)
    file_config = load_config(config_file)
    lang = cli_settings.source_lang or file_config.base.source_lang
    if lang is None and needs_language(file_config):
        from ..langid import detect_language

        try:
            lang = detect_language(source_text)
        except TqcheckError:
            lang = None
    return resolve(file_config, cli_settings, lang)


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
