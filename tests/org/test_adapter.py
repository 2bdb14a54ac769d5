"""The real simple-salesforce client on the embedded org, through the requests transport adapter."""

from __future__ import annotations

import json

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceMalformedRequest,
    SalesforceRefusedRequest,
    SalesforceResourceNotFound,
)

from crmtui.org import connect as connect_mod
from crmtui.org.adapter import EMBEDDED_URL, embedded_session
from crmtui.org.backends import Backend, EmbeddedBackend, SalesforceBackend, open_backend
from crmtui.org.connect import ConnectError, connect, embedded_client
from crmtui.org.errors import SalesforceError
from tests.org import soql_fixture as fx

QUERIES = [
    "SELECT Id, Subject, CreatedDate, ClosedDate FROM Case ORDER BY CreatedDate",
    "SELECT Id, Account.Name, Owner.Name FROM Case WHERE Contact.LastName = null",
    "SELECT Name, (SELECT Subject FROM Cases ORDER BY Subject LIMIT 1) FROM Account ORDER BY Name",
    "SELECT OwnerId, COUNT(Id) n FROM Case GROUP BY OwnerId ORDER BY COUNT(Id) DESC",
    "SELECT COUNT() FROM Case WHERE CreatedDate = LAST_N_DAYS:30",
    "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE StageName = 'Closed Won')",
    "SELECT Name FROM Account WHERE Name LIKE 'MÜLL%'",
]


@pytest.fixture(scope="module")
def org():
    return fx.engine()


@pytest.fixture(scope="module")
def sf(org):
    return embedded_client(org[0])


@pytest.mark.parametrize("soql", QUERIES)
def test_query_matches_direct_engine(org, sf, soql):
    assert json.loads(json.dumps(sf.query(soql))) == org[0].query(soql)


def test_query_all_and_query_more(org, sf):
    first = sf.query("SELECT Id FROM Task")
    assert first["done"] is False and len(first["records"]) == 2000
    more = sf.query_more(first["nextRecordsUrl"], identifier_is_url=True)
    assert len(more["records"]) == 2000
    locator = more["nextRecordsUrl"].rsplit("/", 1)[-1]
    last = sf.query_more(locator)
    assert last["done"] is True and len(last["records"]) == fx.N_TASKS - 4000
    everything = sf.query_all("SELECT Id, Subject FROM Task")
    assert everything["totalSize"] == fx.N_TASKS
    assert [r["Id"] for r in everything["records"]] == [
        r["Id"] for r in org[0].query_all("SELECT Id, Subject FROM Task")["records"]
    ]
    assert sum(1 for _ in sf.query_all_iter("SELECT Id FROM Task")) == fx.N_TASKS
    # simple-salesforce's own quirk, kept: query_all rebuilds totalSize from the records it collected
    assert sf.query_all("SELECT COUNT() FROM Case")["totalSize"] == 0
    assert sf.query("SELECT COUNT() FROM Case")["totalSize"] == 9


def test_batch_size_header(sf):
    res = sf.query("SELECT Id FROM Task", headers={"Sforce-Query-Options": "batchSize=500"})
    assert len(res["records"]) == 500 and res["nextRecordsUrl"].endswith("-500")


def test_search_and_quick_search(org, sf):
    sosl = "FIND {acme} IN ALL FIELDS RETURNING Account(Id, Name), Contact(Id, Name)"
    assert json.loads(json.dumps(sf.search(sosl))) == org[0].search(sosl)
    assert {r["attributes"]["type"] for r in sf.quick_search("acme")["searchRecords"]} >= {"Account", "Contact"}


def test_sobject_get_describe_and_metadata(org, sf):
    n = org[1]
    got = sf.Case.get(n["c1"])
    assert got["Id"] == n["c1"] and got["attributes"]["type"] == "Case"
    assert sf.Case.get(n["c1"][:15])["Id"] == n["c1"]
    assert json.loads(json.dumps(sf.case.describe())) == org[0].describe("Case")
    assert sf.Case.metadata()["objectDescribe"]["name"] == "Case"
    assert {o["name"] for o in sf.describe()["sobjects"]} == set(org[0].model.objects)
    part = sf.Account.get(n["acme"], params={"fields": "Name,Industry"})
    assert list(part) == ["attributes", "Name", "Industry"]


