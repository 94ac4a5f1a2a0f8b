"""``tqcheck.langcache``: langdetect's answers cached on disk and its profiles read from a lazy index give exactly
langdetect's own answers; a re-check asks langdetect nothing it was asked before."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from tqcheck import langcache
from tqcheck.cli import cli

TEXTS = [
    "The price of bread in Tehran rose by ten percent last week, officials said on Sunday.",
    "قیمت نان در تهران هفته گذشته ده درصد افزایش یافت.",
    "Die Schulen werden am Samstag nach den langen Ferien wieder geöffnet.",
    "Les écoles rouvriront samedi après les longues vacances d'hiver.",
    "Las escuelas volverán a abrir el sábado después de las vacaciones.",
    "这座桥是在二零一一年建成的，连接了城市的两岸。",
    "Мост был построен в 2011 году и соединил два берега реки.",
    "Il ponte è stato costruito nel 2011 e collega le due rive.",
    "ok",
    "12345 67890",
    "Heavy rain caused floods in the north; Schulen bleiben geschlossen.",
]


def test_lazy_index_and_cache_give_langdetects_own_answers(tmp_path, sample_texts):
    texts = TEXTS + [line for text in sample_texts for line in text.splitlines() if line.strip()][:40]
    plain = [langcache.best_language(t) for t in texts]
    cache = langcache.LangIdCache(tmp_path)
    assert [cache.detect(t) for t in texts] == plain  # computed with the lazy index
    assert cache.misses == len(texts) and cache.hits == 0
    assert (cache.folder / "profiles.sqlite").is_file()
    again = langcache.LangIdCache(tmp_path)
    assert [again.detect(t) for t in texts] == plain  # read back from disk, bit for bit
    assert again.hits == len(texts) and again.misses == 0
    assert again._factory is None  # nothing was loaded to answer


def test_the_index_holds_langdetects_own_table(tmp_path):
    """Every n-gram langdetect can look up (1-3 characters) reads back as langdetect's own row, in its language
    order, and no other n-gram is found."""
    own = langcache._own_factory()
    lazy = langcache.LangIdCache(tmp_path).factory()
    assert lazy.langlist == own.langlist
    words = [w for w in own.word_lang_prob_map if 1 <= len(w) <= 3]
    assert len(words) > 50_000
    assert all(lazy.word_lang_prob_map[w] == own.word_lang_prob_map[w][:len(own.langlist)] for w in words)
    assert "qqq" not in lazy.word_lang_prob_map and ("qqq" in own.word_lang_prob_map) is False


def test_without_a_cache_folder_the_table_is_langdetects_kept_packed():
    """The library's detector (no cache folder) reads the same rows as langdetect's own table, which held every
    row as a list of 55 floats (~56 MB; packed ~16 MB), and gives the same answers."""
    own = langcache._own_factory()
    packed = langcache._packed_factory()
    assert packed.langlist == own.langlist
    words = [w for w in own.word_lang_prob_map if 1 <= len(w) <= 3]
    assert len(packed.word_lang_prob_map._rows) == len(words)
    assert all(packed.word_lang_prob_map[w] == own.word_lang_prob_map[w][:len(own.langlist)] for w in words)
    assert all(isinstance(row, bytes) for row in packed.word_lang_prob_map._rows.values())  # not lists of floats
    assert [langcache.best_language(t) for t in TEXTS] == [langcache.best_language(t, own) for t in TEXTS]


def test_an_entry_for_another_text_or_a_damaged_one_is_a_miss(tmp_path):
    cache = langcache.LangIdCache(tmp_path)
    cache.put(TEXTS[0], ("xx", 0.5))
    entry = cache._path(TEXTS[0])
    cache._path(TEXTS[2]).parent.mkdir(parents=True, exist_ok=True)
    cache._path(TEXTS[2]).write_bytes(entry.read_bytes())  # copied over another text's entry
    assert cache.get(TEXTS[2]) is False
    entry.write_text("garbage", encoding="ascii")
    assert cache.get(TEXTS[0]) is False
    assert cache.detect(TEXTS[0]) == langcache.best_language(TEXTS[0])


def test_a_damaged_index_falls_back_to_langdetect(tmp_path):
    cache = langcache.LangIdCache(tmp_path)
    cache.detect(TEXTS[0])
    index = cache.folder / "profiles.sqlite"
    index.write_bytes(b"not a database")
    fresh = langcache.LangIdCache(tmp_path)
    assert fresh.detect(TEXTS[2]) == langcache.best_language(TEXTS[2])


@pytest.fixture
def private_workers(monkeypatch):
    """Batch runs in this process: the worker's per-process model and embedder caches start empty and are put
    back afterwards, so the fake model never reaches a later test."""
    from tqcheck.engines import worker

    monkeypatch.setattr(worker, "_MODELS", {})
    monkeypatch.setattr(worker, "_EMBEDDERS", {})


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = langcache.best_language

    def counting(text, factory=None):
        calls.append(text)
        return real(text, factory)

    monkeypatch.setattr(langcache, "best_language", counting)
    return calls


def test_check_asks_langdetect_only_about_new_text(fake_embedder, counted, tmp_path, sample_texts, monkeypatch):
    src, tgt = sample_texts
    (tmp_path / "fa.txt").write_text(src, encoding="utf-8")
    (tmp_path / "en.txt").write_text(tgt, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(cli, ["check", "fa.txt", "en.txt", "--format", "json"])
    assert first.exit_code in (0, 1) and counted, first.stderr
    counted.clear()
    second = CliRunner().invoke(cli, ["check", "fa.txt", "en.txt", "--format", "json"])
    assert second.stdout == first.stdout and counted == []
    sentence = next(line for line in tgt.splitlines() if len(line.split()) > 8).split(". ")[0]
    (tmp_path / "en.txt").write_text(tgt.replace(sentence, sentence.replace(" the ", " this ", 1), 1),
                                     encoding="utf-8")
    CliRunner().invoke(cli, ["check", "fa.txt", "en.txt"])
    assert 1 <= len(counted) <= 3  # the edited sentence (and the whole translation's language), nothing else
    counted.clear()
    CliRunner().invoke(cli, ["check", "fa.txt", "en.txt", "--no-cache"])
    assert len(counted) > 3  # --no-cache: langdetect is asked everything again
    assert langcache.active() is None  # nothing left switched on after the command


def test_batch_pairs_use_the_cache_too(fake_embedder, private_workers, counted, tmp_path, sample_texts):
    src, tgt = sample_texts
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.fa.txt").write_text(src, encoding="utf-8")
    (folder / "a.en.txt").write_text(tgt, encoding="utf-8")
    first = CliRunner().invoke(cli, ["batch", str(folder), "--format", "json"])
    assert first.exit_code in (0, 1) and counted, first.stderr
    counted.clear()
    second = CliRunner().invoke(cli, ["batch", str(folder), "--format", "json"])
    assert second.stdout == first.stdout and counted == []
    assert langcache.active() is None
