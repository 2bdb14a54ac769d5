"""Relationship and aggregate naming, case/type rules, safety, official dumps, the package API."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from rich.console import Console

from crmtui.org import dump
from crmtui.org.errors import SalesforceError
from crmtui.org.ids import IdFactory
from crmtui.org.schema import load_schema
from crmtui.org.soql import Engine, OrgOpenError, format_table, is_sosl, run_query
from tests.org import soql_fixture as fx

V = "/services/data/v59.0/sobjects"


@pytest.fixture(scope="module")
def org():
    return fx.engine()


def q(org, text, **kw):
    return org[0].query(text, **kw)


def ids(res) -> set[str]:
    return {r["Id"] for r in res["records"]}


def aggs(res) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "attributes"} for r in res["records"]]


# -- relationships -----------------------------------------------------------------------------------------


def test_polymorphic_parent(org):
    n = org[1]
    res = q(org, "SELECT Subject, RelatedTo.Name, RelatedTo.Id FROM EmailMessage ORDER BY Subject")
    by = {r["Subject"]: r["RelatedTo"] for r in res["records"]}
    assert by["Orphan"] is None
    assert by["Re: Solar panel"] == {"attributes": {"type": "Case", "url": f"{V}/Case/{n['c1']}"},
                                     "Name": "Solar panel not charging", "Id": n["c1"]}
    assert by["Proposal"]["attributes"]["type"] == "Opportunity" and by["Proposal"]["Name"] == "Acme solar rollout"
    where = q(org, "SELECT Id FROM EmailMessage WHERE RelatedTo.Name = 'acme solar rollout'")
    assert ids(where) == {n["em2"]}
    typed = q(org, "SELECT Subject, RelatedTo.Type FROM EmailMessage WHERE RelatedTo.Type = 'case'")
    assert typed["records"][0]["Subject"] == "Re: Solar panel" and typed["totalSize"] == 1
    assert typed["records"][0]["RelatedTo"]["Type"] == "Case"
    per_type = q(org, "SELECT RelatedTo.Type, COUNT(Id) FROM EmailMessage GROUP BY RelatedTo.Type "
                      "ORDER BY RelatedTo.Type")
    assert [(r["Type"], r["expr0"]) for r in per_type["records"]] == [(None, 1), ("Case", 1), ("Opportunity", 1)]


def test_child_relationships_with_parents_filters_and_polymorphic_children(org):
    n = org[1]
    res = q(org, f"SELECT Name, (SELECT Subject, Owner.Name FROM Cases WHERE Status = 'New' ORDER BY Subject), "
                 f"(SELECT Name FROM Contacts ORDER BY Name) FROM Account WHERE Id = '{n['acme']}'")
    acc = res["records"][0]
    assert list(acc) == ["attributes", "Name", "Cases", "Contacts"]
    assert acc["Cases"]["records"] == [{
        "attributes": {"type": "Case", "url": f"{V}/Case/{n['c1']}"}, "Subject": "Solar panel not charging",
        "Owner": {"attributes": {"type": "User", "url": f"{V}/User/{n['u1']}"}, "Name": "Ada Lovelace"},
    }]
    assert [c["Name"] for c in acc["Contacts"]["records"]] == ["Jane Gray", "John Smith"]
    emails = q(org, f"SELECT Id, (SELECT Subject FROM Emails) FROM Opportunity WHERE Id = '{n['o1']}'")
    assert emails["records"][0]["Emails"]["records"][0]["Subject"] == "Proposal"


def test_nested_child_subqueries(org):
    n = org[1]
    res = q(org, f"SELECT Name, (SELECT LastName, (SELECT Subject FROM Cases ORDER BY Subject) FROM Contacts "
                 f"ORDER BY LastName) FROM Account WHERE Id = '{n['acme']}'")
    contacts = res["records"][0]["Contacts"]["records"]
    assert [c["LastName"] for c in contacts] == ["Gray", "Smith"]
    subjects = [c["Subject"] for c in contacts[1]["Cases"]["records"]]
    assert subjects == ["Battery drains fast", "Solar panel not charging"]


def test_child_offset(org):
    n = org[1]
    res = q(org, f"SELECT Id, (SELECT Id FROM Cases ORDER BY CreatedDate DESC LIMIT 1 OFFSET 1) FROM Account "
                 f"WHERE Id = '{n['acme']}'")
    assert [c["Id"] for c in res["records"][0]["Cases"]["records"]] == [n["c2"]]


def test_aliases_and_object_prefix(org):
    n = org[1]
    res = q(org, "SELECT c.LastName, c.Account.Name FROM Contact c WHERE c.Account.Name = 'Quarry' ORDER BY c.LastName")
    assert [(r["LastName"], r["Account"]["Name"]) for r in res["records"]] == [("Stone", "Quarry"), ("Young", "Quarry")]
    assert ids(q(org, "SELECT Account.Id FROM Account WHERE Account.Name = 'Acme'")) == {n["acme"]}


def test_same_name_field_and_relationship(tmp_path):
    """original's ProductCategoryProduct: `ProductCategory` is a text field, `ProductCategory.` the lookup."""
    schema = load_schema("original")
    f = IdFactory(instance="Wt")
    cat, prod, pcp = f.new("0ZG"), f.new("01t"), f.new("0ZH")
    path = tmp_path / "orig.db"
    conn = sqlite3.connect(path)
    dump.create_tables(conn, schema)
    dump.insert_rows(conn, schema.objects["ProductCategory"], [{"Id": cat, "Name": "Solar"}])
    dump.insert_rows(conn, schema.objects["Product2"], [{"Id": prod, "Name": "Panel"}])
    dump.insert_rows(conn, schema.objects["ProductCategoryProduct"], [
        {"Id": pcp, "ProductCategory": "cat text", "Product": "prod text", "ProductCategoryId": cat,
         "ProductId": prod}])
    conn.commit()
    conn.close()
    eng = Engine.open(path, now="2025-06-15")
    rec = eng.query("SELECT ProductCategory, ProductCategory.Name, Product, Product.Name FROM ProductCategoryProduct")[
        "records"][0]
    assert rec["ProductCategory"] == {"attributes": {"type": "ProductCategory", "url": f"{V}/ProductCategory/{cat}"},
                                      "Name": "Solar"}
    assert rec["Product"]["Name"] == "Panel"
    flat = eng.query("SELECT Product, ProductCategory FROM ProductCategoryProduct")["records"][0]
    assert (flat["Product"], flat["ProductCategory"]) == ("prod text", "cat text")


