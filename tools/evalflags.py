"""``python -m tools.evalflags``: precision, recall and F1 of the garble detectors on seeded corruptions of clean pairs.

A developers' tool that reads the repository's test data (``tests/data/garble``) and ``../shared/bench``, so it
lives outside the package and is not installed with it; run it from a checkout.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tqcheck.cli.common import EXIT_FAILED, EXIT_OK, handle_errors, parse_ignore, parse_settings, write_output
from tqcheck.config import DEFAULT_MODEL

# the targets of the issue that introduced the detectors: overall precision, recall, clean false-positive rate
TARGETS = (0.9, 0.8, 0.02)


def _set_tsv(items) -> str:
    """The generated evaluation set, one item per line (tabs and newlines in texts shown as \\t and \\n)."""
    def flat(text: str) -> str:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    rows = ["kind\texpected\tlang\torigin\tsource\ttarget"]
    rows += ["\t".join([it.kind, it.expected or "-", it.pair.lang, it.pair.origin, flat(it.pair.source),
                        flat(it.target)]) for it in items]
    return "\n".join(rows) + "\n"


@click.command("eval-flags", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Folder of <lang>.tsv clean pairs "
              "(source TAB English). Default: tests/data/garble of this checkout.")
@click.option("--bench", "bench_dir", type=click.Path(file_okay=False),
              help="Benchmark folder holding ntrex128-fa-ar-en (default: ../shared/bench next to the repository).")
@click.option("--ntrex", default=100, show_default=True, type=click.IntRange(0),
              help="NTREX-128 pairs per language (fa, ar) to add when the benchmark folder is there; 0 = none.")
@click.option("--per-kind", default=60, show_default=True, type=click.IntRange(1),
              help="Corrupted items per corruption kind.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the sampling and corruptions.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="Embedding model (fragments, hallucinations).")
@click.option("--ignore", help="Comma-separated flag ids to leave out, e.g. fragment,length-ratio.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help="Change a threshold (repeatable).")
@click.option("--sample/--no-sample", default=True, show_default=True,
              help="Also check samples/rahnam against its gold list (real model, ~35 sentences).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--show", default=10, show_default=True, type=click.IntRange(0), help="False positives to list.")
@click.option("--write-set", type=click.Path(dir_okay=False), help="Also write the generated set to FILE (TSV).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--force", is_flag=True, help="Replace existing --output/--write-set files.")
@click.option("--check-targets", is_flag=True,
              help="Exit 1 unless overall precision >= 0.9, recall >= 0.8 and clean false-positive rate <= 2%.")
@handle_errors
def eval_flags(data_dir: str | None, bench_dir: str | None, ntrex: int, per_kind: int, seed: int, model: str,
               ignore: str | None, settings: tuple[str, ...], sample: bool, fmt: str, show: int,
               write_set: str | None, output: str | None, force: bool, check_targets: bool) -> None:
    """Measure the garble detectors on seeded, labelled corruptions of clean translations.

    Prints precision, recall and F1 per flag and overall, recall per corruption kind, and the false-positive
    rate on the clean pairs (all figures are on synthetic corruptions). Exit codes: 0 done, 1 a target missed
    (--check-targets), 2 usage or input error.
    """
    from dataclasses import replace

    from tqcheck.config import CheckConfig

    from .evaluate import (DEFAULT_BENCH, DEFAULT_DATA, build_items, evaluate, evaluate_sample, load_ntrex,
                            load_pairs, render_text, to_dict)

    ignored = parse_ignore(ignore)
    thresholds = CheckConfig().with_thresholds(**parse_settings(settings)).thresholds
    pairs = load_pairs(Path(data_dir) if data_dir else DEFAULT_DATA)
    bench = Path(bench_dir) if bench_dir else DEFAULT_BENCH
    news = load_ntrex(bench, ntrex, seed)
    if ntrex and not news:
        click.echo(f"tqcheck: note: no NTREX-128 data under {bench}; using the project's sentences only", err=True)
    pairs += news
    if write_set:
        write_output(write_set, _set_tsv(build_items(pairs, seed, per_kind)), [], force)
    result = evaluate(pairs, seed=seed, per_kind=per_kind, thresholds=thresholds, ignored=ignored, model=model)
    if sample:
        result = replace(result, sample=evaluate_sample(thresholds, ignored, model))
    content = render_text(result, show) if fmt == "text" else \
        json.dumps(to_dict(result), ensure_ascii=False, indent=1) + "\n"
    if output:
        write_output(output, content, [], force)
    else:
        click.echo(content, nl=False)
    precision, recall, fpr = TARGETS
    missed = result.overall.precision < precision or result.overall.recall < recall or \
        result.false_positive_rate > fpr
    if check_targets and missed:
        click.echo(f"tqcheck: fail: targets are precision >= {precision}, recall >= {recall}, "
                   f"false-positive rate <= {fpr:.0%}", err=True)
    sys.exit(EXIT_FAILED if check_targets and missed else EXIT_OK)


if __name__ == "__main__":
    eval_flags()
