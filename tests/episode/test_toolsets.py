"""Toolsets against an embedded org: ReAct execute, CRMArena's function tools (defects fixed), specs, errors."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from crmtui.episode.toolsets import (
    SPECS,
    get_period,
    get_start_date,
    make_toolset,
    parse_when,
    sosl_escape,
)


@pytest.fixture(scope="module")
def functions(backend):
    return make_toolset("functions", backend)


@pytest.fixture(scope="module")
def react(backend):
    return make_toolset("react", backend)


def rows(backend, soql):
    return [{k: v for k, v in r.items() if k != "attributes"} for r in backend.query_all(soql)["records"]]


# --- specs -----------------------------------------------------------------------------------------------------

def test_toolset_contents():
    assert list(make_toolset("react").tools) == ["execute", "respond"]
    full = make_toolset("functions")
    assert len(full.tools) == 27 and "issue_soql_query" in full and "respond" in full
    fixed = make_toolset("functions-fixed")
    assert len(fixed.tools) == 25 and "issue_soql_query" not in fixed
    with pytest.raises(ValueError):
        make_toolset("nope")


def test_specs_are_valid_function_calling_schemas():
    for spec in make_toolset("functions").specs() + make_toolset("react").specs():
        assert spec["type"] == "function"
        fn = spec["function"]
        assert fn["name"] and fn["description"]
        params = fn["parameters"]
        assert params["type"] == "object"
        assert set(params["required"]) <= set(params["properties"]), fn["name"]
        json.dumps(spec)


def test_search_knowledge_articles_requires_search_term_not_keywords():
    params = SPECS["search_knowledge_articles"][1]
    assert params["required"] == ["search_term"] and "keywords" not in params["properties"]


# --- react -----------------------------------------------------------------------------------------------------

def test_execute_soql_with_fences(react):
    obs = react.call("execute", {"query": "```sql\nSELECT Id, Subject, ClosedDate FROM Case\nWHERE Status = 'New'"
                                          " ORDER BY Id LIMIT 2\n```"})
    assert obs.ok and obs.total_size == 2 and obs.query.startswith("SELECT Id, Subject")
    assert obs.text.startswith("[{'Id': '500") and "attributes" not in obs.text
    assert "ClosedDate" not in obs.text  # null in every row: dropped
    assert obs.records[0]["attributes"]["type"] == "Case"


def test_execute_sosl(react):
    obs = react.call("execute", {"query": "FIND {refund} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title)"})
    assert obs.ok and obs.records and obs.records[0]["attributes"]["type"] == "Knowledge__kav"


def test_execute_errors_are_salesforce_errors(react):
    obs = react.call("execute", {"query": "SELECT Foo FROM Case"})
    assert not obs.ok and obs.error_code == "INVALID_FIELD"
    assert obs.text.startswith("INVALID_FIELD: \nSELECT Foo FROM Case\n") and "ERROR at Row:1:Column:8" in obs.text
    assert react.call("execute", {"query": ""}).text.startswith("Error: execute:")
    assert react.call("execute", {"sql": "SELECT Id FROM Case"}).text.startswith("Error: execute: unexpected")


def test_execute_returns_every_page(react, backend):
    total = backend.query("SELECT COUNT() FROM EmailMessage")["totalSize"]
    assert total > 2000
    obs = react.call("execute", {"query": "SELECT Id FROM EmailMessage"})
    assert obs.total_size == total == len(obs.records)


def test_respond_is_not_run_as_a_tool(react):
    assert react.call("respond", {"content": "x"}).error


# --- functions --------------------------------------------------------------------------------------------------

def test_argument_errors(functions):
    assert functions.call("get_issues", "not json").text.startswith("Error: get_issues: the arguments are not valid")
    assert functions.call("get_issues", "[1]").text == "Error: get_issues: the arguments must be a JSON object"
    assert "missing required argument 'case_id'" in functions.call("get_email_messages_by_case_id", {}).text
    assert functions.call("nope", {}).text.startswith("Error: unknown tool 'nope'")
    assert "at least one filter" in functions.call("get_cases", {}).text
    assert "not a date" in functions.call("get_cases", {"start_date": "last week"}).text


def test_raw_query_tools(functions):
    obs = functions.call("issue_soql_query", json.dumps({"query": "SELECT Id, Name FROM Issue__c"}))
    assert obs.ok and obs.total_size == 15
    assert functions.call("issue_soql_query", {"query": "SELECT Nope FROM Case"}).error_code == "INVALID_FIELD"
    assert functions.call("issue_sosl_query", {"query": "FIND {refund} RETURNING Knowledge__kav(Id)"}).ok


def test_periods():
    assert get_period(None, "Q1", 2024) == {"start_date": "2024-01-01T00:00:00Z", "end_date": "2024-04-01T00:00:00Z"}
    assert get_period(None, "Winter", "2023") == {"start_date": "2023-12-01T00:00:00Z",
                                                  "end_date": "2024-03-01T00:00:00Z"}
    assert get_period(None, "february", 2024)["end_date"] == "2024-03-01T00:00:00Z"
    assert get_period(None, "Q4", 2024)["end_date"] == "2025-01-01T00:00:00Z"
    assert get_start_date(None, "2024-05-31T00:00:00Z", "month", 3) == "2024-02-29T00:00:00Z"
    assert get_start_date(None, "2024-05-31", "quarters", "1") == "2024-02-29T00:00:00Z"
    assert get_start_date(None, "2024-05-31T00:00:00Z", "week", 2) == "2024-05-17T00:00:00Z"


@pytest.mark.parametrize("text", ["2024-01-05", "2024-01-05T00:00:00Z", "2024-01-05T00:00:00.000+0000",
                                  "2024-01-05T00:00:00+00:00"])
def test_dates_in_every_format(text):
    assert parse_when(text).isoformat() == "2024-01-05T00:00:00+00:00"


def test_handled_cases_match_the_case_history(functions, backend):
    obs = functions.call("get_agent_handled_cases_by_period", {"start_date": "2024-01-01", "end_date": "2025-01-01"})
    history = rows(backend, "SELECT NewValue__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND "
                            "CreatedDate >= 2024-01-01T00:00:00Z AND CreatedDate < 2025-01-01T00:00:00Z")
    assert obs.value == dict(Counter(r["NewValue__c"] for r in history)) and obs.value
    qualified = functions.call("get_qualified_agent_ids_by_case_count",
                               {"agent_handled_cases": obs.value, "n_cases": 2}).value
    assert qualified == [a for a, n in obs.value.items() if n > 2]


def test_cases_pipeline_handle_time_and_regions(functions):
    cases = functions.call("get_cases", {"start_date": "2024-01-01", "end_date": "2024-07-01",
                                         "statuses": ["Closed"]}).value
    assert cases and all(c["Status"] == "Closed" and c["Id"].startswith("500") for c in cases)
    times = functions.call("calculate_average_handle_time", {"cases": cases}).value
    assert set(times) == {c["OwnerId"] for c in cases} and all(v > 0 for v in times.values())
    with_states = functions.call("get_shipping_state", {"cases": cases}).value
    assert len(with_states) == len(cases) and all("ShippingState" in c for c in with_states)
    regions = functions.call("calculate_region_average_closure_times", {"cases": with_states}).value
    best = functions.call("find_id_with_min_value", {"values_by_id": regions}).value
    assert best == [min(regions, key=regions.get)]
    months = functions.call("get_month_to_case_count", {"cases": cases}).value
    assert sum(months.values()) == len(cases) and set(months) <= {"January", "February", "March", "April", "May",
                                                                   "June"}
    assert functions.call("get_agents_with_max_cases", {"subset_cases": cases}).ok


def test_open_cases_are_skipped_not_fatal(functions):
    cases = [{"OwnerId": "005A", "CreatedDate": "2024-01-01T00:00:00.000+0000", "ClosedDate": None},
             {"OwnerId": "005A", "CreatedDate": "2024-01-01T00:00:00Z", "ClosedDate": "2024-01-01T01:00:00Z"}]
    assert functions.call("calculate_average_handle_time", {"cases": cases}).value == {"005A": 60.0}
    assert functions.call("calculate_region_average_closure_times", {"cases": []}).value == {}


def test_issue_counts_for_a_product(functions, backend):
    product = rows(backend, "SELECT Product2Id, COUNT(Id) n FROM OrderItem WHERE Id IN (SELECT OrderItemId__c "
                            "FROM Case) GROUP BY Product2Id ORDER BY COUNT(Id) DESC LIMIT 1")[0]["Product2Id"]
    items = functions.call("get_order_item_ids_by_product", {"product_id": product}).value
    assert items and all(i.startswith("802") for i in items)
    counts = functions.call("get_issue_counts", {"start_date": "2000-01-01", "end_date": "2100-01-01",
                                                 "order_item_ids": items}).value
    expected = rows(backend, f"SELECT IssueId__c, COUNT(Id) n FROM Case WHERE OrderItemId__c IN (SELECT Id FROM "
                             f"OrderItem WHERE Product2Id = '{product}') GROUP BY IssueId__c")
    assert counts == {r["IssueId__c"]: r["n"] for r in expected if r["IssueId__c"]}
    issues = functions.call("get_issues", {}).value
    assert set(counts) <= {i["Id"] for i in issues}


def test_one_element_id_lists_work(functions, backend):
    case = rows(backend, "SELECT Id FROM Case ORDER BY Id LIMIT 1")[0]["Id"]
    assert [c["Id"] for c in functions.call("get_cases", {"case_ids": [case]}).value] == [case]
    assert [c["Id"] for c in functions.call("get_cases", {"case_ids": case}).value] == [case]


def test_contact_account_and_purchase_history(functions, backend):
    item = rows(backend, "SELECT Product2Id, Order.AccountId, Order.EffectiveDate FROM OrderItem "
                         "WHERE Order.Status = 'Activated' ORDER BY Id LIMIT 1")[0]
    account, day = item["Order"]["AccountId"], item["Order"]["EffectiveDate"]
    for date_text in (day, f"{day}T00:00:00Z"):  # both formats (the reference accepted only the second)
        found = functions.call("get_purchase_history", {"account_id": account, "purchase_date": date_text,
                                                        "related_product_ids": [item["Product2Id"]]}).value
        assert {"Product2Id": item["Product2Id"]} in found
    contact = rows(backend, "SELECT Id, AccountId FROM Contact ORDER BY Id LIMIT 1")[0]
    assert functions.call("get_account_id_by_contact_id", {"contact_id": contact["Id"]}).value == contact["AccountId"]
    missing = functions.call("get_account_id_by_contact_id", {"contact_id": "003000000000000"})
    assert missing.ok and missing.value is None and missing.text == "None"


def test_searches_escape_reserved_characters(functions):
    assert sosl_escape("customer's (refund)?") == "customer\\'s \\(refund\\)\\?"
    articles = functions.call("search_knowledge_articles", {"search_term": "refund"}).value
    assert articles and set(articles[0]) == {"Id", "Title", "Content"}
    assert functions.call("search_knowledge_articles", {"search_term": "customer's refund"}).ok
    products = functions.call("search_products", {"search_term": "VoltSense"}).value
    assert products and all(p.startswith("01t") for p in products)


def test_case_messages_use_the_fields_the_org_has(functions, backend):
    case = rows(backend, "SELECT CaseId FROM LiveChatTranscript ORDER BY Id LIMIT 1")[0]["CaseId"]
    chats = functions.call("get_livechat_transcript_by_case_id", {"case_id": case})
    assert chats.ok and chats.value and "Body" in chats.value[0]
    parent = rows(backend, "SELECT ParentId FROM EmailMessage WHERE ParentId != null ORDER BY Id LIMIT 1")
    parent = parent[0]["ParentId"]
    emails = functions.call("get_email_messages_by_case_id", {"case_id": parent})
    assert emails.ok and emails.value and "ToIds" in emails.value[0]  # the b2b org has ToIds, not ToAddress
    assert emails.records and emails.records[0]["attributes"]["type"] == "EmailMessage"


def test_transfers_and_non_transferred(functions, backend):
    window = {"start_date": "2023-01-01", "end_date": "2025-07-01"}
    transfers = functions.call("get_agent_transferred_cases_by_period", window).value
    some = sorted(transfers)[:2]
    only = functions.call("get_agent_transferred_cases_by_period", {**window, "qualified_agent_ids": some}).value
    assert only == {a: transfers[a] for a in some}
    single = functions.call("get_non_transferred_case_ids", window).value
    assert single and all(i.startswith("500") for i in single)
