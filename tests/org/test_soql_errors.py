"""Every Salesforce error the engine raises: errorCode, HTTP status, message text and position excerpt."""

from __future__ import annotations

import pytest

from crmtui.org.errors import SalesforceError, excerpt
from tests.org import soql_fixture as fx


@pytest.fixture(scope="module")
def org():
    return fx.engine()


def err(org, text: str, **kw) -> SalesforceError:
    with pytest.raises(SalesforceError) as info:
        org[0].query(text, **kw)
    assert info.value.status == 400 or info.value.error_code == "NOT_FOUND"
    return info.value


def body(e: SalesforceError) -> str:
    """The message after the position excerpt."""
    return e.message.split("\n")[-1]


def where(e: SalesforceError) -> str:
    return next(line for line in e.message.split("\n") if line.startswith("ERROR at"))


@pytest.mark.parametrize(
    ("soql", "code", "pos", "text"),
    [
        ("SELECT Id FROM Case WHERE Status = 'New' OR Priority = 'High' AND Subject = 'x'", "MALFORMED_QUERY",
         "1:63", "unexpected token: 'AND'"),
        ("SELECT Id FROM Case WHERE NOT Status = 'New' AND Priority = 'High'", "MALFORMED_QUERY", "1:46",
         "unexpected token: 'AND'"),
        ("SELECT FROM Case", "MALFORMED_QUERY", "1:8", "unexpected token: 'FROM'"),
        ("SELECT * FROM Case", "MALFORMED_QUERY", "1:8", "unexpected char: '*'"),
        ("SELECT Id FROM Case WHERE Subject = \"x\"", "MALFORMED_QUERY", "1:37", "unexpected char: '\"'"),
        ("SELECT Id FROM Case LIMIT", "MALFORMED_QUERY", "1:26", "unexpected token: <EOF>"),
        ("SELECT Id FROM Case WHERE Subject = 'a\\d'", "MALFORMED_QUERY", "1:37",
         "Invalid string literal 'a\\d'. Illegal character sequence '\\d' in string literal."),
        ("SELECT Id FROM Case WHERE Status = Closed", "MALFORMED_QUERY", "1:36", "unexpected token: 'Closed'"),
        ("SELECT Id, Id FROM Case", "MALFORMED_QUERY", "1:12", "duplicate field selected: Id"),
        ("SELECT Id i FROM Case", "MALFORMED_QUERY", "1:11", "Only aggregate expressions use field aliasing"),
        ("SELECT Id, COUNT() FROM Case", "MALFORMED_QUERY", "1:8", "COUNT() must be the only element in the "
         "SELECT list"),
        ("SELECT COUNT() FROM Case GROUP BY Status", "MALFORMED_QUERY", "1:26",
         "COUNT() and GROUP BY may not be used together"),
        ("SELECT Status, COUNT(Id) FROM Case GROUP BY Status ORDER BY Subject", "MALFORMED_QUERY", "1:61",
         "Ordered field must be grouped or aggregated: Subject"),
        ("SELECT CreatedDate, COUNT(Id) FROM Case GROUP BY CreatedDate", "MALFORMED_QUERY", "1:50",
         "field 'CreatedDate' can not be grouped in a query call"),
        ("SELECT Amount FROM Opportunity GROUP BY Amount", "MALFORMED_QUERY", "1:41",
         "field 'Amount' can not be grouped in a query call"),
        ("SELECT COUNT(Id) FROM Case GROUP BY COUNT(Id)", "MALFORMED_QUERY", "1:37",
         "Aggregate functions are not allowed in GROUP: COUNT(Id)"),
        ("SELECT Id FROM Case WHERE COUNT(Id) > 1", "MALFORMED_QUERY", "1:27",
         "Aggregate functions are not allowed in WHERE: COUNT(Id)"),
        ("SELECT AVG(IsActive) FROM Product2", "MALFORMED_QUERY", "1:12",
         "field IsActive does not support aggregate operator AVG"),
        ("SELECT COUNT(Description) FROM Case", "MALFORMED_QUERY", "1:14",
         "field Description does not support aggregate operator COUNT"),
        ("SELECT CALENDAR_YEAR(Subject) FROM Case GROUP BY CALENDAR_YEAR(Subject)", "MALFORMED_QUERY", "1:22",
         "Invalid field type for function CALENDAR_YEAR: Subject"),
        ("SELECT HOUR_IN_DAY(CloseDate) FROM Opportunity GROUP BY HOUR_IN_DAY(CloseDate)", "MALFORMED_QUERY",
         "1:20", "Invalid field type for function HOUR_IN_DAY: CloseDate"),
        ("SELECT FOO(Id) FROM Case", "MALFORMED_QUERY", "1:8", "Unknown function: FOO"),
        ("SELECT Id, (SELECT Id FROM Cases) FROM Account GROUP BY Id", "MALFORMED_QUERY", "1:12",
         "Grouped query cannot use child relationships in the SELECT list"),
        ("SELECT Id, (SELECT COUNT(Id) FROM Cases) FROM Account", "MALFORMED_QUERY", "1:20",
         "Aggregate functions are not allowed in a child relationship query"),
        ("SELECT TYPEOF What WHEN Opportunity THEN Name END FROM Task", "MALFORMED_QUERY", "1:8",
         "TYPEOF is not supported by the embedded org"),
        ("SELECT Status, COUNT(Id) FROM Case GROUP BY ROLLUP(Status)", "MALFORMED_QUERY", "1:45",
         "GROUP BY ROLLUP is not supported by the embedded org"),
        ("SELECT Id FROM Case WHERE Id IN (SELECT AccountId FROM Opportunity) OR Status = 'New'",
         "MALFORMED_QUERY", "1:30", "Semi join sub-selects are not allowed with the 'OR' operator"),
        ("SELECT Id FROM Account WHERE NOT Id IN (SELECT AccountId FROM Case)", "MALFORMED_QUERY", "1:37",
         "Semi join sub-selects are not allowed with the 'NOT' operator"),
        ("SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Case WHERE ContactId IN "
         "(SELECT Id FROM Contact))", "MALFORMED_QUERY", "1:80", "Nesting of semi join sub-selects is not supported"),
        ("SELECT Id FROM Account WHERE Name IN (SELECT Name FROM Contact)", "MALFORMED_QUERY", "1:30",
         "semi join sub selects are only allowed on id fields, cannot use: 'Name'"),
        ("SELECT Id FROM Case WITH DATA_CATEGORY", "MALFORMED_QUERY", "1:26", "unexpected token: 'DATA_CATEGORY'"),
        ("SELECT Id FROM Case LIMIT 1 FOR LUNCH", "MALFORMED_QUERY", "1:33", "unexpected token: 'LUNCH'"),
        ("SELECT Id FROM Case LIMIT 99999999999", "MALFORMED_QUERY", "1:27",
         "LIMIT must be a whole number between 0 and 2147483647"),
        ("SELECT Id FROM Case WHERE CreatedDate = LAST_N_DAYS", "MALFORMED_QUERY", "1:41",
         "date literal LAST_N_DAYS needs a value, e.g. LAST_N_DAYS:3: 'LAST_N_DAYS'"),
        ("SELECT Id FROM Case WHERE CreatedDate = TODAY:3", "MALFORMED_QUERY", "1:41",
         "date literal TODAY takes no value: 'TODAY:3'"),
        ("SELECT Id FROM Opportunity WHERE CloseDate = 2025-02-30", "MALFORMED_QUERY", "1:46",
         "invalid date: 2025-02-30"),
        # INVALID_FIELD
        ("SELECT Id FROM Case WHERE Description LIKE '%x%'", "INVALID_FIELD", "1:27",
         "field 'Description' can not be filtered in a query call"),
        ("SELECT Id FROM Case ORDER BY Description", "INVALID_FIELD", "1:30",
         "field 'Description' can not be sorted in a query call"),
        ("SELECT Id FROM Case WHERE Subject = 5", "INVALID_FIELD", "1:37",
         "value of filter criterion for field 'Subject' must be of type string and should be enclosed in quotes"),
        ("SELECT Id FROM Opportunity WHERE Amount = '5'", "INVALID_FIELD", "1:43",
         "value of filter criterion for field 'Amount' must be of type currency and should not be enclosed in "
         "quotes"),
        ("SELECT Id FROM Product2 WHERE IsActive = 'true'", "INVALID_FIELD", "1:42",
         "value of filter criterion for field 'IsActive' must be of type boolean and should not be enclosed in "
         "quotes"),
        ("SELECT Id FROM Case WHERE Account.Foo = 'x'", "INVALID_FIELD", "1:35",
         "No such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append "
         "the '__c' after the custom field name. Please reference your WSDL or the describe call for the "
         "appropriate names."),
        ("SELECT Subject.Name FROM Case", "INVALID_FIELD", "1:8",
         "Didn't understand relationship 'Subject' in field path. If you are attempting to use a custom "
         "relationship, be sure to append the '__r' after the custom relationship name. Please reference your "
         "WSDL or the describe call for the appropriate names."),
        ("SELECT RelatedTo.Bogus FROM EmailMessage", "INVALID_FIELD", "1:18",
         "No such column 'Bogus' on entity 'Name'. If you are attempting to use a custom field, be sure to append "
         "the '__c' after the custom field name. Please reference your WSDL or the describe call for the "
         "appropriate names."),
        ("SELECT Id FROM Account ORDER BY cnt", "INVALID_FIELD", "1:33",
         "No such column 'cnt' on entity 'Account'. If you are attempting to use a custom field, be sure to append "
         "the '__c' after the custom field name. Please reference your WSDL or the describe call for the "
         "appropriate names."),
        # INVALID_TYPE
        ("SELECT Id FROM Account.Contacts", "INVALID_TYPE", "1:16",
         "sObject type 'Account.Contacts' is not supported. If you are attempting to use a custom object, be sure "
         "to append the '__c' after the entity name. Please reference your WSDL or the describe call for the "
         "appropriate names."),
        # INVALID_QUERY_FILTER_OPERATOR
        ("SELECT Id FROM Case WHERE AccountId = 'not-an-id'", "INVALID_QUERY_FILTER_OPERATOR", "1:39",
         "invalid ID field: not-an-id"),
        ("SELECT Id FROM Case WHERE Id IN ('500Wt00000000G8IAI', '123')", "INVALID_QUERY_FILTER_OPERATOR",
         "1:56", "invalid ID field: 123"),
        ("SELECT Id FROM Case WHERE Status INCLUDES ('New')", "INVALID_QUERY_FILTER_OPERATOR", "1:34",
         "includes or excludes operator only valid on multipicklist field"),
        ("SELECT Id FROM Product2 WHERE IsActive > true", "INVALID_QUERY_FILTER_OPERATOR", "1:42",
         "invalid operator on boolean field: IsActive"),
        ("SELECT Id FROM Opportunity WHERE Amount LIKE '5%'", "INVALID_QUERY_FILTER_OPERATOR", "1:41",
         "invalid operator on field 'Amount': LIKE is only valid on string fields"),
    ],
)
def test_query_errors(org, soql, code, pos, text):
    e = err(org, soql)
    assert (e.error_code, where(e), body(e)) == (code, f"ERROR at Row:{pos.replace(':', ':Column:')}", text)
    assert e.message.startswith("\n")


