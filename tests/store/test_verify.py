"""`verify`: every kind of tampering with steps or episodes is reported by episode, index and kind."""

from __future__ import annotations

import pytest

from crmtui.cli import main
from crmtui.store import Break, open_store

from .conftest import raw, timed_step

STEP_COLUMNS = ("episode_id, idx, actor, kind, content, tool, arguments, observation, error, started_at, ended_at, "
                "duration_ms, prompt_tokens, completion_tokens, cost, meta, prev_hash, hash")


@pytest.fixture
def db(db_path):
    """Episode A (finished, 5 steps), episode B (running, 5 steps)."""
    with open_store(db_path) as store:
        for eid in ("A", "B"):
            store.start_episode(agent_kind="llm", episode_id=eid, started_at="2025-01-01T00:00:00.000Z")
            for i in range(5):
                store.append_step(eid, timed_step(i, content=f"{eid}{i}"))
        store.finish_episode("A", reward=1, ended_at="2025-01-01T00:01:00.000Z")
        assert store.verify().ok
    return db_path


def breaks(path) -> list[tuple]:
    with open_store(path) as store:
        report = store.verify()
    return [(b.episode_id, b.index, b.kind) for b in report.breaks]


def shift(conn, eid: str, start: int, by: int) -> None:
    """Renumber steps >= start by `by` without tripping UNIQUE(episode_id, idx)."""
    conn.execute("UPDATE steps SET idx = -idx - 1000 WHERE episode_id = ? AND idx >= ?", (eid, start))
    conn.execute("UPDATE steps SET idx = -idx - 1000 + ? WHERE episode_id = ? AND idx < 0", (by, eid))


def test_intact(db):
    assert breaks(db) == []


def test_edited_step(db):
    raw(db).execute("UPDATE steps SET content = 'A2 (edited)' WHERE episode_id = 'A' AND idx = 2")
    assert breaks(db) == [("A", 2, "altered")]


@pytest.mark.parametrize("column, value", [
    ("observation", '[{"Id":"500000000000000999"}]'), ("cost", 0.5), ("actor", "human"), ("meta", '{"x":1}'),
    ("started_at", "2024-01-01T00:00:00.000Z"), ("prompt_tokens", None),
])
def test_any_hashed_field_edit_is_detected(db, column, value):
    raw(db).execute(f"UPDATE steps SET {column} = ? WHERE episode_id = 'B' AND idx = 3", (value,))
    assert breaks(db) == [("B", 3, "altered")]


def test_deleted_middle_step(db):
    raw(db).execute("DELETE FROM steps WHERE episode_id = 'A' AND idx = 2")
    assert breaks(db) == [("A", 2, "deleted")]


def test_deleted_step_with_renumbering(db):
    conn = raw(db)
    conn.execute("DELETE FROM steps WHERE episode_id = 'B' AND idx = 1")
    shift(conn, "B", 2, -1)
    assert breaks(db) == [("B", 1, "deleted")]


@pytest.mark.parametrize("eid", ["A", "B"])
def test_deleted_last_step(db, eid):
    raw(db).execute("DELETE FROM steps WHERE episode_id = ? AND idx = 4", (eid,))
    assert breaks(db) == [(eid, 4, "deleted")]


def test_inserted_step_at_the_end(db):
    conn = raw(db)
    prev = conn.execute("SELECT hash FROM steps WHERE episode_id = 'B' AND idx = 4").fetchone()[0]
    conn.execute(f"INSERT INTO steps ({STEP_COLUMNS}) SELECT episode_id, 5, actor, kind, 'forged', tool, arguments, "
                 "observation, error, started_at, ended_at, duration_ms, prompt_tokens, completion_tokens, cost, meta, "
                 "?, hash FROM steps WHERE episode_id = 'B' AND idx = 4", (prev,))
    assert breaks(db) == [("B", 5, "altered"), ("B", 5, "inserted")]


def test_inserted_step_with_a_correct_hash_after_the_head(db):
    """Even a step hashed correctly onto the chain is caught: the episode's head does not name it."""
    with open_store(db) as store:
        from crmtui.store import hashing

        head = store.get_episode("B").head_hash
        values, payload, _s = store._encode_step(timed_step(5, content="forged"))
    digest = hashing.link(head, payload)
    conn = raw(db)
    conn.execute(f"INSERT INTO steps ({STEP_COLUMNS}) VALUES ({', '.join('?' * 18)})",
                 ["B", 5, *values, head, digest])
    assert breaks(db) == [("B", 5, "inserted")]


