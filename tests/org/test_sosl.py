"""SOSL beyond the conformance cases: the index in the dump, wildcards, escapes, clauses, errors."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from crmtui.org.errors import SalesforceError
from crmtui.org.schema import load_schema
from crmtui.org.search_index import INDEX_TABLE, META_TABLE, build_search_index
from crmtui.org.soql import Engine
from tests.org import soql_fixture as fx


@pytest.fixture(scope="module")
def org():
    return fx.engine()


def names(org, text) -> list[str]:
    recs = org[0].search(text)["searchRecords"]
    return [r.get("Name") or r.get("Subject") or r["Id"] for r in recs]


def serr(org, text) -> SalesforceError:
    with pytest.raises(SalesforceError) as info:
        org[0].search(text)
    return info.value


def test_index_built_into_a_writable_dump(tmp_path, org):
    src, _ = fx.fixture_path()
    path = tmp_path / "indexed.db"
    shutil.copy(src, path)
    conn = sqlite3.connect(path)
    build_search_index(conn, load_schema("b2b"))
    conn.commit()
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {INDEX_TABLE, META_TABLE} <= tables
    conn.close()
    eng = Engine.open(path)
    query = "FIND {acme OR smith} RETURNING Account(Name), Contact(Name), Opportunity(Name)"
    assert eng.search(query) == org[0].search(query)
    assert eng.search_index().in_memory is False
    assert org[0].search_index().in_memory is True  # the fixture dump has no index


def test_stale_index_is_rebuilt_in_memory(tmp_path):
    src, _ = fx.fixture_path()
    path = tmp_path / "stale.db"
    shutil.copy(src, path)
    conn = sqlite3.connect(path)
    build_search_index(conn, load_schema("b2b"))
    conn.execute(f"UPDATE {META_TABLE} SET value = 'old' WHERE key = 'version'")
    conn.commit()
    conn.close()
    eng = Engine.open(path)
    assert eng.search("FIND {acme} RETURNING Account(Name)")["searchRecords"][0]["Name"] == "Acme"
    assert eng.search_index().in_memory is True


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("young AND NOT b?b", ["Eve Young"]),
        ('"john sm*"', ["John Smith"]),
        ("j*n", ["John Smith", "Jürgen Müller"]),
        ("j?hn OR quinn", ["John Smith", "Quinn Stone"]),
        ("acme\\*", ["John Smith"]),
        ('"and"', []),
        ("smith john", ["John Smith"]),
        ("\"gray\" jane", ["Jane Gray"]),
    ],
)
def test_search_terms(org, search, expected):
    assert sorted(names(org, f"FIND {{{search}}} RETURNING Contact(Name)")) == expected


def test_phrases_do_not_span_fields(org):
    assert names(org, 'FIND {"smith john"} RETURNING Contact(Name)') == []
    assert names(org, 'FIND {"John Smith"} RETURNING Contact(Name)') == ["John Smith"]


def test_apex_style_quotes_and_case_name_fields(org):
    assert names(org, "FIND 'refund' IN NAME FIELDS RETURNING Case(Subject ORDER BY Subject)") == [
        "Refund not received", "Refund request for order"
    ]


def test_returning_parent_fields_where_order_offset(org):
    recs = org[0].search("FIND {acme OR smith OR gray} RETURNING Contact(LastName, Account.Name "
                         "WHERE Account.Name = 'acme' ORDER BY LastName DESC LIMIT 1 OFFSET 1)")["searchRecords"]
    assert [(r["LastName"], r["Account"]["Name"]) for r in recs] == [("Gray", "Acme")]


def test_limits(org):
    assert len(org[0].search("FIND {follow} RETURNING Task")["searchRecords"]) == 2000
    assert len(org[0].search("FIND {follow} RETURNING Task LIMIT 5000")["searchRecords"]) == 2000
    assert len(org[0].search("FIND {follow} RETURNING Task(Id LIMIT 3)")["searchRecords"]) == 3


def test_with_clauses_are_accepted(org):
    assert names(org, "FIND {acme} RETURNING Account(Name ORDER BY Name) WITH SNIPPET LIMIT 1") == ["Acme"]


@pytest.mark.parametrize(
    ("sosl", "code", "pos", "text"),
    [
        ("FIND {*cme}", "MALFORMED_SEARCH", "1:7", "wildcards must be preceded by at least one character: *cme"),
        ("FIND {acme} RETURNING Nope", "INVALID_TYPE", "1:23", "sObject type 'Nope' is not supported."),
        ("FIND {acme} RETURNING Account(Bogus)", "INVALID_FIELD", "1:31", "No such column 'Bogus' on entity"),
        ("FIND {acme} RETURNING Account(Id, (SELECT Id FROM Cases))", "MALFORMED_SEARCH", "1:35",
         "only fields can be returned by a search"),
        ("FIND {acme} IN BODY FIELDS", "MALFORMED_SEARCH", "1:16", "unexpected token: 'BODY'"),
        ("FIND {acme} IN ALL STUFF", "MALFORMED_SEARCH", "1:20", "unexpected token: 'STUFF'"),
        ("FIND {acme AND}", "MALFORMED_SEARCH", "1:15", "unexpected token: <EOF>"),
        ("FIND {(acme}", "MALFORMED_SEARCH", "1:12", "mismatched input expecting ')'"),
        ("FIND {acme)}", "MALFORMED_SEARCH", "1:11", "unexpected token: ')'"),
        ("FIND {NOT acme}", "MALFORMED_SEARCH", "1:7", "unexpected token: 'NOT'"),
        ('FIND {"acme}', "MALFORMED_SEARCH", "1:7", "mismatched character '<EOF>' expecting '\"'"),
        ("FIND {a b}", "MALFORMED_SEARCH", "1:7", "search term must be longer than one character"),
        ("FIND {}", "MALFORMED_SEARCH", "1:7", "search term must be longer than one character"),
        ("FIND {acme~}", "MALFORMED_SEARCH", "1:11", "line 1:10 mismatched character '~' expecting '}'"),
        ("FIND {acme}\nRETURNING Account(Id OFFSET 2001)", "NUMBER_OUTSIDE_VALID_RANGE", None,
         "Maximum SOQL offset allowed for apiName Account is 2000"),
        ("SELECT Id FROM Case", "MALFORMED_SEARCH", "1:1", "unexpected token: 'SELECT'"),
    ],
)
def test_search_errors(org, sosl, code, pos, text):
    e = serr(org, sosl)
    assert e.error_code == code and e.status == 400
    if pos is None:
        assert e.message == text
    else:
        assert f"ERROR at Row:{pos.replace(':', ':Column:')}\n" in e.message
        assert e.message.split("\n")[-1].startswith(text)


def test_single_letters_are_dropped_next_to_real_terms(org):
    assert names(org, "FIND {john j smith} RETURNING Contact(Name)") == ["John Smith"]