def test_error_json_and_repr(org):
    e = err(org, "SELECT Id FROM Nope")
    assert e.to_json() == [{"message": e.message, "errorCode": "INVALID_TYPE"}]
    assert "INVALID_TYPE" in repr(e) and str(e).startswith("INVALID_TYPE: ")


def test_multiline_query_positions(org):
    e = err(org, "SELECT Id,\n       Bogus\nFROM Case")
    assert e.message.startswith("\n       Bogus\n       ^\nERROR at Row:2:Column:8\nNo such column 'Bogus'")
    e = err(org, "SELECT Id\nFROM Case\nWHERE Status = 'New' AND Priority = 'x' OR Subject = 'y'")
    assert "ERROR at Row:3:Column:41\nunexpected token: 'OR'" in e.message


def test_excerpt_window_for_long_lines():
    text = "SELECT Id, Subject, Status, Priority, CreatedDate, ClosedDate, Bogus FROM Case"
    col = text.index("Bogus") + 1
    got = excerpt(text, 1, col)
    line, caret, pos = got.split("\n")[1:4]
    assert line == "CreatedDate, ClosedDate, Bogus FROM Case" and caret.index("^") == line.index("Bogus")
    assert pos == f"ERROR at Row:1:Column:{col}"


def test_offset_errors_have_no_excerpt(org):
    e = err(org, "SELECT Id, (SELECT Id FROM Cases OFFSET 3000) FROM Account")
    assert (e.error_code, e.message) == ("NUMBER_OUTSIDE_VALID_RANGE",
                                         "Maximum SOQL offset allowed for apiName Case is 2000")


