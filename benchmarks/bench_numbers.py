"""Number-mismatch detector on NTREX-128 (human fa/prs/ar translations of English news), line by line.

False alarms: lines of a correct human translation that the detector flags (the translators reformat numbers,
convert units, spell numbers out). Recall: the same lines with one digit of one English number changed
(seeded), which a reviewer would want flagged. Bench data is read from ../shared/bench at run time.
Run: python benchmarks/bench_numbers.py
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NTREX = ROOT.parent / "shared" / "bench" / "ntrex128-fa-ar-en"

from tqcheck.flags.numbers import extract_numbers, word_numbers, _unmatched  # noqa: E402


def line_verdict(src: str, src_lang: str, tgt: str) -> str | None:
    """``error``, ``warning`` or None for one source/translation line, as the detector decides."""
    sn, tn = extract_numbers(src, src_lang), extract_numbers(tgt, "en")
    ms, mt = _unmatched(sn, tn, word_numbers(tgt)), _unmatched(tn, sn, word_numbers(src))
    if ms and mt:
        return "error"
    return "warning" if ms or mt else None


def corrupt(line: str, rng: random.Random) -> str | None:
    """Change one digit of one number of ``line`` (None if it has no digit)."""
    digits = [m.start() for m in re.finditer(r"\d", line)]
    if not digits:
        return None
    i = rng.choice(digits)
    new = str((int(line[i]) + rng.randrange(1, 10)) % 10)
    return line[:i] + new + line[i + 1:]


def evaluate(lang_file: str, lang: str) -> dict[str, float]:
    english = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").split("\n")
    source = (NTREX / f"newstest2019-ref.{lang_file}.txt").read_text(encoding="utf-8").split("\n")
    rng = random.Random(13)
    lines = errors = warnings = caught = caught_error = corrupted = 0
    for src, tgt in zip(source, english):
        if not re.search(r"\d", tgt):
            continue
        lines += 1
        verdict = line_verdict(src, lang, tgt)
        errors += verdict == "error"
        warnings += verdict == "warning"
        if verdict is None:  # recall only where the clean line passes
            bad = corrupt(tgt, rng)
            if bad and bad != tgt:
                corrupted += 1
                v = line_verdict(src, lang, bad)
                caught += v is not None
                caught_error += v == "error"
    return {"lines": lines, "false_error": errors / lines, "false_any": (errors + warnings) / lines,
            "recall_any": caught / max(corrupted, 1), "recall_error": caught_error / max(corrupted, 1),
            "corrupted": corrupted}


def main() -> None:
    print("NTREX-128 lines whose English has digits; corrupted = one digit changed (seeded)")
    print(f"{'pair':8} {'lines':>5} {'false error':>12} {'false any':>10} {'recall any':>11} {'recall error':>13}")
    for lang_file, lang in (("fas", "fa"), ("prs", "fa"), ("arb", "ar")):
        r = evaluate(lang_file, lang)
        print(f"{lang_file + '-en':8} {r['lines']:5d} {r['false_error']:12.1%} {r['false_any']:10.1%} "
              f"{r['recall_any']:11.1%} {r['recall_error']:13.1%}")


if __name__ == "__main__":
    main()
