"""Reading user text: UTF-8 with or without BOM, UTF-16 with BOM, CRLF/CR newlines, stdin."""
from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Iterator

from ..errors import InputError

_BINARY_CONTROL = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes to text with newlines normalised to ``\\n``; raise InputError when it is not text.

    >>> decode_text(b"\\xef\\xbb\\xbfHi.\\r\\nYes.", "x")
    'Hi.\\nYes.'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: broken UTF-16 text ({exc.reason} at byte {exc.start})") from None
    else:
        if b"\x00" in data[:8192]:
            raise InputError(f"{name}: looks like a binary file, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "convert it, e.g. iconv -f WINDOWS-1256 -t UTF-8"
            ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:8192]
    if sample and sum(ord(c) in _BINARY_CONTROL for c in sample) > max(2, len(sample) // 100):
        raise InputError(f"{name}: looks like a binary file, not text")
    if not text.strip():
        raise InputError(f"{name}: is empty")
    return text


def read_text(path: str) -> str:
    """Read a text file (``-`` for standard input) as normalised text."""
    if path == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>")
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not a text file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_text(data, path)


def read_bytes(path: str) -> bytes:
    """The bytes of a file (``-`` for standard input), with the same one-line errors as ``read_text``."""
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def iter_lines(path: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its newline) read lazily, for files too big to hold in memory.

    Same encodings and errors as ``decode_text``: UTF-8 with or without BOM, UTF-16 with BOM.
    """
    head = read_head(path)
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    if encoding != "utf-16" and b"\x00" in head[:8192]:
        raise InputError(f"{path}: looks like a binary file, not text")
    if not head.strip():
        raise InputError(f"{path}: is empty")
    with open(path, "rb") as raw:
        if encoding == "utf-16":
            for number, line in enumerate(io.TextIOWrapper(raw, encoding=encoding, newline=""), 1):
                yield number, line.rstrip("\r\n")
            return
        for number, data in enumerate(raw, 1):
            if number == 1 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            try:
                yield number, data.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: line {number} is not UTF-8 text (invalid byte 0x{data[exc.start]:02x}); "
                                 "convert it, e.g. iconv -f WINDOWS-1256 -t UTF-8") from None


def read_head(path: str, size: int = 65536) -> bytes:
    """The first ``size`` bytes of a file (one-line errors for missing files and folders)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        with open(p, "rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def read_document(path: str):
    """A plain-text document: the file is its own running text (no anchors needed)."""
    from . import SourceText

    return SourceText(path, read_text(path))