def test_query_locator_errors(org):
    eng = org[0]
    with pytest.raises(SalesforceError) as info:
        eng.query_more("01gWt0000000000AAA-2000")
    assert (info.value.error_code, info.value.message) == ("INVALID_QUERY_LOCATOR", "invalid query locator")
    with pytest.raises(SalesforceError) as info:
        eng.query_more("garbage")
    assert info.value.error_code == "INVALID_QUERY_LOCATOR"


def test_aggregate_results_do_not_page(org):
    eng = org[0]
    res = eng.query("SELECT Subject, COUNT(Id) FROM Task GROUP BY Subject")
    assert res["done"] is False and len(res["records"]) == 2000 and res["totalSize"] == fx.N_TASKS
    with pytest.raises(SalesforceError) as info:
        eng.query_more(res["nextRecordsUrl"])
    assert info.value.error_code == "EXCEEDED_ID_LIMIT"
    assert info.value.message == ("Aggregate query does not support queryMore(), use LIMIT to restrict the results "
                                  "to a single batch")


def test_get_errors(org):
    eng, n = org
    with pytest.raises(SalesforceError) as info:
        eng.get("Nope", n["c1"])
    assert (info.value.status, info.value.error_code) == (404, "NOT_FOUND")
    with pytest.raises(SalesforceError) as info:
        eng.get("Case", "xyz")
    assert info.value.status == 404
    assert info.value.message == "Provided external ID field does not exist or is not accessible: xyz"
    with pytest.raises(SalesforceError) as info:
        eng.get("Account", n["c1"])  # a Case Id under Account
    assert info.value.error_code == "NOT_FOUND"
    with pytest.raises(SalesforceError) as info:
        eng.get("Case", n["c1"], ["Subject", "Bogus"])
    assert info.value.error_code == "INVALID_FIELD" and info.value.message.startswith("No such column 'Bogus'")


