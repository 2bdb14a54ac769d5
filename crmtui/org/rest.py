"""Salesforce REST shapes that are not query results: describe, describeGlobal, versions, resources.

Describe answers come from the schema YAML intersected with the dump (the engine's `OrgModel`):
field types, lengths, filterable/sortable/groupable flags, references, relationship names, picklist
values and the schema's field description as `inlineHelpText`. The embedded org is read-only, so every
object reports `createable`, `updateable` and `deletable` as false.
"""

from __future__ import annotations

import re
from typing import Any

from crmtui.org.soql.model import FieldMeta, ObjMeta, OrgModel

API_VERSIONS = ("56.0", "57.0", "58.0", "59.0", "60.0", "61.0", "62.0")
_RELEASES = {
    "56.0": "Winter '23", "57.0": "Spring '23", "58.0": "Summer '23", "59.0": "Winter '24",
    "60.0": "Spring '24", "61.0": "Summer '24", "62.0": "Winter '25",
}

# type -> (describe type, length, soapType)
_TYPES = {
    "id": ("id", 18, "tns:ID"),
    "reference": ("reference", 18, "tns:ID"),
    "string": ("string", 255, "xsd:string"),
    "textarea": ("textarea", 255, "xsd:string"),
    "longtext": ("textarea", 32000, "xsd:string"),
    "picklist": ("picklist", 255, "xsd:string"),
    "email": ("email", 80, "xsd:string"),
    "phone": ("phone", 40, "xsd:string"),
    "date": ("date", 0, "xsd:date"),
    "datetime": ("datetime", 0, "xsd:dateTime"),
    "boolean": ("boolean", 0, "xsd:boolean"),
    "int": ("int", 0, "xsd:int"),
    "double": ("double", 0, "xsd:double"),
    "currency": ("currency", 0, "xsd:double"),
    "percent": ("percent", 0, "xsd:double"),
}


def _label(name: str) -> str:
    """A human label from an API name: `AccountId` -> `Account ID`, `FAQ_Answer__c` -> `FAQ Answer`."""
    base = name[:-3] if name.endswith(("__c", "__r")) else name
    if base.endswith("Id") and len(base) > 2 and name != "Id":
        base = base[:-2] + " ID"
    base = base.replace("_", " ")
    base = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", base)
    return re.sub(r"\s+", " ", base).strip() or name


def _plural(label: str) -> str:
    if label.endswith("y") and not label.endswith(("ay", "ey", "oy")):
        return label[:-1] + "ies"
    if label.endswith(("s", "x", "ch", "sh")):
        return label + "es"
    return label + "s"


def sobject_urls(name: str, version: str) -> dict[str, str]:
    base = f"/services/data/v{version}/sobjects/{name}"
    return {"sobject": base, "describe": f"{base}/describe", "rowTemplate": f"{base}/{{ID}}"}


def _field(obj: ObjMeta, fm: FieldMeta) -> dict[str, Any]:
    dtype, length, soap = _TYPES[fm.type]
    f = fm.field
    numeric = fm.type in ("int", "double", "currency", "percent")
    out: dict[str, Any] = {
        "name": fm.name,
        "label": "Record ID" if fm.name == "Id" else _label(fm.name),
        "type": dtype,
        "soapType": soap,
        "length": length,
        "byteLength": length * 3,
        "precision": 18 if fm.type in ("double", "currency", "percent") else 0,
        "scale": 2 if fm.type in ("double", "currency", "percent") else 0,
        "digits": 9 if fm.type == "int" else 0,
        "custom": fm.name.endswith("__c"),
        "calculated": fm.column is None or bool(f.computed),
        "nillable": fm.type not in ("id", "boolean"),
        "filterable": fm.filterable,
        "sortable": fm.sortable,
        "groupable": fm.groupable,
        "aggregatable": fm.type not in ("longtext", "boolean"),
        "nameField": obj.name_field == fm.name,
        "idLookup": fm.type == "id",
        "unique": fm.type == "id",
        "externalId": False,
        "createable": False,
        "updateable": False,
        "referenceTo": list(f.reference_to),
        "relationshipName": f.relationship_name,
        "polymorphicForeignKey": len(f.reference_to) > 1,
        "picklistValues": [
            {"active": True, "defaultValue": False, "label": v, "value": v, "validFor": None} for v in f.values
        ],
        "inlineHelpText": f.description or None,
        "extraTypeInfo": "plaintextarea" if fm.type in ("textarea", "longtext") else None,
    }
    if not numeric:
        out["digits"] = 0
    return out


def describe_sobject(model: OrgModel, obj: ObjMeta, version: str) -> dict[str, Any]:
    """`GET /sobjects/<object>/describe`."""
    children = []
    for rel_lower, (child_name, fk) in sorted(obj.children.items()):
        children.append({
            "childSObject": child_name,
            "field": fk.name,
            "relationshipName": obj.child_names[rel_lower],
            "cascadeDelete": False,
            "restrictedDelete": False,
            "deprecatedAndHidden": False,
            "junctionIdListNames": [],
            "junctionReferenceTo": [],
        })
    label = obj.sobject.label or obj.name
    return {
        **_global_entry(obj, version),
        "fields": [_field(obj, fm) for fm in obj.fields.values()],
        "childRelationships": children,
        "recordTypeInfos": [],
        "supportedScopes": [{"label": "All " + _plural(label).lower(), "name": "everything"}],
    }


def _global_entry(obj: ObjMeta, version: str) -> dict[str, Any]:
    label = obj.sobject.label or obj.name
    return {
        "name": obj.name,
        "label": label,
        "labelPlural": _plural(label),
        "keyPrefix": obj.key_prefix,
        "custom": obj.name.endswith("__c") or obj.name.endswith("__kav"),
        "queryable": True,
        "retrieveable": True,
        "searchable": True,
        "createable": False,
        "updateable": False,
        "deletable": False,
        "undeletable": False,
        "layoutable": False,
        "replicateable": False,
        "triggerable": False,
        "urls": sobject_urls(obj.name, version),
    }


def describe_global(model: OrgModel, version: str) -> dict[str, Any]:
    """`GET /sobjects/`."""
    return {
        "encoding": "UTF-8",
        "maxBatchSize": 200,
        "sobjects": [_global_entry(o, version) for o in model.objects.values()],
    }


def sobject_basic_info(model: OrgModel, obj: ObjMeta, version: str) -> dict[str, Any]:
    """`GET /sobjects/<object>/`."""
    return {"objectDescribe": _global_entry(obj, version), "recentItems": []}


def versions() -> list[dict[str, str]]:
    """`GET /services/data/`."""
    return [{"label": _RELEASES[v], "url": f"/services/data/v{v}", "version": v} for v in API_VERSIONS]


def resources(version: str) -> dict[str, str]:
    """`GET /services/data/vXX.X/`."""
    base = f"/services/data/v{version}"
    return {
        "sobjects": f"{base}/sobjects",
        "query": f"{base}/query",
        "queryAll": f"{base}/queryAll",
        "search": f"{base}/search",
        "limits": f"{base}/limits",
    }


def limits() -> dict[str, Any]:
    """`GET /limits/`: generous static allowances (the embedded org has no API quota)."""
    return {
        "DailyApiRequests": {"Max": 15000, "Remaining": 15000},
        "DailyBulkApiBatches": {"Max": 15000, "Remaining": 15000},
    }
