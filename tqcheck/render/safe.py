"""Text from the user's files made harmless for a terminal or a page: controls and direction overrides shown, not obeyed.

A translation may hold escape sequences (``ESC [2J`` clears a terminal, ``ESC ]0;`` retitles it, ``ESC [8m``
hides text) or bidi overrides (U+202E shows ``$99.5`` as ``5.99$``). Reports print each such character as a
visible ``<U+XXXX>`` marker instead: C0 and C1 controls (not tab and newline), DEL, and the bidi embeddings,
overrides and isolates U+202A-U+202E, U+2066-U+2069. Marks that Persian and Arabic need (ZWNJ, LRM, RLM) stay.

>>> neutralise("ok\\x1b[2J\\u202eabc")
'ok<U+001B>[2J<U+202E>abc'
>>> neutralise_terminal("\\x1b[31mERROR\\x1b[0m \\x1b[8mhidden", keep_colour=True)
'\\x1b[31mERROR\\x1b[0m <U+001B>[8mhidden'
"""
from __future__ import annotations

import re

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_OUR_COLOURS = re.compile(r"(\x1b\[(?:0|1|2|31|32|33|36)m)")  # the only sequences the text report writes


def _marker(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def neutralise(text: str) -> str:
    """``text`` with every control and bidi override replaced by a visible ``<U+XXXX>`` marker."""
    return UNSAFE.sub(_marker, text)


def neutralise_terminal(text: str, keep_colour: bool = False) -> str:
    """As ``neutralise``; with ``keep_colour`` the report's own colour codes (and only those) are kept."""
    if not keep_colour:
        return neutralise(text)
    return "".join(part if i % 2 else neutralise(part) for i, part in enumerate(_OUR_COLOURS.split(text)))


def html_finalize(value: object) -> object:
    """Jinja ``finalize``: every value printed into the HTML page is neutralised, plain text and markup alike
    (filters such as ``bdi_quotes`` return markup holding the user's text; our own markup has no controls)."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return Markup(UNSAFE.sub(lambda m: f"&lt;U+{ord(m.group()):04X}&gt;", str(value)))
    if isinstance(value, str):
        return neutralise(value)
    return value
