"""`crmtui run` and `crmtui score`: batch runs (resumable), offline cassette replay, re-scoring."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crmtui.cli import main
from crmtui.org.generate import GENERATOR_VERSION
from crmtui.store import open_store
from tests.episode.record_cassette import CASSETTE, TASK_FILTER


@pytest.fixture
def home(tmp_path, monkeypatch, b2b_path):
    """$CRMTUI_HOME whose default b2b org is the session's org (nothing is built)."""
    orgs = tmp_path / "home" / "orgs"
    orgs.mkdir(parents=True)
    (orgs / f"b2b-seed1-gen{GENERATOR_VERSION}.db").symlink_to(b2b_path)
    monkeypatch.setenv("CRMTUI_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def run_json(capsys, *argv):
    code = main(["run", *argv, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_run_oracle_then_resume(home, tmp_path, capsys):
    db = str(tmp_path / "t.db")
    code, data = run_json(capsys, "--agent", "oracle", "--tasks", "org=b2b,task=handle_time|lead_qualification",
                          "--db", db)
    summary = data["summary"]
    assert code == 0 and summary["finished"] == 200 and summary["overall"]["success"] == 1.0
    assert {row["name"] for row in summary["tasks"]} == {"b2b/handle_time", "b2b/lead_qualification"}
    assert {row["name"] for row in summary["skills"]} == {"database_querying", "policy_compliance"}
    code, again = run_json(capsys, "--agent", "oracle", "--tasks", "org=b2b,task=handle_time|lead_qualification",
                           "--db", db)
    assert code == 0 and again["summary"]["finished"] == 0 and again["summary"]["skipped"] == 200
    with open_store(db) as store:
        assert store.verify().ok and len(store.episodes()) == 200


def test_run_multi_turn_table(home, tmp_path, capsys):
    code = main(["run", "--tasks", "org=b2b,task=best_region_identification", "--turns", "multi", "--limit", "5",
                 "--trials", "2", "--concurrency", "2", "--db", str(tmp_path / "m.db")])
    out = capsys.readouterr().out
    assert code == 0 and "b2b/best_region_identification" in out and "10 played" in out and "100.0%" in out
    with open_store(tmp_path / "m.db") as store:
        episodes = store.episodes()
        assert len(episodes) == 10 and {e.user_kind for e in episodes} == {"scripted"}


def test_react_agent_replays_offline_from_a_cassette(home, tmp_path):
    code = ("import json, sys\nfrom crmtui.cli import main\n"
            f"rc = main(['run', '--agent', 'react:gpt-4o', '--cassette', {str(CASSETTE)!r}, '--replay', "
            f"'--tasks', {TASK_FILTER!r}, '--db', {str(tmp_path / 'r.db')!r}, '--format', 'json'])\n"
            "assert 'litellm' not in sys.modules, 'replay imported litellm'\nsys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ})
    assert result.returncode == 0, result.stderr + "\n(re-record: python -m tests.episode.record_cassette)"
    summary = json.loads(result.stdout)["summary"]
    assert summary["finished"] == 3 and summary["overall"]["success"] == 1.0 and summary["overall"]["cost"] > 0


def test_cassette_miss_is_a_clear_error(home, tmp_path, capsys):
    code = main(["run", "--agent", "react:gpt-4o", "--cassette", str(CASSETTE), "--replay", "--tasks",
                 "id=b2b/case_routing/0000", "--db", str(tmp_path / "x.db")])
    err = capsys.readouterr().err
    assert code == 1 and "no recorded response for call #1" in err and "--record" in err


def test_run_usage_errors(home, tmp_path, capsys):
    assert main(["run", "--agent", "human", "--db", str(tmp_path / "h.db")]) == 1
    assert main(["run", "--record", "--db", str(tmp_path / "h.db")]) == 1
    assert main(["run", "--agent", "nonsense", "--tasks", "id=b2b/handle_time/0000",
                 "--db", str(tmp_path / "h.db")]) == 1
    assert main(["run", "--tasks", "id=nothing/*", "--db", str(tmp_path / "h.db")]) == 1
    err = capsys.readouterr().err
    assert "app" in err and "--cassette" in err and "unknown agent" in err and "no task instances" in err


def test_score_records_beside_the_old_score(home, tmp_path, capsys):
    db = str(tmp_path / "s.db")
    assert main(["run", "--tasks", "org=b2b,task=knowledge_qa", "--limit", "3", "--db", db]) == 0
    capsys.readouterr()
    assert main(["score", "--db", db, "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert len(first) == 3 and all(r["reward"] == 1.0 and not r["changed"] and r["score"] for r in first)
    assert {r["judge"] for r in first} == {"deterministic"}
    assert main(["score", "--db", db, "--dry-run"]) == 0
    assert "would record" in capsys.readouterr().out
    assert main(["score", "--db", db]) == 0
    capsys.readouterr()
    from crmtui.episode.rescore import latest_rescore

    with open_store(db) as store:
        ep = store.episodes()[0]
        history = store.scores(ep.id, current=False)
        assert len(history) == 2 and [s.judge for s in history] == ["deterministic", "deterministic"]
        assert store.scores(ep.id) == [history[1]]
        assert latest_rescore(store, ep.id)["reward"] == 1.0 and ep.reward == 1.0
        assert latest_rescore(store, ep.id)["previous_reward"] == 1.0
        assert latest_rescore(store, ep.id, judge="llm:x") is None
        assert store.annotations(ep.id) == []
        assert store.verify().ok
