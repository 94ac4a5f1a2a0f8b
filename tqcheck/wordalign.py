"""Word alignment inside one aligned segment, from the bundled model's token states (the SimAlign family).

Words are split per script: runs of letters, marks and digits (a Persian zero-width non-joiner and an
apostrophe or hyphen between letters stay inside the word, so ``کتاب‌ها`` and ``grand-mère`` are one word;
Arabic and Persian clitics written together with their host stay with it), every Han, kana or other
unspaced-script character its own word, every punctuation mark its own word. A word's vector is the mean of
the states of the model pieces that overlap it (a piece spanning two Chinese characters serves both).
Words are linked from the cosine matrix by mutual ``argmax``, ``itermax`` (argmax repeated over words left
unlinked, SimAlign's variant) or ``match`` (maximum-weight bipartite matching).

>>> [w.text for w in split_words("Der Zug, heute.", "de")]
['Der', 'Zug', ',', 'heute', '.']
>>> [w.text for w in split_words("这家餐厅很好。", "zh")]
['这', '家', '餐', '厅', '很', '好', '。']
>>> [(w.text, w.kind) for w in split_words("کتاب‌ها را ۲ بار خواندم.", "fa")]
[('کتاب\u200cها', 'content'), ('را', 'function'), ('۲', 'number'), ('بار', 'content'), ('خواندم', 'content'), ('.', 'punct')]
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .languages import UNSPACED_CHARACTERS
from .tokenstates import QUERY_PREFIX, TokenModel, TokenStates, shared_model

METHODS = ("argmax", "itermax", "match")
DEFAULT_LAYER = 8           # the word tagger's layer, chosen on MLQE-PE word-level dev (scripts/train_word_tagger.py)
DEFAULT_METHOD = "itermax"
FUNCTION_RANK = 1000        # a word that is one of the model's 1000 most frequent pieces is a function word
ITERMAX_ROUNDS = 2
ITERMAX_ALPHA = 0.9

# Han, kana, and scripts written without spaces: one character per word
_UNSPACED = UNSPACED_CHARACTERS
_WORD = re.compile(
    rf"[{_UNSPACED}]"                                                     # one unspaced-script character
    rf"|(?:(?![{_UNSPACED}])[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0dff"
    rf"\u200c\u200d])+(?:['’\-](?:(?![{_UNSPACED}])\w)+)*"                  # letters, marks, digits, ZWNJ
    r"|[^\s\w]",                                                          # one punctuation mark or symbol
)
_UNSPACED_CHAR = re.compile(rf"[{_UNSPACED}]")
# Frequent pieces that change meaning: never treated as function words.
NEGATIONS = frozenset(
    "not no never nor none nothing nobody n't nicht kein keine keinen keiner nie niemals ne pas jamais rien "
    "non no nunca nada não nem nunca nu niciodată не нет ни никогда ei mitte pole لا لم لن ليس ما غير نه نمی "
    "نیست هرگز نی 不 没 沒 无 無 别 未 否".split())


@dataclass(frozen=True)
class Word:
    """A word of a segment: character span in the segment text, and its kind.

    ``kind`` is ``content``, ``function`` (one of the model's most frequent pieces, not a negation),
    ``number`` (has a digit) or ``punct``.
    """

    start: int
    end: int
    text: str
    kind: str


@dataclass(frozen=True)
class WordAlignment:
    """Words of a source and a target segment, the links between them and each pair's cosine."""

    source: tuple[Word, ...]
    target: tuple[Word, ...]
    links: tuple[tuple[int, int], ...]
    similarity: tuple[tuple[float, ...], ...]   # [source word][target word]

    def unlinked(self, side: str) -> tuple[int, ...]:
        """Indices of the words of ``side`` (``source`` or ``target``) with no link."""
        linked = {i if side == "source" else j for i, j in self.links}
        words = self.source if side == "source" else self.target
        return tuple(k for k in range(len(words)) if k not in linked)


def split_words(text: str, lang: str, model: TokenModel | None = None) -> tuple[Word, ...]:
    """The words of ``text`` (see the module doc); ``model`` decides function words (default: the shared one)."""
    model = model or shared_model()
    return tuple(Word(m.start(), m.end(), m.group(), word_kind(m.group(), model)) for m in _WORD.finditer(text))


def words_of_tokens(text: str, model: TokenModel | None = None) -> tuple[Word, ...]:
    """Words of an already tokenised text (one word per whitespace-separated token, as in WMT QE data)."""
    model = model or shared_model()
    return tuple(Word(m.start(), m.end(), m.group(), word_kind(m.group(), model)) for m in re.finditer(r"\S+", text))


def word_kind(token: str, model: TokenModel) -> str:
    """``punct``, ``number``, ``function`` (one of the model's most frequent pieces, not a negation) or ``content``."""
    if not any(unicodedata.category(c)[0] in "LMN" for c in token):
        return "punct"
    if any(c.isdigit() for c in token):
        return "number"
    if token.lower() in NEGATIONS:
        return "content"
    lookup = model.tokenizer._lookup
    bare = lookup.get(token, FUNCTION_RANK) if _UNSPACED_CHAR.match(token) else FUNCTION_RANK
    rank = min(lookup.get("\u2581" + token.lower(), FUNCTION_RANK), bare)
    return "function" if rank < FUNCTION_RANK else "content"


def word_vectors(states: TokenStates, layer: int, words: Sequence[Word]) -> np.ndarray:
    """One L2-normalised row per word: the mean state of the pieces overlapping it (zeros if none does)."""
    hidden = states.states[layer]
    spans = states.tokens.spans
    first = states.tokens.n_prefix
    out = np.zeros((len(words), hidden.shape[1]), dtype=np.float32)
    for k, w in enumerate(words):
        rows = [i for i in range(first, len(spans)) if spans[i][0] < w.end and spans[i][1] > w.start]
        if rows:
            out[k] = hidden[rows].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-6)