def test_empty_and_non_string_queries(org):
    eng = org[0]
    for bad in ("", "   "):
        with pytest.raises(SalesforceError) as info:
            eng.query(bad)
        assert info.value.error_code == "MALFORMED_QUERY"
    with pytest.raises(SalesforceError):
        eng.query(None)  # type: ignore[arg-type]
    with pytest.raises(SalesforceError) as info:
        eng.search("")
    assert info.value.error_code == "MALFORMED_SEARCH"


def test_deep_nesting_is_a_salesforce_error(org):
    parens = "SELECT COUNT() FROM Case WHERE " + "(" * 3000 + "Status = 'New'" + ")" * 3000
    assert org[0].query(parens)["totalSize"] == 3  # redundant parentheses collapse
    deep = "SELECT Id FROM Case WHERE " + "(Status = 'New' AND " * 3000 + "Status = 'New'" + ")" * 3000
    e = err(org, deep)
    assert e.error_code in ("MALFORMED_QUERY", "QUERY_TOO_COMPLICATED")


def test_query_more_can_jump_and_go_back(org):
    eng = org[0]
    first = eng.query("SELECT Id FROM Task ORDER BY Subject")
    locator = first["nextRecordsUrl"].rsplit("/", 1)[-1].split("-")[0]
    every = [r["Id"] for r in eng.query_all("SELECT Id FROM Task ORDER BY Subject")["records"]]
    ahead = eng.query_more(f"{locator}-4000", batch_size=300)
    assert [r["Id"] for r in ahead["records"]] == every[4000:4300] and ahead["done"] is False
    back = eng.query_more(f"{locator}-2100", batch_size=500)
    assert [r["Id"] for r in back["records"]] == every[2100:2600] and back["done"] is False
    assert back["nextRecordsUrl"].endswith(f"{locator}-2600")
    nxt = eng.query_more(back["nextRecordsUrl"])
    assert [r["Id"] for r in nxt["records"]] == every[2600:4600] and nxt["done"] is True
    with pytest.raises(SalesforceError):  # a finished result's locator is gone
        eng.query_more(f"{locator}-2000")
