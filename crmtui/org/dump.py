"""Org dumps: one SQLite file per org, laid out like CRMArena's own `local_data/*.db`.

One table per object named exactly as the object, one column per schema field named exactly as the
field, plus crmtui's `_org` key/value table (kind, seed, generator version, schema version, clock).
Writing is atomic: a dump is built in a temporary file beside the target and renamed into place only
once complete, so a failed or interrupted build never leaves a half-written dump behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from crmtui.errors import CrmtuiError
from crmtui.org.schema import OrgSchema, SObject

META_TABLE = "_org"


class DumpError(CrmtuiError):
    """An org dump cannot be written or read; the message names the path."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_tables(conn: sqlite3.Connection, schema: OrgSchema) -> None:
    """Create one table per object (columns in schema order) and the `_org` meta table."""
    for obj in schema.objects.values():
        cols = []
        for f in obj.fields.values():
            col = f"{_quote(f.name)} {f.sql_type}"
            if f.name == "Id":
                col += " PRIMARY KEY"
            cols.append(col)
        conn.execute(f"CREATE TABLE {_quote(obj.name)} ({', '.join(cols)})")
    conn.execute(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def create_indexes(conn: sqlite3.Connection, schema: OrgSchema) -> None:
    """Index every reference column (the joins every task query makes)."""
    for obj in schema.objects.values():
        for f in obj.references:
            conn.execute(
                f"CREATE INDEX {_quote(f'ix_{obj.name}_{f.name}')} ON {_quote(obj.name)} ({_quote(f.name)})"
            )


def insert_rows(conn: sqlite3.Connection, obj: SObject, rows: Sequence[dict]) -> None:
    """Insert records of `obj`; missing fields are NULL. Unknown keys are an error."""
    names = list(obj.fields)
    known = set(names)
    for row in rows:
        extra = row.keys() - known
        if extra:
            raise DumpError(f"{obj.name}: unknown field(s) {sorted(extra)}")
    sql = (
        f"INSERT INTO {_quote(obj.name)} ({', '.join(map(_quote, names))}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    conn.executemany(sql, ([row.get(n) for n in names] for row in rows))


@contextlib.contextmanager
def atomic_dump(path: Path, *, force: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection to a fresh dump that appears at `path` only if the block completes.

    Refuses an existing `path` unless `force`. The temporary file lives in the target's directory so
    the final rename is atomic.
    """
    path = Path(path)
    if path.exists() and not force:
        raise DumpError(f"{path}: file exists (use --force to overwrite)")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise DumpError(f"{path}: directory {parent} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise DumpError(f"{path}: cannot write ({exc.strerror})") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("BEGIN")
            yield conn
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_meta(conn: sqlite3.Connection, meta: dict[str, str]) -> None:
    conn.executemany(f"INSERT INTO {META_TABLE} (key, value) VALUES (?, ?)", sorted(meta.items()))


@dataclass(frozen=True)
class DumpInfo:
    """What `crmtui org info` shows: the meta values (empty for an official CRMArena dump) and counts."""

    path: Path
    meta: dict[str, str]
    counts: dict[str, int]

    @property
    def kind(self) -> str | None:
        return self.meta.get("kind")

    @property
    def now(self) -> str | None:
        return self.meta.get("now")

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open a dump read-only (orgs opened for play are never written)."""
    path = Path(path)
    if not path.is_file():
        raise DumpError(f"{path}: no such org dump")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DumpError(f"{path}: not an SQLite org dump ({exc})") from exc
    return conn


def object_tables(conn: sqlite3.Connection) -> list[str]:
    """Names of the object tables (everything but crmtui's own `_`-prefixed tables)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '\\_%' ESCAPE '\\' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The `_org` table as a dict, or {} for a dump without one (an official CRMArena dump)."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (META_TABLE,)).fetchone()
    if not exists:
        return {}
    return dict(conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())


def dump_info(path: Path) -> DumpInfo:
    conn = open_readonly(path)
    try:
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {_quote(t)}").fetchone()[0] for t in object_tables(conn)}
        return DumpInfo(path=Path(path), meta=read_meta(conn), counts=counts)
    finally:
        conn.close()


def content_hash(path: Path, tables: Iterable[str] | None = None) -> str:
    """SHA-256 over every object table's rows in Id order: equal hashes mean equal org contents."""
    conn = open_readonly(path)
    try:
        digest = hashlib.sha256()
        for table in tables or object_tables(conn):
            digest.update(table.encode())
            cur = conn.execute(f"SELECT * FROM {_quote(table)} ORDER BY 1")
            digest.update(repr([d[0] for d in cur.description]).encode())
            for row in cur:
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        conn.close()
