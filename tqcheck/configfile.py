"""Settings from a config file (``tqcheck.toml`` or ``[tqcheck]`` in ``setup.cfg``) merged with the command line.

Precedence, highest first: command-line options; the file's section for the source language
(``[lang.fa]`` in TOML, ``[tqcheck:fa]`` in setup.cfg); the file's main settings; built-in defaults.
The file is ``--config FILE`` if given, else ``tqcheck.toml`` in the working directory, else ``setup.cfg``
there if it has a ``[tqcheck]`` section; only one file is read.

>>> s = parse_values({"fail-on": "warning", "ignore": "fragment, length-ratio", "fail_under": "70"}, "x")
>>> s.fail_on, sorted(s.ignore), s.fail_under
('warning', ['fragment', 'length-ratio'], 70.0)
"""
from __future__ import annotations

import configparser
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .config import DEFAULT_MODEL, FAIL_ON, CheckConfig, Policy, Thresholds, check_threshold
from .errors import ConfigError

CONFIG_NAMES = ("tqcheck.toml", "setup.cfg")


@dataclass(frozen=True)
class Settings:
    """Options from one level (file, language section or command line); None means "not set here"."""

    model: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    fail_on: str | None = None
    fail_under: float | None = None
    ignore: frozenset[str] | None = None
    fail_flags: frozenset[str] | None = None
    jobs: int | None = None
    unit_ignores: tuple[tuple[str, frozenset[str]], ...] | None = None  # [ignore-units]: unit id -> flag ids
    thresholds: tuple[tuple[str, float], ...] = ()

    def over(self, lower: "Settings") -> "Settings":
        """These settings on top of ``lower``: every value set here wins; thresholds merge by name."""
        merged = {f.name: getattr(self, f.name) if getattr(self, f.name) is not None else getattr(lower, f.name)
                  for f in fields(self) if f.name != "thresholds"}
        thresholds = dict(lower.thresholds) | dict(self.thresholds)
        return Settings(**merged, thresholds=tuple(sorted(thresholds.items())))


@dataclass(frozen=True)
class FileConfig:
    """A config file read: main settings and per-source-language overrides (``path`` None: no file)."""

    path: str | None = None
    base: Settings = field(default_factory=Settings)
    languages: tuple[tuple[str, Settings], ...] = ()

    def for_lang(self, lang: str | None) -> Settings:
        """The file's settings for a source language (its section over the main settings)."""
        from .langid import normalise_lang

        own = dict(self.languages).get(normalise_lang(lang)) if lang else None
        return own.over(self.base) if own else self.base

    def reading_languages(self, typed: Settings) -> tuple[str | None, str]:
        """The language pair a multilingual file (TMX) is read for: ``typed`` (options, pair columns) over this
        file's section for their source language (else the file's own) over the file, then English."""
        own = typed.over(self.for_lang(typed.source_lang or self.base.source_lang))
        return own.source_lang, own.target_lang or "en"


def _items(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value).replace("\n", ",").split(",")
    return [str(v).strip() for v in items if str(v).strip()]


def _flag_list(value: Any, key: str, where: str) -> frozenset[str]:
    from .ignores import known_flag_ids

    ids = frozenset(_items(value))
    unknown = ids - set(known_flag_ids())
    if unknown:
        raise ConfigError(f"{where}: {key}: unknown flag id(s) {', '.join(sorted(unknown))}; known: "
                          f"{', '.join(known_flag_ids())}")
    return ids


