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
    elif b"\x00" in data[:8192]:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise InputError(f"{name}: looks like a binary file, not text")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: broken UTF-16 text ({exc.reason} at byte {exc.start})") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                f"convert it, e.g. iconv -f {_legacy_guess(data)} -t UTF-8"
            ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:8192]
    if sample and sum(ord(c) in _BINARY_CONTROL for c in sample) > max(2, len(sample) // 100):
        raise InputError(f"{name}: looks like a binary file, not text")
    if not text.strip():
        raise InputError(f"{name}: is empty")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the zero bytes sit on one side of the byte pairs (text), None otherwise (binary).

    >>> _utf16_without_bom("Hello, world.".encode("utf-16-le")), _utf16_without_bom(bytes(range(256)) * 4)
    ('utf-16-le', None)
    """
    head = data[:8192] if len(data) % 2 == 0 else None
    if head is None:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = max(len(head) // 2, 1)
    if odd >= pairs // 10 and even * 20 <= odd:
        return "utf-16-le"
    if even >= pairs // 10 and odd * 20 <= even:
        return "utf-16-be"
    return None


def _legacy_guess(data: bytes) -> str:
    """The code page to suggest: high bytes alone between ASCII letters read as Western European (``é`` in
    ``café``), in runs of three or more as a non-Latin alphabet (Arabic, Persian, Cyrillic: one byte a letter).

    >>> _legacy_guess("café crème".encode("latin-1")), _legacy_guess("سلام عليكم".encode("cp1256"))
    ('WINDOWS-1252', 'WINDOWS-1256')
    """
    import re

    sample = data[:65536]
    high = [i for i, b in enumerate(sample) if b >= 0x80]
    in_runs = sum(len(m.group()) for m in re.finditer(rb"[\x80-\xff]{3,}", sample))  # words of 3+ letters
    if not high or in_runs * 2 < len(high):
        return "WINDOWS-1252"
    cyrillic = sum(0xC0 <= sample[i] <= 0xFF for i in high) / len(high)
    arabic_only = sum(sample[i] in (0xC7, 0xE1, 0xE3, 0xED, 0xCF, 0xD1) for i in high) / len(high)
    return "WINDOWS-1256" if arabic_only > 0.15 or cyrillic < 0.8 else "WINDOWS-1251"


def read_text(path: str) -> str:
    """Read a text file (``-`` for standard input) as normalised text."""
    return decode_text(read_bytes(path), "<stdin>" if path == "-" else path)


def _existing_file(path: str) -> Path:
    """``path`` as a Path, or a one-line InputError when it is missing or a folder."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    return p


_STDIN: list = [None, b""]  # [the sys.stdin read, its bytes]


def _stdin_bytes() -> bytes:
    """Standard input, read once: every stage that asks for ``-`` (format sniffing, language detection, the
    check itself) gets the same bytes, not an empty stream the second time."""
    if _STDIN[0] is not sys.stdin:
        _STDIN[:] = [sys.stdin, sys.stdin.buffer.read()]
    return _STDIN[1]


def read_bytes(path: str) -> bytes:
    """The bytes of a file (``-`` for standard input), with the same one-line errors as ``read_text``."""
    if path == "-":
        return _stdin_bytes()
    p = _existing_file(path)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def iter_lines(path: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its newline) read lazily, for files too big to hold in memory.

    Same encodings and errors as ``decode_text``: UTF-8 with or without BOM, UTF-16 with BOM or recognised by its
    zero bytes, the code page to convert from suggested by the bytes.
    """
    head = read_head(path)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding: str | None = "utf-16"
    elif b"\x00" in head[:8192]:
        encoding = _utf16_without_bom(head)
        if encoding is None:
            raise InputError(f"{path}: looks like a binary file, not text")
    else:
        encoding = None
    if not head.strip(b"\x00 \t\r\n\xff\xfe"):
        raise InputError(f"{path}: is empty")
    with (io.BytesIO(_stdin_bytes()) if path == "-" else open(path, "rb")) as raw:
        if encoding is not None:
            try:
                for number, line in enumerate(io.TextIOWrapper(raw, encoding=encoding, newline=""), 1):
                    yield number, line.rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: broken UTF-16 text ({exc.reason})") from None
            return
        for number, data in enumerate(raw, 1):
            if number == 1 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            try:
                yield number, data.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: line {number} is not UTF-8 text (invalid byte 0x{data[exc.start]:02x}); "
                                 f"convert it, e.g. iconv -f {_legacy_guess(head)} -t UTF-8") from None


def read_head(path: str, size: int = 65536) -> bytes:
    """The first ``size`` bytes of a file (``-``: standard input; one-line errors for missing files and folders)."""
    if path == "-":
        return _stdin_bytes()[:size]
    p = _existing_file(path)
    try:
        with open(p, "rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def read_document(path: str):
    """A plain-text document: the file is its own running text (no anchors needed)."""
    from . import SourceText

    return SourceText(path, read_text(path))
