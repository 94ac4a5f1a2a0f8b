"""A deterministic stand-in model that worker processes can import, and a small document corpus.

``install_fake_model`` is the ``worker_setup`` the engine tests give an engine: in each worker it routes the
model name ``fake`` to ``FakeModel`` through the real loading path (``tqcheck.batch``'s per-process model
cache), and counts the loads so a test can check that each worker loads the model once.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import numpy as np

LOADS: list[int] = []  # one entry (the pid) per FakeModel loaded in this process


class FakeModel:
    """Vectors from hashed words: texts sharing words are close, so documents align like real ones."""

    name = "fake"

    def __init__(self, delay: float = 0.0, dim: int = 64, free_calls: int = 0, fast_once: str | None = None) -> None:
        self.delay, self.dim, self.free_calls, self.fast_once = delay, dim, free_calls, fast_once
        LOADS.append(os.getpid())

    def encode(self, texts: list[str]) -> np.ndarray:
        if self.free_calls:  # the first calls answer at once, the later ones take ``delay`` seconds a text
            self.free_calls -= 1
            if os.environ.get("FAKE_MODEL_CALLED"):  # a folder: one file per process that called the model
                Path(os.environ["FAKE_MODEL_CALLED"], str(os.getpid())).touch()
        elif self.delay and not (self.fast_once and os.path.exists(self.fast_once)):  # no delay once it exists
            time.sleep(self.delay * len(texts))
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in zip(rows, texts):
            for word in text.lower().split():
                row[int(hashlib.sha256(word.strip(".,").encode()).hexdigest()[:6], 16) % self.dim] += 1.0
            row += 0.01
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def install_fake_model(delay: float = 0.0, dim: int = 64, free_calls: int = 0, fast_once: str | None = None) -> None:
    """Make ``--model fake`` load ``FakeModel`` in this process (a ``worker_setup`` for the engines): ``delay``
    seconds a text, except in the first ``free_calls`` calls and once the file ``fast_once`` exists."""
    import tqcheck.embed

    real = getattr(tqcheck.embed, "_real_load_embedder", tqcheck.embed.load_embedder)
    tqcheck.embed._real_load_embedder = real
    tqcheck.embed.load_embedder = \
        lambda name: FakeModel(delay, dim, free_calls, fast_once) if name == "fake" else real(name)


def loads() -> list[int]:
    """The pids of this process's model loads (for ``client.run``)."""
    return list(LOADS)


SENTENCES = [
    ("Der Zug nach Hamburg hat heute 20 Minuten Verspätung.", "The train to Hamburg is 20 minutes late today."),
    ("Die Fahrgäste warten geduldig auf dem Bahnsteig.", "The passengers wait patiently on the platform."),
    ("Der Schaffner entschuldigt sich für die Störung.", "The conductor apologises for the disruption."),
    ("Morgen soll der Verkehr wieder normal laufen.", "Tomorrow traffic should run normally again."),
    ("Das Museum öffnet um neun Uhr.", "The museum opens at nine o'clock."),
    ("Kinder haben sonntags freien Eintritt.", "Children get in free on Sundays."),
    ("Die Ausstellung zeigt 40 Gemälde.", "The exhibition shows 40 paintings."),
]


def write_corpus(root: Path, documents: int = 9) -> Path:
    """``documents`` German-English pairs of varied length (one with a wrong number, one missing a
    translation, one binary), named so the directory rule pairs them."""
    root.mkdir(parents=True, exist_ok=True)
    for k in range(documents):
        chosen = [SENTENCES[(k + j) % len(SENTENCES)] for j in range(2 + k % 4)]
        source = " ".join(de for de, _ in chosen) + "\n"
        target = " ".join(en for _, en in chosen) + "\n"
        if k == 3:
            target = target.replace("20", "45").replace("40", "14")
        (root / f"doc{k:02d}.de.txt").write_text(source, encoding="utf-8")
        if k != 5:
            (root / f"doc{k:02d}.en.txt").write_text(target, encoding="utf-8")
    (root / "zz-binary.de.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (root / "zz-binary.en.txt").write_text("The museum opens at nine.\n", encoding="utf-8")
    return root


def write_pairs(path: Path, lines: int) -> Path:
    """A ``source<TAB>target`` TSV of ``lines`` German-English pairs (a wrong number every 7th line, an empty
    translation every 50th), each line made unique by its number."""
    rows = ["source\ttarget"]
    for k in range(lines):
        de, en = SENTENCES[k % len(SENTENCES)]
        de, en = f"{de} ({k})", f"{en} ({k})"
        if k % 7 == 3:
            en = en.replace("20", "45").replace("40", "14").replace(f"({k})", f"({k + 1})")
        rows.append(f"{de}\t{'' if k % 50 == 49 else en}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
