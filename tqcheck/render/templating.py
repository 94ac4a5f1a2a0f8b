"""The one Jinja2 environment of the HTML pages (autoescape, strict undefined), built on first use."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Any:
    """The shared ``jinja2.Environment`` over ``render/templates`` (jinja2 is imported here, not at import time)."""
    import jinja2

    from .safe import html_finalize

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             finalize=html_finalize)  # controls and bidi overrides shown, not obeyed
    env.filters["pct"] = lambda x: f"{100 * x:.0f}%"
    env.filters["bdi_quotes"] = isolate_quotes
    return env


def inline(name: str) -> Any:
    """A template file's text (CSS, JS) as markup to inline into a page."""
    from markupsafe import Markup

    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


_QUOTED = re.compile(r"(?<![\w])(['\u2018\u201c\"«])(.+?)(['\u2019\u201d\"»])(?![\w])")


def isolate_quotes(message: str) -> Any:
    """A message as HTML with every quoted piece inside ``<bdi>`` (escaped), so right-to-left quotes keep their
    place in an English line.

    >>> str(isolate_quotes("sentence 2 contains 'سلام <b>' here"))
    'sentence 2 contains &#39;<bdi>سلام &lt;b&gt;</bdi>&#39; here'
    """
    from markupsafe import Markup, escape

    out, last = [], 0
    for m in _QUOTED.finditer(message):
        out += [escape(message[last:m.start()]), escape(m.group(1)), Markup("<bdi>"), escape(m.group(2)),
                Markup("</bdi>"), escape(m.group(3))]
        last = m.end()
    out.append(escape(message[last:]))
    return Markup("").join(out)
