"""The SOSL search index: one FTS5 table inside the dump, built from the schema.

`_sosl(obj, rid, name_f, email_f, phone_f, all_f)` with the `unicode61 remove_diacritics 2` tokenizer
(case- and diacritic-insensitive, like Salesforce search). Per record:
- name_f: the object's name field and the other NAME FIELDS Salesforce searches (first/last name,
  Subject, Company, Title);
- email_f / phone_f: email and phone fields (phones also as a digits-only token, so `4155551212`
  finds `(415) 555-1212`);
- all_f: every searchable text field (strings, text areas, long text, emails, phones; picklists, Ids
  and numbers are not searchable, as in Salesforce).

`build_search_index(conn, schema)` writes the index into an open, writable dump (the generator calls
it just before commit). A dump without a current index (an official CRMArena dump, or one opened
read-only) gets one built on first search in an in-memory database attached to the engine's connection.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from crmtui.org.schema import OrgSchema
from crmtui.org.soql.model import FieldMeta, ObjMeta, OrgModel, quote

INDEX_TABLE = "_sosl"
META_TABLE = "_sosl_meta"
INDEX_VERSION = "2"
GROUPS = ("name_f", "email_f", "phone_f", "all_f")
SEARCHABLE_TYPES = frozenset({"string", "textarea", "longtext", "email", "phone"})
# Besides the name field, these fields are NAME FIELDS when an object has them.
_NAME_EXTRAS = ("Name", "FirstName", "LastName", "Subject", "Company", "Title")
_NON_DIGIT = re.compile(r"\D+")


def _digits(value: object) -> str | None:
    if value is None:
        return None
    digits = _NON_DIGIT.sub("", str(value))
    return digits or None


def field_groups(obj: ObjMeta) -> dict[str, list[FieldMeta]]:
    """The searchable fields of `obj` per search group (empty lists when it has none)."""
    fields = obj.fields
    names: list[FieldMeta] = []
    if obj.name_field:
        names.append(fields[obj.name_field])
    for extra in _NAME_EXTRAS:
        fm = fields.get(extra)
        if fm is not None and fm not in names and fm.type in SEARCHABLE_TYPES:
            names.append(fm)
    return {
        "name_f": names,
        "email_f": [f for f in fields.values() if f.type == "email"],
        "phone_f": [f for f in fields.values() if f.type == "phone"],
        "all_f": [f for f in fields.values() if f.type in SEARCHABLE_TYPES],
    }


def searchable_objects(model: OrgModel) -> list[ObjMeta]:
    return [o for o in model.objects.values() if field_groups(o)["all_f"]]


# Between two field values: a private-use character is a token of its own for unicode61, so a phrase
# never matches across the end of one field and the start of the next. Nobody types it in a search.
FIELD_BREAK = "\ue000"


def _concat(parts: list[str]) -> str:
    if not parts:
        return "NULL"
    if len(parts) == 1:
        return parts[0]
    sep = f" || ' {FIELD_BREAK} ' || "
    empty = f" {FIELD_BREAK} ".join([""] * len(parts))  # every part empty
    coalesced = [f"COALESCE({p}, '')" for p in parts]
    return f"NULLIF({sep.join(coalesced)}, '{empty}')"


def _create(conn: sqlite3.Connection, schema_name: str) -> None:
    cols = ", ".join(GROUPS)
    conn.execute(
        f"CREATE VIRTUAL TABLE {schema_name}.{INDEX_TABLE} USING fts5(obj UNINDEXED, rid UNINDEXED, {cols}, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute(f"CREATE TABLE {schema_name}.{META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _populate(conn: sqlite3.Connection, model: OrgModel, schema_name: str) -> None:
    conn.create_function("sf_digits", 1, _digits, deterministic=True)
    for obj in searchable_objects(model):
        groups = field_groups(obj)
        exprs = []
        for g in GROUPS:
            parts = [fm.sql("t") for fm in groups[g]]
            if g == "phone_f":
                parts += [f"sf_digits({fm.sql('t')})" for fm in groups[g]]
            if g == "all_f":
                parts += [f"sf_digits({fm.sql('t')})" for fm in groups["phone_f"]]
            exprs.append(_concat(parts))
        conn.execute(
            f"INSERT INTO {schema_name}.{INDEX_TABLE} (obj, rid, {', '.join(GROUPS)}) "
            f"SELECT ?, t.\"Id\", {', '.join(exprs)} FROM {quote(obj.table)} t",
            (obj.name,),
        )
    conn.executemany(
        f"INSERT INTO {schema_name}.{META_TABLE} (key, value) VALUES (?, ?)",
        [("version", INDEX_VERSION), ("schema_kind", model.schema.kind), ("schema_version", str(model.schema.version))],
    )


def build_search_index(conn: sqlite3.Connection, schema: OrgSchema) -> None:
    """(Re)build the SOSL index inside the open, writable dump `conn` (no commit: the caller commits)."""
    conn.execute(f"DROP TABLE IF EXISTS main.{INDEX_TABLE}")
    conn.execute(f"DROP TABLE IF EXISTS main.{META_TABLE}")
    model = OrgModel.from_connection(conn, schema)
    _create(conn, "main")
    _populate(conn, model, "main")


def _current(conn: sqlite3.Connection, schema: OrgSchema) -> bool:
    try:
        meta = dict(conn.execute(f"SELECT key, value FROM main.{META_TABLE}").fetchall())
        conn.execute(f"SELECT rid FROM main.{INDEX_TABLE} LIMIT 0").fetchall()
    except sqlite3.Error:
        return False
    return (
        meta.get("version") == INDEX_VERSION
        and meta.get("schema_kind") == schema.kind
        and meta.get("schema_version") == str(schema.version)
    )


@dataclass
class SearchIndex:
    """Where the index of an engine's dump lives: `table` is the qualified FTS table name."""

    table: str
    in_memory: bool

    @classmethod
    def attach(cls, conn: sqlite3.Connection, schema: OrgSchema, model: OrgModel) -> SearchIndex:
        if _current(conn, schema):
            return cls(f"main.{INDEX_TABLE}", False)
        attached = {r[1] for r in conn.execute("PRAGMA database_list")}
        if "sosl_mem" not in attached:
            query_only = conn.execute("PRAGMA query_only").fetchone()[0]
            conn.execute("PRAGMA query_only = OFF")  # the dump stays read-only (mode=ro); only memory is written
            try:
                conn.execute("ATTACH DATABASE ':memory:' AS sosl_mem")
                _create(conn, "sosl_mem")
                _populate(conn, model, "sosl_mem")
                conn.commit()
            finally:
                conn.execute(f"PRAGMA query_only = {'ON' if query_only else 'OFF'}")
        return cls(f"sosl_mem.{INDEX_TABLE}", True)
