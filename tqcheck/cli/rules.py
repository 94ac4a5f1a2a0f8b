"""``tqcheck rules``: every flag id with its severity, what it catches and its thresholds (current values)."""
from __future__ import annotations

import click

from .common import command_line_settings, handle_errors


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for reading, markdown for the README table, json for tools.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Settings file [default: tqcheck.toml, else setup.cfg [tqcheck], in the working directory].")
@click.option("--source-lang", help="Show the values of the config file's section for this source language.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help="Change a threshold (repeatable).")
@handle_errors
def rules(fmt: str, config_file: str | None, source_lang: str | None, settings: tuple[str, ...]) -> None:
    """List every flag id: default severity, what it catches, thresholds with their current values."""
    from ..configfile import load_config, resolve
    from ..render.rules import rules_json, rules_markdown, rules_text

    cli_settings = command_line_settings(click.get_current_context(), source_lang=source_lang, settings=settings)
    config, _ = resolve(load_config(config_file), cli_settings, source_lang)
    renderers = {"text": rules_text, "markdown": rules_markdown, "json": rules_json}
    click.echo(renderers[fmt](config.thresholds), nl=False)
