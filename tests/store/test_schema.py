"""The DB file: creation, pragmas, schema version in `meta`, refusal of newer or foreign files, migrations."""

from __future__ import annotations

import sqlite3

import pytest

from crmtui.store import NotAStoreError, SchemaVersionError, StoreError, open_store, schema
from crmtui.store.schema import TABLES

from .conftest import raw, table_rows


def test_created_on_first_use_with_parent_directory(tmp_path):
    path = tmp_path / "deep" / "er" / "t.db"
    with open_store(path) as store:
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert conn.execute("PRAGMA busy_timeout").fetchone() == (10000,)
        assert conn.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
        assert store.schema_version == 2
    assert path.is_file()
    rows = table_rows(path)
    assert sorted(rows) == sorted(TABLES)
    meta = dict(rows["meta"])
    assert set(meta) == {"application", "schema_version", "created_at", "migrated_at", "crmtui_version"}
    assert meta["application"] == "crmtui-transcripts" and meta["schema_version"] == "2"
    assert all(rows[t] == [] for t in TABLES if t != "meta")


def test_default_path_is_transcripts_crmtui_db(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert store.path.as_posix() == "transcripts/crmtui.db"
    assert (tmp_path / "transcripts" / "crmtui.db").is_file()


def test_synchronous_full_on_request(tmp_path):
    with open_store(tmp_path / "f.db", synchronous="full") as store:
        assert store.conn.execute("PRAGMA synchronous").fetchone() == (2,)


def test_reopening_keeps_rows_and_version(db_path):
    with open_store(db_path) as store:
        store.start_episode(agent_kind="human", episode_id="e1")
    with open_store(db_path) as store:
        assert [e.id for e in store.episodes()] == ["e1"] and store.schema_version == 2


def test_newer_schema_version_is_refused_and_left_alone(db_path):
    open_store(db_path).close()
    conn = raw(db_path)
    conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    conn.close()
    before = table_rows(db_path)
    with pytest.raises(SchemaVersionError) as err:
        open_store(db_path)
    assert str(err.value) == (f"{db_path}: transcript DB schema version 7 is newer than this crmtui supports (2); "
                              "upgrade crmtui to open it")
    assert table_rows(db_path) == before


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAStoreError) as err:
        open_store(path)
    assert str(err.value) == f"{path}: not a crmtui transcript DB (an SQLite file with tables people, no meta)"


def test_non_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not a database, just some text that is long enough " * 20)
    with pytest.raises(NotAStoreError) as err:
        open_store(path)
    assert str(err.value).startswith(f"{path}: not an SQLite database")
    assert path.read_text().startswith("this is not a database")


def test_missing_db_is_not_created_when_create_is_false(tmp_path):
    path = tmp_path / "nope" / "t.db"
    with pytest.raises(StoreError, match="no transcript DB at"):
        open_store(path, create=False)
    assert not path.parent.exists()


def test_older_version_is_migrated_in_one_transaction(db_path, monkeypatch):
    open_store(db_path).close()

    def to_v3(conn):
        conn.execute("ALTER TABLE episodes ADD COLUMN rating INTEGER")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(schema.MIGRATIONS, 3, to_v3)
    with open_store(db_path) as store:
        assert store.schema_version == 3
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(episodes)")]
        assert columns[-1] == "rating"
        assert "notes" in store.db.table_names()


def test_version_1_db_gains_verdicts_and_scores(db_path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(schema, "SCHEMA_VERSION", 1)
        with open_store(db_path) as store:
            ep = store.start_episode(agent_kind="human", player="ann", episode_id="e1")
            store.finish_episode(ep.id, reward=0.0)
            assert "scores" not in store.db.table_names()
            assert "verdict" not in [r[1] for r in store.conn.execute("PRAGMA table_info(annotations)")]
    with open_store(db_path) as store:
        assert store.schema_version == 2
        store.annotate("e1", author="ann", note="kept")
        new = store.annotate("e1", author="ann", verdict="fail")
        score = store.add_score("e1", judge="llm:m", reward=0.5, detail={"why": "x"}, judge_version="1")
        assert [a.verdict for a in store.annotations("e1")] == [None, "fail"] and new.verdict == "fail"
        assert store.scores("e1") == [score] and score.detail == {"why": "x"}
        assert store.verify().ok


def test_failed_migration_leaves_the_old_version(db_path, monkeypatch):
    open_store(db_path).close()

    def broken(conn):
        conn.execute("CREATE TABLE half_done (id INTEGER)")
        conn.execute("ALTER TABLE no_such_table ADD COLUMN x")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(schema.MIGRATIONS, 3, broken)
    with pytest.raises(StoreError) as err:
        open_store(db_path)
    assert str(err.value) == (f"{db_path}: migrating the schema from version 2 to 3 failed (no such table: "
                              "no_such_table); the DB is unchanged")
    rows = table_rows(db_path)
    assert "half_done" not in rows and dict(rows["meta"])["schema_version"] == "2"


@pytest.mark.parametrize("table", ["annotations", "gold_reviews", "tasks", "annotators", "scores"])
def test_append_only_tables_refuse_update_and_delete(db_path, table):
    from crmtui.tasks.model import TaskInstance

    with open_store(db_path) as store:
        ep = store.start_episode(agent_kind="human", player="ann")
        store.annotate(ep.id, author="ann", note="looks fine")
        store.finish_episode(ep.id, reward=1.0)
        store.add_score(ep.id, judge="deterministic", reward=1.0)
        task = TaskInstance(idx=1, task="handle_time", persona="", required="", optional="",
                            reward_metric="exact_match", query="q", answer=["x"], id="b2b/handle_time/0001",
                            org="b2b", suite="crmarena_pro", domain="service", skill="database_querying",
                            audience="internal", answer_kind="user_id")
        store.review_gold(task, reviewer="ann", verdict="accept")
    conn = raw(db_path)
    for sql in (f"UPDATE {table} SET rowid = rowid", f"DELETE FROM {table}"):
        with pytest.raises(sqlite3.IntegrityError, match=f"{table} rows are append-only"):
            conn.execute(sql)
    assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 1
