"""Org schemas: fidelity to the CRMArena schemas and Salesforce metadata rules."""

import json
from pathlib import Path

import pytest
import yaml

from crmtui.org.schema import FIELD_TYPES, ORG_KINDS, SENSITIVITIES, SchemaError, load_schema, parse_schema

FIXTURE = json.loads((Path(__file__).parent.parent / "fixtures" / "crmarena_schema_fields.json").read_text())
EXPECTED_OBJECTS = {"original": 16, "b2b": 27, "b2c": 27}


@pytest.mark.parametrize("kind", ORG_KINDS)
def test_every_crmarena_object_and_field_is_present(kind):
    schema = load_schema(kind)
    expected = FIXTURE[kind]
    assert len(expected) == EXPECTED_OBJECTS[kind]
    assert list(schema.objects) == list(expected)
    for obj_name, fields in expected.items():
        obj = schema.objects[obj_name]
        for name in fields:
            if name in obj.fields:
                continue
            # The original schema lists OrderItem's price book entry twice with different casing;
            # Salesforce names are case-insensitive, so the schema holds it once.
            assert (kind, obj_name, name) == ("original", "OrderItem", "PriceBookEntryId")
            assert obj.field(name).name == "PricebookEntryId"


@pytest.mark.parametrize("kind", ORG_KINDS)
def test_fields_are_typed_with_sensitivity_and_descriptions(kind):
    schema = load_schema(kind)
    for obj in schema.objects.values():
        assert obj.fields["Id"].type == "id"
        for f in obj.fields.values():
            assert f.type in FIELD_TYPES
            assert f.sensitivity in SENSITIVITIES
            assert f.description, f"{obj.name}.{f.name} has no description"
            if f.type == "picklist":
                assert f.values


def test_references_and_relationships():
    schema = load_schema("b2b")
    case = schema.objects["Case"]
    account_id = case.fields["AccountId"]
    assert account_id.type == "reference"
    assert account_id.reference_to == ("Account",)
    assert account_id.relationship_name == "Account"
    assert account_id.child_relationship == "Cases"
    assert case.fields["IssueId__c"].relationship_name == "IssueId__r"
    children = {name: obj.name for name, obj, _ in schema.child_relationships("Account")}
    assert children["Cases"] == "Case" and children["Contacts"] == "Contact"
    assert children["Opportunities"] == "Opportunity"
    assert schema.objects["EmailMessage"].fields["RelatedToId"].reference_to == ("Case", "Opportunity")
    # Child relationship names are unique per parent.
    for parent in schema.objects:
        names = [n for n, _, _ in schema.child_relationships(parent)]
        assert len(names) == len(set(names)), parent


def test_lookups_are_case_insensitive_and_key_prefixes_real():
    schema = load_schema("b2c")
    assert schema.object("case").name == "Case"
    assert schema.objects["Case"].field("subject").name == "Subject"
    prefixes = {name: obj.key_prefix for name, obj in schema.objects.items()}
    assert prefixes["User"] == "005" and prefixes["Account"] == "001" and prefixes["Contact"] == "003"
    assert prefixes["Case"] == "500" and prefixes["Lead"] == "00Q" and prefixes["Opportunity"] == "006"
    assert prefixes["Quote"] == "0Q0" and prefixes["Task"] == "00T" and prefixes["Product2"] == "01t"
    assert prefixes["Knowledge__kav"] == "ka0"
    assert schema.by_prefix("500").name == "Case"


def test_long_text_is_not_filterable():
    case = load_schema("b2b").objects["Case"]
    assert not case.fields["Description"].filterable
    assert case.fields["Subject"].filterable


def test_customer_personal_data_is_pii():
    b2c = load_schema("b2c")
    assert b2c.objects["Account"].fields["PersonEmail"].sensitivity == "pii"
    assert load_schema("b2b").objects["Contact"].fields["Email"].sensitivity == "pii"
    assert b2c.objects["CaseHistory__c"].fields["NewValue__c"].sensitivity == "internal"


def _minimal(fields):
    return {"kind": "x", "schema_version": 1,
            "objects": {"Thing": {"key_prefix": "a0X", "fields": {"Id": {"type": "id"}, **fields}}}}


@pytest.mark.parametrize(("fields", "message"), [
    ({"Bad": {"type": "float"}}, "unknown type"),
    ({"Bad": {"type": "string", "colour": "red"}}, "unknown key"),
    ({"Bad": {"type": "string", "sensitivity": "secret"}}, "unknown sensitivity"),
    ({"Bad": {"type": "reference"}}, "needs reference_to"),
    ({"Bad": {"type": "reference", "reference_to": ["Nope"], "relationship_name": "Nope"}}, "unknown object"),
    ({"Bad": {"type": "picklist"}}, "needs values"),
    ({"name": {"type": "string"}, "NAME": {"type": "string"}}, "differ only by case"),
])
def test_malformed_schema_errors_name_the_problem(fields, message):
    with pytest.raises(SchemaError, match=message) as err:
        parse_schema(_minimal(fields), "schemas/x.yaml")
    assert "schemas/x.yaml" in str(err.value)


def test_unknown_kind():
    with pytest.raises(SchemaError, match="unknown org kind"):
        load_schema("b2x")


def test_yaml_files_are_plain_yaml():
    for kind in ORG_KINDS:
        path = Path(__file__).parents[2] / "crmtui" / "org" / "schemas" / f"{kind}.yaml"
        assert yaml.safe_load(path.read_text())["kind"] == kind
