"""Observations as CRMArena shows them to agents, and as the app stores them."""

from __future__ import annotations

from crmtui.episode.observations import PREFIX, Observation, agent_rows, clean_query, format_error, strip_attributes

RECORDS = [
    {"attributes": {"type": "Case", "url": "/x/500A"}, "Id": "500A", "Subject": "Hub offline", "ClosedDate": None,
     "Account": {"attributes": {"type": "Account", "url": "/x/001A"}, "Name": "Acme"}},
    {"attributes": {"type": "Case", "url": "/x/500B"}, "Id": "500B", "Subject": None, "ClosedDate": None,
     "Account": None},
]


def test_attributes_are_removed_at_every_depth():
    assert strip_attributes(RECORDS[0]) == {"Id": "500A", "Subject": "Hub offline", "ClosedDate": None,
                                            "Account": {"Name": "Acme"}}


def test_child_query_results_become_record_lists():
    record = {"Id": "001A", "Cases": {"totalSize": 1, "done": True,
                                      "records": [{"attributes": {"type": "Case"}, "Id": "500A"}]}}
    assert strip_attributes(record) == {"Id": "001A", "Cases": [{"Id": "500A"}]}


def test_all_null_columns_are_dropped_but_partly_null_kept():
    assert agent_rows(RECORDS) == [{"Id": "500A", "Subject": "Hub offline", "Account": {"Name": "Acme"}},
                                   {"Id": "500B", "Subject": None, "Account": None}]
    assert agent_rows([]) == []


def test_text_is_a_python_repr_with_the_protocol_prefix():
    obs = Observation.from_records(RECORDS, query="SELECT ...")
    assert obs.text.startswith("[{'Id': '500A', 'Subject': 'Hub offline'")
    assert obs.for_agent() == PREFIX + obs.text and obs.for_agent(prefix=False) == obs.text
    assert obs.total_size == 2 and obs.ok
    assert Observation.from_records([]).text == "[]"
    stored = obs.to_json()
    assert stored["records"][0]["attributes"]["type"] == "Case"  # the app keeps the objects
    assert stored["query"] == "SELECT ..."


def test_errors_read_code_colon_message():
    assert format_error("INVALID_FIELD", "\nERROR at Row:1:Column:8\nNo such column") == (
        "INVALID_FIELD: \nERROR at Row:1:Column:8\nNo such column")
    obs = Observation.from_error("MALFORMED_QUERY", "unexpected token")
    assert not obs.ok and obs.error == obs.text == "MALFORMED_QUERY: unexpected token"
    assert obs.error_code == "MALFORMED_QUERY"


def test_clean_query():
    assert clean_query("```sql\nSELECT Id\n  FROM Case\n```") == "SELECT Id FROM Case"
    assert clean_query("`SELECT Id FROM Case`") == "SELECT Id FROM Case"
    assert clean_query("SELECT Id FROM Case WHERE Subject = 'a  b\\'  c'   LIMIT 1") == (
        "SELECT Id FROM Case WHERE Subject = 'a  b\\'  c' LIMIT 1")


def test_record_types_round_trip():
    from crmtui.episode.observations import record_types, with_types

    types = record_types(RECORDS)
    assert types == {"type": "Case", "nested": {"Account": "Account"}}
    restored = with_types(agent_rows(RECORDS), types)
    assert restored[0]["attributes"] == {"type": "Case"} and restored[0]["Account"]["attributes"]["type"] == "Account"
    mixed = [{"attributes": {"type": "Case"}, "Id": "500A"}, {"attributes": {"type": "Knowledge__kav"}, "Id": "ka0A"}]
    assert record_types(mixed)["type"] == ["Case", "Knowledge__kav"]
    assert [r["attributes"]["type"] for r in with_types(agent_rows(mixed), record_types(mixed))] == [
        "Case", "Knowledge__kav"]
    assert record_types([]) is None and with_types([{"Id": "x"}, "junk"], None) == [{"Id": "x"}]
