"""Checking many document pairs: discovery (manifest or directory), running them, one result per pair.

Directory rule: every ``NAME.LANG.txt`` (LANG a supported language code) under the directory (recursively, hidden folders skipped) belongs to
the document ``NAME`` in its folder; a file named ``LANG.txt`` belongs to the document named after its folder.
``NAME.<target>.txt`` is the translation, each other language a source (one pair per source language),
``NAME.<target>.ref.txt`` an optional reference translation. The same holds for ``.html``, ``.md``, ``.docx``,
``.srt`` and ``.vtt`` documents; a bilingual file (``.xlf``, ``.xliff``, ``.po``, ``.tmx``) is a pair by itself,
and a manifest row may name one (or a TSV/CSV/JSONL of sentence pairs) as its source with no target.

>>> _split_name("news-1.fa.txt"), _split_name("en.txt"), _split_name("a.en.ref.txt"), _split_name("notes.txt")
(('news-1', 'fa', False), ('', 'en', False), ('a', 'en', True), None)
>>> _split_name("notes.old.txt"), _split_name("f.zh-CN.txt")
(None, ('f', 'zh-cn', False))
"""
from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .configfile import FileConfig, Settings, needs_language, resolve
from .engines.worker import worker_embedder
from .errors import InputError, TqcheckError
from .verdict import judge
from .types import Report

if TYPE_CHECKING:
    from .engines import Engine

MANIFEST_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson")
MANIFEST_COLUMNS = ("id", "source", "target", "reference", "source_lang", "target_lang")
_ALIASES = {"translation": "target", "src": "source", "tgt": "target", "ref": "reference"}
_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})?$", re.IGNORECASE)


@dataclass(frozen=True)
class Pair:
    """One document pair to check; ``problem`` is set when discovery already found it unusable."""

    id: str
    source: str | None
    target: str | None
    reference: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    problem: str | None = None


@dataclass(frozen=True)
class PairResult:
    """The outcome of one pair: ``status`` is ``pass``, ``fail`` or ``error`` (could not be checked)."""

    pair: Pair
    status: str
    report: Report | None = None
    reasons: tuple[str, ...] = ()
    error: str | None = None
    reference_chrf: float | None = None
    embedded: int = 0


@dataclass(frozen=True)
class BatchResult:
    """All pair results, in discovery order."""

    results: tuple[PairResult, ...]

    def counts(self) -> dict[str, int]:
        """Number of pairs per status."""
        return {s: sum(r.status == s for r in self.results) for s in ("pass", "fail", "error")}

    @property
    def status(self) -> str:
        """``error`` when nothing could be checked, ``fail`` when any pair failed or errored, else ``pass``."""
        counts = self.counts()
        if counts["pass"] + counts["fail"] == 0:
            return "error"
        return "fail" if counts["fail"] or counts["error"] else "pass"


# ---------------------------------------------------------------- discovery

def discover(path: str, target_lang: str = "en", allow_outside: bool = False) -> list[Pair]:
    """Pairs from a manifest file (.csv, .tsv, .jsonl) or a directory; InputError if neither.

    Files must lie inside the directory (or the manifest's folder), links followed, unless ``allow_outside``:
    a pair naming a file outside is an error result and the file is never read.
    """
    p = Path(path)
    if p.is_dir():
        return confine(find_pairs(path, target_lang), path, allow_outside)
    if p.is_file():
        if p.suffix.lower() not in MANIFEST_SUFFIXES:
            raise InputError(f"{path}: not a directory or a manifest ({', '.join(MANIFEST_SUFFIXES)})")
        return confine(read_manifest(path), str(p.parent), allow_outside)
    raise InputError(f"{path}: no such file or directory")


