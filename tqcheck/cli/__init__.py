"""The command line: a click group; each command lives in its own module and is added here (nothing imports cli)."""
from __future__ import annotations

import click

from ..__about__ import __version__
from .align import align_command, eval_align
from .baseline import baseline
from .batch import batch
from .check import check
from .compare import compare
from .rules import rules
from .score import score


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tqcheck")
def cli() -> None:
    """tqcheck: check a translation against its source (alignment, similarity, broken sentences)."""


for _command in (check, batch, score, compare, align_command, eval_align, rules, baseline):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli()
