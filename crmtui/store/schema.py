"""The transcript DB schema, its version (in `meta`) and the migrations between versions.

The DDL is written out in SQL rather than generated, so a given schema version is the same on every machine
whatever the sqlite-utils version. `MIGRATIONS[n]` brings a DB from version n-1 to n; all pending migrations run
in one transaction (a failure leaves the DB at its old version). A DB of a newer version than `SCHEMA_VERSION` is
refused: an older crmtui must not write rows it does not understand.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from crmtui.store.errors import NotAStoreError, SchemaVersionError

SCHEMA_VERSION = 2
APPLICATION = "crmtui-transcripts"

_APPEND_ONLY = "{table} rows are append-only: add a row that supersedes this one instead"

SCHEMA_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE annotators (
    id TEXT PRIMARY KEY,
    name TEXT,
    kind TEXT NOT NULL DEFAULT 'human',
    created_at TEXT NOT NULL
);
CREATE TABLE tasks (
    hash TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    org TEXT,
    task TEXT NOT NULL,
    suite TEXT,
    idx INTEGER,
    json TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX tasks_id ON tasks (id);
CREATE INDEX tasks_org ON tasks (org);
CREATE INDEX tasks_task_idx ON tasks (task, idx);
CREATE INDEX tasks_suite ON tasks (suite);
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    records INTEGER NOT NULL,
    added INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    meta TEXT
);
CREATE TABLE episodes (
    id TEXT PRIMARY KEY,
    task_id TEXT,
    task_hash TEXT REFERENCES tasks (hash),
    task_name TEXT,
    task_idx INTEGER,
    suite TEXT,
    org_kind TEXT,
    org_hash TEXT,
    toolset TEXT,
    agent_kind TEXT NOT NULL,
    agent_model TEXT,
    prompt_variant TEXT,
    user_kind TEXT,
    user_model TEXT,
    player TEXT REFERENCES annotators (id),
    started_at TEXT,
    source TEXT NOT NULL,
    source_format TEXT,
    source_hash TEXT UNIQUE,
    parent_episode_id TEXT REFERENCES episodes (id),
    parent_step INTEGER,
    config TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    ended_at TEXT,
    active_ms REAL,
    end_reason TEXT,
    end_detail TEXT,
    final_answer TEXT,
    reward REAL,
    reward_detail TEXT,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cost REAL,
    extra TEXT,
    step_count INTEGER NOT NULL DEFAULT 0,
    head_hash TEXT NOT NULL,
    genesis_hash TEXT NOT NULL,
    seal_hash TEXT,
    import_id INTEGER REFERENCES imports (id),
    source_record INTEGER
);
CREATE INDEX episodes_task ON episodes (task_id);
CREATE INDEX episodes_task_name ON episodes (task_name, task_idx);
CREATE INDEX episodes_status ON episodes (status);
CREATE INDEX episodes_started ON episodes (started_at);
CREATE TABLE steps (
    id INTEGER PRIMARY KEY,
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    idx INTEGER NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    content TEXT,
    tool TEXT,
    arguments TEXT,
    observation TEXT,
    error TEXT,
    started_at TEXT,
    ended_at TEXT,
    duration_ms REAL,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cost REAL,
    meta TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (episode_id, idx)
);
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    step_idx INTEGER,
    author TEXT NOT NULL REFERENCES annotators (id),
    created_at TEXT NOT NULL,
    category TEXT,
    fault TEXT,
    lapse INTEGER NOT NULL DEFAULT 0,
    leaked_fields TEXT,
    note TEXT,
    supersedes TEXT UNIQUE REFERENCES annotations (uid),
    retract INTEGER NOT NULL DEFAULT 0,
    reason TEXT
);
CREATE INDEX annotations_episode ON annotations (episode_id, step_idx);
CREATE TABLE gold_reviews (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    task_id TEXT NOT NULL,
    task_hash TEXT REFERENCES tasks (hash),
    reviewer TEXT NOT NULL REFERENCES annotators (id),
    verdict TEXT NOT NULL,
    proposed_answer TEXT,
    rationale TEXT,
    blind INTEGER NOT NULL DEFAULT 0,
    episode_id TEXT REFERENCES episodes (id),
    created_at TEXT NOT NULL,
    supersedes TEXT UNIQUE REFERENCES gold_reviews (uid),
    retract INTEGER NOT NULL DEFAULT 0,
    reason TEXT
);
CREATE INDEX gold_reviews_task ON gold_reviews (task_id);
""" + "".join(
    f"""
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY.format(table=table)}'); END;
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY.format(table=table)}'); END;
"""
    for table in ("annotations", "gold_reviews", "tasks", "annotators")
)