# -- aggregates --------------------------------------------------------------------------------------------


def test_aggregate_naming_and_types(org):
    res = q(org, "SELECT Status s, COUNT(Id), COUNT_DISTINCT(OwnerId) owners, MIN(Subject), MAX(CreatedDate) "
                 "FROM Case GROUP BY Status ORDER BY Status")
    assert aggs(res)[0] == {"s": "Closed", "expr0": 4, "owners": 2, "expr1": "Invoice question",
                            "expr2": "2025-06-17T12:00:00.000+0000"}
    total = aggs(q(org, "SELECT SUM(NumberOfEmployees) total, AVG(NumberOfEmployees) FROM Account"))
    assert total == [{"total": 599, "expr0": pytest.approx(599 / 7)}]
    assert isinstance(total[0]["total"], int)
    amount = aggs(q(org, "SELECT SUM(Amount) FROM Opportunity"))[0]["expr0"]
    assert amount == 181000.0 and isinstance(amount, float)


def test_group_by_parent_and_date_function_with_alias(org):
    res = q(org, "SELECT Owner.Name owner, CALENDAR_YEAR(CreatedDate) y, COUNT(Id) n FROM Case "
                 "GROUP BY Owner.Name, CALENDAR_YEAR(CreatedDate) ORDER BY Owner.Name, CALENDAR_YEAR(CreatedDate)")
    assert aggs(res) == [
        {"owner": "Ada Lovelace", "y": 2025, "n": 4},
        {"owner": "Alan Turing", "y": 2024, "n": 1},
        {"owner": "Alan Turing", "y": 2025, "n": 1},
        {"owner": "Grace Hopper", "y": 2024, "n": 1},
        {"owner": "Grace Hopper", "y": 2025, "n": 2},
    ]
    having = q(org, "SELECT Owner.Name, COUNT(Id) FROM Case GROUP BY Owner.Name HAVING Owner.Name LIKE 'a%'")
    assert {r["Name"] for r in having["records"]} == {"Ada Lovelace", "Alan Turing"}


def test_group_by_is_case_insensitive(org):
    res = q(org, "SELECT Priority, COUNT(Id) FROM Case WHERE Priority IN ('HIGH', 'low') GROUP BY Priority "
                 "ORDER BY COUNT(Id) DESC")
    assert [(r["Priority"], r["expr0"]) for r in res["records"]] == [("High", 5), ("Low", 2)]


def test_count_with_limit_and_offset(org):
    assert q(org, "SELECT COUNT() FROM Case LIMIT 2")["totalSize"] == 2
    assert q(org, "SELECT COUNT() FROM Case LIMIT 5 OFFSET 7")["totalSize"] == 2


def test_identity_functions(org):
    n = org[1]
    res = q(org, f"SELECT toLabel(Status), FORMAT(CreatedDate) fmt FROM Case WHERE Id = '{n['c1']}'")
    assert aggs(res) == [{"Status": "New", "fmt": "2025-06-15T12:00:00.000+0000"}]


# -- comparisons ---------------------------------------------------------------------------------------------


