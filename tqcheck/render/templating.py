"""The one Jinja2 environment of the HTML pages (autoescape, strict undefined), built on first use."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Any:
    """The shared ``jinja2.Environment`` over ``render/templates`` (jinja2 is imported here, not at import time)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["pct"] = lambda x: f"{100 * x:.0f}%"
    return env


def inline(name: str) -> Any:
    """A template file's text (CSS, JS) as markup to inline into a page."""
    from markupsafe import Markup

    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))
