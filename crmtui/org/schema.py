"""Org schemas: objects, fields, types, references and sensitivity, loaded from `schemas/<kind>.yaml`.

The YAML files are the single source of truth for an org kind: the dump's DDL, the SOQL engine's
metadata, describe() responses, agent prompts and the confidentiality features all read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from crmtui.errors import CrmtuiError

ORG_KINDS = ("original", "b2b", "b2c")
FIELD_TYPES = frozenset({
    "id", "reference", "string", "textarea", "longtext", "picklist", "email", "phone", "date", "datetime",
    "boolean", "int", "double", "currency", "percent",
})
SENSITIVITIES = ("public", "pii", "internal", "confidential")
NUMERIC_TYPES = frozenset({"int", "double", "currency", "percent"})
TEXT_TYPES = frozenset({"id", "reference", "string", "textarea", "longtext", "picklist", "email", "phone"})

# SQLite column affinity per field type; text columns compare case-insensitively like Salesforce.
_SQL_TYPES = {
    "int": "INTEGER",
    "boolean": "INTEGER",
    "double": "REAL",
    "currency": "REAL",
    "percent": "REAL",
}


class SchemaError(CrmtuiError, ValueError):
    """A schema YAML file is malformed; the message names the file and the offending entry."""


@dataclass(frozen=True)
class Field:
    """One field of an object, with the Salesforce facts the engine and prompts need."""

    name: str
    type: str
    description: str
    sensitivity: str = "public"
    reference_to: tuple[str, ...] = ()
    relationship_name: str | None = None
    child_relationship: str | None = None
    values: tuple[str, ...] = ()
    computed: str | None = None
    in_prompt: bool = True

    @property
    def filterable(self) -> bool:
        """Long text areas cannot appear in WHERE, as in Salesforce."""
        return self.type != "longtext"

    @property
    def sql_type(self) -> str:
        return _SQL_TYPES.get(self.type, "TEXT")


@dataclass(frozen=True)
class SObject:
    """One object (table) of an org schema."""

    name: str
    label: str
    key_prefix: str
    fields: dict[str, Field]
    name_field: str | None = None
    _lower: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def field(self, name: str) -> Field | None:
        """Case-insensitive field lookup, as Salesforce resolves names."""
        canonical = self._lower.get(name.lower())
        return self.fields[canonical] if canonical else None

    @property
    def references(self) -> list[Field]:
        return [f for f in self.fields.values() if f.type == "reference"]


@dataclass(frozen=True)
class OrgSchema:
    """All objects of one org kind."""

    kind: str
    version: int
    objects: dict[str, SObject]

    def object(self, name: str) -> SObject | None:
        """Case-insensitive object lookup."""
        for obj_name, obj in self.objects.items():
            if obj_name.lower() == name.lower():
                return obj
        return None

    def by_prefix(self, prefix: str) -> SObject | None:
        for obj in self.objects.values():
            if obj.key_prefix == prefix:
                return obj
        return None

    def child_relationships(self, parent: str) -> list[tuple[str, SObject, Field]]:
        """(relationship name, child object, child field) for every child relationship of `parent`."""
        out = []
        for obj in self.objects.values():
            for f in obj.references:
                if parent in f.reference_to and f.child_relationship:
                    out.append((f.child_relationship, obj, f))
        return out


def _parse_field(where: str, name: str, raw: Any) -> Field:
    if not isinstance(raw, dict):
        raise SchemaError(f"{where}: field {name!r} must be a mapping")
    known = {
        "description", "type", "sensitivity", "reference_to", "relationship_name", "child_relationship",
        "values", "computed", "in_prompt",
    }
    unknown = set(raw) - known
    if unknown:
        raise SchemaError(f"{where}: field {name!r} has unknown key(s) {sorted(unknown)}")
    ftype = raw.get("type")
    if ftype not in FIELD_TYPES:
        raise SchemaError(f"{where}: field {name!r} has unknown type {ftype!r}")
    sens = raw.get("sensitivity", "public")
    if sens not in SENSITIVITIES:
        raise SchemaError(f"{where}: field {name!r} has unknown sensitivity {sens!r}")
    refs = tuple(raw.get("reference_to") or ())
    if ftype == "reference" and not (refs and raw.get("relationship_name")):
        raise SchemaError(f"{where}: reference field {name!r} needs reference_to and relationship_name")
    if ftype == "picklist" and not raw.get("values"):
        raise SchemaError(f"{where}: picklist field {name!r} needs values")
    return Field(
        name=name,
        type=ftype,
        description=str(raw.get("description", "")),
        sensitivity=sens,
        reference_to=refs,
        relationship_name=raw.get("relationship_name"),
        child_relationship=raw.get("child_relationship"),
        values=tuple(raw.get("values") or ()),
        computed=raw.get("computed"),
        in_prompt=bool(raw.get("in_prompt", True)),
    )


def parse_schema(data: Any, source: str) -> OrgSchema:
    """Validate and build an OrgSchema from parsed YAML; `source` names the file in errors."""
    if not isinstance(data, dict) or not isinstance(data.get("objects"), dict):
        raise SchemaError(f"{source}: expected a mapping with 'kind', 'schema_version' and 'objects'")
    objects: dict[str, SObject] = {}
    for obj_name, raw in data["objects"].items():
        where = f"{source}: object {obj_name}"
        if not isinstance(raw, dict) or not isinstance(raw.get("fields"), dict):
            raise SchemaError(f"{where}: needs a 'fields' mapping")
        fields = {name: _parse_field(where, name, f) for name, f in raw["fields"].items()}
        if "Id" not in fields:
            raise SchemaError(f"{where}: has no Id field")
        lower = {name.lower(): name for name in fields}
        if len(lower) != len(fields):
            raise SchemaError(f"{where}: two fields differ only by case")
        prefix = str(raw.get("key_prefix", ""))
        if len(prefix) != 3:
            raise SchemaError(f"{where}: key_prefix must be three characters")
        name_field = raw.get("name_field")
        if name_field is not None and name_field not in fields:
            raise SchemaError(f"{where}: name_field {name_field!r} is not a field")
        objects[obj_name] = SObject(
            name=obj_name,
            label=str(raw.get("label", obj_name)),
            key_prefix=prefix,
            fields=fields,
            name_field=name_field,
            _lower=lower,
        )
    for obj in objects.values():
        for f in obj.references:
            for target in f.reference_to:
                if target not in objects:
                    raise SchemaError(f"{source}: {obj.name}.{f.name} references unknown object {target!r}")
    prefixes = [o.key_prefix for o in objects.values()]
    if len(set(prefixes)) != len(prefixes):
        raise SchemaError(f"{source}: two objects share a key prefix")
    return OrgSchema(kind=str(data.get("kind")), version=int(data.get("schema_version", 1)), objects=objects)


@cache
def load_schema(kind: str) -> OrgSchema:
    """The packaged schema of an org kind (`original`, `b2b` or `b2c`)."""
    if kind not in ORG_KINDS:
        raise SchemaError(f"unknown org kind {kind!r} (expected one of {', '.join(ORG_KINDS)})")
    path = resources.files("crmtui.org").joinpath("schemas", f"{kind}.yaml")
    return parse_schema(yaml.safe_load(path.read_text(encoding="utf-8")), f"schemas/{kind}.yaml")