def _unit_ignores(value: Any, where: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """``[ignore-units]``: unit id (``*`` matches any characters) -> flag ids, a list or a comma-separated string,
    or ``all``."""
    from .ignores import check_flag_ids

    if not isinstance(value, dict):
        raise ConfigError(f"{where}: ignore-units must be a table of unit id = flag ids, e.g. "
                          f"[ignore-units] \"menu.save\" = [\"length-ratio\"]")
    rules = []
    for unit_id, flags in value.items():
        ids = check_flag_ids(_items(flags), f"{where}: [ignore-units] {unit_id!r}")
        if not ids:
            raise ConfigError(f"{where}: [ignore-units] {unit_id!r}: name the flag ids to ignore (or all)")
        rules.append((str(unit_id).strip(), ids))
    return tuple(sorted(rules, key=lambda r: r[0]))


def _number(value: Any, key: str, where: str, kind: type) -> float:
    if isinstance(value, bool):
        raise ConfigError(f"{where}: {key}: expected a number, got {value!r}")
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {key}: expected a number, got {value!r}") from None


def _one_value(key: str, value: Any, where: str) -> tuple[str, Any]:
    if key in ("model", "source_lang", "target_lang"):
        return key, str(value).strip()
    if key == "fail_on":
        if str(value) not in FAIL_ON:
            raise ConfigError(f"{where}: fail_on: expected one of {', '.join(FAIL_ON)}, got {value!r}")
        return key, str(value)
    if key == "fail_under":
        score = _number(value, key, where, float)
        if not 0 <= score <= 100:
            raise ConfigError(f"{where}: fail_under: expected a score from 0 to 100, got {value!r}")
        return key, score
    if key in ("ignore", "fail_flags"):
        return key, _flag_list(value, key, where)
    if key == "ignore_units":
        return "unit_ignores", _unit_ignores(value, where)
    if key == "jobs":
        jobs = int(_number(value, key, where, int))
        if jobs < 1:
            raise ConfigError(f"{where}: jobs: expected 1 or more, got {value!r}")
        return key, jobs
    raise KeyError(key)


def parse_values(raw: dict[str, Any], where: str) -> Settings:
    """Validate ``key = value`` pairs (``-`` and ``_`` alike in keys) into Settings; ConfigError names ``where``."""
    known_thresholds = Thresholds.__dataclass_fields__
    values: dict[str, Any] = {}
    thresholds: dict[str, float] = {}
    for raw_key, value in raw.items():
        key = raw_key.strip().lower().replace("-", "_")
        if key in known_thresholds:
            kind = type(known_thresholds[key].default)
            thresholds[key] = check_threshold(key, _number(value, key, where, kind), where)
            continue
        try:
            name, parsed = _one_value(key, value, where)
        except KeyError:
            known = [f.name if f.name != "unit_ignores" else "ignore-units" for f in fields(Settings)
                     if f.name != "thresholds"] + list(known_thresholds)
            raise ConfigError(f"{where}: unknown setting '{raw_key}' (known: {', '.join(known)})") from None
        values[name] = parsed
    return Settings(**values, thresholds=tuple(sorted(thresholds.items())))


def _read_toml(path: Path) -> FileConfig:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib
        except ImportError:
            raise ConfigError(f"{path}: reading TOML needs Python 3.11+ or the 'tomli' package") from None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    if isinstance(data.get("tqcheck"), dict):
        data = data["tqcheck"]
    langs = data.pop("lang", {})
    if not isinstance(langs, dict) or not all(isinstance(v, dict) for v in langs.values()):
        raise ConfigError(f"{path}: 'lang' must hold tables such as [lang.fa]")
    return _file_config(path, data, langs)


def _read_setup_cfg(path: Path) -> FileConfig | None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # unit ids keep their case; keys are lowered later
    try:
        parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    except configparser.Error as exc:
        raise ConfigError(f"{path}: not a valid config file ({exc.message.splitlines()[0]})") from None
    if not parser.has_section("tqcheck"):
        return None
    langs = {name.split(":", 1)[1]: dict(parser[name]) for name in parser.sections() if name.startswith("tqcheck:")}
    main: dict[str, Any] = dict(parser["tqcheck"])
    if "ignore-units" in langs:  # [tqcheck:ignore-units] is no language
        main["ignore-units"] = langs.pop("ignore-units")
    return _file_config(path, main, langs)


def _file_config(path: Path, main: dict[str, Any], langs: dict[str, dict[str, Any]]) -> FileConfig:
    from .langid import normalise_lang

    base = parse_values(main, str(path))
    sections = tuple(sorted((normalise_lang(lang), parse_values(values, f"{path} [{lang}]"))
                            for lang, values in langs.items()))
    return FileConfig(str(path), base, sections)


def load_config(explicit: str | None = None, cwd: str | Path = ".") -> FileConfig:
    """Read ``explicit`` (a .toml or .cfg/.ini file), else the first config file found in ``cwd``."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        if path.suffix == ".toml":
            return _read_toml(path)
        found = _read_setup_cfg(path)
        if found is None:
            raise ConfigError(f"{explicit}: has no [tqcheck] section")
        return found
    toml_path, cfg_path = (Path(cwd) / name for name in CONFIG_NAMES)
    if toml_path.is_file():
        return _read_toml(toml_path)
    if cfg_path.is_file():
        return _read_setup_cfg(cfg_path) or FileConfig()
    return FileConfig()


def resolve(file_config: FileConfig, cli: Settings, source_lang: str | None,
            default_target_lang: str = "en", default_source_lang: str | None = None) -> tuple[CheckConfig, Policy]:
    """The CheckConfig and Policy for one document: command line over the file's language section over the file
    over ``default_target_lang`` (the language a PO/XLIFF file declares, else English) and ``default_source_lang``
    (the source language an XLIFF/TMX file declares, else detected)."""
    s = cli.over(file_config.for_lang(source_lang))
    config = CheckConfig(model=s.model or DEFAULT_MODEL, source_lang=s.source_lang or default_source_lang,
                         target_lang=s.target_lang or default_target_lang,
                         ignored_flags=s.ignore or frozenset(), unit_ignores=s.unit_ignores or (),
                         unit_ignores_file=file_config.path).with_thresholds(**dict(s.thresholds))
    return config, Policy(s.fail_on or "error", s.fail_under, s.fail_flags or frozenset(),
                          _fail_under_from(file_config, cli, source_lang))


def _fail_under_from(file_config: FileConfig, cli: Settings, source_lang: str | None) -> str:
    """Where the fail_under in force was set: the option, a language section of the file, or the file."""
    from .langid import normalise_lang

    if cli.fail_under is not None or file_config.path is None:
        return "--fail-under"
    lang = normalise_lang(source_lang) if source_lang else None
    own = dict(file_config.languages).get(lang) if lang else None
    if own is not None and own.fail_under is not None:
        section = f"[lang.{lang}]" if file_config.path.endswith(".toml") else f"[tqcheck:{lang}]"
        return f"fail_under of {section} in {file_config.path}"
    return f"fail_under in {file_config.path}"


def needs_language(file_config: FileConfig) -> bool:
    """Whether the file has per-language sections (so the source language must be known before checking)."""
    return bool(file_config.languages)
