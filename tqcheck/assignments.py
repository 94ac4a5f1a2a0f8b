"""``NAME=VALUE`` option values (``--set``, ``--limit``), parsed one way for every option that takes them.

>>> parse_assignments(("max-bytes=5",), ["max_bytes"], "--limit", lambda name, raw: int(raw))
{'max_bytes': 5}
>>> parse_assignments(("size=x",), ["size"], "--limit", lambda name, raw: int(raw))
Traceback (most recent call last):
tqcheck.errors.ConfigError: --limit size=x: 'x' is not a number
"""
from __future__ import annotations

from typing import Callable, Collection, TypeVar

from .errors import ConfigError

T = TypeVar("T")


def parse_assignments(items: tuple[str, ...], names: Collection[str], option: str,
                      convert: Callable[[str, str], T]) -> dict[str, T]:
    """``NAME=VALUE`` items (``-`` or ``_`` in names) -> {NAME: convert(NAME, VALUE)}, in order.

    ConfigError naming ``option`` and the item for an unknown name, a missing ``=`` or a VALUE that ``convert``
    refuses with ValueError; ``convert`` may raise its own ConfigError.
    """
    values: dict[str, T] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in names:
            raise ConfigError(f"{option} {item}: expected NAME=VALUE with NAME one of {', '.join(names)}")
        try:
            values[name] = convert(name, raw)
        except ValueError:
            raise ConfigError(f"{option} {item}: {raw!r} is not a number") from None
    return values