#: Version 2: a human's verdict on an episode's outcome (`annotations.verdict`, pass | fail) and the `scores` of
#: automatic judges run after the episode ended (deterministic re-scores, LLM judges), append-only like labels.
SCHEMA_V2 = """
ALTER TABLE annotations ADD COLUMN verdict TEXT;
CREATE TABLE scores (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    episode_id TEXT NOT NULL REFERENCES episodes (id),
    judge TEXT NOT NULL,
    judge_version TEXT,
    reward REAL,
    metric TEXT,
    detail TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX scores_episode ON scores (episode_id, judge);
CREATE TRIGGER scores_no_update BEFORE UPDATE ON scores
BEGIN SELECT RAISE(ABORT, 'scores rows are append-only: add a row that supersedes this one instead'); END;
CREATE TRIGGER scores_no_delete BEFORE DELETE ON scores
BEGIN SELECT RAISE(ABORT, 'scores rows are append-only: add a row that supersedes this one instead'); END;
"""

#: Tables of the current schema (tests and `verify` check for them).
TABLES = ("meta", "annotators", "tasks", "imports", "episodes", "steps", "annotations", "gold_reviews", "scores")


def _create_v1(conn: sqlite3.Connection) -> None:
    for statement in _split(SCHEMA_V1):
        conn.execute(statement)


def _split(script: str) -> list[str]:
    """Statements of a DDL script (triggers kept whole: they end with `END;`)."""
    out, buf = [], []
    for line in script.strip().splitlines():
        buf.append(line)
        text = "\n".join(buf).strip()
        if text.endswith(";") and sqlite3.complete_statement(text):
            out.append(text)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out


def _upgrade_v2(conn: sqlite3.Connection) -> None:
    for statement in _split(SCHEMA_V2):
        conn.execute(statement)


#: MIGRATIONS[n] takes a DB from version n-1 to n (version 0 is an empty file).
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _create_v1, 2: _upgrade_v2}


def read_version(conn: sqlite3.Connection, path: object) -> int:
    """The schema version of an open DB: 0 for an empty file; refuses a foreign SQLite file."""
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise NotAStoreError(f"{path}: not an SQLite database ({exc})") from None
    if not names:
        return 0
    if "meta" not in names:
        shown = ", ".join(sorted(names)[:5])
        raise NotAStoreError(f"{path}: not a crmtui transcript DB (an SQLite file with tables {shown}, no meta)")
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('application', 'schema_version')"))
    if rows.get("application") != APPLICATION or "schema_version" not in rows:
        raise NotAStoreError(f"{path}: not a crmtui transcript DB (its meta table has no crmtui schema version)")
    try:
        return int(rows["schema_version"])
    except ValueError:
        raise NotAStoreError(f"{path}: unreadable schema version {rows['schema_version']!r}") from None


def check_version(version: int, path: object) -> None:
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{path}: transcript DB schema version {version} is newer than this crmtui supports "
            f"({SCHEMA_VERSION}); upgrade crmtui to open it")


def migrate(conn: sqlite3.Connection, version: int, now: str, crmtui_version: str) -> int:
    """Run every migration above `version` inside the caller's transaction; returns the new version."""
    for target in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[target](conn)
        if target == 1:
            conn.execute("INSERT INTO meta (key, value) VALUES ('application', ?)", (APPLICATION,))
            conn.execute("INSERT INTO meta (key, value) VALUES ('created_at', ?)", (now,))
            conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(target),))
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('migrated_at', ?)", (now,))
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('crmtui_version', ?)", (crmtui_version,))
    return SCHEMA_VERSION
