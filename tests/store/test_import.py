"""CRMArena result import: steps reconstructed, results kept, exports reproduce the records, idempotence,
round trips, task links, and malformed files failing whole with the record index and reason."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from crmtui.cli import main
from crmtui.store import StoreImportError, open_store
from crmtui.store.export import export
from crmtui.store.importer import import_file

from .conftest import ALL_FILES, FC_FILE, MULTI_FILE, REACT_FILE, records, table_rows


def shape(ep) -> list[tuple]:
    return [(s.actor, s.kind, s.tool) for s in ep.steps]


def by_task(store) -> dict:
    return {e.task_name: store.get_episode(e.id) for e in store.episodes()}


def expected_record(record: dict, model: str | None) -> dict:
    """The record as export writes it: `traj` (for `messages`), `model` added when known."""
    out = {k: v for k, v in record.items() if k != "messages"}
    if "messages" in record:
        out["traj"] = record["messages"]
    if model and "model" not in out:
        out["model"] = model
    return out


def test_function_calling_record(store):
    result = import_file(store, FC_FILE)
    assert (result.format, result.records, result.episodes_added, result.episodes_present) == ("crmarena", 2, 2, 0)
    ep = by_task(store)["handle_time"]
    assert shape(ep) == [("system", "message", None), ("user", "message", None)] + [
        ("agent", "tool_call", name) for name in ("get_period", "get_agent_handled_cases_by_period", "get_cases",
                                                  "calculate_average_handle_time", "find_id_with_min_value")
    ] + [("agent", "respond", "respond")]
    get_period, handled, get_cases = ep.steps[2], ep.steps[3], ep.steps[4]
    assert get_period.arguments == {"period_name": "Winter", "year": 2021}
    assert get_period.observation == {"start_date": "2021-12-01T00:00:00Z", "end_date": "2022-03-01T00:00:00Z"}
    assert handled.observation == "defaultdict(<class 'int'>, {'005Ws000001qAaaIAE': 2, '005Ws000001qBbbIAE': 1})"
    assert [c["OwnerId"] for c in get_cases.observation] == ["005Ws000001qAaaIAE", "005Ws000001qBbbIAE",
                                                              "005Ws000001qAaaIAE"]
    assert get_period.meta["call_id"] == "call_01"
    assert get_period.meta["crmarena"] == {"patch": [
        {"set": {"function_call": None, "provider_specific_fields": {"refusal": None}, "annotations": []}}, {}]}
    assert [(s.prompt_tokens, s.completion_tokens, s.cost) for s in ep.steps if s.actor == "agent"] == [
        (2400, 28, 0.0031), (2470, 51, 0.0034), (2655, 88, 0.0052), (2930, 140, 0.0071), (3120, 61, 0.0075),
        (3215, 22, 0.0079)]
    assert (ep.toolset, ep.org_kind, ep.suite, ep.agent_kind, ep.agent_model, ep.task_idx, ep.source) == (
        "functions", "original", "crmarena", "llm", "gpt-4o-mini-2024-07-18", 651, "imported")
    assert (ep.status, ep.end_reason, ep.final_answer, ep.reward, ep.reward_detail) == (
        "finished", "Submit action", "005Ws000001qAaaIAE", 1.0, 1)
    assert (ep.prompt_tokens, ep.completion_tokens, ep.cost, ep.started_at, ep.ended_at) == (
        16790, 390, 0.0342, None, None)
    assert (ep.source_format, ep.source_record, ep.import_id) == ("crmarena", 0, 1)
    bad = by_task(store)["best_region_identification"]
    assert bad.steps[2].arguments == '{"period_name": "Q3", "year": 2022'  # invalid JSON kept as written
    assert bad.steps[2].error == "Error: Invalid tool call argument, please provide valid JSON."
    assert bad.steps[2].observation is None
    assert (bad.reward, bad.final_answer) == (0.0, "CA")


def test_react_records(store):
    import_file(store, REACT_FILE)
    eps = by_task(store)
    qa = eps["knowledge_qa"]
    assert shape(qa) == [("system", "message", None), ("user", "message", None), ("agent", "query", "soql"),
                         ("agent", "message", None), ("system", "error", None), ("agent", "query", "sosl"),
                         ("agent", "respond", None)]
    assert qa.steps[2].arguments == {"query": "SELECT Id, Title FROM Knowledge__kav WHERE Body__c LIKE '%encryption%'"}
    assert qa.steps[2].error.startswith("INVALID_FIELD: \nSELECT Id, Title FROM Knowledge__kav")
    assert qa.steps[2].observation is None
    assert qa.steps[4].content.startswith("Invalid output format!")
    assert qa.steps[5].observation == [{"Id": "ka0Wt000000AbCdIAK", "Title": "Securing Workloads on Shared Compute",
                                        "FAQ_Answer__c": "Isolation, encryption at rest and audit trails keep "
                                                         "regulated data safe."}]
    assert qa.steps[6].arguments == {"content": "Because isolation and encryption keep regulated data safe on "
                                                "shared infrastructure."}
    assert all("crmarena" not in s.meta for s in qa.steps)  # the canonical rendering reproduces every message
    assert qa.reward == 0.4615384615384615 and qa.reward_detail["rouge"]["rouge-l"] == 0.45
    assert (qa.toolset, qa.org_kind, qa.user_kind, qa.agent_model) == ("react", None, None, "gpt-4o-2024-11-20")
    v1 = eps["top_issue_identification"]  # first-commit format: `type`, <submit>
    assert shape(v1)[-1] == ("agent", "respond", None) and v1.final_answer == "a03Wt00000Kx1AbIAJ"
    cut = eps["lead_qualification"]  # API error on the evaluator side, trajectory cut short
    assert shape(cut) == [("system", "message", None), ("user", "message", None), ("agent", "query", "soql")]
    assert cut.steps[2].observation is None and cut.steps[2].error is None
    assert (cut.end_reason, cut.end_detail, cut.reward, cut.cost, cut.final_answer) == (
        "API error", {"source": "api", "content": "Error: AuthenticationError: invalid credentials"}, 0.0, None, None)


def test_multi_turn_record_in_the_redistributed_shape(store):
    import_file(store, MULTI_FILE)
    (ep,) = [store.get_episode(e.id) for e in store.episodes()]
    assert shape(ep) == [("system", "message", None), ("user", "message", None), ("agent", "respond", None),
                         ("user", "message", None), ("agent", "query", "soql"), ("agent", "respond", None)]
    assert ep.steps[3].content == "It's case 500Wt00000DdEeFIAR about a notification problem."
    assert (ep.user_kind, ep.org_kind, ep.suite, ep.task_name, ep.end_reason, ep.final_answer) == (
        "llm", "b2b", "crmarena_pro", "case_routing", "Respond action", "005Wt000003NaBcIAO")
    assert ep.extra == {"crmarena": {k: v for k, v in records(MULTI_FILE)[0].items() if k != "messages"}}


def test_export_reproduces_every_record(store):
    for path in ALL_FILES:
        import_file(store, path)
    out = io.StringIO()
    assert export(store, "crmarena", out) == 6
    exported = json.loads(out.getvalue())
    expected = []
    for path, model in ((FC_FILE, "gpt-4o-mini-2024-07-18"), (REACT_FILE, "gpt-4o-2024-11-20"),
                        (MULTI_FILE, "o1-2024-12-17")):
        expected += [expected_record(r, model) for r in records(path)]
    assert exported == expected
    assert list(exported[0])[:6] == ["task_id", "task_type", "gt_answer", "reward", "agent_info", "traj"]


def test_reimport_adds_nothing(db_path):
    with open_store(db_path) as store:
        first = import_file(store, REACT_FILE)
    before = table_rows(db_path)
    with open_store(db_path) as store:
        again = import_file(store, REACT_FILE)
    assert (first.episodes_added, again.episodes_added, again.episodes_present, again.import_id) == (3, 0, 3, None)
    assert table_rows(db_path) == before


def test_a_later_checkpoint_adds_only_its_new_records(tmp_path, store):
    recs = records(REACT_FILE)
    early, late = tmp_path / "results_m_react_x.json", tmp_path / "results_m_react_x2.json"
    early.write_text(json.dumps(recs[:2]))
    late.write_text(json.dumps(recs))
    assert import_file(store, early).episodes_added == 2
    result = import_file(store, late)
    assert (result.episodes_added, result.episodes_present) == (1, 2)


def test_crmarena_round_trip_gives_the_same_episodes(tmp_path):
    a, b = open_store(tmp_path / "a.db"), open_store(tmp_path / "b.db")
    for path in ALL_FILES:
        import_file(a, path)
    exported = tmp_path / "export.json"
    with exported.open("w") as out:
        export(a, "crmarena", out)
    assert import_file(b, exported).episodes_added == 6
    assert import_file(a, exported).episodes_added == 0  # the same episodes: nothing new

    def chains(store):
        return [(e.id, e.genesis_hash, e.head_hash, e.seal_hash, e.agent_model, e.org_kind,
                 [(s.hash, s.to_json()) for s in store.steps(e.id)]) for e in store.episodes()]

    def strip(chain):
        return [(c[:6], [(h, {k: v for k, v in s.items() if k != "episode_id"}) for h, s in c[6]]) for c in chain]

    assert strip(chains(a)) == strip(chains(b))
    again = io.StringIO()
    export(b, "crmarena", again)
    assert json.loads(again.getvalue()) == json.loads(exported.read_text())


def test_jsonl_round_trip_keeps_every_row(tmp_path):
    from .conftest import timed_step
    from .test_episodes import make_task

    a = open_store(tmp_path / "a.db")
    for path in ALL_FILES:
        import_file(a, path)
    played = a.start_episode(task=make_task(), agent_kind="human", player="ann", toolset="react")
    for i in range(3):
        a.append_step(played.id, timed_step(i))
    a.annotate(played.id, author="ann", step_idx=1, category="wrong_filter", note="n", uid="u1")
    a.annotate(played.id, author="bob", step_idx=1, category="date_reasoning", supersedes="u1", reason="r", uid="u2")
    a.review_gold(make_task(), reviewer="ann", verdict="accept", uid="g1")
    a.finish_episode(played.id, reward=0.0)
    a.annotate(played.id, author="ann", verdict="fail", uid="v1")
    a.add_score(played.id, judge="llm:m", reward=1.0, detail={"model": "m"}, uid="s1")
    running = a.start_episode(agent_kind="llm", episode_id="still-running")
    a.append_step(running.id, timed_step(0))
    first = io.StringIO()
    assert export(a, "jsonl", first) == 8
    path = tmp_path / "a.jsonl"
    path.write_text(first.getvalue())
    b = open_store(tmp_path / "b.db")
    result = import_file(b, path)
    assert (result.format, result.episodes_added, result.annotations_added, result.reviews_added,
            result.tasks_added, result.scores_added) == ("crmtui-jsonl", 8, 3, 1, 1, 1)
    second = io.StringIO()
    export(b, "jsonl", second)
    assert second.getvalue() == first.getvalue()
    assert b.verify().ok and [e.id for e in b.resumable()] == ["still-running"]
    rows_a, rows_b = table_rows(a.path), table_rows(b.path)
    for table in ("steps", "annotations", "gold_reviews", "annotators", "scores"):
        assert rows_a[table] == rows_b[table], table
    again = import_file(b, path)
    assert (again.added, again.episodes_present) == (0, 8)


def test_jsonl_with_a_tampered_step_is_refused(tmp_path, store):
    import_file(store, MULTI_FILE)
    out = io.StringIO()
    export(store, "jsonl", out)
    record = json.loads(out.getvalue())
    record["steps"][3]["content"] = "I never said that."
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n")
    fresh = open_store(tmp_path / "fresh.db")
    with pytest.raises(StoreImportError) as err:
        import_file(fresh, path)
    eid = record["episode"]["id"]
    assert str(err.value) == f"{path}:1: record 0: episode {eid}: step 3: content does not match its hash (altered)"
    assert fresh.counts()["episodes"] == 0


def test_results_link_to_imported_crmarena_tasks(tmp_path, monkeypatch, store):
    from crmtui.tasks.instances import write_instances
    from crmtui.tasks.model import TaskInstance
    from crmtui.tasks.paths import imported_dir

    def instance(task, idx, answer):
        return TaskInstance(idx=idx, task=task, persona="", required="", optional="", reward_metric="exact_match",
                            query="q", answer=answer, id=f"external/crmarena/{task}/{idx:04d}", org="external",
                            suite="crmarena", domain="service", skill="database_querying", audience="internal",
                            answer_kind="user_id")

    write_instances(imported_dir() / "imported-crmarena-external.jsonl",
                    [instance("handle_time", 651, ["005Ws000001qAaaIAE"]), instance("handle_time", 650, ["x"])])
    result = import_file(store, FC_FILE)
    assert (result.tasks_linked, result.tasks_added) == (1, 1)
    ep = by_task(store)["handle_time"]
    assert ep.task_id == "external/crmarena/handle_time/0651"
    assert ep.task_hash == store.task_row(ep.task_id)["hash"]
    assert by_task(store)["best_region_identification"].task_id is None


def test_progress_reports_bytes(store):
    calls = []
    import_file(store, REACT_FILE, progress=lambda *a: calls.append(a))
    size = REACT_FILE.stat().st_size
    assert calls[-1] == (REACT_FILE.name, size, size)
    assert all(label == REACT_FILE.name and total == size for label, _done, total in calls)


VALID = records(REACT_FILE)[1]


def _malformed_cases() -> list[tuple[str, bytes, str]]:
    ok = json.dumps(VALID)
    no_role = dict(VALID, traj=[VALID["traj"][0], {"content": "hi"}])
    return [
        ("missing-traj", f'[{ok}, {ok}, {{"task_id": 1, "task_type": "x", "reward": 0}}]'.encode(),
         "record 2: no trajectory: the record has neither 'traj' nor 'messages'"),
        ("not-an-object", f"[{ok}, 5]".encode(), "record 1: a result record must be an object (got an integer)"),
        ("no-role", json.dumps([no_role]).encode(), "record 0: traj[1]: message without a role"),
        ("task-id", json.dumps([dict(VALID, task_id="abc")]).encode(),
         "record 0: task_id must be an integer (got a string)"),
        ("reward", json.dumps([dict(VALID, reward="yes")]).encode(),
         "record 0: reward must be a number or a metrics object (got a string)"),
        ("traj-type", json.dumps([dict(VALID, traj={"role": "user"})]).encode(),
         "record 0: traj must be a list of messages (got an object)"),
        ("nan-cost", json.dumps([dict(VALID, agent_info=dict(VALID["agent_info"], total_cost=float("nan")))]).encode(),
         "record 0: the record holds NaN or Infinity, which JSON does not allow"),
        ("truncated", f"[{ok}, {ok[:40]}".encode(), "record 1: invalid JSON: Unterminated string starting at"),
        ("double-comma", f"[{ok},, {ok}]".encode(), "record 1: invalid JSON: Expecting value (line 1 column"),
        ("unclosed", f"[{ok}".encode(), "record 0: the JSON array is not closed (the file ends after this record)"),
        ("trailing", f"[{ok}] x".encode(), "record 0: unexpected data after the closing ']' of the array"),
        ("not-json", b"hello", "not a CRMArena result file (a JSON array) nor JSON Lines"),
        ("utf8", b"[" + ok.encode() + b', {"task_type": "\xff"}]', "the file is not valid UTF-8 (invalid start byte)"),
        ("task-file", json.dumps([{"idx": 0, "task": "handle_time", "query": "q", "reward_metric": "exact_match",
                                   "answer": ["x"]}]).encode(),
         "record 0: this is a CRMArena task record, not a result: import task files with `crmtui tasks import`"),
        ("jsonl", (ok + "\n\n" + ok + "\n{broken\n").encode(),
         ":4: record 2: invalid JSON: Expecting property name enclosed in double quotes"),
        ("crmtui-version", b'{"crmtui": 99, "type": "episode", "episode": {}}\n',
         ":1: record 0: unsupported crmtui record version 99 (this crmtui reads 1)"),
    ]


@pytest.mark.parametrize(("name", "content", "message"), _malformed_cases(), ids=[c[0] for c in _malformed_cases()])
def test_malformed_files_write_nothing(tmp_path, db_path, name, content, message):
    path = tmp_path / f"{name}.json"
    path.write_bytes(content)
    open_store(db_path).close()
    before = table_rows(db_path)
    with open_store(db_path) as store, pytest.raises(StoreImportError) as err:
        import_file(store, path)
    assert message in str(err.value)
    assert str(err.value).startswith(str(path))
    assert table_rows(db_path) == before


def test_cli_import_export_verify_acceptance(tmp_path, capsys, monkeypatch):
    """`crmtui import` a result file, `export --format crmarena` reproduces it, `verify` passes, then fails after a
    manual UPDATE of a step."""
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(REACT_FILE), str(MULTI_FILE)]) == 0
    out, _err = capsys.readouterr()
    assert out.splitlines() == [
        f"{REACT_FILE}: 3 records (crmarena): 3 episodes added, 0 already present",
        f"{MULTI_FILE}: 1 records (crmarena): 1 episodes added, 0 already present"]
    db = Path("transcripts/crmtui.db")
    assert db.is_file()
    assert main(["import", str(REACT_FILE)]) == 0
    assert capsys.readouterr().out == f"{REACT_FILE}: 3 records (crmarena): 0 episodes added, 3 already present\n"
    assert main(["export", "--format", "crmarena", "-o", "out.json"]) == 0
    assert capsys.readouterr().err == "exported 4 episodes (crmarena) -> out.json\n"
    exported = json.loads(Path("out.json").read_text())
    assert exported == ([expected_record(r, "gpt-4o-2024-11-20") for r in records(REACT_FILE)]
                        + [expected_record(r, "o1-2024-12-17") for r in records(MULTI_FILE)])
    assert main(["verify"]) == 0
    capsys.readouterr()
    import sqlite3

    conn = sqlite3.connect(db)
    eid = conn.execute("SELECT id FROM episodes WHERE task_name = 'knowledge_qa'").fetchone()[0]
    conn.execute("UPDATE steps SET observation = '[]' WHERE episode_id = ? AND idx = 5", (eid,))
    conn.commit()
    conn.close()
    assert main(["verify"]) == 1
    out, err = capsys.readouterr()
    assert out == f"episode {eid} step 5: altered: content does not match its hash\n"
    assert err == "crmtui: error: transcripts/crmtui.db: 1 breaks in 1 episode\n"


def test_cli_import_stops_at_the_bad_file_keeping_earlier_ones(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("[1]")
    db = tmp_path / "t.db"
    assert main(["import", str(REACT_FILE), str(bad), str(MULTI_FILE), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{REACT_FILE}: 3 records (crmarena): 3 episodes added, 0 already present"]
    assert err == f"crmtui: error: {bad}: record 0: a result record must be an object (got an integer)\n"
    with open_store(db) as store:
        assert store.counts()["episodes"] == 3


def test_cli_export_formats_and_errors(tmp_path, capsys):
    db = tmp_path / "t.db"
    assert main(["export", "--db", str(db)]) == 1
    assert capsys.readouterr().err == f"crmtui: error: no transcript DB at {db}\n"
    assert not db.exists()
    assert main(["import", str(MULTI_FILE), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["export", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["episode"]
    assert main(["export", "--db", str(db), "--format", "tasks-json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["export", "--db", str(db), "-o", str(tmp_path / "no" / "x.json")]) == 1
    assert "directory" in capsys.readouterr().err and not (tmp_path / "no").exists()


def test_jsonl_episode_needs_its_task_first(tmp_path):
    from .test_episodes import make_task

    a = open_store(tmp_path / "a.db")
    ep = a.start_episode(task=make_task(), agent_kind="human")
    out = io.StringIO()
    export(a, "jsonl", out)
    lines = [line for line in out.getvalue().splitlines() if json.loads(line)["type"] != "task"]
    path = tmp_path / "no-task.jsonl"
    path.write_text("\n".join(lines) + '\n{"crmtui": 1, "type": "mystery", "mystery": {}}\n')
    b = open_store(tmp_path / "b.db")
    with pytest.raises(StoreImportError) as err:
        import_file(b, path)
    assert str(err.value) == (f"{path}:1: record 0: episode {ep.id} refers to task version {ep.task_hash} which is "
                              "neither in the DB nor earlier in the file")
    b.put_task(make_task())
    with pytest.raises(StoreImportError) as err:
        import_file(b, path)
    assert str(err.value) == f"{path}:2: record 1: unknown crmtui record type 'mystery'"
    assert b.counts()["episodes"] == 0


def test_played_episodes_export_as_crmarena_records(store):
    from crmtui.store import Step

    from .test_episodes import make_task

    task = make_task(answer=["005000000000000AAA"])
    ep = store.start_episode(task=task, toolset="react", agent_kind="llm", agent_model="gpt-4o")
    rows = [{"OwnerId": "005000000000000AAA", "n": 3}]
    for step in (Step("system", "message", content="You are an expert."), Step("user", "message", content="Who?"),
                 Step("agent", "query", content="<execute> SELECT OwnerId FROM Case </execute>", tool="soql",
                      arguments={"query": "SELECT OwnerId FROM Case"}, observation=rows, prompt_tokens=10,
                      completion_tokens=2, cost=0.5),
                 Step("agent", "message", content="hmm", prompt_tokens=11, completion_tokens=1, cost=0.25),
                 Step("system", "error", content="Invalid output format! ..."),
                 Step("human", "takeover", content="ann takes over"),
                 Step("human", "respond", content=None, arguments={"content": "005000000000000AAA"})):
        store.append_step(ep.id, step)
    store.finish_episode(ep.id, reward=1.0, end_reason="Submit action")
    store.start_episode(agent_kind="llm", toolset="functions", episode_id="fn", task_name="handle_time",
                        task_idx=3, suite="crmarena", org_kind="original")
    store.append_step("fn", Step("agent", "tool_call", tool="get_issues", arguments={}, observation=[{"Id": "a03"}],
                                 meta={"call_id": "c1"}))
    store.append_step("fn", Step("agent", "respond", tool="respond", arguments={"content": "a03"}))
    store.finish_episode("fn", reward=0.0)
    out = io.StringIO()
    export(store, "crmarena", out)
    first, second = json.loads(out.getvalue())
    assert first == {
        "task_id": 7, "task_type": "handle_time", "gt_answer": ["005000000000000AAA"], "reward": 1,
        "agent_info": {
            "observation_sizes": [1],
            "end_reason": {"source": "agent", "message": "Submit action", "content": "005000000000000AAA"},
            "usage": {"cost": [0.5, 0.25, None], "completion_tokens": [2, 1, None], "prompt_tokens": [10, 11, None],
                      "total_tokens": [12, 12, None]},
            "total_cost": 0.75, "num_turns": 3},
        "traj": [{"role": "system", "content": "You are an expert."}, {"role": "user", "content": "Who?"},
                 {"role": "assistant", "content": "<execute> SELECT OwnerId FROM Case </execute>"},
                 {"role": "user", "content": "Salesforce instance output: [{'OwnerId': '005000000000000AAA', 'n': 3}]"},
                 {"role": "assistant", "content": "hmm"},
                 {"role": "user", "content": "Invalid output format! ..."},
                 {"role": "assistant", "content": "<respond> 005000000000000AAA </respond>"}],
        "crmtui_episode": ep.id, "org_type": "b2b", "model": "gpt-4o"}
    assert second["gt_answer"] is None and second["reward"] == 0 and second["traj"] == [
        {"content": None, "role": "assistant", "tool_calls": [
            {"function": {"arguments": "{}", "name": "get_issues"}, "id": "c1", "type": "function"}]},
        {"role": "tool", "tool_call_id": "c1", "name": "get_issues", "content": "[{'Id': 'a03'}]"},
        {"content": None, "role": "assistant", "tool_calls": [
            {"function": {"arguments": '{"content":"a03"}', "name": "respond"}, "id": "call_1", "type": "function"}]}]
