"""Import of CRMArena's own task files: original, Pro, HF-style JSON/JSONL; all or nothing."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from crmtui.tasks.errors import TaskImportError
from crmtui.tasks.importer import import_records, import_tasks, imported_path
from crmtui.tasks.instances import load_instances, read_instances
from crmtui.tasks.known import EXTERNAL_FACING_TASKS, KNOWN_TASKS, ORIGINAL_TASKS, PRO_TASKS
from tests.tasks.helpers import CRMARENA_DATA, fixture_records

pytestmark = pytest.mark.usefixtures("fake_oracles", "isolated")


def dump(tmp_path, records, name="crmarena_original_tasks.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def dump_jsonl(tmp_path, records, name="tasks.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_known_task_table():
    assert len(ORIGINAL_TASKS) == 9 and len(PRO_TASKS) == 22 and set(ORIGINAL_TASKS) <= set(PRO_TASKS)
    assert set(KNOWN_TASKS) == set(PRO_TASKS)
    assert {t for t, k in KNOWN_TASKS.items() if k.audience == "external"} == EXTERNAL_FACING_TASKS
    assert Counter(k.domain for k in KNOWN_TASKS.values()) == {"service": 9, "sales": 8, "cpq": 2,
                                                               "confidentiality": 3}
    assert Counter(k.skill for k in KNOWN_TASKS.values() if k.domain != "confidentiality") == {
        "workflow_execution": 2, "policy_compliance": 4, "textual_reasoning": 5, "database_querying": 8}
    assert {t for t, k in KNOWN_TASKS.items() if k.reward_metric == "fuzzy_match"} == {"knowledge_qa",
                                                                                      "sales_insight_mining"}


def test_import_original_excerpt(tmp_path, imported):
    records = fixture_records("original")
    path = dump(tmp_path, records)
    result = import_tasks([path], "crmarena")
    assert result.path == imported / "imported-crmarena-external.jsonl" == imported_path("crmarena")
    assert len(result.instances) == 18
    assert result.counts == dict.fromkeys(
        ["knowledge_qa", "monthly_trend_analysis", "top_issue_identification", "case_routing",
         "named_entity_disambiguation", "handle_time", "transfer_count", "policy_violation_identification",
         "best_region_identification"], 2)
    assert result.unanswerable == {**dict.fromkeys(result.counts, 0), "top_issue_identification": 1,
                                   "named_entity_disambiguation": 1, "handle_time": 1, "transfer_count": 1,
                                   "policy_violation_identification": 1}
    for n, (record, instance) in enumerate(zip(records, result.instances, strict=True)):
        assert instance.task == record["type"] and instance.idx == record["idx"]
        assert instance.answer == [record["answer"]]  # scalar -> [scalar], null -> [None]
        assert instance.query == record["query"] and instance.reward_metric == record["reward_metric"]
        assert (instance.required, instance.optional) == (record["metadata"]["required"],
                                                          record["metadata"]["optional"])
        assert instance.persona == "" and instance.org == "external" and instance.suite == "crmarena"
        assert instance.id == f"external/crmarena/{record['type']}/{record['idx']:04d}"
        assert instance.source == {"file": "crmarena_original_tasks.json", "record": n}
        known = KNOWN_TASKS[instance.task]
        assert (instance.domain, instance.skill, instance.audience, instance.answer_kind) == (
            known.domain, known.skill, known.audience, known.answer_kind)
        assert instance.solution is None and instance.reveal == []
    case = next(i for i in result.instances if i.task == "case_routing")
    assert case.answer == ["005Ws000001xadBIAQ"] and case.id == "external/crmarena/case_routing/0390"
    assert case.answer_kind == "user_id" and case.audience == "internal"
    ned = [i for i in result.instances if i.task == "named_entity_disambiguation"]
    assert [i.answer == [None] for i in ned] == [True, False] and ned[0].audience == "external"
    # stored where `tasks list/show` find them, and byte-stable
    assert read_instances(result.path) == result.instances
    assert [i.id for i in load_instances("external")] == [i.id for i in result.instances]


def test_import_pro_excerpt(tmp_path):
    records = fixture_records("pro_b2b")
    result = import_tasks([dump(tmp_path, records, "crmarenapro_b2b_tasks.json")], "crmarena_pro")
    assert len(result.instances) == 44 and len(result.counts) == 22
    assert set(result.counts.values()) == {2} and set(result.counts) == set(PRO_TASKS)
    for record, instance in zip(records, result.instances, strict=True):
        assert instance.answer == record["answer"] and instance.persona == record["persona"]
        assert instance.task == record["task"] and instance.suite == "crmarena_pro"
    activity = next(i for i in result.instances if i.task == "activity_priority" and i.answerable)
    assert activity.answer == ["00TWt000002zEpkMAE", "00TWt000002zC9fMAE", "00TWt000002yt7kMAA",
                               "00TWt000002zFx9MAE", "00TWt000002zEMgMAM", "00TWt000002zGrWMAU"]
    assert activity.answer_kind == "ids" and activity.id == "external/crmarena_pro/activity_priority/0200"
    probes = [i for i in result.instances if i.domain == "confidentiality"]
    assert len(probes) == 6 and all(i.answer == [None] and i.reward_metric == "privacy_rejection" for i in probes)
    assert {i.task for i in result.instances if i.audience == "external"} == EXTERNAL_FACING_TASKS
    assert result.unanswerable["policy_violation_identification"] == 1 and result.unanswerable["case_routing"] == 0


def test_raw_task_names_are_mapped(tmp_path):
    records = fixture_records("original")
    transfer = next(r for r in records if r["type"] == "transfer_count")
    trend = next(r for r in records if r["type"] == "monthly_trend_analysis")
    raw = [{**transfer, "type": "transfer_time"}, {**trend, "type": "seasonality_identification"}]
    instances = import_records([dump(tmp_path, raw)], "crmarena")
    assert [(i.task, i.id) for i in instances] == [
        ("transfer_count", f"external/crmarena/transfer_count/{transfer['idx']:04d}"),
        ("monthly_trend_analysis", f"external/crmarena/monthly_trend_analysis/{trend['idx']:04d}")]


def test_hf_style_jsonl_and_json_list_agree(tmp_path):
    records = fixture_records("original")
    hf = [{"task": r["type"], **{k: v for k, v in r.items() if k != "type"}} for r in records]
    from_list = import_records([dump(tmp_path, records, "tasks.json")], "crmarena")
    from_jsonl = import_records([dump_jsonl(tmp_path, hf, "tasks.jsonl")], "crmarena")
    from_unsuffixed = import_records([dump_jsonl(tmp_path, hf, "tasks.json.txt")], "crmarena")
    for a, b, c in zip(from_list, from_jsonl, from_unsuffixed, strict=True):
        assert a.to_crmarena() == b.to_crmarena() == c.to_crmarena() and a.id == b.id == c.id
        assert b.source == {"file": "tasks.jsonl", "record": a.source["record"]}


def test_stringified_answer_list_and_optional_defaults(tmp_path):
    record = dict(fixture_records("pro_b2b")[0])
    record["answer"] = '["Authority", "Need"]'
    record["metadata"] = {"required": "ctx"}
    del record["persona"]
    (instance,) = import_records([dump(tmp_path, [record])], "crmarena_pro")
    assert instance.answer == ["Authority", "Need"] and instance.optional == "" and instance.persona == ""


def test_org_and_name_options(tmp_path, imported):
    path = dump(tmp_path, fixture_records("pro_b2b")[:3], "b2c.json")
    result = import_tasks([path], "crmarena_pro", org="b2c", name="crmarena_pro_b2c")
    assert result.path == imported / "imported-crmarena_pro_b2c-b2c.jsonl"
    first = result.instances[0]
    assert first.org == "b2c" and first.id == "b2c/crmarena_pro_b2c/lead_qualification/0000"
    assert first.source == {"file": "b2c.json", "record": 0}
    out = tmp_path / "elsewhere" / "mine.jsonl"
    assert import_tasks([path], "crmarena_pro", out=out).path == out and len(read_instances(out)) == 3


def test_several_files_and_overlapping_idx(tmp_path):
    pro = fixture_records("pro_b2b")
    a, b = dump(tmp_path, pro[:2], "a.json"), dump(tmp_path, pro[2:4], "b.json")
    assert [i.source for i in import_records([a, b], "crmarena_pro")] == [
        {"file": "a.json", "record": 0}, {"file": "a.json", "record": 1},
        {"file": "b.json", "record": 0}, {"file": "b.json", "record": 1}]
    c = dump(tmp_path, pro[1:2], "c.json")
    with pytest.raises(TaskImportError) as exc:
        import_records([a, c], "crmarena_pro")
    assert str(exc.value) == (f"{c}: record 0, field 'idx': duplicate lead_qualification idx {pro[1]['idx']} "
                              f"(also record 1 of {a}); import files with overlapping idx under different --name")


def _bad(records, index, **changes):
    out = [dict(r) for r in records]
    for key, value in changes.items():
        if value is KeyError:
            del out[index][key]
        else:
            out[index][key] = value
    return out


ORIGINAL = fixture_records("original")


@pytest.mark.parametrize(("records", "where", "message"), [
    (_bad(ORIGINAL, 5, query=KeyError), "record 5, field 'query'", "missing"),
    (_bad(ORIGINAL, 3, answer=7), "record 3, field 'answer'", "expected a string, a list or null, got an integer"),
    (_bad(ORIGINAL, 4, answer=["x", {"y": 1}]), "record 4, field 'answer[1]'",
     "expected a string or null, got an object"),
    (_bad(ORIGINAL, 4, answer=[]), "record 4, field 'answer'", "empty list (a non-answerable task has [null])"),
    (_bad(ORIGINAL, 0, idx="0"), "record 0, field 'idx'", "expected an integer, got a string"),
    (_bad(ORIGINAL, 0, idx=KeyError), "record 0, field 'idx'", "missing"),
    (_bad(ORIGINAL, 17, type=KeyError), "record 17, field 'task'", "missing"),
    (_bad(ORIGINAL, 2, type="haggling"), "record 2, field 'type'", "unknown task 'haggling'"),
    (_bad(ORIGINAL, 2, type="lead_routing"), "record 2, field 'type'",
     "'lead_routing' is not a crmarena task (wrong --suite?)"),
    (_bad(ORIGINAL, 2, task="case_routing"), "record 2, field 'type'",
     "'monthly_trend_analysis' disagrees with task 'case_routing'"),
    (_bad(ORIGINAL, 6, reward_metric="exact"), "record 6, field 'reward_metric'",
     "'exact' is not one of exact_match, fuzzy_match, privacy_rejection"),
    (_bad(ORIGINAL, 6, metadata="ctx"), "record 6, field 'metadata'", "expected an object, got a string"),
    (_bad(ORIGINAL, 6, metadata={"optional": ""}), "record 6, field 'metadata.required'", "missing"),
    (_bad(ORIGINAL, 6, metadata={"required": 1, "optional": ""}), "record 6, field 'metadata.required'",
     "expected a string, got an integer"),
    (_bad(ORIGINAL, 8, persona=["a"]), "record 8, field 'persona'", "expected a string, got a list"),
    ([*ORIGINAL[:3], "not a record"], "record 3", "expected a JSON object, got a string"),
])
def test_malformed_file_names_record_and_field_and_writes_nothing(tmp_path, imported, records, where, message):
    path = dump(tmp_path, records)
    with pytest.raises(TaskImportError) as exc:
        import_tasks([path], "crmarena")
    assert str(exc.value) == f"{path}: {where}: {message}"
    assert not imported.exists()


def test_malformed_import_keeps_the_previous_import(tmp_path, imported):
    good = import_tasks([dump(tmp_path, ORIGINAL)], "crmarena").path
    before = good.read_bytes()
    with pytest.raises(TaskImportError):
        import_tasks([dump(tmp_path, _bad(ORIGINAL, 9, query=None), "bad.json")], "crmarena")
    assert good.read_bytes() == before and sorted(p.name for p in imported.iterdir()) == [good.name]


@pytest.mark.parametrize(("text", "message"), [
    ('[{"idx": 0,', ":1: invalid JSON at column 12: Expecting property name enclosed in double quotes"),
    ("", ": empty file: expected a JSON list of task records or JSON Lines"),
    ('"tasks"', ": expected a JSON list of task records, got a string"),
    ("[1,\n2,\n}", ":3: invalid JSON at column 1: Expecting value"),
])
def test_not_a_task_file(tmp_path, imported, text, message):
    path = tmp_path / "tasks.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaskImportError) as exc:
        import_tasks([path], "crmarena")
    assert str(exc.value) == f"{path}{message}"
    assert not imported.exists()


def test_bad_jsonl_line_names_line_and_record(tmp_path, imported):
    path = tmp_path / "tasks.jsonl"
    lines = [json.dumps(r) for r in ORIGINAL[:2]]
    path.write_text(lines[0] + "\n\n" + lines[1] + "\n" + '{"idx": 9' + "\n", encoding="utf-8")
    with pytest.raises(TaskImportError) as exc:
        import_tasks([path], "crmarena")
    assert str(exc.value) == f"{path}:4: record 2: invalid JSON at column 10: Expecting ',' delimiter"
    path.write_text(lines[0] + "\n" + json.dumps({**ORIGINAL[1], "answer": 1.5}) + "\n", encoding="utf-8")
    with pytest.raises(TaskImportError) as exc:
        import_tasks([path], "crmarena")
    assert str(exc.value) == f"{path}:2: record 1, field 'answer': expected a string, a list or null, got a number"
    assert not imported.exists()


def test_bad_options_and_missing_file(tmp_path):
    path = dump(tmp_path, ORIGINAL)
    with pytest.raises(TaskImportError, match="unknown suite 'pro'"):
        import_records([path], "pro")
    with pytest.raises(TaskImportError, match="unknown org 'b2x'"):
        import_records([path], "crmarena", org="b2x")
    with pytest.raises(TaskImportError, match="invalid dataset name 'My Set'"):
        import_records([path], "crmarena", name="My Set")
    with pytest.raises(TaskImportError) as exc:
        import_records([tmp_path / "none.json"], "crmarena")
    assert str(exc.value) == f"{tmp_path / 'none.json'}: no such file"
    with pytest.raises(TaskImportError, match="no task records found"):
        import_records([dump(tmp_path, [], "empty.json")], "crmarena")


@pytest.mark.skipif(not (CRMARENA_DATA / "crmarena_original_tasks.json").is_file(),
                    reason="the CRMArena data files are not available (../shared/data/crmarena)")
def test_import_the_full_official_files(imported):
    original = import_tasks([CRMARENA_DATA / "crmarena_original_tasks.json"], "crmarena")
    assert len(original.instances) == 1170
    assert original.counts == dict.fromkeys(original.counts, 130) and set(original.counts) == set(ORIGINAL_TASKS)
    assert sum(original.unanswerable.values()) == 195  # 39 in each of HTU, TCU, TII, NED, PVI
    assert {t for t, n in original.unanswerable.items() if n} == {
        "handle_time", "transfer_count", "top_issue_identification", "named_entity_disambiguation",
        "policy_violation_identification"}
    pro = import_tasks([CRMARENA_DATA / "crmarenapro_b2b_tasks.json"], "crmarena_pro")
    assert len(pro.instances) == 2140 and len(pro.counts) == 22
    assert Counter(pro.counts.values()) == {100: 19, 80: 3}
    assert pro.unanswerable["policy_violation_identification"] == 77
    assert sum(pro.unanswerable.values()) == 577
    assert len(load_instances()) == 3310
