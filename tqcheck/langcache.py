"""langdetect, fast on a re-check: answers cached on disk by text, and the profiles read lazily from an index.

langdetect loads all 55 of its language profiles (~0.5 s of CPU) before its first answer, and a check asks it
about every long translated sentence (``foreign-sentence``), which costs as much again. ``tqcheck check`` re-run
after an edit asks the same questions about the same texts, so:

- **answers** are stored per text (``ROOT/langid/<key>/<ab>/<sha256 of the text>.lid``, the embedding cache's
  root): the language and probability langdetect gave for exactly that text, bound to the installed langdetect
  (its folder and file times) and the seed (the entry holds the SHA-256 of key and text, checked on read); a changed text is a miss.
- **profiles** for the texts still to ask about come from an index built once from langdetect's profile files
  (``profiles.sqlite``, ~4 MB: n-gram -> its non-zero per-language probabilities, as langdetect computes them):
  a question reads only the n-grams of its text, so no run loads all 55 profiles. The detector is langdetect's own ``Detector`` over the same numbers, languages in the same
  order and the same seed, so every answer is the one langdetect gives (``tests/test_langcache.py`` compares).

Without a cache folder (the library's default, ``check --no-cache``) langdetect's detector runs over its table
kept packed in memory (``_packed_factory``: the same numbers, ~25 MB instead of langdetect's own ~56 MB).
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
import tempfile
from pathlib import Path
from contextlib import contextmanager
from typing import Iterator

from .cache import write_atomic

SEED = 0
_FORMAT = "v1"


def _langdetect_stamp() -> str:
    """What identifies the installed langdetect: its folder and the modification times of its detector and profiles
    (a stat, not a metadata scan: this runs on every check; reinstalling or upgrading it starts afresh)."""
    from importlib.util import find_spec

    spec = find_spec("langdetect")
    if spec is None or not spec.origin:
        return "langdetect:missing"
    folder = Path(spec.origin).parent
    try:
        stamps = [os.stat(folder / name).st_mtime_ns for name in ("detector.py", "detector_factory.py", "profiles")]
    except OSError:
        stamps = []
    return f"langdetect@{folder}:{':'.join(map(str, stamps))}"


class LangIdCache:
    """langdetect's best (language, probability) per text, stored under ``root``; the detector behind it."""

    def __init__(self, root: Path) -> None:
        self.key = f"{_langdetect_stamp()}|seed:{SEED}|{_FORMAT}"
        self.folder = Path(root) / "langid" / hashlib.sha256(self.key.encode()).hexdigest()[:12]
        self._factory = None
        self.hits = 0
        self.misses = 0

    def _path(self, text: str) -> Path:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / digest[:2] / f"{digest[2:]}.lid"

    def _binding(self, text: str) -> str:
        return hashlib.sha256(self.key.encode() + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, text: str) -> tuple[str, float] | None | bool:
        """The stored answer for ``text``: (lang, prob), None (langdetect found no features), False (not stored)."""
        try:
            binding, lang, prob = self._path(text).read_text(encoding="ascii").rstrip("\n").split("\t")
        except (OSError, ValueError, UnicodeDecodeError):
            return False
        if binding != self._binding(text):
            return False
        if lang == "-":
            return None
        try:
            return lang, float(prob)
        except ValueError:
            return False

    def put(self, text: str, answer: tuple[str, float] | None) -> None:
        """Store an answer atomically (a folder that cannot be written is skipped: the check goes on)."""
        line = f"{self._binding(text)}\t-\t-\n" if answer is None else \
            f"{self._binding(text)}\t{answer[0]}\t{answer[1]!r}\n"
        write_atomic(self._path(text), line.encode("ascii"))

    def detect(self, text: str) -> tuple[str, float] | None:
        """langdetect's best language and probability for ``text`` (None: no features), from disk when stored."""
        found = self.get(text)
        if found is not False:
            self.hits += 1
            return found  # type: ignore[return-value]
        self.misses += 1
        try:
            answer = best_language(text, self.factory())
        except sqlite3.Error:  # a damaged index: langdetect's own profiles from now on
            self._factory = _own_factory()
            answer = best_language(text, self._factory)
        self.put(text, answer)
        return answer

    def factory(self):
        """A langdetect DetectorFactory whose n-gram table is the lazy index (built on first use)."""
        if self._factory is None:
            self._factory = _lazy_factory(self.folder)
        return self._factory


