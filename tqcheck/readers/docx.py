"""DOCX through python-docx: body paragraphs and headings, then table cells, each its own paragraph.

A DOCX has no lines: a location's *line* is the paragraph number (1-based, counting every body paragraph,
empty ones too, then table-cell paragraphs) and its column the character in that paragraph.
"""
from __future__ import annotations

import zipfile

from ..errors import InputError
from .plain import read_bytes


def read_document(path: str):
    """The text of a DOCX file, anchored to paragraph numbers."""
    from . import anchored

    data = read_bytes(path)
    if not data.startswith(b"PK\x03\x04"):
        raise InputError(f"{path}: not a DOCX file (not a ZIP archive)")
    try:
        import docx
    except ImportError:
        from . import missing_extra
        raise missing_extra("python-docx", "DOCX") from None
    import io

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a readable DOCX file ({exc})") from None
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(p.text for p in cell.paragraphs)
    return anchored(path, [(text, n, 1 + len(text) - len(text.lstrip())) for n, text in enumerate(paragraphs, 1)])