def test_non_ascii_case_insensitive_equality_and_in(org):
    n = org[1]
    assert ids(q(org, "SELECT Id FROM Account WHERE Name = 'MÜLLER GMBH'")) == {n["muller"]}
    assert ids(q(org, "SELECT Id FROM Account WHERE Name IN ('müller gmbh', 'ACME')")) == {n["muller"], n["acme"]}
    assert ids(q(org, "SELECT Id FROM Contact WHERE FirstName != 'JÜRGEN' AND LastName = 'müller'")) == set()


def test_empty_string_is_null(org):
    assert ids(q(org, "SELECT Id FROM Account WHERE Industry = ''")) == ids(
        q(org, "SELECT Id FROM Account WHERE Industry = null"))
    rec = q(org, f"SELECT Industry FROM Account WHERE Id = '{org[1]['under']}'")["records"][0]
    assert rec["Industry"] is None


def test_in_lists_with_null(org):
    n = org[1]
    got = {r["Name"] for r in q(org, "SELECT Name FROM Account WHERE Industry IN ('Retail', null)")["records"]}
    assert got == {"O'Brien & Sons", "100% Natural", "Müller GmbH", "1000 Natural"}
    not_in = q(org, "SELECT Id FROM Account WHERE Industry NOT IN ('Retail', 'Technology', null)")
    assert ids(not_in) == {n["acme"], n["quarry"]}


def test_numeric_and_date_comparisons(org):
    n = org[1]
    assert ids(q(org, "SELECT Id FROM Account WHERE NumberOfEmployees >= 50")) == {n["acme"], n["globex"]}
    assert ids(q(org, "SELECT Id FROM Opportunity WHERE Amount > USD100000")) == {n["o1"]}
    assert ids(q(org, "SELECT Id FROM Opportunity WHERE Amount != 8000")) == {n["o1"], n["o2"], n["o4"], n["o5"]}
    assert ids(q(org, "SELECT Id FROM Opportunity WHERE CloseDate >= 2025-06-10 AND CloseDate < 2025-07-01")) == {
        n["o3"], n["o5"]}
    assert ids(q(org, "SELECT Id FROM Case WHERE CALENDAR_YEAR(CreatedDate) = 2024")) == {n["c7"], n["c8"]}
    assert ids(q(org, "SELECT Id FROM Case WHERE DAY_ONLY(CreatedDate) = TODAY")) == {n["c1"]}
    assert ids(q(org, "SELECT Id FROM Case WHERE CreatedDate IN (TODAY, YESTERDAY)")) == {n["c1"], n["c2"]}


def test_semi_join_on_reference_and_parent_path(org):
    n = org[1]
    res = q(org, "SELECT Id FROM Case WHERE ContactId IN (SELECT Id FROM Contact WHERE Account.Name = 'Acme') "
                 "AND Status != 'Closed'")
    assert ids(res) == {n["c1"], n["c3"]}
    anti = q(org, "SELECT Id FROM Contact WHERE Id NOT IN (SELECT ContactId FROM Case)")
    assert ids(anti) == {n["quarryc"]}


def test_accepted_clauses(org):
    for clause in ("WITH SECURITY_ENFORCED", "WITH USER_MODE", "USING SCOPE everything", "LIMIT 1 FOR VIEW",
                   "LIMIT 1 FOR REFERENCE", "LIMIT 1 UPDATE TRACKING"):
        text = f"SELECT Id FROM Case {clause}" if not clause.startswith("USING") else \
            f"SELECT Id FROM Case {clause} LIMIT 1"
        assert q(org, text)["records"]


# -- safety ------------------------------------------------------------------------------------------------


def test_injection_attempts_match_literally_or_fail(org):
    n = org[1]
    assert ids(q(org, "SELECT Id FROM Account WHERE Name = 'O\\'Brien & Sons'")) == {n["obrien"]}
    assert q(org, "SELECT Id FROM Account WHERE Name = '\" OR 1=1 --'")["totalSize"] == 0
    assert q(org, "SELECT Id FROM Account WHERE Name = 'x\\' OR Name != \\'y'")["totalSize"] == 0
    assert q(org, "SELECT Id FROM Account WHERE Name LIKE '%\\'; DROP TABLE Account; --'")["totalSize"] == 0
    for bad in ("SELECT Id FROM Account WHERE Name = 'x'; DROP TABLE Account",
                "SELECT Id FROM Account WHERE Name = 'x'' OR ''1''=''1'",
                "SELECT Id FROM Account; DELETE FROM Account",
                "SELECT Id FROM Account WHERE Name = 'a' UNION SELECT Id FROM User"):
        with pytest.raises(SalesforceError) as info:
            q(org, bad)
        assert info.value.error_code == "MALFORMED_QUERY"
    assert org[0].search("FIND {acme\" OR \"1} RETURNING Account(Name)")["searchRecords"] == []
    assert q(org, "SELECT COUNT() FROM Account")["totalSize"] == 9


