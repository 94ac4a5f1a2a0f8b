"""One finding per root cause: detectors that see the same problem from different angles merge into one flag.

Two rules, applied after every detector ran:

1. **Untranslated segment.** When a segment's translation is a copy of its source, or reads as the source
   language (``foreign-sentence``), every other flag of that segment is a consequence of it: they merge into one
   ``untranslated`` error whose evidence lists each merged finding. Runs of source-language script in one
   segment (a sentence left partly untranslated) merge into one ``untranslated`` finding with every run.
2. **Wrong language.** When the whole translation is in another language (``wrong-language``), nothing else is
   reported about the translation: the other flags are dropped and counted in the ``wrong-language`` evidence.

The merged flag keeps every span (so reports still highlight each piece) and ``evidence["merged"]``:
``[{"id", "severity", "message", "evidence"}, ...]`` of the findings it replaces; the evidence of the first of
them (the copy, or the first run) also stays at the top level.
"""
from __future__ import annotations

from collections import Counter

from ..types import Flag, Severity

UNTRANSLATED = "untranslated"
MERGED_INTO_UNTRANSLATED = frozenset({"untranslated", "foreign-sentence"})


def _worst(flags: list[Flag]) -> Severity:
    return max((f.severity for f in flags), key=lambda s: s.rank)


def _record(flag: Flag) -> dict:
    return {"id": flag.id, "severity": flag.severity.value, "message": flag.message, "evidence": dict(flag.evidence)}


def _whole_segment(flag: Flag, source_lang: str) -> bool:
    """A flag saying the segment as a whole was not translated."""
    if flag.id == UNTRANSLATED and flag.evidence.get("copied"):
        return True
    return flag.id == "foreign-sentence" and flag.evidence.get("detected") == source_lang


def _note(flag: Flag) -> str:
    """A few words for one merged finding, as it appears in the merged message."""
    ev = flag.evidence
    if flag.id == UNTRANSLATED and ev.get("copied"):
        return "a copy of the source" if ev.get("same") == 1.0 else f"{ev.get('same', 0):.0%} the same as the source"
    if flag.id == UNTRANSLATED and "script" in ev:
        return f"{ev['script']}-script text '{ev.get('text', '')}'"
    if flag.id == "foreign-sentence":
        return f"reads as '{ev.get('detected')}' (probability {ev.get('probability', 0):.2f})"
    return flag.id


def _merge(flags: list[Flag], message: str) -> Flag:
    spans = tuple(sorted({s for f in flags for s in f.spans}, key=lambda s: (s.side, s.start, s.end)))
    first = flags[0]
    return Flag(UNTRANSLATED, _worst(flags), first.alignment, message,
                {**first.evidence, "merged": [_record(f) for f in flags]}, spans)


def _segment(flags: list[Flag], source_lang: str) -> list[Flag]:
    """The flags of one segment with rule 1 applied."""
    whole = [f for f in flags if _whole_segment(f, source_lang)]
    if whole:
        causes = [f for f in flags if f.id in MERGED_INTO_UNTRANSLATED]
        others = [f for f in flags if f.id not in MERGED_INTO_UNTRANSLATED]
        runs = [f for f in causes if f not in whole]
        notes = list(dict.fromkeys(_note(f) for f in whole))
        if runs:
            notes.append(f"{len(runs)} run(s) of {'/'.join(sorted({f.evidence.get('script', '?') for f in runs}))}"
                         "-script text")
        message = "the segment is not translated: " + "; ".join(notes)
        if others:
            message += f" (also explains: {', '.join(sorted({f.id for f in others}))})"
        return [_merge(whole + runs + others, message)]
    runs = [f for f in flags if f.id == UNTRANSLATED and "script" in f.evidence]
    if len(runs) < 2:
        return flags
    message = f"{len(runs)} pieces of text left untranslated: " + "; ".join(_note(f) for f in runs)
    merged = _merge(runs, message)
    at = flags.index(runs[0])
    rest = [f for f in flags if f not in runs]
    return rest[:at] + [merged] + rest[at:]


def _wrong_language(flags: tuple[Flag, ...]) -> tuple[Flag, ...] | None:
    """Rule 2, or None when the translation is in the expected language."""
    wrong = next((f for f in flags if f.id == "wrong-language"), None)
    if wrong is None:
        return None
    dropped = Counter(f.id for f in flags if f is not wrong)
    if not dropped:
        return (wrong,)
    total = sum(dropped.values())
    evidence = {**wrong.evidence, "not_reported": dict(sorted(dropped.items()))}
    message = f"{wrong.message}; {total} other finding(s) about the translation are not reported"
    return (Flag(wrong.id, wrong.severity, wrong.alignment, message, evidence, wrong.spans),)


def merge_findings(flags: tuple[Flag, ...], source_lang: str) -> tuple[Flag, ...]:
    """Apply both rules (module docstring); the order of the flags is kept."""
    whole_doc = _wrong_language(flags)
    if whole_doc is not None:
        return whole_doc
    out: list[Flag] = []
    group: list[Flag] = []
    for flag in flags:
        if group and (flag.alignment is None or flag.alignment != group[0].alignment):
            out += _segment(group, source_lang)
            group = []
        if flag.alignment is None:
            out.append(flag)
        else:
            group.append(flag)
    if group:
        out += _segment(group, source_lang)
    return tuple(out)


def detector_ids(flag: Flag) -> set[str]:
    """The detectors behind a finding: its own id plus those of the findings merged into it."""
    return {flag.id} | {m["id"] for m in flag.evidence.get("merged", ())}
