"""Shared fixtures: the sample texts, one real report of the sample per session, golden-file option."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rahnam"
BENCH = ROOT.parent / "shared" / "bench"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden report files")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def sample_texts() -> tuple[str, str]:
    """(Persian source, English translation) of the bundled sample."""
    return (SAMPLE / "fa.txt").read_text(encoding="utf-8"), (SAMPLE / "en.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def rahnam_report(sample_texts):
    """The real report of the sample with the bundled model (computed once per test session)."""
    import tqcheck

    src, tgt = sample_texts
    return tqcheck.check(src, tgt, source_path="samples/rahnam/fa.txt", target_path="samples/rahnam/en.txt")


@pytest.fixture(autouse=True)
def _private_embedding_cache(tmp_path_factory, monkeypatch):
    """``check`` and ``batch`` use the disk cache by default: tests keep it in a temporary folder, never the
    user's (a test that wants its own sets TQCHECK_CACHE_DIR again)."""
    if "TQCHECK_CACHE_DIR" not in __import__("os").environ:
        monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "tqcheck-cache"))