def test_errors_are_simple_salesforce_exceptions(org, sf):
    with pytest.raises(SalesforceMalformedRequest) as info:
        sf.query("SELECT Id, Foo FROM Case")
    assert info.value.status == 400
    with pytest.raises(SalesforceError) as direct:
        org[0].query("SELECT Id, Foo FROM Case")
    assert [dict(e) for e in info.value.content] == direct.value.to_json()
    assert info.value.content[0]["message"].startswith(
        "\nSELECT Id, Foo FROM Case\n           ^\nERROR at Row:1:Column:12")
    with pytest.raises(SalesforceMalformedRequest) as info:
        sf.search("FIND {a}")
    assert info.value.content[0]["errorCode"] == "MALFORMED_SEARCH"
    with pytest.raises(SalesforceResourceNotFound) as info:
        sf.Case.get("500Wt0000000zzzIAA")
    assert info.value.content == [{"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}]
    with pytest.raises(SalesforceResourceNotFound):
        sf.Nope.describe()
    with pytest.raises(SalesforceResourceNotFound):
        sf.restful("no/such/resource")


def test_writes_are_refused_and_change_nothing(org, sf):
    n = org[1]
    before = org[0].query("SELECT COUNT() FROM Case")["totalSize"]
    for call in (lambda: sf.Case.create({"Subject": "x"}),
                 lambda: sf.Case.update(n["c1"], {"Subject": "changed"}),
                 lambda: sf.Case.upsert(f"Id/{n['c1']}", {"Subject": "changed"}),
                 lambda: sf.Case.delete(n["c1"])):
        with pytest.raises(SalesforceRefusedRequest) as info:
            call()
        assert info.value.status == 403
        assert info.value.content[0]["errorCode"] == "INSUFFICIENT_ACCESS_OR_READONLY"
    assert org[0].query("SELECT COUNT() FROM Case")["totalSize"] == before
    assert org[0].get("Case", n["c1"])["Subject"] == "Solar panel not charging"


def test_api_version_is_echoed(org):
    sf57 = embedded_client(org[0], api_version="57.0")
    rec = sf57.query("SELECT Id, Account.Name FROM Contact LIMIT 1")["records"][0]
    assert rec["attributes"]["url"].startswith("/services/data/v57.0/sobjects/Contact/")
    assert rec["Account"]["attributes"]["url"].startswith("/services/data/v57.0/sobjects/Account/")


def test_raw_session_endpoints(org):
    session = embedded_session(org[0])
    versions = session.get(f"{EMBEDDED_URL}/services/data/").json()
    assert {"label", "url", "version"} <= set(versions[0]) and any(v["version"] == "59.0" for v in versions)
    assert session.get(f"{EMBEDDED_URL}/services/data/v59.0/").json()["query"] == "/services/data/v59.0/query"
    assert session.get(f"{EMBEDDED_URL}/services/data/v59.0/limits/").status_code == 200
    resp = session.get(f"{EMBEDDED_URL}/services/data/v59.0/query/", params={"q": ""})
    assert resp.status_code == 400 and resp.json()[0]["errorCode"] == "MALFORMED_QUERY"
    resp = session.get(f"{EMBEDDED_URL}/elsewhere")
    assert resp.status_code == 404
    assert resp.headers["Content-Type"].startswith("application/json")
    with pytest.raises(requests.exceptions.InvalidSchema):
        session.get("ftp://example.com/")  # nothing else is mounted: no network ever


def test_connect_to_a_dump_path(org):
    path, _ = fx.fixture_path()
    sf = connect(f"embedded:{path}")
    assert isinstance(sf, Salesforce)
    assert sf.query("SELECT COUNT() FROM Case")["totalSize"] == 9
    assert connect(f"embedded:{path}").embedded_engine is sf.embedded_engine  # engines are shared


def test_connect_default_org_uses_home(monkeypatch, org):
    path, _ = fx.fixture_path()
    import crmtui.org.home as home

    monkeypatch.setattr(home, "default_org_path", lambda kind, progress=None: path)
    sf = connect("embedded:b2b")
    assert sf.query("SELECT Name FROM Account WHERE Name = 'acme'")["records"][0]["Name"] == "Acme"


def test_connect_errors(monkeypatch, tmp_path):
    for var in ("SALESFORCE_USERNAME", "SALESFORCE_PASSWORD", "SALESFORCE_SECURITY_TOKEN",
                "SALESFORCE_INSTANCE_URL", "SALESFORCE_SESSION_ID"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ConnectError):
        connect("salesforce")
    with pytest.raises(ConnectError):
        connect("nonsense")
    with pytest.raises(Exception):  # noqa: B017 - an OrgOpenError or OrgSpecError, both CrmtuiErrors
        connect(f"embedded:{tmp_path / 'missing.db'}")


def test_connect_salesforce_from_session_env(monkeypatch):
    monkeypatch.setenv("SALESFORCE_INSTANCE_URL", "https://example.my.salesforce.com")
    monkeypatch.setenv("SALESFORCE_SESSION_ID", "00Dxx!token")
    sf = connect_mod.salesforce_client()
    assert sf.sf_instance == "example.my.salesforce.com" and sf.session_id == "00Dxx!token"


def test_backends_agree(org):
    embedded = EmbeddedBackend(org[0])
    through_client = SalesforceBackend(embedded_client(org[0]))
    assert isinstance(embedded, Backend) and isinstance(through_client, Backend)
    assert embedded.read_only and not through_client.read_only
    n = org[1]
    for soql in QUERIES:
        assert through_client.query(soql) == embedded.query(soql)
    assert through_client.query_all("SELECT Id FROM Task") == embedded.query_all("SELECT Id FROM Task")
    first = through_client.query("SELECT Id FROM Task")
    assert through_client.query_more(first["nextRecordsUrl"])["records"] == embedded.query_more(
        embedded.query("SELECT Id FROM Task")["nextRecordsUrl"])["records"]
    sosl = "FIND {smith} RETURNING Contact(Name)"
    assert through_client.search(sosl) == embedded.search(sosl)
    assert through_client.get("Case", n["c1"]) == embedded.get("Case", n["c1"])
    assert through_client.describe("Account") == embedded.describe("Account")
    assert through_client.describe_global() == embedded.describe_global()
    for backend in (embedded, through_client):
        with pytest.raises(SalesforceError) as info:
            backend.query("SELECT Bogus FROM Case")
        assert info.value.error_code == "INVALID_FIELD" and info.value.status == 400
        with pytest.raises(SalesforceError) as info:
            backend.get("Case", "500Wt0000000zzzIAA")
        assert info.value.error_code == "NOT_FOUND" and info.value.status == 404
    assert embedded.now == "2025-06-15T12:00:00.000+0000"
    assert embedded.client().query("SELECT COUNT() FROM Case")["totalSize"] == 9


def test_open_backend(org):
    path, _ = fx.fixture_path()
    backend = open_backend(f"embedded:{path}")
    assert isinstance(backend, EmbeddedBackend) and backend.query("SELECT COUNT() FROM Account")["totalSize"] == 9


def test_embedded_response_serialises_lazily(org):
    from collections import OrderedDict
    from decimal import Decimal

    session = embedded_session(org[0])
    resp = session.get(f"{EMBEDDED_URL}/services/data/v59.0/query/",
                       params={"q": "SELECT Name, NumberOfEmployees, (SELECT Amount FROM Opportunities) FROM Account "
                                    "ORDER BY Name LIMIT 3"})
    direct = org[0].query("SELECT Name, NumberOfEmployees, (SELECT Amount FROM Opportunities) FROM Account "
                          "ORDER BY Name LIMIT 3")
    assert resp.json() == direct and type(resp.json()) is dict
    ordered = resp.json(object_pairs_hook=OrderedDict, parse_float=Decimal)
    assert type(ordered) is OrderedDict and type(ordered["records"][0]) is OrderedDict
    assert ordered == json.loads(resp.text, object_pairs_hook=OrderedDict, parse_float=Decimal)
    assert json.loads(resp.content) == direct
    assert resp.json(parse_int=str)["totalSize"] == "3"  # other arguments decode the serialised body


def test_engine_connection_is_read_only(org):
    import sqlite3

    eng = org[0]
    for sql in ('DELETE FROM "Case"', "UPDATE Account SET Name = 'x'", "CREATE TABLE t (x)"):
        with pytest.raises(sqlite3.OperationalError):
            eng.conn.execute(sql)
    assert eng.query("SELECT COUNT() FROM Case")["totalSize"] == 9


def test_open_results_survive_other_work(tmp_path):
    from crmtui.org.soql import Engine

    path, _ = fx.fixture_path()
    eng = Engine.open(path)  # a fresh engine: its search index is built while a result is still open
    first = eng.query("SELECT Id FROM Task")
    assert eng.search("FIND {acme} RETURNING Account(Name)")["searchRecords"]
    assert len(eng.query_more(first["nextRecordsUrl"])["records"]) == 2000
    for _ in range(70):  # more open results than are kept: the oldest are closed and forgotten
        eng.query("SELECT Id FROM Task")
    with pytest.raises(SalesforceError) as info:
        eng.query_more(first["nextRecordsUrl"])
    assert info.value.error_code == "INVALID_QUERY_LOCATOR"
