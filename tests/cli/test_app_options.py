"""`crmtui` with no command: --org, --db, --blind, --annotator reach the app (without starting it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import crmtui.app
from crmtui.app import AppOptions, app_options
from crmtui.cli import main
from crmtui.errors import CrmtuiError


@pytest.fixture
def launched(monkeypatch) -> list[dict]:
    """Calls of run_app: the real option resolution, no Textual app."""
    calls: list[dict] = []

    def fake_run_app(**kwargs) -> int:
        calls.append({"kwargs": kwargs, "options": app_options(**kwargs)})
        return 0

    monkeypatch.setattr(crmtui.app, "run_app", fake_run_app)
    return calls


def _dump(path: Path, kind: str) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _org (key TEXT PRIMARY KEY, value TEXT)")
    conn.executemany("INSERT INTO _org VALUES (?, ?)", [("kind", kind), ("now", "2025-06-30T18:00:00.000+0000")])
    conn.execute('CREATE TABLE "Case" (Id TEXT)')
    conn.commit()
    conn.close()
    return path


def test_bare_crmtui_passes_its_options(launched, tmp_path):
    assert main([]) == 0
    assert launched[-1]["kwargs"] == {}  # only what was given
    assert launched[-1]["options"] == AppOptions()

    db = tmp_path / "lab.db"
    assert main(["--org", "b2c", "--db", str(db), "--blind", "--annotator", "ana"]) == 0
    assert launched[-1]["kwargs"] == {"org": "b2c", "db_path": str(db), "blind": True, "annotator": "ana"}
    assert launched[-1]["options"] == AppOptions(default_org="b2c", db_path=db, blind=True, annotator="ana")


@pytest.mark.parametrize(("org", "kind"), [("b2b", "b2b"), ("embedded:b2c", "b2c"), ("original", "original")])
def test_org_kinds(org, kind):
    assert app_options(org=org) == AppOptions(default_org=kind)


def test_org_dump_is_used_for_its_kind(tmp_path):
    dump = _dump(tmp_path / "mine.db", "b2c")
    for spec in (str(dump), f"embedded:{dump}"):
        assert app_options(org=spec) == AppOptions(default_org="b2c", org_paths={"b2c": dump})


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"org": "salesforce"}, "the app plays tasks on embedded orgs only"),
    ({"org": "/nowhere/org.db"}, "/nowhere/org.db: no such org dump"),
    ({"org": "embedded:"}, "invalid --org 'embedded:'"),
    ({"annotator": "  "}, "--annotator needs a name"),
])
def test_bad_options_are_one_line_errors(kwargs, message):
    with pytest.raises(CrmtuiError, match=message):
        app_options(**kwargs)


def test_bad_org_exits_1_with_one_line(launched, capsys):
    assert main(["--org", "/nowhere/org.db"]) == 1
    err = capsys.readouterr().err
    assert err == "crmtui: error: /nowhere/org.db: no such org dump\n"


def test_app_options_before_a_command_are_a_usage_error(launched, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--db", "x.db", "--blind", "tasks", "list"])
    assert exc.value.code == 2
    assert "--db, --blind before a command applies to the app only: put them after the command" in \
        capsys.readouterr().err
    assert launched == []
