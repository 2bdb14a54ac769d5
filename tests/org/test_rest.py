"""describe / describeGlobal shapes from the schema YAML, and the REST JSON of record GETs."""

from __future__ import annotations

import json

import pytest

from crmtui.org.errors import SalesforceError
from crmtui.org.rest import _label, _plural, resources, versions
from tests.org import soql_fixture as fx

V = "/services/data/v59.0/sobjects"


@pytest.fixture(scope="module")
def org():
    return fx.engine()


def test_describe_global(org):
    eng = org[0]
    res = eng.describe_global()
    assert res["encoding"] == "UTF-8" and res["maxBatchSize"] == 200
    names = [o["name"] for o in res["sobjects"]]
    assert names == list(eng.schema.objects)
    case = next(o for o in res["sobjects"] if o["name"] == "Case")
    assert case == {
        "name": "Case", "label": "Case", "labelPlural": "Cases", "keyPrefix": "500", "custom": False,
        "queryable": True, "retrieveable": True, "searchable": True, "createable": False, "updateable": False,
        "deletable": False, "undeletable": False, "layoutable": False, "replicateable": False, "triggerable": False,
        "urls": {"sobject": f"{V}/Case", "describe": f"{V}/Case/describe", "rowTemplate": f"{V}/Case/{{ID}}"},
    }
    issue = next(o for o in res["sobjects"] if o["name"] == "Issue__c")
    assert issue["custom"] is True
    json.dumps(res)


def test_describe_fields_follow_the_schema(org):
    eng = org[0]
    desc = eng.describe("Case")
    schema = eng.schema.objects["Case"]
    assert desc["name"] == "Case" and desc["keyPrefix"] == "500"
    assert [f["name"] for f in desc["fields"]] == list(schema.fields)
    fields = {f["name"]: f for f in desc["fields"]}
    assert fields["Description"]["type"] == "textarea" and fields["Description"]["filterable"] is False
    assert fields["Description"]["sortable"] is False and fields["Description"]["extraTypeInfo"] == "plaintextarea"
    assert fields["Subject"]["nameField"] is True and fields["Subject"]["filterable"] is True
    assert fields["Id"] == {**fields["Id"], "type": "id", "label": "Record ID", "nillable": False, "idLookup": True}
    acc = fields["AccountId"]
    assert (acc["type"], acc["referenceTo"], acc["relationshipName"], acc["label"]) == (
        "reference", ["Account"], "Account", "Account ID")
    assert [p["value"] for p in fields["Status"]["picklistValues"]] == list(schema.fields["Status"].values)
    assert fields["Status"]["picklistValues"][0] == {
        "active": True, "defaultValue": False, "label": schema.fields["Status"].values[0],
        "value": schema.fields["Status"].values[0], "validFor": None}
    assert fields["CreatedDate"]["type"] == "datetime" and fields["CreatedDate"]["groupable"] is False
    assert fields["Subject"]["inlineHelpText"] == schema.fields["Subject"].description
    children = {c["relationshipName"]: c for c in desc["childRelationships"]}
    assert children["EmailMessages"] == {
        "childSObject": "EmailMessage", "field": "ParentId", "relationshipName": "EmailMessages",
        "cascadeDelete": False, "restrictedDelete": False, "deprecatedAndHidden": False,
        "junctionIdListNames": [], "junctionReferenceTo": []}
    assert children["Emails"]["field"] == "RelatedToId"
    assert children["CaseHistories__r"]["childSObject"] == "CaseHistory__c"


def test_describe_types_and_polymorphism(org):
    eng = org[0]
    email = {f["name"]: f for f in eng.describe("EmailMessage")["fields"]}
    assert email["RelatedToId"]["referenceTo"] == ["Case", "Opportunity"]
    assert email["RelatedToId"]["polymorphicForeignKey"] is True
    opp = {f["name"]: f for f in eng.describe("opportunity")["fields"]}
    assert (opp["Amount"]["type"], opp["Amount"]["soapType"], opp["Amount"]["groupable"]) == (
        "currency", "xsd:double", False)
    assert (opp["CloseDate"]["type"], opp["CloseDate"]["groupable"]) == ("date", True)
    assert opp["Probability"]["type"] == "percent"
    acc = {f["name"]: f for f in eng.describe("Account")["fields"]}
    assert (acc["NumberOfEmployees"]["type"], acc["NumberOfEmployees"]["soapType"]) == ("int", "xsd:int")
    assert acc["Phone"]["type"] == "phone"
    user = {f["name"]: f for f in eng.describe("User")["fields"]}
    assert user["Name"]["calculated"] is True and user["Email"]["type"] == "email"


def test_describe_unknown(org):
    with pytest.raises(SalesforceError) as info:
        org[0].describe("Nope")
    assert (info.value.status, info.value.error_code) == (404, "NOT_FOUND")


def test_record_get_rendering(org):
    eng, n = org
    opp = eng.get("Opportunity", n["o4"])
    assert opp["attributes"] == {"type": "Opportunity", "url": f"{V}/Opportunity/{n['o4']}"}
    assert opp["Amount"] is None and opp["CloseDate"] == "2025-07-25" and opp["Probability"] == 20.0
    prod = eng.get("Product2", n["p3"])
    assert prod["IsActive"] is False
    part = eng.get("Account", n["acme"], ["name", " Industry "])
    assert part == {"attributes": {"type": "Account", "url": f"{V}/Account/{n['acme']}"}, "Name": "Acme",
                    "Industry": "Energy"}


def test_labels_and_small_resources():
    assert _label("AccountId") == "Account ID"
    assert _label("FAQ_Answer__c") == "FAQ Answer"
    assert _label("NumberOfEmployees") == "Number Of Employees"
    assert _plural("Opportunity") == "Opportunities" and _plural("Case") == "Cases" and _plural("Address") == (
        "Addresses")
    assert resources("58.0")["search"] == "/services/data/v58.0/search"
    assert {v["version"] for v in versions()} >= {"59.0"}
