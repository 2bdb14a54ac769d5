"""Instance files: fixed key order, byte-identical round trip, atomic writes, validation, filters."""

from __future__ import annotations

import json
import os

import pytest

from crmtui.tasks import instances as inst_mod
from crmtui.tasks.errors import FilterError, InstanceFileError, UnknownInstanceError
from crmtui.tasks.instances import (
    dumps_instance,
    filter_instances,
    find_instance,
    instance_id,
    instance_path,
    load_instances,
    parse_filter,
    read_instances,
    write_instances,
)
from crmtui.tasks.model import TaskInstance
from crmtui.tasks.paths import tasks_root
from tests.tasks.helpers import make_instance

pytestmark = pytest.mark.usefixtures("fake_oracles", "isolated")

KEY_ORDER = ["idx", "task", "persona", "metadata", "reward_metric", "query", "answer", "id", "org", "suite",
             "domain", "skill", "audience", "answer_kind", "reveal", "solution"]


def sample() -> list[TaskInstance]:
    items = [make_instance(n) for n in range(1, 5)]
    items.append(make_instance(5, org="external", id="external/crmarena_pro/handle_time/0005", solution=None,
                               reveal=[], source={"file": "crmarenapro_b2b_tasks.json", "record": 885}))
    return items


def test_instance_id():
    assert instance_id("b2b", "handle_time", 7) == "b2b/handle_time/0007"
    assert instance_id("original", "case_routing", 12345) == "original/case_routing/12345"


def test_line_format_and_key_order(tmp_path):
    path = write_instances(tmp_path / "b2b.jsonl", sample())
    raw = path.read_bytes()
    assert raw.endswith(b"\n") and raw.count(b"\n") == 5
    lines = raw.decode("utf-8").splitlines()
    first = json.loads(lines[0])
    assert list(first) == KEY_ORDER
    assert list(first["metadata"]) == ["required", "optional"]
    assert list(first["solution"]) == ["queries", "derive", "params", "answer"]
    assert list(json.loads(lines[4])) == [*KEY_ORDER, "source"]
    assert "“quoted”" in lines[0] and "n°1" in lines[0]  # ensure_ascii=False
    assert lines[0] == json.dumps(sample()[0].to_json(), ensure_ascii=False) == dumps_instance(sample()[0])
    assert json.loads(lines[2])["answer"] == [None]  # n=3: not answerable


def test_round_trip_is_byte_identical(tmp_path):
    first = write_instances(tmp_path / "a" / "b2b.jsonl", sample())
    again = write_instances(tmp_path / "b" / "b2b.jsonl", read_instances(first))
    assert first.read_bytes() == again.read_bytes()
    assert read_instances(again) == sample()


def test_write_is_atomic(tmp_path, monkeypatch):
    path = write_instances(tmp_path / "out" / "b2b.jsonl", sample()[:2])
    before = path.read_bytes()

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(inst_mod.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_instances(path, sample())
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["b2b.jsonl"]  # no temporary file left behind


def test_write_keeps_mode_of_new_files_readable(tmp_path):
    path = write_instances(tmp_path / "b2b.jsonl", sample()[:1])
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_duplicate_ids_write_nothing(tmp_path):
    items = [*sample()[:2], make_instance(1)]
    path = tmp_path / "out" / "b2b.jsonl"
    with pytest.raises(InstanceFileError) as exc:
        write_instances(path, items)
    assert str(exc.value) == f"{path}: duplicate instance id 'b2b/handle_time/0001': nothing written"
    assert not path.parent.exists()


def _line(**changes) -> str:
    data = make_instance(1).to_json()
    for key, value in changes.items():
        if value is KeyError:
            data.pop(key)
        else:
            data[key] = value
    return json.dumps(data)


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "invalid JSON at column 2: Expecting property name enclosed in double quotes"),
    ("[1, 2]", "expected a JSON object, got a list"),
    (_line(query=KeyError), "missing field 'query'"),
    (_line(colour="red"), "unknown field 'colour'"),
    (_line(idx="1"), "field 'idx': expected an integer, got a string"),
    (_line(idx=True), "field 'idx': expected an integer, got a boolean"),
    (_line(skill="guessing"), "field 'skill': 'guessing' is not one of workflow_execution, policy_compliance, "
                              "textual_reasoning, database_querying"),
    (_line(org=None), "field 'org': expected a string, got null"),
    (_line(answer="005X"), "field 'answer': expected a list of strings or null, got a string"),
    (_line(answer=[]), "field 'answer': must not be empty (non-answerable is [null])"),
    (_line(answer=["a", 3]), "field 'answer[1]': expected a string or null, got an integer"),
    (_line(metadata={"required": "x"}), "missing field 'metadata.optional'"),
    (_line(metadata={"required": "x", "optional": "", "extra": 1}), "unknown field 'metadata.extra'"),
    (_line(reveal="hi"), "field 'reveal': expected a list of strings"),
    (_line(solution={"queries": [], "derive": "", "params": {}}), "missing field 'solution.answer'"),
    (_line(solution={"queries": "SELECT", "derive": "", "params": {}, "answer": [None]}),
     "field 'solution.queries': expected a list of strings"),
    (_line(id=""), "field 'id': must not be empty"),
    (_line(source=[]), "field 'source': expected an object, got a list"),
])
def test_bad_line_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "b2b.jsonl"
    good = dumps_instance(make_instance(2))
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InstanceFileError) as exc:
        read_instances(path)
    assert str(exc.value) == f"{path}:2: {message}"


