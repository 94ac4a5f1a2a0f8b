"""Terminology: a glossary of required target terms and do-not-translate terms, checked per aligned segment.

Glossary files:

- **CSV/TSV** with a header: ``source`` (the source term), ``target`` (the required translation; alternatives
  separated by ``|``), optional ``dnt`` (``yes``/``true``/``1``: the term must appear unchanged, ``target`` may
  stay empty). A row whose ``target`` is the source term itself is a do-not-translate term too.
- **TBX** (TermBase eXchange): each ``termEntry`` gives a term per ``langSet`` (``xml:lang``); the source language's
  terms map to the target language's; an entry with only the source language, or whose terms are equal, is
  do-not-translate.

A term matches case-insensitively at word edges (letters and digits around it do not belong to it), so ``NATO``
does not match inside ``NATOs`` but ``کتاب`` matches ``کتاب`` between spaces. Two findings, both warnings:
``glossary-term`` (the source has the term, the translation has none of its required translations) and
``do-not-translate`` (the term is in the source but not unchanged in the translation). Both highlight the term
in the source, and the signature gains ``glossary:<hash>`` of the terms.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
from .types import Flag, Report, Severity, Span

TRUE = {"yes", "true", "1", "y", "x"}
GLOSSARY_IDS = ("glossary-term", "do-not-translate")  # the flag ids this module adds (``--ignore`` takes them)


@dataclass(frozen=True)
class Term:
    """A source term and the target terms that may translate it (``dnt``: it must stay as it is)."""

    source: str
    targets: tuple[str, ...]
    dnt: bool = False


@dataclass(frozen=True)
class Glossary:
    """The terms of one glossary file; ``digest`` names its content in the signature."""

    path: str
    terms: tuple[Term, ...]

    @property
    def digest(self) -> str:
        text = "\n".join(f"{t.source}\t{'|'.join(t.targets)}\t{int(t.dnt)}" for t in self.terms)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _csv_terms(text: str, path: str) -> list[Term]:
    dialect = "excel-tab" if path.lower().endswith(".tsv") or "\t" in text.split("\n", 1)[0] else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "source" not in header or ("target" not in header and "dnt" not in header):
        raise InputError(f"{path}: a glossary needs a header with 'source' and 'target' (and optionally 'dnt')")
    terms = []
    for row in reader:
        row = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        source = row.get("source", "")
        if not source:
            continue
        targets = tuple(t.strip() for t in row.get("target", "").split("|") if t.strip())
        dnt = row.get("dnt", "").lower() in TRUE or targets == (source,)
        if not targets and not dnt:
            raise InputError(f"{path}: line {reader.line_num}: '{source}' has no target term (or mark it dnt)")
        terms.append(Term(source, targets or (source,), dnt))
    return terms


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _descendants(node, *names: str) -> list:
    return [el for el in node.iter() if _local(el.tag) in names]


def _tbx_terms(text: str, path: str, source_lang: str, target_lang: str) -> list[Term]:
    """Terms of a TBX file (TBX 2 ``martif``/``termEntry``/``langSet`` or TBX 3 ``conceptEntry``/``langSec``),
    read with the standard library's parser (no DTD or external entity is fetched)."""
    import xml.etree.ElementTree as ET

    if "<!ENTITY" in text:
        raise InputError(f"{path}: TBX with entity declarations is not read (for safety)")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(f"{path}: not valid TBX ({exc})") from None
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    terms = []
    for entry in _descendants(root, "termEntry", "conceptEntry"):
        by_lang: dict[str, list[str]] = {}
        for lang_set in _descendants(entry, "langSet", "langSec"):
            lang = (lang_set.get(xml_lang) or lang_set.get("lang") or "").lower().split("-")[0]
            by_lang.setdefault(lang, []).extend(
                (t.text or "").strip() for t in _descendants(lang_set, "term") if (t.text or "").strip())
        for source in by_lang.get(source_lang, []):
            targets = tuple(by_lang.get(target_lang, []))
            dnt = not targets or targets == (source,)
            terms.append(Term(source, targets or (source,), dnt))
    return terms


def read_glossary(path: str, source_lang: str, target_lang: str = "en") -> Glossary:
    """A glossary file (CSV/TSV or TBX, by content); InputError with a one-line message when unusable."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the glossary ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the glossary is not UTF-8") from None
    if text.lstrip().startswith("<"):
        terms = _tbx_terms(text, path, source_lang.lower(), target_lang.lower())
    else:
        terms = _csv_terms(text, path)
    if not terms:
        raise InputError(f"{path}: the glossary has no terms (for source language '{source_lang}')")
    return Glossary(path, tuple(terms))


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + re.escape(term) + r"(?![\w])", re.IGNORECASE)


def _find(term: str, text: str) -> re.Match[str] | None:
    return _pattern(term).search(text)


def _term_flags(report: Report, k: int, term: Term) -> list[Flag]:
    a = report.alignments[k]
    if not a.src or not a.tgt:
        return []  # omissions and additions are reported as such
    for i in a.src:
        sentence = report.source.sentences[i]
        found = _find(term.source, sentence.text)
        if found is None:
            continue
        target = report.target.joined(a.tgt)
        span = Span("source", sentence.start + found.start(), sentence.start + found.end(), found.group())
        if term.dnt:
            if term.source in target:
                return []
            return [Flag("do-not-translate", Severity.WARNING, k,
                         f"'{term.source}' is marked do-not-translate but is not in the translation unchanged",
                         {"term": term.source, "source_sentence": i + 1}, (span,))]
        if any(_find(t, target) for t in term.targets):
            return []
        wanted = " or ".join(f"'{t}'" for t in term.targets)
        return [Flag("glossary-term", Severity.WARNING, k,
                     f"'{term.source}' should be translated as {wanted} (glossary)",
                     {"term": term.source, "required": list(term.targets), "source_sentence": i + 1}, (span,))]
    return []


def check_glossary(report: Report, glossary: Glossary) -> Report:
    """The report with the glossary's findings added to their segments and ``glossary:<hash>`` in the signature."""
    ignored = report.config.ignored_flags if report.config is not None else frozenset()
    added = [f for k in range(len(report.alignments)) for term in glossary.terms for f in _term_flags(report, k, term)
             if f.id not in ignored]
    ranked = sorted(enumerate([*report.flags, *added]),
                    key=lambda nf: (-1 if nf[1].alignment is None else nf[1].alignment, nf[0]))
    off = "".join(f",-{flag_id}" for flag_id in GLOSSARY_IDS if flag_id in ignored)  # --ignore glossary-term
    checked = replace(report, flags=tuple(f for _, f in ranked),
                      signature=f"{report.signature}|glossary:{glossary.digest}{off}")
    from .ignores import apply_unit_ignores

    return apply_unit_ignores(checked)