def test_no_literal_reaches_sql(org):
    eng = org[0]
    cases = [
        ("SELECT Id FROM Account WHERE Name = 'zz_marker_1' AND NumberOfEmployees > 4242 LIMIT 37 OFFSET 13",
         ["zz_marker_1", "4242", "37", "13"]),
        ("SELECT Id, (SELECT Id FROM Cases WHERE Subject LIKE 'zz_marker_2%' LIMIT 71) FROM Account",
         ["zz_marker_2", "71"]),
        ("SELECT Status, COUNT(Id) FROM Case WHERE CreatedDate = LAST_N_DAYS:77 GROUP BY Status "
         "HAVING COUNT(Id) > 5151", ["5151", "2025-03-30"]),
        ("SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Case WHERE Subject IN ('zz_marker_3'))",
         ["zz_marker_3"]),
    ]
    for text, literals in cases:
        plan = eng.plan(text)
        sqls = [plan.sql] + [c.head + c.tail for c in plan.children]
        for lit in literals:
            assert all(lit not in s for s in sqls), (lit, sqls)
        params = [*plan.params, *(p for c in plan.children for p in c.params)]
        assert any(lit in str(p) for p in params for lit in literals)


# -- official dumps, computed fields -----------------------------------------------------------------------


def _official_dump(path):
    """An 'original'-layout dump without `_org`, without the computed User.Name column."""
    schema = load_schema("original")
    conn = sqlite3.connect(path)
    dump.create_tables(conn, schema)
    conn.execute("DROP TABLE _org")
    conn.execute('ALTER TABLE "User" DROP COLUMN "Name"')
    f = IdFactory(instance="Xy")
    uid = f.new("005")
    conn.execute('INSERT INTO "User" ("Id", "FirstName", "LastName") VALUES (?, ?, ?)', (uid, "Kim", "Lee"))
    conn.execute('INSERT INTO "Case" ("Id", "Subject", "OwnerId", "CreatedDate") VALUES (?, ?, ?, ?)',
                 (f.new("500"), "Hello", uid, "2023-12-30T10:00:00.000+0000"))
    conn.commit()
    conn.close()
    return uid


def test_official_dump_needs_a_clock_and_detects_its_kind(tmp_path):
    path = tmp_path / "official.db"
    uid = _official_dump(path)
    with pytest.raises(OrgOpenError):
        Engine.open(path)
    eng = Engine.open(path, now="2024-01-01")
    assert eng.schema.kind == "original"
    res = eng.query("SELECT Owner.Name, Subject FROM Case WHERE CreatedDate = LAST_N_DAYS:3")
    assert res["records"][0]["Owner"]["Name"] == "Kim Lee"
    assert eng.query("SELECT Id FROM User WHERE Name = 'kim lee'")["records"][0]["Id"] == uid
    assert eng.get("User", uid)["Name"] == "Kim Lee"
    assert eng.search("FIND {kim} RETURNING User(Name)")["searchRecords"][0]["Name"] == "Kim Lee"


def test_open_errors(tmp_path):
    with pytest.raises(OrgOpenError):
        Engine.open(tmp_path / "missing.db")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(OrgOpenError):
        Engine.open(bad, now="2025-01-01")


# -- concurrency and the package API -------------------------------------------------------------------------


def test_threads_share_an_engine(org):
    eng = org[0]
    errors: list[BaseException] = []

    def work():
        try:
            for _ in range(20):
                assert eng.query("SELECT COUNT() FROM Task")["totalSize"] == fx.N_TASKS
                assert len(eng.query("SELECT Id, Account.Name FROM Case")["records"]) == 9
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_run_query_and_format_table(org):
    eng = org[0]
    assert is_sosl("  find {x}") and not is_sosl("SELECT Id FROM Case")
    res = run_query(eng, "SELECT Subject, Account.Name, (SELECT Id FROM EmailMessages) FROM Case ORDER BY Subject "
                         "LIMIT 2")
    console = Console(width=200, record=True)
    console.print(format_table(res))
    out = console.export_text()
    assert "Subject" in out and "Account.Name" in out and "EmailMessages" in out and "totalSize 2" in out
    count = Console(width=80, record=True)
    count.print(format_table(run_query(eng, "SELECT COUNT() FROM Case")))
    text = count.export_text()
    assert "totalSize" in text and "9" in text
    found = Console(width=120, record=True)
    found.print(format_table(run_query(eng, "FIND {acme} RETURNING Account(Name)")))
    text = found.export_text()
    assert "Type" in text and "Account" in text
    assert len(run_query(eng, "SELECT Id FROM Task", query_all=True)["records"]) == fx.N_TASKS
