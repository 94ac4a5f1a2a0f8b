"""Readers: one module per input kind, registered by format name and resolved lazily.

A *document* reader (text, HTML, Markdown, DOCX) returns a ``SourceText``: the running text the aligner
splits, with anchors back to the original file. A *unit* reader (XLIFF, PO, TMX, TSV, CSV, JSONL, SRT/VTT
pairs, two line-aligned files) yields pre-aligned ``Unit``s that are checked as given, never re-split.

The format comes from the file name and is confirmed by the content; ``--input-format`` overrides both.

>>> format_from_name("news.fa.html"), format_from_name("app.fa.xlf"), format_from_name("notes.txt")
('html', 'xliff', 'text')
>>> sniff_format(b"<?xml version='1.0'?><xliff version='2.0'>"), sniff_format(b'msgid ""\\nmsgstr ""\\n')
('xliff', 'po')
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..languages import base_code
from ..types import Anchor, Unit

# format name -> "module:function"; documents return SourceText, units yield Unit
DOCUMENT_READERS = {
    "text": "plain:read_document",
    "html": "html:read_document",
    "markdown": "markdown:read_document",
    "docx": "docx:read_document",
}
UNIT_READERS = {
    "xliff": "xliff:read_units",
    "po": "po:read_units",
    "tmx": "tmx:read_units",
    "tsv": "table:read_tsv",
    "csv": "table:read_csv",
    "jsonl": "table:read_jsonl",
}
PAIRED_UNIT_READERS = {  # two files, one per side
    "srt": "subtitles:read_pair",
    "vtt": "subtitles:read_pair",
    "lines": "lines:read_pair",
}
FORMATS = (*DOCUMENT_READERS, *UNIT_READERS, *PAIRED_UNIT_READERS)

_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown",
    ".markdown": "markdown", ".docx": "docx", ".xlf": "xliff", ".xliff": "xliff", ".po": "po", ".pot": "po",
    ".tmx": "tmx", ".tsv": "tsv", ".tab": "tsv", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".srt": "srt", ".vtt": "vtt",
}
_NAMES = {"xliff": "XLIFF", "po": "a gettext PO file", "tmx": "TMX", "html": "HTML", "docx": "a DOCX file",
          "srt": "SRT subtitles", "vtt": "WebVTT subtitles", "jsonl": "JSON lines", "markdown": "Markdown",
          "tsv": "TSV", "csv": "CSV", "text": "plain text"}


@dataclass(frozen=True)
class SourceText:
    """The running text of a document as a reader extracted it, with anchors into the original file."""

    path: str | None
    text: str
    origin: tuple[Anchor, ...] = ()


def format_from_name(path: str) -> str | None:
    """The format a file name promises (None when the extension says nothing)."""
    return _EXTENSIONS.get(Path(path).suffix.lower())


def sniff_format(head: bytes) -> str | None:
    """The format the first bytes of a file show (None when they show nothing particular)."""
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:  # pragma: no cover - "ignore" does not raise
            return None
    text = head[:65536].decode("utf-8", errors="ignore").lstrip("\ufeff")
    start = text.lstrip()[:4096].lower()
    if re.search(r"<xliff[\s>]", start):
        return "xliff"
    if re.search(r"<tmx[\s>]", start):
        return "tmx"
    if start.startswith(("<!doctype html", "<html")) or re.search(r"<(html|body|head)[\s>]", start):
        return "html"
    if start.startswith("webvtt"):
        return "vtt"
    if re.match(r"\d+\s*\n\s*\d\d:\d\d:\d\d[,.]\d{1,3}\s*-->", start):
        return "srt"
    if re.search(r'^msgid\s+"', text, re.MULTILINE) and re.search(r'^msgstr(\[\d+\])?\s+"', text, re.MULTILINE):
        return "po"
    return None


_SNIFFABLE = {"xliff", "tmx", "html", "vtt", "srt", "po", "docx"}


def resolve_format(path: str, given: str | None = None) -> str:
    """The format of ``path``: ``given`` if set, else its extension confirmed by its content.

    A file whose content contradicts its name (a ``.docx`` that is not a ZIP archive, a ``.xlf`` without an
    ``<xliff>`` element) raises InputError.
    """
    if given:
        if given not in FORMATS:
            raise InputError(f"unknown input format '{given}' (known: {', '.join(FORMATS)})")
        return given
    from .plain import read_head

    if path == "-":  # standard input has no name: a PO, XLIFF or TMX file is told by its content
        shown = sniff_format(read_head(path))
        return shown if shown in ("xliff", "tmx", "po") else "text"

    head = read_head(path)
    named, shown = format_from_name(path), sniff_format(head)
    if named in _SNIFFABLE and shown != named and not (named == "html" and shown is None and b"<" in head):
        found = f"it looks like {_NAMES[shown]}" if shown else "its content does not match"
        raise InputError(f"{path}: the name says {_NAMES[named]} but {found}; pass --input-format if it is right")
    if named is None or named == "text":
        return shown if shown in ("xliff", "tmx", "po") else (named or "text")
    return named


def _load(table: dict[str, str], fmt: str):
    module, function = table[fmt].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def is_unit_format(fmt: str) -> bool:
    """True for formats whose files hold pre-aligned units (checked as given, not aligned)."""
    return fmt in UNIT_READERS or fmt in PAIRED_UNIT_READERS


def read_document(path: str, fmt: str) -> SourceText:
    """A document (text, HTML, Markdown, DOCX) as running text with anchors into the file."""
    if fmt not in DOCUMENT_READERS:
        raise InputError(f"{path}: {fmt} holds translation units, not a document")
    return _load(DOCUMENT_READERS, fmt)(path)


def read_units(path: str, fmt: str, *, target_path: str | None = None, source_lang: str | None = None,
               target_lang: str | None = None) -> Iterator[Unit]:
    """Units of one bilingual file, or of two files (``target_path``) for SRT/VTT and line-aligned input."""
    if fmt in PAIRED_UNIT_READERS:
        if not target_path:
            raise InputError(f"{path}: {fmt} input needs a second file with the translation")
        return _load(PAIRED_UNIT_READERS, fmt)(path, target_path)
    if fmt not in UNIT_READERS:
        raise InputError(f"{path}: {fmt} is a document format, not translation units")
    reader = _load(UNIT_READERS, fmt)
    if fmt == "tmx":
        return reader(path, source_lang=source_lang, target_lang=target_lang)
    return reader(path)


def missing_extra(package: str, fmt: str) -> InputError:
    """The one-line error when a reader's optional library is not installed."""
    return InputError(f"reading {fmt} needs the '{package}' package: install tqcheck with its formats extra, "
                      "pip install 'PATH[formats]' (PATH: the tqcheck checkout or wheel; tqcheck is on no index)")


