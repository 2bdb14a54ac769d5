"""Shared helpers of the store tests: a fresh DB per test, the result fixtures, raw SQL access."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crmtui.store import Step, open_store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "crmarena_results"
FC_FILE = FIXTURES / "results_gpt-4o-mini-2024-07-18_tool_call_original.json"
REACT_FILE = FIXTURES / "results_gpt-4o-2024-11-20_react_mixed_interactive-False.json"
MULTI_FILE = FIXTURES / "results_o1-2024-12-17_react_case_routing_interactive-True.json"
ALL_FILES = (FC_FILE, REACT_FILE, MULTI_FILE)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """No test reads the user's imported task catalog."""
    monkeypatch.setenv("CRMTUI_HOME", str(tmp_path / "home"))


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def store(db_path):
    s = open_store(db_path)
    yield s
    s.close()


def raw(path: Path) -> sqlite3.Connection:
    """A plain connection (autocommit) for tampering and checks, foreign keys off as in the sqlite3 shell."""
    return sqlite3.connect(str(path), isolation_level=None)


def table_rows(path: Path) -> dict[str, list[tuple]]:
    conn = raw(path)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = {n: conn.execute(f"SELECT * FROM {n} ORDER BY rowid").fetchall() for n in names}
    conn.close()
    return out


def records(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def timed_step(i: int, **kw) -> Step:
    """A step with fixed timestamps (so hashes are reproducible)."""
    base = {"actor": "agent", "kind": "query", "content": f"<execute> SELECT Id FROM Case LIMIT {i} </execute>",
            "tool": "soql", "arguments": {"query": f"SELECT Id FROM Case LIMIT {i}"},
            "observation": [{"Id": f"500{i:015d}"}], "started_at": f"2025-01-01T00:00:{i % 60:02d}.000Z",
            "ended_at": f"2025-01-01T00:00:{i % 60:02d}.500Z", "duration_ms": 500.0, "prompt_tokens": 100 + i,
            "completion_tokens": 10, "cost": 0.001}
    base.update(kw)
    return Step(**base)


def run_python(code: str, *args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout,
                          env=full_env, cwd=str(ROOT))
