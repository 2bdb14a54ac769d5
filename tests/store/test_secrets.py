"""Credentials present in the environment never reach any table (nor the DB files, nor the exports)."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from crmtui.store import Step, StoreImportError, open_store
from crmtui.store.export import export
from crmtui.store.importer import import_file

from .conftest import REACT_FILE, records, run_python
from .test_episodes import make_task

SECRETS = {
    "OPENAI_API_KEY": "sk-test-OPENAI-7f3a9c1e5b",
    "SALESFORCE_PASSWORD": "Pa55-SALESFORCE-marker",
    "SALESFORCE_SECURITY_TOKEN": "tok-SECURITY-4d2e8a",
    "ANTHROPIC_API_KEY": "sk-ant-MARKER-0192",
}


@pytest.fixture
def secret_env(monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Alice Example")  # not a credential: kept
    return SECRETS


def leaks(path) -> list[str]:
    """Every (table, column, marker) where a secret appears, plus any in the raw DB/WAL bytes."""
    found = []
    conn = sqlite3.connect(path)
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        cursor = conn.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        for row in cursor:
            for column, cell in zip(columns, row, strict=True):
                found += [f"{table}.{column}:{name}" for name, value in SECRETS.items() if value in str(cell)]
    conn.close()
    for suffix in ("", "-wal"):
        try:
            data = Path(f"{path}{suffix}").read_bytes()
        except FileNotFoundError:
            continue
        found += [f"file{suffix}:{name}" for name, value in SECRETS.items() if value.encode() in data]
    return found


def test_secrets_are_redacted_everywhere(secret_env, tmp_path):
    key, password, token = SECRETS["OPENAI_API_KEY"], SECRETS["SALESFORCE_PASSWORD"], \
        SECRETS["SALESFORCE_SECURITY_TOKEN"]
    path = tmp_path / "t.db"
    store = open_store(path)
    task = make_task(query=f"Log in with {password} and tell me")
    ep = store.start_episode(task=task, agent_kind="llm", agent_model="gpt-4o", config={"api_key": key})
    store.append_step(ep.id, Step("system", "error", content=f"AuthenticationError: Incorrect API key provided: {key}",
                                  error=f"401 {key}"))
    store.append_step(ep.id, Step("agent", "tool_call", tool="login", arguments={"password": password, key: 1},
                                  observation=[{"Token__c": f"prefix-{token}-suffix"}], meta={"headers": [key]}))
    store.finish_episode(ep.id, final_answer=token, end_detail={"message": key}, extra={"env": dict(SECRETS)})
    store.annotate(ep.id, author="ann", note=f"the agent printed {password}", reason=None)
    store.review_gold(task, reviewer="ann", verdict="correct", proposed_answer=[token], rationale=key)
    record = records(REACT_FILE)[1]
    record["traj"][-1]["content"] = f"<respond> {key} </respond>"
    record["agent_info"]["end_reason"]["content"] = password
    leaky = tmp_path / "results_m_react_x.json"
    leaky.write_text(json.dumps([record]))
    assert import_file(store, leaky).episodes_added == 1

    assert leaks(path) == []
    steps = store.steps(ep.id)
    assert steps[0].content == "AuthenticationError: Incorrect API key provided: [REDACTED:OPENAI_API_KEY]"
    assert steps[1].arguments == {"password": "[REDACTED:SALESFORCE_PASSWORD]", "[REDACTED:OPENAI_API_KEY]": 1}
    assert steps[1].observation == [{"Token__c": "prefix-[REDACTED:SALESFORCE_SECURITY_TOKEN]-suffix"}]
    assert store.get_episode(ep.id).config == {"api_key": "[REDACTED:OPENAI_API_KEY]"}
    assert store.verify().ok  # redaction happens before hashing
    for fmt in ("jsonl", "crmarena", "tasks-json"):
        out = io.StringIO()
        export(store, fmt, out)
        assert not [n for n, v in SECRETS.items() if v in out.getvalue()], fmt
    store.annotate(ep.id, author="ann", note="Alice Example says hi")
    assert store.annotations(ep.id)[-1].note == "Alice Example says hi"
    store.close()
    assert leaks(path) == []


def test_jsonl_carrying_a_secret_is_refused(secret_env, tmp_path):
    path = tmp_path / "in.jsonl"
    with open_store(tmp_path / "a.db", environ={}) as clean:  # a DB written where the key was not set
        ep = clean.start_episode(agent_kind="llm")
        clean.append_step(ep.id, Step("agent", "message", content=SECRETS["OPENAI_API_KEY"]))
        with path.open("w") as out:
            export(clean, "jsonl", out)
    with open_store(tmp_path / "b.db") as store, pytest.raises(StoreImportError) as err:
        import_file(store, path)
    assert str(err.value) == (f"{path}:1: record 0: the record contains a credential from this environment; "
                              "refusing to store it")
    assert leaks(tmp_path / "b.db") == []


def test_cli_import_in_a_process_with_secrets(tmp_path):
    record = records(REACT_FILE)[1]
    record["traj"][1]["content"] = "my password is " + SECRETS["SALESFORCE_PASSWORD"]
    source = tmp_path / "r.json"
    source.write_text(json.dumps([record]))
    db = tmp_path / "t.db"
    result = run_python(f"from crmtui.cli import main; raise SystemExit(main(['import', '--db', {str(db)!r}, "
                        f"{str(source)!r}]))", env=SECRETS)
    assert result.returncode == 0, result.stderr
    assert leaks(db) == []