def outside(path: str, root: str) -> bool:
    """Whether ``path``, links followed, lies outside the folder ``root`` (links followed too)."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([real, top]) != top


def confine(pairs: list[Pair], root: str, allow_outside: bool) -> list[Pair]:
    """Pairs whose files all lie inside ``root``; the others get a problem (their files are never read)."""
    if allow_outside:
        return pairs
    confined = []
    for pair in pairs:
        escaping = [p for p in (pair.source, pair.target, pair.reference) if p and outside(p, root)]
        if escaping and not pair.problem:
            where = os.path.realpath(root)
            pair = replace(pair, problem=f"{escaping[0]} is outside {where} (a link or a path leading out); "
                                         "pass --allow-outside to read it")
        confined.append(pair)
    return confined


DOCUMENT_SUFFIXES = ("txt", "html", "htm", "md", "docx", "srt", "vtt")  # NAME.LANG.<suffix>, one file per side
BILINGUAL_SUFFIXES = (".xlf", ".xliff", ".po", ".tmx")  # one file holds both sides: a pair by itself


def _split_name(name: str) -> tuple[str, str, bool] | None:
    parts = name.split(".")
    if len(parts) < 2 or parts[-1].lower() not in DOCUMENT_SUFFIXES:
        return None
    is_ref = len(parts) >= 3 and parts[-2].lower() == "ref"
    lang_at = -3 if is_ref else -2
    if len(parts) < -lang_at or not _LANG.match(parts[lang_at]):
        return None
    from .langid import SUPPORTED_LANGS, normalise_lang

    if normalise_lang(parts[lang_at]) not in SUPPORTED_LANGS:
        return None
    return ".".join(parts[:lang_at]), parts[lang_at].lower(), is_ref


def find_pairs(root: str, target_lang: str = "en") -> list[Pair]:
    """Pairs by the naming rule in this module's docstring, sorted by id; missing partners become problems."""
    from .langid import normalise_lang

    target_lang = normalise_lang(target_lang)
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    bilingual: list[Pair] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if Path(name).suffix.lower() in BILINGUAL_SUFFIXES:
                path = os.path.join(folder, name)
                pair_id = os.path.relpath(path, root).replace(os.sep, "/")
                bilingual.append(Pair(pair_id, path, path))  # languages: the file's own (PO/XLIFF), or settings
                continue
            split = _split_name(name)
            if split is None:
                continue
            stem, lang, is_ref = split
            group = groups.setdefault((folder, stem), {"sources": {}, "target": None, "reference": None})
            path = os.path.join(folder, name)
            if is_ref:
                group["reference"] = path
            elif normalise_lang(lang) == target_lang:
                group["target"] = path
            else:
                group["sources"][lang] = path
    pairs = []
    for (folder, stem), group in groups.items():
        pairs.extend(_group_pairs(root, folder, stem, group, target_lang))
    return sorted(pairs + bilingual, key=lambda p: p.id)


def _group_pairs(root: str, folder: str, stem: str, group: dict[str, Any], target_lang: str) -> list[Pair]:
    rel = os.path.relpath(os.path.join(folder, stem) if stem else folder, root).replace(os.sep, "/")
    base_id = rel if rel != "." else (Path(root).resolve().name or "document")
    suffix = Path((group["sources"] and next(iter(group["sources"].values()))) or "x.txt").suffix
    expected = os.path.join(folder, f"{stem}.{target_lang}{suffix}" if stem else f"{target_lang}{suffix}")
    if not group["sources"]:
        return [Pair(base_id, None, group["target"] or group["reference"], target_lang=target_lang,
                     problem=f"no source text next to {group['target'] or group['reference']}")]
    pairs = []
    for lang, source in sorted(group["sources"].items()):
        pair_id = base_id if len(group["sources"]) == 1 else f"{base_id}.{lang}"
        problem = None if group["target"] else f"missing translation {expected}"
        pairs.append(Pair(pair_id, source, group["target"], group["reference"], lang, target_lang, problem))
    return pairs


