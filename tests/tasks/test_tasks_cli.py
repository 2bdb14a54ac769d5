"""`crmtui tasks list|show|validate|import`: output, exit codes 0/1/2, one clear line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crmtui.cli import main
from crmtui.tasks.instances import instance_path, write_instances
from tests.tasks.helpers import VALID_SPEC, fixture_records, make_instance

pytestmark = pytest.mark.usefixtures("fake_oracles", "isolated")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("crmtui: error: ")


@pytest.fixture
def populated(catalog, tmp_path):
    """A catalog with one spec (b2b and b2c) and three generated b2b instances, plus an imported excerpt."""
    spec = catalog / "crmarena_pro" / "handle_time.yaml"
    spec.parent.mkdir()
    spec.write_text(VALID_SPEC, encoding="utf-8")
    write_instances(instance_path("b2b"), [make_instance(n) for n in (1, 2, 3)])
    source = tmp_path / "crmarena_original_tasks.json"
    source.write_text(json.dumps(fixture_records("original")), encoding="utf-8")
    assert main(["tasks", "import", str(source), "--suite", "crmarena"]) == 0
    return catalog


def test_list_task_types_json(populated, capsys):
    code, out, err = run(capsys, "tasks", "list", "--format", "json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert len(rows) == 2 + 9
    assert rows[0] == {"org": "b2b", "suite": "crmarena_pro", "task": "handle_time", "domain": "service",
                       "skill": "database_querying", "audience": "internal", "reward_metric": "exact_match",
                       "answer_kind": "user_id", "instances": 3, "unanswerable": 1}
    assert rows[1]["org"] == "b2c" and rows[1]["instances"] == 0  # a spec without instances yet
    assert [r["org"] for r in rows[2:]] == ["external"] * 9
    assert {r["instances"] for r in rows[2:]} == {2}
    code, out, _ = run(capsys, "tasks", "list", "--org", "external", "--tasks", "task=handle_time|knowledge_qa",
                       "--format", "json")
    assert [(r["task"], r["instances"], r["unanswerable"]) for r in json.loads(out)] == [
        ("handle_time", 2, 1), ("knowledge_qa", 2, 0)]
    code, out, _ = run(capsys, "tasks", "list", "--org", "embedded:b2c", "--format", "json")
    assert [(r["org"], r["task"]) for r in json.loads(out)] == [("b2c", "handle_time")]
    code, out, _ = run(capsys, "tasks", "list", "--domain", "sales", "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_list_table_and_csv(populated, capsys):
    code, out, _ = run(capsys, "tasks", "list", "--suite", "crmarena")
    assert code == 0
    assert "org external · suite crmarena: 9 task types, 18 instances" in out
    assert "policy_violation_identification" in out and "crmarena_pro" not in out
    code, out, _ = run(capsys, "tasks", "list", "--suite", "crmarena_pro", "--format", "csv")
    assert out.splitlines() == [
        "org,suite,task,domain,skill,audience,reward_metric,answer_kind,instances,unanswerable",
        "b2b,crmarena_pro,handle_time,service,database_querying,internal,exact_match,user_id,3,1",
        "b2c,crmarena_pro,handle_time,service,database_querying,internal,exact_match,user_id,0,0",
    ]
    code, out, _ = run(capsys, "tasks", "list", "--domain", "cpq")
    assert code == 0 and out == "No task types match.\n"


def test_list_instances(populated, capsys):
    code, out, _ = run(capsys, "tasks", "list", "--instances", "--org", "b2b", "--format", "json")
    assert code == 0 and json.loads(out) == [make_instance(n).to_json() for n in (1, 2, 3)]
    code, out, _ = run(capsys, "tasks", "list", "--instances", "--tasks", "id=b2b/*", "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "id,org,suite,task,domain,skill,audience,reward_metric,answer_kind,answer,query"
    assert lines[1].startswith('b2b/handle_time/0001,b2b,crmarena_pro,handle_time,service,database_querying,'
                               'internal,exact_match,user_id,"[""005Wt0000000000001""]",')
    assert len(lines) == 4
    code, out, _ = run(capsys, "tasks", "list", "--instances", "--tasks", "org=external,task=case_routing")
    assert code == 0 and "2 instances" in out and "external/crmarena/case_routing/0390" in out
    code, out, _ = run(capsys, "tasks", "list", "--instances", "--limit", "1", "--format", "json")
    assert [i["id"] for i in json.loads(out)] == ["b2b/handle_time/0001"]


def test_show(populated, capsys):
    code, out, err = run(capsys, "tasks", "show", "b2b/handle_time/0002", "--format", "json")
    assert code == 0 and err == "" and json.loads(out) == make_instance(2).to_json()
    code, out, _ = run(capsys, "tasks", "show", "b2b/handle_time/0002")
    assert code == 0
    for text in ("b2b/handle_time/0002", "Persona", "You are blunt.", "Query", "Which agent was fastest? (n°2,",
                 "Context (metadata.required)", "## Policy", "Gold answer", "005Wt0000000000002", "Reveal",
                 "Case 2, please.", "Reference solution", "SELECT Id FROM Case WHERE Id = '5002'", "fastest",
                 '"window"'):
        assert text in out, text
    code, out, _ = run(capsys, "tasks", "show", "b2b/handle_time/0003")
    assert "None (not answerable)" in out
    ident = "external/crmarena/named_entity_disambiguation/" + f"{fixture_records('original')[8]['idx']:04d}"
    code, out, _ = run(capsys, "tasks", "show", ident)
    assert code == 0 and "source: file crmarena_original_tasks.json, record 8" in out
    assert "Domain details: " in out and "(--full shows them)" in out and "Quarters of the Year" not in out
    code, out, _ = run(capsys, "tasks", "show", ident, "--full")
    assert "Quarters of the Year" in out


def test_show_unknown_id(populated, capsys):
    code, out, err = run(capsys, "tasks", "show", "b2b/handle_time/0009")
    assert code == 1 and out == "" and one_line_error(err)
    assert err.startswith("crmtui: error: no task instance with id 'b2b/handle_time/0009'; did you mean ")


def test_validate(populated, capsys, imported):
    code, out, err = run(capsys, "tasks", "validate")
    assert code == 0 and err == ""
    assert out == "1 specs, 2 instance files (21 instances) valid\n"
    bad_spec = populated / "crmarena_pro" / "transfer_count.yaml"
    bad_spec.write_text(VALID_SPEC.replace("name: handle_time", "name: transfer_count").replace(
        "skill: database_querying", "skill: counting"), encoding="utf-8")
    bad_file = populated / "instances" / "b2c.jsonl"
    write_instances(bad_file, [make_instance(1, org="b2c"), make_instance(2)])
    code, out, err = run(capsys, "tasks", "validate")
    assert code == 1
    assert err.splitlines() == [
        f"{bad_spec}:6: skill: 'counting' is not one of workflow_execution, policy_compliance, textual_reasoning, "
        "database_querying",
        f"{bad_file}:2: instance 'b2b/handle_time/0002' has org 'b2b' in the instance file of org 'b2c'",
    ]
    assert out == "1 specs, 2 instance files (21 instances) valid; 2 with errors\n"
    # explicit paths: files and directories
    code, out, err = run(capsys, "tasks", "validate", str(populated / "crmarena_pro" / "handle_time.yaml"),
                         str(imported))
    assert code == 0 and out == "1 specs, 1 instance files (18 instances) valid\n"
    (populated / "README.md").write_text("# tasks\n")
    code, out, err = run(capsys, "tasks", "validate", str(populated / "nope.yaml"), str(populated / "README.md"))
    assert code == 1 and err.splitlines() == [
        f"{populated / 'nope.yaml'}: no such file or directory",
        f"{populated / 'README.md'}: not a task spec (.yaml) or an instance file (.jsonl)"]


def test_validate_reports_duplicate_ids_across_files(populated, capsys, imported):
    write_instances(imported / "imported-copy-b2b.jsonl", [make_instance(2)])
    code, _out, err = run(capsys, "tasks", "validate")
    assert code == 1
    assert err == (f"{imported / 'imported-copy-b2b.jsonl'}:1: instance id 'b2b/handle_time/0002' is also in "
                   f"{instance_path('b2b')}\n")


def test_import(tmp_path, capsys, imported):
    source = tmp_path / "crmarenapro_b2b_tasks.json"
    source.write_text(json.dumps(fixture_records("pro_b2b")), encoding="utf-8")
    code, out, err = run(capsys, "tasks", "import", str(source), "--suite", "crmarena_pro")
    assert code == 0 and err == ""
    assert out.startswith(f"Imported 44 tasks across 22 types from 1 file -> "
                          f"{imported / 'imported-crmarena_pro-external.jsonl'}\n")
    code, out, _ = run(capsys, "tasks", "import", str(source), "--suite", "crmarena_pro", "--org", "b2b",
                       "--name", "pro", "--format", "json")
    data = json.loads(out)
    assert data["path"] == str(imported / "imported-pro-b2b.jsonl") and data["total"] == 44
    assert data["tasks"]["activity_priority"] == {"instances": 2, "unanswerable": 1}
    assert data["tasks"]["private_customer_information"] == {"instances": 2, "unanswerable": 2}


def test_import_malformed_file(tmp_path, capsys, imported):
    records = fixture_records("original")
    del records[4]["answer"]
    source = tmp_path / "tasks.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    code, out, err = run(capsys, "tasks", "import", str(source), "--suite", "crmarena")
    assert code == 1 and out == "" and one_line_error(err)
    assert err == f"crmtui: error: {source}: record 4, field 'answer': missing\n"
    assert not imported.exists()


@pytest.mark.parametrize("argv", [
    ["tasks"],
    ["tasks", "import", "x.json"],
    ["tasks", "import", "x.json", "--suite", "crmarena_plus"],
    ["tasks", "list", "--format", "xml"],
    ["tasks", "show"],
    ["tasks", "frobnicate"],
])
def test_bad_usage_exits_2(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


@pytest.mark.parametrize(("argv", "message"), [
    (["tasks", "list", "--tasks", "colour=red"], "unknown filter key 'colour'"),
    (["tasks", "list", "--org", "b3b"], "unknown org 'b3b' in filter"),
    (["tasks", "list", "--domain", "marketing"], "unknown domain 'marketing' in filter"),
    (["tasks", "import", "/nonexistent/x.json", "--suite", "crmarena"], "/nonexistent/x.json: no such file"),
])
def test_user_errors_are_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and one_line_error(err) and message in err


def test_broken_spec_fails_list_with_one_line(catalog, capsys):
    spec = catalog / "crmarena" / "handle_time.yaml"
    spec.parent.mkdir()
    spec.write_text(VALID_SPEC.replace("suite: crmarena_pro", "suite: crmarena"), encoding="utf-8")
    code, _out, err = run(capsys, "tasks", "list")
    assert code == 1 and err == f"crmtui: error: {spec}:4: orgs: suite crmarena runs on original, not 'b2b'\n"


def test_cli_import_stays_light():
    code = ("import sys, crmtui.cli; crmtui.cli._parser(); "
            "print(sorted(m for m in ('yaml', 'rich', 'textual', 'litellm', 'crmtui.tasks.specs', "
            "'crmtui.tasks.instances') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