def test_inserted_step_in_the_middle(db):
    conn = raw(db)
    shift(conn, "A", 2, 1)
    conn.execute(f"INSERT INTO steps ({STEP_COLUMNS}) VALUES ('A', 2, 'agent', 'message', 'forged', NULL, NULL, NULL, "
                 "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bogus-prev', 'bogus-hash')")
    assert breaks(db) == [("A", 2, "inserted")]


def test_inserted_step_claiming_a_real_predecessor(db):
    with open_store(db) as store:
        from crmtui.store import hashing

        prev = store.steps("A")[1].hash
        values, payload, _s = store._encode_step(timed_step(9, content="forged"))
    conn = raw(db)
    shift(conn, "A", 2, 1)
    conn.execute(f"INSERT INTO steps ({STEP_COLUMNS}) VALUES ({', '.join('?' * 18)})",
                 ["A", 2, *values, prev, hashing.link(prev, payload)])
    assert breaks(db) == [("A", 2, "inserted")]


def test_reordered_steps(db):
    conn = raw(db)
    conn.execute("UPDATE steps SET idx = -1 WHERE episode_id = 'A' AND idx = 1")
    conn.execute("UPDATE steps SET idx = 1 WHERE episode_id = 'A' AND idx = 2")
    conn.execute("UPDATE steps SET idx = 2 WHERE episode_id = 'A' AND idx = -1")
    assert breaks(db) == [("A", 1, "reordered"), ("A", 2, "reordered")]


def test_renumbered_steps(db):
    raw(db).execute("UPDATE steps SET idx = idx + 10 WHERE episode_id = 'B'")
    assert breaks(db) == [("B", 10, "reordered")]


def test_moved_to_another_episode(db):
    conn = raw(db)
    conn.execute("UPDATE steps SET idx = 5, episode_id = 'B' WHERE episode_id = 'A' AND idx = 4")
    assert breaks(db) == [("A", 4, "deleted"), ("B", 5, "inserted")]


@pytest.mark.parametrize(("sql", "expected"), [
    ("UPDATE episodes SET task_name = 'other' WHERE id = 'A'", [("A", None, "episode")]),
    ("UPDATE episodes SET agent_model = 'gpt-5' WHERE id = 'B'", [("B", None, "episode")]),
    ("UPDATE episodes SET reward = 0 WHERE id = 'A'", [("A", None, "episode")]),
    ("UPDATE episodes SET final_answer = 'x' WHERE id = 'A'", [("A", None, "episode")]),
    ("UPDATE episodes SET status = 'finished' WHERE id = 'B'", [("B", None, "episode")]),
    ("UPDATE episodes SET status = 'running', seal_hash = NULL WHERE id = 'A'", []),
])
def test_episode_header_and_result_edits(db, sql, expected):
    raw(db).execute(sql)
    assert breaks(db) == expected


def test_step_of_an_unknown_episode(db):
    conn = raw(db)
    conn.execute("UPDATE steps SET episode_id = 'ghost' WHERE episode_id = 'B' AND idx = 4")
    assert breaks(db) == [(None, None, "database"), ("B", 4, "deleted"), ("ghost", 4, "inserted")]


def test_report_messages(db):
    raw(db).execute("DELETE FROM steps WHERE episode_id = 'A' AND idx = 2")
    with open_store(db) as store:
        report = store.verify()
    assert report.breaks == [Break("A", 2, "deleted", "step 2 missing: step 3 follows a step that is not there")]
    assert str(report.breaks[0]) == "episode A step 2: deleted: step 2 missing: step 3 follows a step that is not there"
    assert (report.episodes, report.steps, report.ok, report.broken_episodes) == (2, 9, False, ["A"])


