"""A deterministic stand-in for the embedding model, for pipeline tests where the model is not the point."""
from __future__ import annotations

import hashlib

import numpy as np


class HashEmbedder:
    """Vectors from a hash of the text's words (shared words -> closer vectors); counts the texts it embeds."""

    name = "fake-hash"

    def __init__(self, dim: int = 32) -> None:
        self.dim = dim
        self.texts = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split()[:64]:
                h = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                                   "little")
                rows[i, h % self.dim] += 1.0 if h & 1 << 40 else -1.0
            rows[i, len(text) % self.dim] += 0.5
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.maximum(norms, 1e-6)
