"""Two line-aligned files (``--aligned``): line N of the source and line N of the translation are one unit.

Lines are never re-split or merged (as COMET, sacrebleu and bicleaner take such files); both files must have
the same number of lines. Read lazily, so files of millions of lines stream.
"""
from __future__ import annotations

from typing import Iterator

from ..errors import InputError
from ..types import Position, Unit
from .plain import iter_lines


def count_lines(path: str) -> int:
    """Number of lines of a file (a last line without a newline counts)."""
    return sum(1 for _ in iter_lines(path))


def read_pair(source_path: str, target_path: str) -> Iterator[Unit]:
    """One unit per line pair; InputError when the files differ in length."""
    n_src, n_tgt = count_lines(source_path), count_lines(target_path)
    if n_src != n_tgt:
        raise InputError(f"{source_path} has {n_src} lines but {target_path} has {n_tgt}: --aligned needs one "
                         "segment per line in both files")
    for (number, source), (_, target) in zip(iter_lines(source_path), iter_lines(target_path)):
        yield Unit(str(number), source, target, Position(source_path, number, 1), Position(target_path, number, 1),
                   row=f"{source}\t{target}")
