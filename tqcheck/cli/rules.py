"""``tqcheck rules``: every flag id with its severity, what it catches and its thresholds (current values)."""
from __future__ import annotations

import click

from ..render import RULES_FORMATS
from .common import command_line_settings, handle_errors
from .options import format_option


@click.command()
@format_option(RULES_FORMATS, help="text for reading, markdown for the README table, json for tools.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Settings file [default: tqcheck.toml, else setup.cfg [tqcheck], in the working directory].")
@click.option("--source-lang", help="Show the values of the config file's section for this source language.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help="Change a threshold (repeatable).")
@handle_errors
def rules(fmt: str, config_file: str | None, source_lang: str | None, settings: tuple[str, ...]) -> None:
    """List every flag id: default severity, what it catches, thresholds with their current values."""
    from ..configfile import load_config, resolve
    from ..langid import check_supported
    from ..render import renderer

    if source_lang:
        source_lang = check_supported(source_lang)  # as check reads it (``fa-IR`` is fa); unknown: one line, exit 2
    cli_settings = command_line_settings(click.get_current_context(), source_lang=source_lang, settings=settings)
    config, _ = resolve(load_config(config_file), cli_settings, source_lang)
    click.echo(renderer(RULES_FORMATS, fmt)(config.thresholds), nl=False)