def test_cli_verify_exit_codes_and_lines(db, capsys):
    assert main(["verify", str(db)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{db}: 2 episodes, 10 steps: every hash chain verifies\n" and err == ""
    conn = raw(db)
    conn.execute("UPDATE steps SET content = 'x' WHERE episode_id = 'B' AND idx = 0")
    conn.execute("DELETE FROM steps WHERE episode_id = 'A' AND idx = 3")
    assert main(["verify", "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "episode A step 3: deleted: step 3 missing: step 4 follows a step that is not there",
        "episode B step 0: altered: content does not match its hash",
    ]
    assert err == f"crmtui: error: {db}: 2 breaks in 2 episodes\n"
    assert main(["verify", str(db), "--format", "json"]) == 1
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["breaks"][1] == {"episode": "B", "step": 0, "kind": "altered",
                                                         "detail": "content does not match its hash"}


def test_cli_verify_missing_db(tmp_path, capsys):
    assert main(["verify", str(tmp_path / "none.db")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"crmtui: error: no transcript DB at {tmp_path / 'none.db'}\n"
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize(("where", "expected"), [
    ("idx = 0", [("A", 0, "deleted")]),
    ("idx IN (2, 3)", [("A", 2, "deleted")]),
    ("idx >= 0", [("A", 0, "deleted")]),
])
def test_deleted_runs_of_steps(db, where, expected):
    raw(db).execute(f"DELETE FROM steps WHERE episode_id = 'A' AND {where}")
    assert breaks(db) == expected


def test_edited_and_rehashed_step_breaks_the_next_link(db):
    """Someone who re-hashes the step they edited still breaks the link of the step after it."""
    with open_store(db) as store:
        from crmtui.store import hashing

        prev = store.steps("B")[1].hash
        values, payload, _s = store._encode_step(timed_step(2, content="B2 (edited)"))
    raw(db).execute("UPDATE steps SET content = ?, hash = ? WHERE episode_id = 'B' AND idx = 2",
                    (values[2], hashing.link(prev, payload)))
    with open_store(db) as store:
        report = store.verify()
    assert [(b.episode_id, b.index, b.kind) for b in report.breaks] == [("B", 3, "deleted")]
    assert "or the step before it was altered and re-hashed" in report.breaks[0].detail


def test_steps_linked_in_a_loop(db):
    conn = raw(db)
    _h2, h3 = [r[0] for r in conn.execute("SELECT hash FROM steps WHERE episode_id = 'B' AND idx IN (2, 3) "
                                          "ORDER BY idx")]
    conn.execute("UPDATE steps SET prev_hash = ? WHERE episode_id = 'B' AND idx = 2", (h3,))
    assert breaks(db) == [("B", 2, "altered"), ("B", 3, "altered"), ("B", 4, "altered")]


@pytest.mark.parametrize("seed", range(40))
def test_random_single_tampering_is_always_detected(db, tmp_path, seed):
    import random
    import shutil

    rng = random.Random(seed)
    copy = tmp_path / f"copy{seed}.db"
    shutil.copy(db, copy)  # the fixture's connections are closed, the WAL checkpointed
    conn = raw(copy)
    eid = rng.choice(["A", "B"])
    idx = rng.randrange(5)
    op = rng.choice(["edit", "delete", "insert", "swap", "header"])
    if op == "edit":
        column = rng.choice(["actor", "kind", "content", "tool", "arguments", "observation", "error", "started_at",
                             "ended_at", "duration_ms", "prompt_tokens", "completion_tokens", "cost", "meta"])
        value = rng.choice(['"x"', "7", "null", '{"k":1}']) if column in ("arguments", "observation", "meta") \
            else rng.choice(["x", 7, 0.25, None])
        (before,) = conn.execute(f"SELECT {column} FROM steps WHERE episode_id = ? AND idx = ?", (eid, idx)).fetchone()
        if column in ("arguments", "observation", "meta"):  # JSON: compare what it means, not how it is written
            import json

            if json.loads(before or "null") == json.loads(value):
                value = '"different"'
        elif before == value:
            value = "different"
        conn.execute(f"UPDATE steps SET {column} = ? WHERE episode_id = ? AND idx = ?", (value, eid, idx))
    elif op == "delete":
        conn.execute("DELETE FROM steps WHERE episode_id = ? AND idx = ?", (eid, idx))
    elif op == "insert":
        conn.execute(f"INSERT INTO steps ({STEP_COLUMNS}) SELECT episode_id, 5, actor, kind, content, tool, arguments, "
                     "observation, error, started_at, ended_at, duration_ms, prompt_tokens, completion_tokens, cost, "
                     "meta, prev_hash, hash FROM steps WHERE episode_id = ? AND idx = ?", (eid, idx))
    elif op == "swap":
        other = (idx + rng.randrange(1, 5)) % 5
        conn.execute("UPDATE steps SET idx = -1 WHERE episode_id = ? AND idx = ?", (eid, idx))
        conn.execute("UPDATE steps SET idx = ? WHERE episode_id = ? AND idx = ?", (idx, eid, other))
        conn.execute("UPDATE steps SET idx = ? WHERE episode_id = ? AND idx = -1", (other, eid))
    else:
        column = rng.choice(["task_id", "agent_model", "toolset", "started_at", "source", "config"])
        conn.execute(f"UPDATE episodes SET {column} = 'tampered' WHERE id = ?", (eid,))
    conn.close()
    found = breaks(copy)
    assert found, (op, eid, idx)
    assert {b[0] for b in found} == {eid}
