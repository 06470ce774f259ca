"""The configuration file: ``.iac-review.toml``, or ``[tool.iac-review]`` in ``pyproject.toml``.

It is found the way ruff finds its own: from each input's folder upward, the
first folder that has a ``.iac-review.toml`` (top-level keys) or a
``pyproject.toml`` with a ``[tool.iac-review]`` table wins, and
``.iac-review.toml`` wins over ``pyproject.toml`` in the same folder.
``--config FILE`` names the file for every input, and ``--isolated`` reads
none. An unknown key, or a value of the wrong type, is a usage error that
names the file and the key.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from iac_review.core.finding import Severity
from iac_review.stages.selection import SelectionError, expand

DOTFILE = ".iac-review.toml"
PYPROJECT = "pyproject.toml"
TABLE = "tool.iac-review"


class ConfigError(Exception):
    """A configuration file that cannot be read or holds a bad key (exit code 2)."""


@dataclass(frozen=True)
class FileSettings:
    """What one configuration file says; every field None or empty when the file is silent."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity | None = None
    terraform_version: str | None = None
    harness: bool | None = None
    synth_timeout: float | None = None
    repair_rounds: int | None = None
    tests: bool | None = None
    tests_timeout: float | None = None
    cov_fail_under: float | None = None
    baseline: str | None = None          # resolved against the file's folder

    @property
    def folder(self) -> str | None:
        return str(Path(self.path).parent) if self.path else None


NO_FILE = FileSettings()


def find(start: str) -> Path | None:
    """The configuration file that applies to an input, or None."""
    here = Path(start).resolve()
    folder = here if here.is_dir() else here.parent
    for candidate in (folder, *folder.parents):
        dotfile = candidate / DOTFILE
        if dotfile.is_file():
            return dotfile
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(path: Path) -> bool:
    try:
        return "tool" in (data := _toml(path)) and "iac-review" in data["tool"]
    except ConfigError:
        return True   # a broken pyproject.toml that may hold our table: reading it says why


def _toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def load(path: Path) -> FileSettings:
    data = _toml(path)
    tool = data.get("tool")
    if path.name == PYPROJECT or (set(data) == {"tool"} and isinstance(tool, dict) and "iac-review" in tool):
        table = tool.get("iac-review") if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: has no [{TABLE}] table")
        return _settings(table, f"{path}: [{TABLE}]", path)
    return _settings(data, str(path), path)


_READERS = {}


def _key(name: str):
    def register(reader):
        _READERS[name] = reader
        return reader
    return register


def _settings(table: dict, where: str, path: Path) -> FileSettings:
    unknown = sorted(set(table) - set(_READERS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known keys: {', '.join(sorted(_READERS))})")
    values = {}
    for name, value in table.items():
        try:
            values.update(_READERS[name](value, path))
        except (TypeError, ValueError, SelectionError) as exc:
            raise ConfigError(f"{where}: {name}: {exc}") from exc
    return FileSettings(path=str(path), **values)


def _strings(value, what: str = "a list of strings") -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"expected {what}, got {value!r}")
    return tuple(value)


def _selectors(value) -> tuple[str, ...]:
    selectors = _strings(value, "a list of rule ids, prefixes or names")
    for selector in selectors:
        expand(selector)
    return selectors


@_key("select")
def _select(value, path):
    return {"select": _selectors(value)}


@_key("extend-select")
def _extend_select(value, path):
    return {"extend_select": _selectors(value)}


@_key("ignore")
def _ignore(value, path):
    return {"ignore": _selectors(value)}


@_key("per-file-ignores")
def _per_file(value, path):
    if not isinstance(value, dict):
        raise TypeError(f'expected a table of "glob" = ["RULE", ...], got {value!r}')
    return {"per_file_ignores": tuple((pattern, _selectors(rules)) for pattern, rules in value.items())}


@_key("severity")
def _severity(value, path):
    if not isinstance(value, dict):
        raise TypeError(f'expected a table of RULE = "Level", got {value!r}')
    pairs = []
    for selector, level in value.items():
        expand(selector)
        if not isinstance(level, str):
            raise TypeError(f"{selector}: expected a severity name, got {level!r}")
        pairs.append((selector, Severity.parse(level)))
    return {"severity": tuple(pairs)}


@_key("fail-on")
def _fail_on(value, path):
    if not isinstance(value, str):
        raise TypeError(f"expected a severity name, got {value!r}")
    return {"fail_on": Severity.parse(value)}


@_key("terraform-version")
def _terraform(value, path):
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f'expected a version string such as "1.10", got {value!r}')
    return {"terraform_version": value.strip()}


@_key("harness")
def _harness(value, path):
    return {"harness": _flag(value)}


def _flag(value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _seconds(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise TypeError(f"expected a number of seconds above 0, got {value!r}")
    return float(value)


@_key("synth-timeout")
def _timeout(value, path):
    return {"synth_timeout": _seconds(value)}


@_key("tests")
def _tests(value, path):
    return {"tests": _flag(value)}


@_key("tests-timeout")
def _tests_timeout(value, path):
    return {"tests_timeout": _seconds(value)}


@_key("cov-fail-under")
def _cov_fail_under(value, path):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise TypeError(f"expected a percentage from 0 to 100, got {value!r}")
    return {"cov_fail_under": float(value)}


@_key("repair-rounds")
def _rounds(value, path):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 50:
        raise TypeError(f"expected a whole number from 0 to 50, got {value!r}")
    return {"repair_rounds": value}


@_key("baseline")
def _baseline(value, path):
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"expected a file name, got {value!r}")
    return {"baseline": str((path.parent / value).resolve())}


def for_inputs(paths: list[str], explicit: str | None, isolated: bool) -> list[tuple[FileSettings, list[str]]]:
    """The inputs grouped by the configuration that applies to them, in the order given."""
    if isolated:
        return [(NO_FILE, list(paths))]
    if explicit is not None:
        file = Path(explicit)
        if not file.is_file():
            raise ConfigError(f"--config {explicit}: no such file")
        return [(load(file), list(paths))]
    groups: dict[Path | None, list[str]] = {}
    for path in paths:
        groups.setdefault(find(path), []).append(path)
    return [(load(file) if file else NO_FILE, members) for file, members in groups.items()]
