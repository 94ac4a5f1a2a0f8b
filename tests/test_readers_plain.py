"""Reading user text: encodings, newlines, and the errors a user sees."""
from __future__ import annotations

import pytest

from tqcheck.errors import InputError
from tqcheck.readers.plain import decode_text, read_text


@pytest.mark.parametrize("data, expected", [
    (b"Hello.\r\nWorld.", "Hello.\nWorld."),
    (b"\xef\xbb\xbfHello.", "Hello."),
    ("سلام.\n".encode("utf-16"), "سلام.\n"),
    (b"a\rb", "a\nb"),
    ("\u06f2\u06f5".encode(), "۲۵"),
])
def test_decodes_encodings_and_newlines(data, expected):
    assert decode_text(data, "f") == expected


@pytest.mark.parametrize("data, message", [
    (b"", "is empty"),
    (b"  \n\n ", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
    ("café".encode("latin-1"), "not UTF-8"),
    (bytes(range(1, 9)) * 20, "binary"),
])
def test_rejects_what_is_not_text(data, message):
    with pytest.raises(InputError, match=message):
        decode_text(data, "f")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="directory"):
        read_text(str(tmp_path))


def test_reads_a_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("Hi.\r\n\r\nThere.".encode())
    assert read_text(str(p)) == "Hi.\n\nThere."


@pytest.mark.parametrize("text, encoding", [
    ("The minister spoke on Thursday.\nHe left.", "utf-16-le"),
    ("Der Minister sprach am Donnerstag.", "utf-16-be"),
    ("وزیر روز پنجشنبه سخن گفت. او رفت.", "utf-16-le"),
])
def test_utf16_without_bom_is_text_not_binary(text, encoding):
    assert decode_text(text.encode(encoding), "f") == text


@pytest.mark.parametrize("text, codec, suggested", [
    ("Grüße aus Köln, schöne Straße, café crème.", "latin-1", "WINDOWS-1252"),
    ("مرحبا بالعالم كيف حالك اليوم", "cp1256", "WINDOWS-1256"),
    ("Привет, мир. Как дела сегодня?", "cp1251", "WINDOWS-1251"),
])
def test_the_suggested_code_page_fits_the_bytes(text, codec, suggested):
    """A Latin-1 file was told to convert from WINDOWS-1256 (Arabic)."""
    with pytest.raises(InputError, match=f"iconv -f {suggested} "):
        decode_text(text.encode(codec), "f")