_ROWS: dict[int, dict] = {}  # per factory: n-gram -> its per-language probabilities as a float64 array


def array_detector(factory):
    """A langdetect Detector for ``factory`` whose inner loops run on numpy arrays.

    Its trials draw the same random n-grams, multiply and normalise the same float64 values in the same order as
    langdetect's own loops (the normalising sum is Python's sequential one), so it gives the same languages and
    probabilities (``tests/test_langid.py`` compares), 1.6-1.8x faster: one such detection per translated unit was
    most of the non-model time of a unit check.
    """
    import numpy as np
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    rows = _ROWS.setdefault(id(factory), {})

    class ArrayDetector(Detector):
        def _row(self, word: str) -> "np.ndarray":
            row = rows.get(word)
            if row is None:
                row = rows[word] = np.array(self.word_lang_prob_map[word], dtype=np.float64)
            return row

        def _detect_block(self) -> None:
            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            table = np.stack([self._row(w) for w in ngrams])
            n, count = len(self.langlist), len(ngrams)
            langprob = [0.0] * n
            self.random.seed(self.seed)
            pick = self.random._randbelow  # what random.choice(ngrams) draws, without building the n-gram
            for _ in range(self.n_trial):
                prob = np.array(self._init_probability(), dtype=np.float64)
                alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weighted = (alpha / self.BASE_FREQ) + table  # weight + p(word|lang), as langdetect adds them
                i = 0
                while True:
                    prob *= weighted[pick(count)]
                    if i % 5 == 0:
                        prob /= sum(prob.tolist())
                        if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                            break
                    i += 1
                langprob = [a + p / self.n_trial for a, p in zip(langprob, prob.tolist())]
            self.langprob = langprob

    return ArrayDetector(factory)


def best_language(text: str, factory=None) -> tuple[str, float] | None:
    """langdetect's best (raw language code, probability) for ``text`` with the seed; None when it has no features.

    ``factory``: a DetectorFactory (default: langdetect's table, packed: ``_packed_factory``)."""
    from langdetect import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = SEED
    detector = array_detector(factory or _packed_factory())  # langdetect's Detector, its loops on arrays
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return None
    return (ranked[0].lang, float(ranked[0].prob)) if ranked else None


class LazyNgrams:
    """n-gram -> per-language probabilities, read from the index on first use and kept (absent ones too)."""

    def __init__(self, connection: sqlite3.Connection, languages: int) -> None:
        self._db = connection
        self._languages = languages
        self._rows: dict[str, list[float] | None] = {}

    def _row(self, word: str) -> list[float] | None:
        try:
            return self._rows[word]
        except KeyError:
            found = self._db.execute("SELECT probs FROM ngrams WHERE word = ?", (word,)).fetchone()
            row = None if found is None else _dense(found[0], self._languages)
            self._rows[word] = row
            return row

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._row(word) is not None

    def __getitem__(self, word: str) -> list[float]:
        row = self._row(word)
        if row is None:
            raise KeyError(word)
        return row


_ENTRY = struct.Struct("<Bd")  # language position, probability


def _dense(blob: bytes, languages: int) -> list[float]:
    """A stored row (the non-zero... and every given probability) as langdetect's list of ``languages`` floats."""
    row = [0.0] * languages
    for position, prob in _ENTRY.iter_unpack(blob):
        row[position] = prob
    return row


def _lazy_factory(folder: Path):
    from langdetect.detector_factory import DetectorFactory

    path = _index(folder)
    if path is None:  # the folder cannot be written: langdetect's own profiles
        return _own_factory()
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        languages = [row[0] for row in db.execute("SELECT lang FROM languages ORDER BY position")]
    except sqlite3.Error:
        languages = []
    if len(languages) < 2:  # damaged: removed (the next run rebuilds it); langdetect's own profiles for now
        try:
            path.unlink()
        except OSError:
            pass
        return _own_factory()
    factory = DetectorFactory()
    factory.langlist = languages
    factory.word_lang_prob_map = LazyNgrams(db, len(languages))
    return factory


def _own_factory():
    import langdetect.detector_factory as module

    module.init_factory()
    return module._factory


