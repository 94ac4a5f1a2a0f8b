"""Golden-file comparison shared by the report tests (rewritten only with pytest --update-golden)."""
from __future__ import annotations

from pathlib import Path

import pytest


def assert_golden(path: Path, actual: str, update: bool) -> None:
    """Compare with a golden file, or rewrite it when --update-golden is given."""
    if update:
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden file {path.name} is missing: run pytest --update-golden once and review it")
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs; if intended, run --update-golden"
