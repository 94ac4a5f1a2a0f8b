"""Output files: every path checked before any work starts, written atomically, write errors as one line.

Rules (the README's "Output files"):

* an output is never an input file (compared after following links), never a folder, and never an existing
  file unless ``--force`` is given; its folder must exist and be writable (a probe file is created and removed);
* several outputs of one command must be different files;
* ``--force`` on a symbolic link writes *through* it: the file the link points to is replaced and the link
  stays; on a device or pipe (``/dev/stdout``) the content is written into it as is;
* ``--html-dir`` must be absent (it is created), an empty folder, or with ``--force`` a folder whose files of
  the same names are replaced;
* a failure while writing (disk full, permissions changed during the run) is an ``OutputError``: the CLI prints
  one line and exits 2, and no half-written file is left behind.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from ..errors import OutputError


def _real(path: str | os.PathLike[str]) -> Path:
    """The path with links followed (also a dangling link's target), made absolute."""
    return Path(os.path.realpath(path))


def _is_input(real: Path, protected: Iterable[str]) -> bool:
    for item in protected:
        if not item or item == "-":
            continue
        other = _real(item)
        if other == real:
            return True
        try:
            if real.exists() and other.exists() and os.path.samefile(real, other):  # hard links
                return True
        except OSError:
            continue
    return False


def _probe_folder(folder: Path, shown: str) -> None:
    """Create and remove a file in ``folder``: the only sure test that we may write there (root, ACLs, read-only)."""
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".tqcheck-probe-", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write into folder {folder} ({exc.strerror or exc})") from None
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:
        pass


def check_output_path(path: str, protected: Iterable[str], force: bool) -> None:
    """Raise OutputError unless ``write_output`` may write ``path``; call it before the work starts."""
    real = _real(path)
    if _is_input(real, list(protected)):
        raise OutputError(f"{path}: refusing to overwrite an input file")
    if real.is_dir():
        raise OutputError(f"{path}: is a directory")
    exists = os.path.lexists(path) or real.exists()
    if exists and not force:
        raise OutputError(f"{path}: already exists; pass --force to replace it")
    if real.exists() and not real.is_file():  # a device or pipe: written into, not replaced
        if not os.access(real, os.W_OK):
            raise OutputError(f"{path}: not writable")
        return
    if not real.parent.is_dir():
        raise OutputError(f"{path}: folder {real.parent} does not exist")
    _probe_folder(real.parent, path)


def check_outputs(paths: Iterable[str | None], protected: Iterable[str], force: bool) -> None:
    """Check several outputs of one command: each as ``check_output_path``, and no two the same file."""
    given = [p for p in paths if p]
    protected = list(protected)
    if len({_real(p) for p in given}) < len(given):
        raise OutputError(f"the output files must be different files (given: {', '.join(given)})")
    for path in given:
        check_output_path(path, protected, force)


def check_output_folder(folder: str, names: Iterable[str], protected: Iterable[str], force: bool) -> None:
    """Check ``--html-dir``: absent (its nearest existing parent writable), empty, or ``--force`` to replace."""
    real = _real(folder)
    if real.exists() and not real.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    if not real.exists():
        parent = real.parent
        while not parent.exists():
            parent = parent.parent
        if not parent.is_dir():
            raise OutputError(f"{folder}: cannot be created ({parent} is not a folder)")
        _probe_folder(parent, folder)
        return
    if any(real.iterdir()) and not force:
        raise OutputError(f"{folder}: folder is not empty; pass --force to replace its reports or choose another")
    _probe_folder(real, folder)
    protected = list(protected)
    for name in names:
        target = real / name
        if _is_input(_real(target), protected):
            raise OutputError(f"{target}: refusing to overwrite an input file")
        if target.is_dir():
            raise OutputError(f"{target}: is a directory")


def write_output(path: str, content: str | Iterable[str], protected: Iterable[str], force: bool) -> None:
    """Write ``content`` (a text, or its pieces: ``render.render_pieces``) atomically (links followed); never over
    an input, over another file only with ``--force``."""
    check_output_path(path, protected, force)
    real = _real(path)
    try:
        if real.exists() and not real.is_file():
            with open(real, "w", encoding="utf-8") as fh:
                _write(fh, content)
            return
        _replace_atomically(real, content)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def joined_pieces(pieces: Iterable[str], size: int = 1 << 16) -> Iterable[str]:
    """Pieces of a report joined into texts of about ``size`` characters (one terminal write each, not one a piece).

    >>> list(joined_pieces(["ab", "c", "def"], size=3))
    ['abc', 'def']
    """
    held: list[str] = []
    count = 0
    for piece in pieces:
        held.append(piece)
        count += len(piece)
        if count >= size:
            yield "".join(held)
            held, count = [], 0
    if held:
        yield "".join(held)


def _write(fh, content: str | Iterable[str]) -> None:
    for piece in [content] if isinstance(content, str) else content:
        fh.write(piece)


def _replace_atomically(real: Path, content: str | Iterable[str]) -> None:
    mode = stat.S_IMODE(real.stat().st_mode) if real.exists() else None
    fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            _write(fh, content)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # mkstemp makes files private; a report is an ordinary file
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
