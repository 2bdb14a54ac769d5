"""Property-based tests: random and mutated SOQL/SOSL get an answer or a Salesforce error, nothing else."""

from __future__ import annotations

import json

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from crmtui.org.errors import SalesforceError  # noqa: E402
from tests.org import soql_fixture as fx  # noqa: E402

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True, database=None)

SEEDS = [
    "SELECT Id, Subject FROM Case WHERE Account.Name = 'Acme' AND CreatedDate = LAST_N_DAYS:90",
    "SELECT OwnerId, COUNT(Id) cnt FROM Case WHERE Status = 'Closed' GROUP BY OwnerId ORDER BY COUNT(Id) DESC LIMIT 5",
    "SELECT Id, Name, (SELECT Id, Subject FROM Cases ORDER BY CreatedDate DESC LIMIT 2) FROM Account",
    "SELECT AVG(Amount) FROM Opportunity WHERE CloseDate = THIS_QUARTER",
    "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE StageName = 'Closed Won')",
    "SELECT CALENDAR_MONTH(CreatedDate) m, COUNT(Id) FROM Case GROUP BY CALENDAR_MONTH(CreatedDate)",
    "SELECT Name FROM Account WHERE Name LIKE 'Ac%' ORDER BY Name ASC NULLS LAST LIMIT 10 OFFSET 5",
    "SELECT Id FROM Contact WHERE AccountId != null AND Email NOT IN ('a@b.com') AND (NOT Name LIKE 'x%')",
    "SELECT Id FROM Case WHERE CreatedDate >= 2024-01-01T00:00:00Z AND ClosedDate < 2025-06-30T00:00:00Z",
    "SELECT COUNT() FROM Case WHERE Contact.LastName = null",
    "SELECT Id, RelatedTo.Name FROM EmailMessage WHERE RelatedTo.Name != null",
    "SELECT Id, Quote.Opportunity.Account.Name FROM QuoteLineItem",
]
SOSL_SEEDS = [
    "FIND {Acme} IN ALL FIELDS RETURNING Account(Id, Name), Contact(Id, Name)",
    'FIND {"john smith" OR Sm?th*} IN NAME FIELDS RETURNING Contact(Name WHERE Account.Name != null LIMIT 3)',
    "FIND {acme AND NOT globex} RETURNING Account(Name ORDER BY Name), Case LIMIT 10",
]
TOKENS = [
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "OFFSET",
    "ASC", "DESC", "NULLS FIRST", "NULLS LAST", "WITH SECURITY_ENFORCED", "FOR VIEW", "INCLUDES", "(", ")", ",",
    "=", "!=", "<>", "<", ">=", "Id", "Name", "Subject", "Status", "CreatedDate", "CloseDate", "Amount",
    "Description", "Account.Name", "Owner.Name", "Account.Owner.Name", "RelatedTo.Name", "Case", "Account",
    "Contact", "Opportunity", "Cases", "Contacts", "COUNT()", "COUNT(Id)", "SUM(Amount)", "MAX(CreatedDate)",
    "CALENDAR_YEAR(CreatedDate)", "DAY_ONLY(CreatedDate)", "toLabel(Status)", "'Acme'", "'%a_'", "'\\''", "'é'",
    "5", "-2.5", "99999999999999999999999", "2025-01-01", "2025-01-01T00:00:00Z", "2025-13-45", "TODAY",
    "LAST_N_DAYS:3", "N_DAYS_AGO:99999999", "THIS_FISCAL_YEAR", "null", "true", "FALSE", "USD10", "x", "c",
    "(SELECT Id FROM Cases)", "(SELECT AccountId FROM Opportunity)", "TYPEOF",
]


@pytest.fixture(scope="module")
def eng():
    return fx.engine()[0]


def _check(eng, text: str, search: bool = False) -> None:
    try:
        res = eng.search(text) if search else eng.query(text)
    except SalesforceError as exc:
        assert exc.error_code and isinstance(exc.message, str) and exc.status in (400, 404, 500)
        return
    json.dumps(res)
    if search:
        assert set(res) == {"searchRecords"}
    else:
        assert {"totalSize", "done", "records"} <= set(res)


def _mutate(seed: str, ops: list[tuple[int, int, str]]) -> str:
    text = seed
    for kind, pos, payload in ops:
        if not text:
            text = payload
            continue
        i = pos % len(text)
        if kind == 0:  # delete a short span
            text = text[:i] + text[i + 1 + len(payload) % 4 :]
        elif kind == 1:  # insert
            text = text[:i] + payload + text[i:]
        elif kind == 2:  # replace a character
            text = text[:i] + payload[:1] + text[i + 1 :]
        else:  # swap case of a span
            text = text[:i] + text[i : i + 6].swapcase() + text[i + 6 :]
    return text


_ops = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10_000),
                          st.one_of(st.sampled_from(TOKENS), st.text(min_size=1, max_size=3))), min_size=1, max_size=4)


@FUZZ
@given(seed=st.sampled_from(SEEDS), ops=_ops)
def test_mutated_soql(eng, seed, ops):
    _check(eng, _mutate(seed, ops))


@FUZZ
@given(tokens=st.lists(st.sampled_from(TOKENS), min_size=1, max_size=18))
def test_token_soup(eng, tokens):
    _check(eng, " ".join(tokens))
    _check(eng, "SELECT " + " ".join(tokens))


@FUZZ
@given(text=st.text(max_size=60))
def test_arbitrary_text(eng, text):
    _check(eng, text)
    _check(eng, f"SELECT Id FROM Account WHERE Name = '{text}'")
    _check(eng, f"FIND {{{text}}} RETURNING Account(Name)", search=True)


@FUZZ
@given(seed=st.sampled_from(SOSL_SEEDS), ops=_ops)
def test_mutated_sosl(eng, seed, ops):
    _check(eng, _mutate(seed, ops), search=True)


FIELDS = ["Id", "Name", "Industry", "NumberOfEmployees", "Phone", "ShippingState"]
FILTERS = [
    "Name LIKE 'a%'", "Industry = 'Energy'", "Industry != 'Energy'", "NumberOfEmployees > 9",
    "NumberOfEmployees = null", "Name IN ('Acme', 'Quarry', 'ajax ltd')", "ShippingState != null",
    "Id IN (SELECT AccountId FROM Case)",
]


@FUZZ
@given(fields=st.lists(st.sampled_from(FIELDS), min_size=1, max_size=6, unique=True),
       where=st.sets(st.sampled_from(FILTERS), max_size=3), order=st.sampled_from(FIELDS), desc=st.booleans(),
       limit=st.one_of(st.none(), st.integers(0, 12)))
def test_generated_queries_are_consistent(eng, fields, where, order, desc, limit):
    """Keys follow the SELECT list, totalSize counts the records, COUNT() agrees with the row count."""
    clause = f" WHERE {' AND '.join(sorted(where))}" if where else ""
    tail = f" ORDER BY {order}{' DESC' if desc else ''}, Id" + (f" LIMIT {limit}" if limit is not None else "")
    res = eng.query(f"SELECT {', '.join(fields)} FROM Account{clause}{tail}")
    assert res["totalSize"] == len(res["records"])
    assert all(list(r) == ["attributes", *fields] for r in res["records"])
    total = eng.query(f"SELECT COUNT() FROM Account{clause}")["totalSize"]
    assert len(res["records"]) == (total if limit is None else min(total, limit))
    if order in fields:
        nulls = [r[order] is None for r in res["records"]]
        assert nulls == sorted(nulls, reverse=True)  # nulls first, whatever the direction
