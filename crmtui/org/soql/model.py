"""The queryable org: the schema YAML intersected with the tables and columns a dump actually has.

Official CRMArena dumps may lack some schema fields or whole objects; those are simply not part of the
model (as if absent from describe). Computed fields such as `User.Name` ("FirstName LastName") are
read from their column when the dump has one and computed in SQL otherwise.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from crmtui.org.schema import NUMERIC_TYPES, Field, OrgSchema, SObject

# Salesforce types that compare as case-insensitive text.
TEXT_TYPES = frozenset({"string", "textarea", "longtext", "picklist", "email", "phone"})
ID_TYPES = frozenset({"id", "reference"})
# Not groupable in Salesforce (describe says groupable=false): long text, datetimes and fractional numbers.
NOT_GROUPABLE = frozenset({"longtext", "datetime", "double", "currency", "percent"})


def quote(name: str) -> str:
    """Quote an identifier that comes from the schema or the dump (never from query text)."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class FieldMeta:
    """A field as the engine sees it: its schema entry and how to read it in SQL."""

    name: str
    type: str
    field: Field
    obj: str
    column: str | None  # the dump's column name, or None for a computed field without a column
    computed: tuple[str, ...] = ()  # component columns of a computed field

    def sql(self, alias: str) -> str:
        if self.column is not None:
            return f"{alias}.{quote(self.column)}"
        parts = [f"COALESCE({alias}.{quote(c)}, '')" for c in self.computed]
        joined = " || ' ' || ".join(parts)
        return f"NULLIF(TRIM({joined}), '')"

    @property
    def is_text(self) -> bool:
        return self.type in TEXT_TYPES

    @property
    def is_id(self) -> bool:
        return self.type in ID_TYPES

    @property
    def is_numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    @property
    def filterable(self) -> bool:
        return self.field.filterable

    @property
    def sortable(self) -> bool:
        return self.type != "longtext"

    @property
    def groupable(self) -> bool:
        return self.type not in NOT_GROUPABLE

    @property
    def targets(self) -> tuple[str, ...]:
        return self.field.reference_to


@dataclass
class ObjMeta:
    """One queryable object: canonical fields, relationships (parent) and child relationships."""

    name: str
    sobject: SObject
    table: str
    fields: dict[str, FieldMeta]  # canonical name -> field, in schema order
    by_lower: dict[str, FieldMeta] = field(default_factory=dict)
    rels: dict[str, FieldMeta] = field(default_factory=dict)  # lower relationship name -> reference field
    children: dict[str, tuple[str, FieldMeta]] = field(default_factory=dict)  # lower rel -> (child, fk)
    child_names: dict[str, str] = field(default_factory=dict)  # lower rel -> canonical relationship name

    def field(self, name: str) -> FieldMeta | None:
        return self.by_lower.get(name.lower())

    @property
    def key_prefix(self) -> str:
        return self.sobject.key_prefix

    @property
    def name_field(self) -> str | None:
        nf = self.sobject.name_field
        return nf if nf and nf in self.fields else None

    @property
    def has_is_deleted(self) -> bool:
        return "IsDeleted" in self.fields


class OrgModel:
    """All queryable objects of one dump."""

    def __init__(self, schema: OrgSchema, columns: dict[str, list[str]]) -> None:
        """`columns` maps each table present in the dump to its column names."""
        self.schema = schema
        self.objects: dict[str, ObjMeta] = {}
        tables_lower = {t.lower(): t for t in columns}
        for obj in schema.objects.values():
            table = tables_lower.get(obj.name.lower())
            if table is None:
                continue
            cols = {c.lower(): c for c in columns[table]}
            fields: dict[str, FieldMeta] = {}
            for f in obj.fields.values():
                col = cols.get(f.name.lower())
                if col is not None:
                    fields[f.name] = FieldMeta(f.name, f.type, f, obj.name, col)
                elif f.computed:
                    parts = tuple(cols.get(p.lower()) for p in f.computed.split())
                    if parts and all(parts):
                        fields[f.name] = FieldMeta(f.name, f.type, f, obj.name, None, tuple(parts))  # type: ignore[arg-type]
            if "Id" not in fields:
                continue
            self.objects[obj.name] = ObjMeta(obj.name, obj, table, fields)
        self._lower = {name.lower(): meta for name, meta in self.objects.items()}
        self._prefix = {meta.key_prefix: meta.name for meta in self.objects.values()}
        for meta in self.objects.values():
            meta.by_lower = {name.lower(): fm for name, fm in meta.fields.items()}
            for fm in meta.fields.values():
                if fm.type != "reference" or not fm.field.relationship_name:
                    continue
                if not any(t in self.objects for t in fm.targets):
                    continue
                meta.rels[fm.field.relationship_name.lower()] = fm
        for meta in self.objects.values():
            for fm in meta.fields.values():
                rel = fm.field.child_relationship
                if fm.type != "reference" or not rel:
                    continue
                for target in fm.targets:
                    parent = self.objects.get(target)
                    if parent is not None:
                        parent.children[rel.lower()] = (meta.name, fm)
                        parent.child_names[rel.lower()] = rel

    def obj(self, name: str) -> ObjMeta | None:
        return self._lower.get(name.lower())

    def type_of_id(self, record_id: str) -> str | None:
        """The object whose key prefix starts `record_id`."""
        return self._prefix.get(record_id[:3])

    @classmethod
    def from_connection(cls, conn: sqlite3.Connection, schema: OrgSchema) -> OrgModel:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            )
        ]
        wanted = {o.lower() for o in schema.objects}
        columns = {
            t: [r[1] for r in conn.execute(f"PRAGMA table_info({quote(t)})")] for t in tables if t.lower() in wanted
        }
        return cls(schema, columns)


def detect_kind(conn: sqlite3.Connection, schemas: dict[str, OrgSchema]) -> str:
    """The schema kind whose objects and fields best match a dump's tables and columns."""
    tables = {
        r[0].lower(): r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    }
    cache: dict[str, set[str]] = {}

    def cols(table: str) -> set[str]:
        if table not in cache:
            cache[table] = {r[1].lower() for r in conn.execute(f"PRAGMA table_info({quote(table)})")}
        return cache[table]

    best, best_score = None, -1.0
    for kind, schema in schemas.items():
        hit = miss = 0
        for obj in schema.objects.values():
            table = tables.get(obj.name.lower())
            names = {f.lower() for f, fd in obj.fields.items() if not fd.computed}
            if table is None:
                miss += len(names)
                continue
            present = cols(table)
            hit += len(names & present)
            miss += len(names - present)
            miss += len(present - names)
        score = hit - miss
        if score > best_score:
            best, best_score = kind, score
    assert best is not None
    return best