def test_empty_line_and_duplicate_id(tmp_path):
    path = tmp_path / "b2b.jsonl"
    good = dumps_instance(make_instance(2))
    path.write_text(good + "\n\n", encoding="utf-8")
    with pytest.raises(InstanceFileError, match=r"b2b.jsonl:2: empty line \(expected one JSON object per line\)"):
        read_instances(path)
    path.write_text(good + "\n" + good + "\n", encoding="utf-8")
    with pytest.raises(InstanceFileError) as exc:
        read_instances(path)
    assert str(exc.value) == f"{path}:2: duplicate id 'b2b/handle_time/0002' (first at line 1)"
    path.write_text("", encoding="utf-8")
    assert read_instances(path) == []
    with pytest.raises(InstanceFileError, match="no such file"):
        read_instances(tmp_path / "none.jsonl")


def test_load_instances_reads_catalog_and_imports(catalog, imported):
    assert tasks_root() == catalog and instance_path("b2b") == catalog / "instances" / "b2b.jsonl"
    assert load_instances() == []
    write_instances(instance_path("b2b"), [make_instance(1), make_instance(2)])
    write_instances(instance_path("b2c"), [make_instance(1, org="b2c")])
    write_instances(imported / "imported-crmarena_pro-external.jsonl", [sample()[4]])
    assert [i.id for i in load_instances()] == ["b2b/handle_time/0001", "b2b/handle_time/0002",
                                                "b2c/handle_time/0001", "external/crmarena_pro/handle_time/0005"]
    assert [i.id for i in load_instances("b2c")] == ["b2c/handle_time/0001"]
    assert [i.id for i in load_instances(include_imported=False)][-1] == "b2c/handle_time/0001"
    with pytest.raises(FilterError, match="unknown org 'b2d'"):
        load_instances("b2d")
    write_instances(imported / "imported-again-external.jsonl", [make_instance(2)])
    with pytest.raises(InstanceFileError) as exc:
        load_instances()
    assert str(exc.value) == (f"{imported / 'imported-again-external.jsonl'}: instance id 'b2b/handle_time/0002' "
                              f"is also in {instance_path('b2b')}")


def test_find_instance():
    items = sample()
    assert find_instance(items, "b2b/handle_time/0003") is items[2]
    with pytest.raises(UnknownInstanceError) as exc:
        find_instance(items, "b2b/handle_time/3")
    assert str(exc.value).startswith("no task instance with id 'b2b/handle_time/3'; did you mean b2b/handle_time/")
    with pytest.raises(UnknownInstanceError) as exc:
        find_instance([], "b2b/x/0001")
    assert str(exc.value) == ("no task instance with id 'b2b/x/0001' (no instances: run `crmtui tasks generate` "
                              "or `crmtui tasks import`)")


def filter_ids(items, text):
    return [i.id for i in filter_instances(items, text)]


def test_filters():
    items = [make_instance(1), make_instance(2, task="transfer_count"), make_instance(3, org="b2c"),
             make_instance(4, org="original", task="case_routing", suite="crmarena", skill="workflow_execution"),
             make_instance(5, org="external", task="knowledge_qa", domain="service", reward_metric="fuzzy_match",
                           answer_kind="text", audience="external", skill="textual_reasoning")]
    everything = [i.id for i in items]
    assert filter_ids(items, "") == everything and filter_ids(items, None) == everything
    assert filter_ids(items, "org=b2b") == ["b2b/handle_time/0001", "b2b/transfer_count/0002"]
    assert filter_ids(items, "org=b2b,task=handle_time") == ["b2b/handle_time/0001"]
    assert filter_ids(items, "task=handle_time|case_routing") == ["b2b/handle_time/0001", "b2c/handle_time/0003",
                                                                  "original/case_routing/0004"]
    assert filter_ids(items, "org=b2c, org=original") == ["b2c/handle_time/0003", "original/case_routing/0004"]
    assert filter_ids(items, "skill=workflow_execution") == ["original/case_routing/0004"]
    assert filter_ids(items, "suite=crmarena") == ["original/case_routing/0004"]
    assert filter_ids(items, "metric=fuzzy_match") == ["external/knowledge_qa/0005"]
    assert filter_ids(items, "domain=service,audience=external,kind=text") == ["external/knowledge_qa/0005"]
    assert filter_ids(items, "id=b2*/handle_time/*") == ["b2b/handle_time/0001", "b2c/handle_time/0003"]
    assert filter_ids(items, "id=b2b/handle_time/0001") == ["b2b/handle_time/0001"]
    assert filter_ids(items, "domain=sales") == []
    assert filter_instances(items, parse_filter("org=b2c")) == [items[2]]


@pytest.mark.parametrize(("text", "message"), [
    ("colour=red", "unknown filter key 'colour' in 'colour=red' (keys: org, suite, task, domain, skill, audience, "
                   "metric, kind, id)"),
    ("org=b2b,handle_time", "invalid filter term 'handle_time': expected key=value (keys: org, suite, task, "
                            "domain, skill, audience, metric, kind, id)"),
    ("task=", "empty value in filter term 'task='"),
    ("task=a||b", "empty value in filter term 'task=a||b'"),
    ("skill=querying", "unknown skill 'querying' in filter (expected one of workflow_execution, policy_compliance, "
                       "textual_reasoning, database_querying)"),
    ("org=b2b|b3b", "unknown org 'b3b' in filter (expected one of original, b2b, b2c, external)"),
])
def test_bad_filters(text, message):
    with pytest.raises(FilterError) as exc:
        parse_filter(text)
    assert str(exc.value) == message