def _profiles() -> list[tuple[str, dict]]:
    """langdetect's profiles as its ``load_profile`` reads them: folder order, dot files and folders skipped."""
    import json

    import langdetect.detector_factory as module

    folder = module.PROFILES_DIRECTORY
    found = []
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as fh:
            found.append((name, json.load(fh)))
    return found


def _profile_rows() -> tuple[list[str], dict[str, bytearray]]:
    """langdetect's languages in its order and, per n-gram of 1-3 characters, its (position, probability) pairs
    with the probability langdetect's ``add_profile`` computes (``1.0 * freq / n_words[len - 1]``)."""
    rows: dict[str, bytearray] = {}
    languages = []
    for position, (_, data) in enumerate(_profiles()):
        languages.append(data["name"])
        n_words = data["n_words"]
        for word, freq in data["freq"].items():
            if 1 <= len(word) <= 3:
                rows.setdefault(word, bytearray()).extend(_ENTRY.pack(position, 1.0 * freq / n_words[len(word) - 1]))
    return languages, rows


class PackedNgrams:
    """n-gram -> per-language probabilities from the packed rows of ``_profile_rows``, each made into langdetect's
    list of floats when asked for."""

    def __init__(self, rows: dict[str, bytes], languages: int) -> None:
        self._rows = rows
        self._languages = languages

    def __contains__(self, word: object) -> bool:
        return word in self._rows

    def __getitem__(self, word: str) -> list[float]:
        return _dense(self._rows[word], self._languages)


_PACKED: list = []


def _packed_factory():
    """A DetectorFactory over langdetect's table kept packed in memory (~25 MB; langdetect's own lists of 55
    floats an n-gram are ~56 MB): the library's detector when no cache folder is in use (same answers)."""
    if not _PACKED:
        from langdetect.detector_factory import DetectorFactory

        languages, rows = _profile_rows()
        factory = DetectorFactory()
        factory.langlist = languages
        factory.word_lang_prob_map = PackedNgrams({word: bytes(row) for word, row in rows.items()}, len(languages))
        _PACKED.append(factory)
    return _PACKED[0]


def _index(folder: Path) -> Path | None:
    """The profile index in ``folder``, built when absent (None: the folder cannot be written).

    Each profile gives, for every n-gram of 1-3 characters in its ``freq``, the probability langdetect's
    ``add_profile`` computes (``1.0 * freq / n_words[len - 1]``); stored per n-gram as (position, probability)
    pairs, so a row read back is langdetect's row: those values, 0.0 elsewhere.
    """
    path = folder / "profiles.sqlite"
    if path.is_file():
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        os.close(fd)
    except OSError:
        return None
    try:
        languages, rows = _profile_rows()
        db = sqlite3.connect(tmp)
        db.execute("CREATE TABLE languages (position INTEGER PRIMARY KEY, lang TEXT)")
        db.execute("CREATE TABLE ngrams (word TEXT PRIMARY KEY, probs BLOB) WITHOUT ROWID")
        db.executemany("INSERT INTO languages VALUES (?, ?)", enumerate(languages))
        db.executemany("INSERT INTO ngrams VALUES (?, ?)", ((w, bytes(b)) for w, b in rows.items()))
        db.commit()
        db.close()
        os.replace(tmp, path)
        return path
    except (OSError, sqlite3.Error, ValueError, KeyError, TypeError, ZeroDivisionError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return None


_ACTIVE: LangIdCache | None = None
_BY_ROOT: dict[Path, LangIdCache] = {}


@contextmanager
def cached_answers(root: Path | str | None) -> Iterator[LangIdCache | None]:
    """Within the block, langdetect's answers go through the cache under ``root`` (None: langdetect as it is);
    one cache object per folder per process, so the index stays open between checks."""
    global _ACTIVE
    before = _ACTIVE
    if root is not None and Path(root) not in _BY_ROOT:
        _BY_ROOT[Path(root)] = LangIdCache(Path(root))
    _ACTIVE = None if root is None else _BY_ROOT[Path(root)]
    try:
        yield _ACTIVE
    finally:
        _ACTIVE = before


def active() -> LangIdCache | None:
    """The cache in use, if any."""
    return _ACTIVE