def link(similarity: np.ndarray, method: str = DEFAULT_METHOD) -> list[tuple[int, int]]:
    """Links (source word, target word) from a cosine matrix.

    >>> link(np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.6]]), "argmax")
    [(0, 0), (1, 1)]
    >>> link(np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.6]]), "itermax")
    [(0, 0), (1, 1), (2, 0)]
    """
    if method not in METHODS:
        raise ValueError(f"unknown word-alignment method '{method}' (known: {', '.join(METHODS)})")
    if similarity.size == 0:
        return []
    if method == "match":
        return sorted(_max_weight_matching(similarity))
    links = set(_mutual_argmax(similarity))
    if method == "itermax":
        for _ in range(ITERMAX_ROUNDS - 1):
            src_done = np.zeros(similarity.shape[0], bool)
            tgt_done = np.zeros(similarity.shape[1], bool)
            for i, j in links:
                src_done[i] = tgt_done[j] = True
            weight = np.where(src_done[:, None] & tgt_done[None, :], 0.0,
                              np.where(src_done[:, None] | tgt_done[None, :], ITERMAX_ALPHA, 1.0))
            masked = similarity * weight
            new = {(i, j) for i, j in _mutual_argmax(masked) if not (src_done[i] and tgt_done[j])}
            if not new:
                break
            links |= new
    return sorted(links)


def _mean_cosine(xs: TokenStates, ys: TokenStates, layer: int) -> float:
    """Cosine of the mean states (text pieces only, not the prefix) of two texts at ``layer``; 0 if one has none."""
    a, b = xs.states[layer][xs.tokens.n_prefix:], ys.states[layer][ys.tokens.n_prefix:]
    if not len(a) or not len(b):
        return 0.0
    a, b = a.mean(axis=0), b.mean(axis=0)
    return float(a @ b / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-6))


def _mutual_argmax(sim: np.ndarray) -> list[tuple[int, int]]:
    best_t = sim.argmax(axis=1)
    best_s = sim.argmax(axis=0)
    return [(i, int(j)) for i, j in enumerate(best_t) if best_s[j] == i]


def _max_weight_matching(sim: np.ndarray) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one links (Hungarian method with potentials, O(n^2 m))."""
    flip = sim.shape[0] > sim.shape[1]
    cost = -(sim.T if flip else sim).astype(np.float64)
    n, m = cost.shape
    u, v = np.zeros(n + 1), np.zeros(m + 1)
    owner = np.zeros(m + 1, dtype=int)          # owner[j]: row matched to column j (1-based, 0 = free)
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        minv = np.full(m + 1, np.inf)
        way = np.zeros(m + 1, dtype=int)
        used = np.zeros(m + 1, dtype=bool)
        while owner[j0] != 0:
            used[j0] = True
            i0 = owner[j0]
            cur = cost[i0 - 1] - u[i0] - v[1:]
            free = ~used[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            cand = np.where(free, minv[1:], np.inf)
            j1 = int(cand.argmin()) + 1
            delta = cand[j1 - 1]
            u[owner[used]] += delta
            v[used] -= delta
            minv[1:][free] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    pairs = [(int(owner[j]) - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    return [(b, a) for a, b in pairs] if flip else pairs


class WordAligner:
    """Aligns the words of segment pairs with one forward pass per batch of segments."""

    def __init__(self, model: TokenModel | None = None, layer: int = DEFAULT_LAYER,
                 method: str = DEFAULT_METHOD) -> None:
        if method not in METHODS:
            raise ValueError(f"unknown word-alignment method '{method}' (known: {', '.join(METHODS)})")
        self.model = model or shared_model()
        self.layer, self.method = layer, method

    def similarities(self, pairs: Sequence[tuple[str, str]], langs: tuple[str, str],
                     words: Sequence[tuple[Sequence[Word], Sequence[Word]]] | None = None) -> list[tuple]:
        """(source words, target words, cosine matrix) per pair; ``words`` overrides the splitting."""
        return [row[:3] for row in self.compare(pairs, langs, words)]

    def compare(self, pairs: Sequence[tuple[str, str]], langs: tuple[str, str],
                words: Sequence[tuple[Sequence[Word], Sequence[Word]]] | None = None) -> list[tuple]:
        """(source words, target words, word cosine matrix, segment cosine) per pair, from one forward pass;
        the segment cosine is between the two texts' mean last-layer piece states."""
        if words is None:
            words = [(split_words(s, langs[0], self.model), split_words(t, langs[1], self.model)) for s, t in pairs]
        texts = [text for pair in pairs for text in pair]
        last = self.model.n_layers
        states = self.model.token_states(texts, layers=(self.layer, last), prefix=QUERY_PREFIX)
        out = []
        for k, (src_words, tgt_words) in enumerate(words):
            xs, ys = states[2 * k], states[2 * k + 1]
            x = word_vectors(xs, self.layer, src_words)
            y = word_vectors(ys, self.layer, tgt_words)
            out.append((tuple(src_words), tuple(tgt_words), x @ y.T, _mean_cosine(xs, ys, last)))
        return out

    def align(self, pairs: Sequence[tuple[str, str]], langs: tuple[str, str]) -> list[WordAlignment]:
        """Word alignments of ``(source segment, target segment)`` pairs in languages ``langs``."""
        out = []
        for src_words, tgt_words, sim in self.similarities(pairs, langs):
            links = link(sim, self.method)
            out.append(WordAlignment(src_words, tgt_words, tuple(links),
                                     tuple(tuple(round(float(v), 4) for v in row) for row in sim)))
        return out
