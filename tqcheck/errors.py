"""Exceptions with messages written for users; the CLI turns them into exit code 2."""


class TqcheckError(Exception):
    """Base class: anything tqcheck reports to a user as a one-line error."""


class InputError(TqcheckError):
    """A file or text cannot be used: missing, empty, binary, wrong encoding, same on both sides."""


class LanguageError(TqcheckError):
    """A language is unknown, undetectable or not supported by the model."""


class ModelError(TqcheckError):
    """The embedding model cannot be loaded or run."""


class ConfigError(TqcheckError):
    """A setting is invalid (an unknown flag id, a threshold out of range, a bad config file)."""


class OutputError(TqcheckError):
    """An output file cannot be written: an input, already there without --force, an unwritable folder, a full disk."""
class EngineError(TqcheckError):
    """A compute engine cannot start (Dask not installed, scheduler unreachable, no workers) or lost a task."""
