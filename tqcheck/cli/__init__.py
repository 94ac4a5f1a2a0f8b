"""The command line: a click group; each command lives in its own module and registers itself here."""
from __future__ import annotations

import click

from ..__about__ import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tqcheck")
def cli() -> None:
    """tqcheck: check a translation against its source (alignment, similarity, broken sentences)."""



def main() -> None:
    """Console-script entry point."""
    cli()


from . import check as _check  # noqa: E402,F401  (registers the command)
from . import batch as _batch  # noqa: E402,F401  (registers the command)
from . import score as _score  # noqa: E402,F401  (registers the command)
from . import compare as _compare  # noqa: E402,F401  (registers the command)
from . import align as _align  # noqa: E402,F401  (registers align and eval-align)