def _manifest_rows(path: Path) -> Iterable[tuple[int, dict[str, Any] | str]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"line {number}: not valid JSON ({exc.msg})"
                continue
            yield number, row if isinstance(row, dict) else f"line {number}: expected a JSON object"
        return
    reader = csv.DictReader(text.splitlines(), delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
    header = {_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in reader.fieldnames or []}
    if "source" not in header:  # 'target' may be left out when every source is a bilingual file
        raise InputError(f"{path}: the first line must name the columns, with at least 'source' and 'target' "
                         f"(optional: {', '.join(c for c in MANIFEST_COLUMNS if c not in ('source', 'target'))})")
    for row in reader:
        yield reader.line_num, {k: v for k, v in row.items() if k is not None}


def read_manifest(manifest: str) -> list[Pair]:
    """Pairs from a CSV/TSV (with a header) or JSONL manifest; paths are relative to the manifest's folder."""
    path = Path(manifest)
    try:
        rows = list(_manifest_rows(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{manifest}: cannot read the manifest ({exc})") from None
    pairs: list[Pair] = []
    seen: set[str] = set()
    for number, row in rows:
        pair = _manifest_pair(path, number, row)
        if pair.id in seen:
            pair = Pair(f"{pair.id}#{number}", pair.source, pair.target, problem=f"duplicate id '{pair.id}'")
        seen.add(pair.id)
        pairs.append(pair)
    if not pairs:
        raise InputError(f"{manifest}: the manifest lists no pairs")
    return pairs


def _manifest_pair(manifest: Path, number: int, row: dict[str, Any] | str) -> Pair:
    if isinstance(row, str):
        return Pair(f"line-{number}", None, None, problem=row)
    values = {_ALIASES.get(str(k).strip().lower(), str(k).strip().lower()): ("" if v is None else str(v).strip())
              for k, v in row.items()}
    unknown = sorted(set(values) - set(MANIFEST_COLUMNS))
    folder = manifest.parent

    def resolve_path(key: str) -> str | None:
        return os.path.normpath(os.path.join(folder, values[key])) if values.get(key) else None

    source, target = resolve_path("source"), resolve_path("target")
    pair_id = values.get("id") or (Path(target or source or f"line-{number}").with_suffix("").as_posix())
    problem = None
    if unknown:
        problem = f"line {number}: unknown column(s) {', '.join(unknown)}"
    elif source and not target and _holds_units(source):
        target = source  # one bilingual file (XLIFF, PO, TMX, TSV, CSV, JSONL) holds both sides
    elif not source or not target:
        problem = f"line {number}: needs both a source and a target path"
    return Pair(pair_id, source, target, resolve_path("reference"), values.get("source_lang") or None,
                values.get("target_lang") or None, problem)


def _holds_units(path: str) -> bool:
    from .readers import format_from_name, is_unit_format

    fmt = format_from_name(path)
    return fmt is not None and is_unit_format(fmt) and fmt not in ("srt", "vtt")


# ---------------------------------------------------------------- running

def _source_lang_for(pair: Pair, file_config: FileConfig, cli: Settings, text: str,
                     declared: str | None = None) -> str | None:
    lang = pair.source_lang or cli.source_lang or file_config.base.source_lang or declared
    if lang or not needs_language(file_config):
        return lang
    from .langid import detect_language

    try:
        return detect_language(text)
    except TqcheckError:
        return None


def check_pair(pair: Pair, file_config: FileConfig, cli: Settings, cache_dir: str | None,
               limits: Any = None) -> PairResult:
    """Read, check and judge one pair; every user-facing problem becomes an ``error`` result.

    Languages named by the pair (manifest columns, file names) win over ``cli``, which wins over the file.
    """
    from .pipeline import check_documents, check_units, read_pair_units
    from .readers import declared_source_language, declared_target_language, read_document, resolve_format

    if pair.problem:
        return PairResult(pair, "error", error=pair.problem)
    try:
        from dataclasses import replace as replaced

        from .limits import Limits, check_file

        bounds = limits or Limits()
        check_file(pair.source, bounds)
        check_file(pair.target, bounds)
        named = Settings(source_lang=pair.source_lang, target_lang=pair.target_lang).over(cli)
        kind, units = read_pair_units(pair.source, pair.target, None, False, *file_config.reading_languages(named))
        if units is None:
            source_text = read_document(pair.source, kind).text
            target_text = read_document(pair.target, resolve_format(pair.target)).text
        else:  # pre-aligned units: languages from a sample of their sources
            from .flags.placeholders import plain_text
            from itertools import chain, islice

            head = list(islice(units, 200))
            units, source_text = chain(head, units), "\n".join(plain_text(u.source)[0] for u in head)
        declared = declared_target_language(pair.source, kind) if units is not None else None
        declared_source = declared_source_language(pair.source, kind) if units is not None else None
        lang = _source_lang_for(pair, file_config, cli, source_text, declared_source)
        own = Settings(source_lang=pair.source_lang, target_lang=pair.target_lang)
        config, policy = resolve(file_config, own.over(cli), lang, declared or "en", declared_source)
        config = replaced(config, limits=bounds)
        embedder = worker_embedder(config.model, cache_dir)
        before = embedder.misses
        from .langcache import cached_answers

        with cached_answers(_answers_folder(cache_dir)):  # langdetect's answers cached beside the vectors
            if units is None:
                report = check_documents(pair.source, pair.target, config, embedder=embedder)
            else:
                report = check_units(units, config, embedder=embedder)
        chrf = _reference_chrf(pair.reference, report.target.text) if pair.reference else None
    except TqcheckError as exc:
        return PairResult(pair, "error", error=str(exc))
    status, reasons = judge(report, policy)
    return PairResult(pair, status, report, tuple(reasons), reference_chrf=chrf, embedded=embedder.misses - before)


def _answers_folder(cache_dir: str | None) -> str | None:
    from .engines.worker import WORKER_CACHE

    if cache_dir == WORKER_CACHE:
        from .cache import default_cache_dir

        return str(default_cache_dir())
    return cache_dir


def _reference_chrf(reference: str, target_text: str) -> float:
    from sacrebleu.metrics import CHRF

    from .readers.plain import read_text

    ref = read_text(reference)
    return round(CHRF().corpus_score([target_text], [[ref]]).score, 2)


def run_batch(pairs: list[Pair], file_config: FileConfig, cli: Settings, *, jobs: int = 1,
              cache_dir: str | None = None, on_result: Callable[[int, int, PairResult], None] | None = None,
              engine: "Engine | None" = None, limits: Any = None) -> BatchResult:
    """Check every pair on ``engine`` (default: the local engine with ``jobs`` worker processes).

    ``on_result(done, total, result)`` runs for each pair as soon as it and every pair before it are done;
    ``limits`` (``tqcheck.limits.Limits``) bounds every pair's input.
    """
    from .engines import open_engine

    total = len(pairs)
    task = partial(check_pair, file_config=file_config, cli=cli, cache_dir=cache_dir, limits=limits)
    runner = engine or open_engine("local", jobs=max(1, min(jobs, total)) if jobs >= 1 else jobs)
    results: list[PairResult] = []
    try:
        for result in runner.map(task, pairs):
            results.append(result)
            if on_result:
                on_result(len(results), total, result)
    finally:
        if engine is None:
            runner.close()
    return BatchResult(tuple(results))
