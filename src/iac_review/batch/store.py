"""The SQLite store of a batch: one row per task × source × stage, and one per task × source.

``results`` holds the stages (static, synth, tfjson): status, seconds, the
findings as JSON. ``units`` holds what belongs to the whole unit (the score,
the human training quality, the total time), and it is written last in the
same transaction as the unit's results. A unit counts as done only when its
``units`` row exists with this run's tool version and settings.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

SCHEMA_VERSION = "1"

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    task TEXT NOT NULL, source TEXT NOT NULL, stage TEXT NOT NULL,
    status TEXT NOT NULL, seconds REAL NOT NULL, finding_count INTEGER NOT NULL,
    findings TEXT NOT NULL, detail TEXT NOT NULL,
    tool_version TEXT NOT NULL, provider_version TEXT NOT NULL, settings TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    PRIMARY KEY (task, source, stage));
CREATE TABLE IF NOT EXISTS units (
    task TEXT NOT NULL, source TEXT NOT NULL, path TEXT NOT NULL, status TEXT NOT NULL,
    seconds REAL NOT NULL, finding_count INTEGER NOT NULL, score REAL, human_score REAL,
    detail TEXT NOT NULL, tool_version TEXT NOT NULL, provider_version TEXT NOT NULL,
    settings TEXT NOT NULL, reviewed_at TEXT NOT NULL, worker TEXT NOT NULL,
    PRIMARY KEY (task, source));
"""


class StoreError(Exception):
    """A store that cannot be opened, or one written by an incompatible version (exit code 2)."""


_SQLITE_HEADER = b"SQLite format 3\x00"


class Store:
    """``writable=False`` opens an existing store read-only (stats): nothing is created or changed.

    A file that is not an SQLite database, or a database that is not ours (it has tables but no
    schema row of iac-review), is refused before anything is written to it."""

    def __init__(self, path: str | Path, writable: bool = True):
        self.path = Path(path)
        _refuse_foreign_file(self.path)
        try:
            if writable:
                self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            else:
                self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
            found = self._schema()
            if found is None and writable:
                self.db.execute("PRAGMA journal_mode=WAL")   # readers (stats) never block the writer
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.executescript(_TABLES)
                self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                found = SCHEMA_VERSION
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not an iac-review store ({exc})") from exc
        if found is None:
            raise StoreError(f"{self.path}: not an iac-review store (no schema row); "
                             "write one with `iac-review batch CORPUS --store FILE`")
        if found != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: store schema {found}, this iac-review writes "
                             f"{SCHEMA_VERSION}; use another --store file")

    def _schema(self) -> str | None:
        """Our schema version; None for a new, empty database; StoreError for someone else's."""
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if "meta" not in tables:
            raise StoreError(f"{self.path}: an SQLite database of something else (tables: "
                             f"{', '.join(sorted(tables))}); iac-review adds nothing to it")
        found = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if found is None:
            raise StoreError(f"{self.path}: an SQLite database with a meta table but no iac-review "
                             "schema; iac-review adds nothing to it")
        return found[0]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def done(self, tool_version: str, settings: str) -> set[tuple[str, str]]:
        """(task, source) of the units already complete under this tool version and settings."""
        # a unit that could not be reviewed at all is tried again by the next run
        rows = self.db.execute("SELECT task, source FROM units WHERE tool_version=? AND settings=? "
                               "AND status != 'error'", (tool_version, settings))
        return {(task, source) for task, source in rows}

    def write_unit(self, unit: dict) -> None:
        """A unit's stage rows and its unit row, in one transaction (all or nothing)."""
        common = (unit["tool_version"], unit["provider_version"], unit["settings"], unit["reviewed_at"])
        with closing(self.db.cursor()) as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            try:
                cursor.execute("DELETE FROM results WHERE task=? AND source=?", (unit["task"], unit["source"]))
                for row in unit["stages"]:
                    cursor.execute(
                        "INSERT INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (unit["task"], unit["source"], row["stage"], row["status"], row["seconds"],
                         len(row["findings"]), json.dumps(row["findings"]), json.dumps(row["detail"]),
                         *common))
                cursor.execute(
                    "INSERT OR REPLACE INTO units VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (unit["task"], unit["source"], unit["path"], unit["status"], unit["seconds"],
                     unit["finding_count"], unit["score"], unit["human_score"], json.dumps(unit["detail"]),
                     *common, unit["worker"]))
                cursor.execute("COMMIT")
            except BaseException:
                cursor.execute("ROLLBACK")
                raise

    def rows(self, table: str) -> list[dict]:
        if table not in ("results", "units"):
            raise ValueError(table)
        cursor = self.db.execute(f"SELECT * FROM {table} ORDER BY task, source")  # noqa: S608 (fixed names)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]


def open_existing(path: str | Path) -> Store:
    """A store that must exist already, opened read-only (for stats): StoreError otherwise."""
    if not Path(path).is_file():
        raise StoreError(f"{path}: no such store (write one with `iac-review batch CORPUS --store {path}`)")
    return Store(path, writable=False)


def _refuse_foreign_file(path: Path) -> None:
    """SQLite would turn a short non-database file into a database: refuse any file that is
    neither empty nor an SQLite database, before connecting."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot open: {exc.strerror or exc}") from exc
    if head and head != _SQLITE_HEADER:
        raise StoreError(f"{path}: not an iac-review store (not an SQLite database); it is left as it was")
