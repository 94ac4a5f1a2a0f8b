"""TMX through translate-toolkit: one Unit per ``tu`` for a chosen pair of languages.

The source language is ``--source-lang`` or the header's ``srclang``; the target ``--target-lang`` (never the
source language). Variants
match on the language, as ``languages.base_code`` reads it: region or script dropped, aliases resolved (``ar``
finds ``ar-SA``, ``zh`` finds ``zh_Hant``, ``he`` finds ``iw``). A ``tu`` without a variant in the target language gives
a unit with an empty target (reported as untranslated); one without the source language is skipped.
"""
from __future__ import annotations

from typing import Iterator

from ..errors import InputError
from ..languages import base_code
from ..types import Position, Unit
from . import toolkit_store
from .plain import decode_text, read_bytes
from .xmlinline import inline_text, text_position

_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _variant(tu, lang: str):
    for tuv in tu:
        if isinstance(tuv.tag, str) and tuv.tag.endswith("tuv") and \
                base_code(tuv.get(_LANG) or tuv.get("lang") or "") == lang:
            return next((c for c in tuv if isinstance(c.tag, str) and c.tag.endswith("seg")), None)
    return None


def read_units(path: str, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[Unit]:
    """The units of a TMX file for one language pair, in file order."""
    data = read_bytes(path)
    lines = decode_text(data, path).split("\n")
    store = toolkit_store(path, data, "TMX", "tmx.tmxfile")
    src = base_code(source_lang or store.sourcelanguage or "")
    tgt = base_code(target_lang or "")
    if not src or src == "*all*" or not tgt:
        raise InputError(f"{path}: name the pair to check with --source-lang and --target-lang")
    if src == tgt:  # every unit would be checked against itself: a copy of its source
        raise InputError(f"{path}: the source and target languages are both '{src}': name the target with "
                         "--target-lang (or target_lang in the config file)")
    found = 0
    for n, unit in enumerate(store.units, 1):
        tu = unit.xmlelement
        seg_src, seg_tgt = _variant(tu, src), _variant(tu, tgt)
        if seg_src is None:
            continue
        found += 1
        source_at = text_position(lines, seg_src, path)
        notes = tuple(" ".join("".join(c.itertext()).split()) for c in tu
                      if isinstance(c.tag, str) and c.tag.split("}", 1)[-1] == "note" and "".join(c.itertext()).strip())
        yield Unit(tu.get("tuid") or str(n), inline_text(seg_src), inline_text(seg_tgt), source_at,
                   text_position(lines, seg_tgt, path, source_at), notes=notes)
    if not found:
        raise InputError(f"{path}: no translation unit has a '{src}' variant")
