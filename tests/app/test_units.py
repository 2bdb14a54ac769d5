"""The app's Textual-free parts: SOQL highlighting and completion, the task filter, keymaps, results, history."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crmtui.app.keys import SCOPES, display_keys, load_keymap
from crmtui.app.session import ChildRows, QueryHistory, flatten_records
from crmtui.app.soql_assist import complete, highlight_line
from crmtui.app.taskfilter import cycle_term, parse_task_query
from crmtui.org.schema import load_schema
from crmtui.tasks.errors import FilterError


@pytest.fixture(scope="module")
def schema():
    return load_schema("b2b")


def labels(schema, text: str) -> list[str]:
    offset = text.index("|") if "|" in text else len(text)
    return [c.label for c in complete(schema, text.replace("|", ""), offset).items]


@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT Id FROM Acc", "Account"),
    ("SELECT Id, Na| FROM Account", "Name"),
    ("SELECT Id FROM Contact WHERE Account.Ind", "Industry"),
    ("SELECT Id FROM Case WHERE Status = 'Clo", "'Closed'"),
    ("SELECT Id FROM Case WHERE Status IN ('New', ", "'Escalated'"),
    ("SELECT Id FROM Case WHERE CreatedDate > LAST_N", "LAST_N_DAYS:"),
    ("SELECT Id, (SELECT Id FROM |) FROM Account", "Contacts"),
    ("SELECT Id, (SELECT Sub| FROM Cases) FROM Account", "Subject"),
    ("SELECT Id FROM Account ORDER BY Name ", "DESC"),
    ("SELECT Id FROM Account WH", "WHERE"),
    ("FIND {Acme} RETURNING Acc", "Account"),
    ("FIND {Acme} RETURNING Account(Na", "Name"),
    ("SEL", "SELECT"),
])
def test_completion(schema, text, expected):
    assert expected in labels(schema, text)


def test_completion_offers_relationships_and_replaces_the_prefix(schema):
    result = complete(schema, "SELECT Id FROM Contact WHERE Acc", 32)
    assert result.start == 29 and result.prefix == "Acc"
    kinds = {c.label: c.kind for c in result.items}
    assert kinds["AccountId"] == "field" and kinds["Account."] == "relationship"
    assert complete(schema, "SELECT Id FROM Account WHERE Name", 33).items == []  # already complete
    assert labels(schema, "SELECT Id FROM Contact WHERE Nope.") == []


def test_highlighting():
    spans = {("SELECT Name, COUNT(Id) FROM Case WHERE CreatedDate = LAST_N_DAYS:7 AND Status = 'New' LIMIT 5"
              [s:e], name) for s, e, name in highlight_line(
        "SELECT Name, COUNT(Id) FROM Case WHERE CreatedDate = LAST_N_DAYS:7 AND Status = 'New' LIMIT 5")}
    assert ("SELECT", "keyword") in spans and ("COUNT", "function") in spans and ("Case", "type") in spans
    assert ("LAST_N_DAYS:7", "constant.builtin") in spans and ("'New'", "string") in spans
    assert ("5", "number") in spans
    assert not any(text == "Name" for text, _ in spans)  # a field name, not the SOSL keyword
    assert highlight_line("FIND {Acme*} RETURNING Account") [0:2] == [(0, 4, "keyword"), (5, 12, "string")]


def test_task_filter():
    q = parse_task_query("org=b2b,answerable=no,lead conversion")
    assert q.answerable is False and q.words == ["lead", "conversion"] and q.flt.terms == {"org": ("b2b",)}
    assert not parse_task_query("")
    with pytest.raises(FilterError):
        parse_task_query("answerable=maybe")
    with pytest.raises(FilterError):
        parse_task_query("colour=red")
    text = ""
    seen = []
    for _ in range(5):
        text = cycle_term(text, "org")
        seen.append(text)
    assert seen == ["org=original", "org=b2b", "org=b2c", "org=external", ""]
    assert cycle_term("task=x,org=b2b", "org") == "task=x,org=b2c"


def test_task_filter_matches_like_the_cli(tmp_path):
    from crmtui.tasks.instances import filter_instances, load_instances

    instances = load_instances(include_imported=False)
    for spec in ("org=b2b,task=handle_*", "skill=policy_compliance|database_querying,metric=fuzzy_match",
                 "id=original/*/000?"):
        q = parse_task_query(spec)
        assert [i.id for i in instances if q.matches(i)] == [i.id for i in filter_instances(instances, spec)]


def test_keymap_file(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('"workbench.run" = "ctrl+j,f5"\n"tasks.blind" = ["B", "f9"]\n"nope" = "x"\n'
                    '"tasks.filter" = 3\n[keys]\n"app.theme" = "f10"\n', encoding="utf-8")
    keymap, problems = load_keymap(path)
    assert keymap == {"workbench.run": "ctrl+j,f5", "tasks.blind": "B,f9", "app.theme": "f10"}
    assert len(problems) == 2 and "nope" in problems[0] and "tasks.filter" in problems[1]
    assert display_keys("tasks.filter") == "/"
    assert display_keys("workbench.run", keymap) == "ctrl+j / f5"
    path.write_text("not = [toml", encoding="utf-8")
    assert load_keymap(path)[0] == {} and "not valid TOML" in load_keymap(path)[1][0]
    assert load_keymap(tmp_path / "missing.toml") == ({}, [])


def test_every_binding_has_a_unique_id():
    ids = [s.id for _title, specs in SCOPES.values() for s in specs]
    assert len(ids) == len(set(ids))
    assert all(i.split(".")[0] in SCOPES for i in ids)


def test_flatten_records():
    records = [
        {"attributes": {"type": "Contact"}, "Id": "003A", "Account": {"attributes": {}, "Name": "Acme"},
         "Cases": {"totalSize": 2, "done": True, "records": [{"Id": "500A"}, {"Id": "500B"}]}},
        {"attributes": {"type": "Contact"}, "Id": "003B", "Account": None, "Cases": None},
    ]
    columns, rows = flatten_records(records)
    assert columns == ["Id", "Account.Name", "Cases"]
    assert rows[0][:2] == ("003A", "Acme") and isinstance(rows[0][2], ChildRows) and str(rows[0][2]) == "[2 records]"
    assert rows[1] == ("003B", None, None)


def test_history(tmp_path):
    path = tmp_path / "h" / "queries.jsonl"
    h = QueryHistory(path)
    for q in ("SELECT Id FROM Case", "SELECT Id FROM Case", "SELECT Id FROM Account", "SELECT Id FROM Case"):
        h.add("b2b", q)
    h.add("b2c", "SELECT Id FROM Lead")
    assert QueryHistory(path).queries("b2b") == ["SELECT Id FROM Account", "SELECT Id FROM Case"]
    assert len(path.read_text(encoding="utf-8").splitlines()) == 4  # consecutive duplicates are not stored
    path.write_text("garbage\n", encoding="utf-8")
    assert QueryHistory(path).queries() == []


def test_help_and_cli_do_not_import_textual():
    code = ("import sys, contextlib, io\nfrom crmtui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
            "import crmtui.app.keys, crmtui.app.soql_assist, crmtui.app.session, crmtui.app.taskfilter\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'litellm')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_crmtui_alone_opens_the_app(monkeypatch):
    import crmtui.app
    from crmtui import cli

    calls = []
    monkeypatch.setattr(crmtui.app, "run_app", lambda: calls.append(1) or 0)
    assert cli.main([]) == 0
    assert calls == [1]


def test_annotator_comes_from_the_environment_or_the_login(monkeypatch):
    from crmtui.app.app import default_annotator

    monkeypatch.setenv("CRMTUI_ANNOTATOR", " dana ")
    assert default_annotator() == "dana"
    monkeypatch.delenv("CRMTUI_ANNOTATOR")
    monkeypatch.setattr("getpass.getuser", lambda: "login")
    assert default_annotator() == "login"


@pytest.mark.asyncio
async def test_the_app_opens_its_transcript_db_on_first_use(make_app, tmp_path):
    app = make_app(db_path=tmp_path / "t" / "x.db")
    async with app.run_test():
        assert not (tmp_path / "t" / "x.db").exists()  # not opened at start-up
        ep = app.store.start_episode(agent_kind="human", player=app.annotator)
        assert app.store is app.store and app.annotator == "ann"
    from crmtui.store import open_store

    with open_store(tmp_path / "t" / "x.db", create=False) as store:
        assert [e.id for e in store.episodes()] == [ep.id]