_DECLARED_TARGET = {
    "po": re.compile(rb'^"Language:[ \t]*([A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)*)', re.M),
    "xliff": re.compile(rb'\b(?:target-language|trgLang)\s*=\s*["\']([A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)*)'),
}


_DECLARED_SOURCE = {
    "xliff": re.compile(rb'\b(?:source-language|srcLang)\s*=\s*["\']([A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)*)'),
    "tmx": re.compile(rb'\bsrclang\s*=\s*["\']([A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)*)'),  # not *all*
}


def declared_target_language(path: str, fmt: str) -> str | None:
    """The translation's language a PO header (``Language:``) or an XLIFF file (``target-language``/``trgLang``)
    declares, as the language table's code (``pt_BR`` -> ``pt``, ``iw`` -> ``he``); None when the file declares
    none (read from its head)."""
    return _declared(path, _DECLARED_TARGET.get(fmt))


def declared_source_language(path: str, fmt: str) -> str | None:
    """The source language an XLIFF file (``source-language``/``srcLang``) or a TMX header (``srclang``) declares,
    when it is one the models cover; None otherwise (PO files declare none)."""
    from ..langid import SUPPORTED_LANGS

    code = _declared(path, _DECLARED_SOURCE.get(fmt))
    return code if code in SUPPORTED_LANGS else None


def _declared(path: str, pattern: "re.Pattern[bytes] | None") -> str | None:
    """The language code ``pattern`` finds in the head of the file, as the language table's code."""
    if pattern is None:
        return None
    from .plain import read_head

    try:
        head = read_head(path, 8192)  # standard input too
    except InputError:
        return None
    found = pattern.search(head)
    return base_code(found.group(1).decode("ascii")) if found else None


def toolkit_store(path: str, data: bytes, fmt: str, store: str):
    """``data`` parsed by the translate-toolkit store class ``store`` (``"pypo.pofile"``: module and class in
    ``translate.storage``); a one-line InputError when the library is missing or the file does not parse."""
    module, _, name = store.partition(".")
    try:
        storage = importlib.import_module(f"translate.storage.{module}")
    except ImportError:
        raise missing_extra("translate-toolkit", fmt) from None
    try:
        return getattr(storage, name).parsestring(data)
    except Exception as exc:  # lxml syntax errors and translate-toolkit's ValueErrors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: not a valid {fmt} file ({first})") from None


__all__ = ["FORMATS", "SourceText", "format_from_name", "sniff_format", "resolve_format", "is_unit_format",
           "read_document", "read_units", "declared_target_language", "declared_source_language"]


def anchored(path: str, paragraphs: list[tuple[str, int, int]]) -> SourceText:
    """Paragraphs (text, line, column in the file) as running text, a blank line between paragraphs."""
    parts, origin, offset = [], [], 0
    for text, line, column in paragraphs:
        text = text.strip()
        if not text:
            continue
        origin.append(Anchor(offset, line, column))
        parts.append(text)
        offset += len(text) + 2
    if not parts:
        raise InputError(f"{path}: no text found")
    return SourceText(path, "\n\n".join(parts), tuple(origin))
