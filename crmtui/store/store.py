"""The transcript store: one SQLite file (WAL), written through sqlite-utils, append-only and hash-chained.

    store = open_store("transcripts/crmtui.db")
    ep = store.start_episode(task=instance, toolset="react", agent_kind="llm", agent_model="gpt-4o")
    store.append_step(ep.id, Step("agent", "query", content="...", arguments={"query": "SELECT ..."},
                                  observation=[{"Id": "500..."}]))
    store.finish_episode(ep.id, final_answer="500...", reward=1.0)

Every write is its own transaction (`BEGIN IMMEDIATE`, so concurrent writers queue on the busy timeout instead of
failing): a step is either committed with its hash or not there at all, whatever happens to the process.
Episodes still `running` (a crash, a closed laptop) are listed by `resumable()` with every committed step.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from crmtui.store import hashing, schema
from crmtui.store.errors import (
    EpisodeStateError,
    NotAStoreError,
    StoreBusyError,
    StoreError,
    UnknownEpisodeError,
    ValidationError,
)
from crmtui.store.model import (
    CHAIN_FIELDS,
    FAILURE_CATEGORIES,
    FAULT_SOURCES,
    HEADER_FIELDS,
    JSON_EPISODE_FIELDS,
    OUTCOME_VERDICTS,
    PROVENANCE_FIELDS,
    RESULT_FIELDS,
    STATUSES,
    VERDICTS,
    Annotation,
    Episode,
    GoldReview,
    Score,
    Step,
    _float_or_none,
    check_header,
    now_iso,
)
from crmtui.store.redact import Redactor

DEFAULT_DB = Path("transcripts") / "crmtui.db"
BUSY_TIMEOUT_MS = 10_000

EPISODE_COLUMNS = HEADER_FIELDS + RESULT_FIELDS + CHAIN_FIELDS + PROVENANCE_FIELDS
STEP_COLUMNS = (
    "episode_id", "idx", "actor", "kind", "content", "tool", "arguments", "observation", "error", "started_at",
    "ended_at", "duration_ms", "prompt_tokens", "completion_tokens", "cost", "meta", "prev_hash", "hash",
)
ANNOTATION_COLUMNS = ("uid", "episode_id", "step_idx", "author", "created_at", "category", "fault", "lapse",
                      "leaked_fields", "note", "supersedes", "retract", "reason", "verdict")
SCORE_COLUMNS = ("uid", "episode_id", "judge", "judge_version", "reward", "metric", "detail", "created_at")
REVIEW_COLUMNS = ("uid", "task_id", "task_hash", "reviewer", "verdict", "proposed_answer", "rationale", "blind",
                  "episode_id", "created_at", "supersedes", "retract", "reason")
_EPISODE_SELECT = "SELECT " + ", ".join(EPISODE_COLUMNS) + " FROM episodes"
_STEP_SELECT = "SELECT " + ", ".join(STEP_COLUMNS) + " FROM steps"
_STEP_INSERT = f"INSERT INTO steps ({', '.join(STEP_COLUMNS)}) VALUES ({', '.join('?' * len(STEP_COLUMNS))})"
_EPISODE_INSERT = (f"INSERT INTO episodes ({', '.join(EPISODE_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(EPISODE_COLUMNS))})")


def new_id() -> str:
    return uuid.uuid4().hex[:20]


def open_store(path: str | Path | None = None, *, create: bool = True, synchronous: str = "normal",
               busy_timeout_ms: int = BUSY_TIMEOUT_MS, environ: Mapping[str, str] | None = None) -> Store:
    """Open (creating it and its directory if needed) the transcript DB at `path` (default `transcripts/crmtui.db`).

    `synchronous="normal"` (default) survives any crash of the process (kill -9) without losing a committed step;
    `"full"` also survives a power cut, at the price of an fsync per step. `environ` (default `os.environ`) is where
    the secrets to keep out of the DB are read from.
    """
    return Store(DEFAULT_DB if path is None else path, create=create, synchronous=synchronous,
                 busy_timeout_ms=busy_timeout_ms, environ=environ)


class Store:
    def __init__(self, path: str | Path, *, create: bool = True, synchronous: str = "normal",
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS, environ: Mapping[str, str] | None = None) -> None:
        import sqlite_utils

        self.path = Path(path)
        if synchronous not in ("normal", "full"):
            raise StoreError(f"synchronous must be 'normal' or 'full' (got {synchronous!r})")
        if not self.path.exists():
            if not create:
                raise StoreError(f"no transcript DB at {self.path}")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif self.path.is_dir():
            raise StoreError(f"{self.path} is a directory, not a transcript DB")
        self.redactor = Redactor(environ)
        self._depth = 0
        self._lock = threading.RLock()
        self.busy_timeout_ms = busy_timeout_ms
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=busy_timeout_ms / 1000, isolation_level=None,
                                        check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from None
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            version = schema.read_version(self.conn, self.path)
            schema.check_version(version, self.path)
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"{self.path}: cannot switch the DB to WAL mode (journal mode {mode})")
            self.conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if version < schema.SCHEMA_VERSION:
                with self.transaction():
                    version = schema.read_version(self.conn, self.path)  # another process may have migrated it
                    schema.check_version(version, self.path)
                    if version < schema.SCHEMA_VERSION:
                        from crmtui import __version__

                        try:
                            schema.migrate(self.conn, version, now_iso(), __version__)
                        except sqlite3.Error as exc:
                            raise StoreError(f"{self.path}: migrating the schema from version {version} to "
                                             f"{schema.SCHEMA_VERSION} failed ({exc}); the DB is unchanged") from None
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if "readonly" in str(exc) or "unable to open" in str(exc):
                raise StoreError(f"{self.path}: cannot write to the transcript DB ({exc})") from None
            raise NotAStoreError(f"{self.path}: not a usable SQLite database ({exc})") from None
        except BaseException:
            self.conn.close()
            raise
        self.db = sqlite_utils.Database(self.conn, execute_plugins=False)

    # -- plumbing -------------------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:  # not while another thread (an app worker) is inside a transaction
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction (`BEGIN IMMEDIATE`); nested uses join the outer one. One thread at a time."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            if self.conn.in_transaction:
                raise StoreError("cannot write inside a read snapshot of the transcript DB")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise self._busy(exc) from None
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self._depth = 0
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise self._busy(exc) from None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: every query inside sees the DB as of one instant, whatever other writers do
        (verify, exports, loading an episode with its steps). Joins an open transaction."""
        with self._lock:
            if self.conn.in_transaction:
                yield
                return
            self.conn.execute("BEGIN")
            try:
                yield
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")

    def _busy(self, exc: sqlite3.OperationalError) -> StoreError:
        if "locked" in str(exc) or "busy" in str(exc):
            return StoreBusyError(f"{self.path}: the transcript DB stayed locked by another writer for "
                                  f"{self.busy_timeout_ms / 1000:g} s")
        return StoreError(f"{self.path}: {exc}")

    def _json(self, value: Any, what: str) -> tuple[str | None, Any]:
        """(stored text, decoded value) of a JSON column, secrets redacted."""
        if value is None:
            return None, None
        try:
            text = hashing.to_storage(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"{what} is not JSON-serialisable: {exc}") from None
        if self.redactor.found_in_json(text):
            value = self.redactor.value(value)
            text = hashing.to_storage(value)
        return text, json.loads(text)

    def _execute(self, sql: str, params: Iterable[Any], what: str) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, tuple(params))
        except UnicodeEncodeError:
            raise ValidationError(f"{what} holds text that is not valid Unicode (a lone surrogate)") from None
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"{what}: {exc}") from None

    # -- tasks and annotators -------------------------------------------------------------------------------

    def put_task(self, instance: Any) -> str:
        """Store a task instance (a TaskInstance or its JSON); returns its content hash. Versions accumulate."""
        data = instance.to_json() if hasattr(instance, "to_json") else dict(instance)
        for key in ("id", "task"):
            if not isinstance(data.get(key), str):
                raise ValidationError(f"task instance without a {key!r}")
        text, data = self._json(data, f"task {data['id']}")
        digest = hashing.content_hash(data)
        with self.transaction():
            self._execute(
                "INSERT OR IGNORE INTO tasks (hash, id, org, task, suite, idx, json, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (digest, data["id"], data.get("org"), data["task"], data.get("suite"), data.get("idx"), text,
                 now_iso()), f"task {data['id']}")
        return digest

    def put_tasks(self, instances: Iterable[Any]) -> int:
        """Store many task instances in one transaction; returns how many were new."""
        with self.transaction():
            before = self.conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
            for instance in instances:
                self.put_task(instance)
            return self.conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] - before

    def task_row(self, task_id: str) -> dict[str, Any] | None:
        """The latest stored version of a task instance: its hash and JSON."""
        row = self.conn.execute("SELECT hash, json FROM tasks WHERE id = ? ORDER BY rowid DESC LIMIT 1",
                                (task_id,)).fetchone()
        return None if row is None else {"hash": row[0], "json": json.loads(row[1])}

    def get_task(self, task_id: str) -> Any:
        """The latest stored version of a task instance as a TaskInstance (None if not stored)."""
        from crmtui.tasks.model import TaskInstance

        row = self.task_row(task_id)
        return None if row is None else TaskInstance.from_json(row["json"])

    def task_json_by_hash(self, digest: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT json FROM tasks WHERE hash = ?", (digest,)).fetchone()
        return None if row is None else json.loads(row[0])

    def ensure_annotator(self, annotator_id: str, name: str | None = None, kind: str = "human") -> None:
        if not isinstance(annotator_id, str) or not annotator_id.strip():
            raise ValidationError("an annotator needs a non-empty id")
        if kind not in ("human", "llm"):
            raise ValidationError(f"annotator kind must be human or llm (got {kind!r})")
        with self.transaction():
            self._execute("INSERT OR IGNORE INTO annotators (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
                          (annotator_id, self.redactor.text(name), kind, now_iso()), f"annotator {annotator_id}")

    # -- episodes -------------------------------------------------------------------------------------------

    def start_episode(self, *, task: Any = None, task_name: str | None = None, task_idx: int | None = None,
                      suite: str | None = None, org_kind: str | None = None, org_hash: str | None = None,
                      toolset: str | None = None, agent_kind: str = "human", agent_model: str | None = None,
                      prompt_variant: str | None = None, user_kind: str | None = None,
                      user_model: str | None = None, player: str | None = None, config: Any = None,
                      parent_episode_id: str | None = None, parent_step: int | None = None,
                      episode_id: str | None = None, started_at: str | None = None) -> Episode:
        """Start an episode; `task` is a TaskInstance (stored alongside) or a task instance id."""
        task_id = task_hash = None
        with self.transaction():
            if task is not None and not isinstance(task, str):
                task_hash = self.put_task(task)
                task_id, task_name = task.id, task_name or task.task
                task_idx = task.idx if task_idx is None else task_idx
                suite, org_kind = suite or task.suite, org_kind or task.org
            elif isinstance(task, str):
                task_id = task
                row = self.task_row(task)
                if row is not None:
                    task_hash = row["hash"]
                    data = row["json"]
                    task_name, suite = task_name or data.get("task"), suite or data.get("suite")
                    task_idx = data.get("idx") if task_idx is None else task_idx
                    org_kind = org_kind or data.get("org")
            if player is not None:
                self.ensure_annotator(player)
            if parent_episode_id is not None:
                self._episode_state(parent_episode_id)
            ep = Episode(id=episode_id or new_id(), agent_kind=agent_kind, task_id=task_id, task_hash=task_hash,
                         task_name=task_name, task_idx=task_idx, suite=suite, org_kind=org_kind, org_hash=org_hash,
                         toolset=toolset, agent_model=agent_model, prompt_variant=prompt_variant,
                         user_kind=user_kind, user_model=user_model, player=player,
                         started_at=started_at or now_iso(), source="played", config=config,
                         parent_episode_id=parent_episode_id, parent_step=parent_step)
            return self._insert_episode(ep)

    def _insert_episode(self, ep: Episode) -> Episode:
        """Insert a new episode row (header only, no steps); computes its genesis hash."""
        check_header(ep)
        red = self.redactor
        for name in ("task_name", "suite", "org_kind", "toolset", "agent_model", "prompt_variant", "user_model",
                     "source_format"):
            setattr(ep, name, red.text(getattr(ep, name)))
        config_text, ep.config = self._json(ep.config, "episode config")
        ep.genesis_hash = ep.head_hash = hashing.genesis_hash(ep.header())
        ep.step_count, ep.status, ep.seal_hash = 0, "running", None
        values = {name: getattr(ep, name) for name in EPISODE_COLUMNS}
        values["config"] = config_text
        for name in ("end_detail", "reward_detail", "extra"):
            values[name] = None
        with self.transaction():
            if self.conn.execute("SELECT 1 FROM episodes WHERE id = ?", (ep.id,)).fetchone():
                raise StoreError(f"episode {ep.id} already exists")
            self._execute(_EPISODE_INSERT, (values[c] for c in EPISODE_COLUMNS), f"episode {ep.id}")
        ep.steps = []
        return ep

    def _episode_state(self, episode_id: str) -> tuple[str, int, str]:
        row = self.conn.execute("SELECT status, step_count, head_hash FROM episodes WHERE id = ?",
                                (episode_id,)).fetchone()
        if row is None:
            raise UnknownEpisodeError(f"no episode with id {episode_id!r} in {self.path}")
        return row

    def _encode_step(self, step: Step) -> tuple[list[Any], str, Step]:
        """(column values without episode/idx/hashes, canonical payload, normalised step)."""
        s = step.normalised()
        red = self.redactor
        s.content, s.error, s.tool = red.text(s.content), red.text(s.error), red.text(s.tool)
        args_text, s.arguments = self._json(s.arguments, "step arguments")
        obs_text, s.observation = self._json(s.observation, "step observation")
        meta_text, meta = self._json(s.meta or None, "step meta")
        s.meta = meta or {}
        payload = hashing.step_payload_json({
            "actor": s.actor, "kind": s.kind, "content": s.content, "tool": s.tool, "arguments": s.arguments,
            "observation": s.observation, "error": s.error, "started_at": s.started_at, "ended_at": s.ended_at,
            "duration_ms": s.duration_ms, "prompt_tokens": s.prompt_tokens,
            "completion_tokens": s.completion_tokens, "cost": s.cost, "meta": meta})
        values = [s.actor, s.kind, s.content, s.tool, args_text, obs_text, s.error, s.started_at, s.ended_at,
                  s.duration_ms, s.prompt_tokens, s.completion_tokens, s.cost, meta_text]
        return values, payload, s

    def append_step(self, episode_id: str, step: Step, *, stamp: bool = True) -> Step:
        """Commit one step at the end of a running episode (its own transaction); returns it with index and hash.

        With `stamp` (default), a step without timestamps gets `ended_at` = now.
        """
        if stamp and step.started_at is None and step.ended_at is None:
            step = replace(step, ended_at=now_iso())
        values, payload, s = self._encode_step(step)
        with self.transaction():
            return self._append_encoded(episode_id, values, payload, s)

    def append_steps(self, episode_id: str, steps: Iterable[Step]) -> list[Step]:
        """Append several steps in one transaction (imports, forks); no timestamps are added."""
        with self.transaction():
            out = []
            for step in steps:
                values, payload, s = self._encode_step(step)
                out.append(self._append_encoded(episode_id, values, payload, s))
            return out

    def _append_encoded(self, episode_id: str, values: list[Any], payload: str, s: Step) -> Step:
        status, count, head = self._episode_state(episode_id)
        if status != "running":
            raise EpisodeStateError(f"episode {episode_id} is {status}: no step can be added")
        digest = hashing.link(head, payload)
        self._execute(_STEP_INSERT, [episode_id, count, *values, head, digest], f"episode {episode_id} step {count}")
        self.conn.execute("UPDATE episodes SET step_count = ?, head_hash = ? WHERE id = ?",
                          (count + 1, digest, episode_id))
        return replace(s, index=count, episode_id=episode_id, prev_hash=head, hash=digest)

    def finish_episode(self, episode_id: str, *, status: str = "finished", end_reason: str | None = None,
                       end_detail: Any = None, final_answer: str | None = None, reward: float | None = None,
                       reward_detail: Any = None, active_ms: float | None = None, prompt_tokens: int | None = None,
                       completion_tokens: int | None = None, cost: float | None = None, extra: Any = None,
                       ended_at: str | None = None, stamp: bool = True) -> Episode:
        """End a running episode and seal its chain. Token and cost totals default to the sums over its steps;
        the final answer to the last `respond` step's; `ended_at` to now (unless `stamp` is false)."""
        if status not in STATUSES or status == "running":
            raise ValidationError(f"an episode ends as finished or abandoned (got {status!r})")
        red = self.redactor
        with self.transaction():
            state, count, head = self._episode_state(episode_id)
            if state != "running":
                raise EpisodeStateError(f"episode {episode_id} is already {state}")
            sums = self.conn.execute("SELECT SUM(prompt_tokens), SUM(completion_tokens), SUM(cost) FROM steps "
                                     "WHERE episode_id = ?", (episode_id,)).fetchone()
            if final_answer is None:
                final_answer = self._last_answer(episode_id)
            result = {
                "status": status, "ended_at": ended_at or (now_iso() if stamp else None),
                "end_reason": red.text(end_reason),
                "final_answer": red.text(final_answer),
                "active_ms": _num(active_ms, "active_ms"),
                "reward": _num(reward, "reward"),
                "prompt_tokens": _int(sums[0] if prompt_tokens is None else prompt_tokens, "prompt_tokens"),
                "completion_tokens": _int(sums[1] if completion_tokens is None else completion_tokens,
                                          "completion_tokens"),
                "cost": _num(sums[2] if cost is None else cost, "cost"),
            }
            texts = {}
            for name, value in (("end_detail", end_detail), ("reward_detail", reward_detail), ("extra", extra)):
                texts[name], result[name] = self._json(value, f"episode {name}")
            for name in ("end_reason", "final_answer", "ended_at"):
                if result[name] is not None and not isinstance(result[name], str):
                    raise ValidationError(f"episode {name} must be text")
            seal = hashing.seal_hash(head, count, {k: result[k] for k in RESULT_FIELDS})
            columns = [k for k in RESULT_FIELDS]
            params = [texts.get(k, result[k]) if k in JSON_EPISODE_FIELDS else result[k] for k in columns]
            self._execute(f"UPDATE episodes SET {', '.join(c + ' = ?' for c in columns)}, seal_hash = ? "
                          "WHERE id = ?", [*params, seal, episode_id], f"episode {episode_id}")
        return self.get_episode(episode_id, steps=False)

    def save_progress(self, episode_id: str, *, active_ms: float | None, extra: Any = None) -> None:
        """Keep a running episode's active time so far (and `extra`, e.g. its timer's pauses), so that resuming it
        after a crash or a pause continues the count. Both are result fields: sealed only when the episode ends."""
        value = _num(active_ms, "active_ms")
        with self.transaction():
            state, _count, _head = self._episode_state(episode_id)
            if state != "running":
                raise EpisodeStateError(f"episode {episode_id} is already {state}")
            text, _value = self._json(extra, "episode extra")
            self.conn.execute("UPDATE episodes SET active_ms = ?, extra = ? WHERE id = ?", (value, text, episode_id))

    def abandon_episode(self, episode_id: str, reason: str | None = None) -> Episode:
        return self.finish_episode(episode_id, status="abandoned", end_reason=reason)

    def _last_answer(self, episode_id: str) -> str | None:
        row = self.conn.execute("SELECT arguments, content FROM steps WHERE episode_id = ? AND kind = 'respond' "
                                "ORDER BY idx DESC LIMIT 1", (episode_id,)).fetchone()
        if row is None:
            return None
        args = hashing.from_storage(row[0])
        if isinstance(args, dict) and isinstance(args.get("content"), str):
            return args["content"]
        return row[1]

    def fork_episode(self, parent_id: str, at_step: int, **overrides: Any) -> Episode:
        """A new episode that starts as a copy of `parent_id`'s steps 0..at_step (its own chain), to continue from
        there (a take-over, another agent). Header fields default to the parent's; `overrides` change them."""
        parent = self.get_episode(parent_id, steps=True)
        assert parent.steps is not None
        if not 0 <= at_step < len(parent.steps):
            raise ValidationError(f"episode {parent_id} has no step {at_step} (it has {len(parent.steps)})")
        fields = {name: getattr(parent, name) for name in (
            "task_name", "task_idx", "suite", "org_kind", "org_hash", "toolset", "agent_kind", "agent_model",
            "prompt_variant", "user_kind", "user_model", "player", "config")}
        fields.update(overrides)
        task = fields.pop("task", parent.task_id)
        with self.transaction():
            ep = self.start_episode(task=task, parent_episode_id=parent_id, parent_step=at_step, **fields)
            self.append_steps(ep.id, [replace(s, index=None, episode_id=None, prev_hash=None, hash=None)
                                      for s in parent.steps[:at_step + 1]])
        return self.get_episode(ep.id, steps=True)

    # -- reading --------------------------------------------------------------------------------------------

    def _episode_from_row(self, row: tuple[Any, ...]) -> Episode:
        data = dict(zip(EPISODE_COLUMNS, row, strict=True))
        for name in JSON_EPISODE_FIELDS:
            data[name] = hashing.from_storage(data[name])
        return Episode(**data)

    @staticmethod
    def _step_from_row(row: tuple[Any, ...]) -> Step:
        (episode_id, idx, actor, kind, content, tool, args, obs, error, started, ended, duration, ptok, ctok, cost,
         meta, prev, digest) = row
        return Step(actor=actor, kind=kind, content=content, tool=tool,
                    arguments=None if args is None else json.loads(args),
                    observation=None if obs is None else json.loads(obs), error=error, started_at=started,
                    ended_at=ended, duration_ms=duration, prompt_tokens=ptok, completion_tokens=ctok, cost=cost,
                    meta={} if meta is None else json.loads(meta), index=idx, episode_id=episode_id,
                    prev_hash=prev, hash=digest)

    def get_episode(self, episode_id: str, steps: bool = True) -> Episode:
        with self.snapshot():
            row = self.conn.execute(_EPISODE_SELECT + " WHERE id = ?", (episode_id,)).fetchone()
            if row is None:
                raise UnknownEpisodeError(f"no episode with id {episode_id!r} in {self.path}")
            ep = self._episode_from_row(row)
            if steps:
                ep.steps = self.steps(episode_id)
        return ep

    def steps(self, episode_id: str, start: int = 0, stop: int | None = None) -> list[Step]:
        """The committed steps of an episode, in order (optionally a slice of indexes)."""
        sql = _STEP_SELECT + " WHERE episode_id = ? AND idx >= ?"
        params: list[Any] = [episode_id, start]
        if stop is not None:
            sql += " AND idx < ?"
            params.append(stop)
        rows = self.conn.execute(sql + " ORDER BY idx", params).fetchall()
        return [self._step_from_row(r) for r in rows]

    def episodes(self, *, status: str | None = None, task_id: str | None = None, source: str | None = None,
                 steps: bool = False) -> list[Episode]:
        """Episodes in the order they were stored, optionally filtered."""
        where, params = [], []
        for column, value in (("status", status), ("task_id", task_id), ("source", source)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = _EPISODE_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY rowid"
        with self.snapshot():
            out = [self._episode_from_row(r) for r in self.conn.execute(sql, params).fetchall()]
            if steps:
                for ep in out:
                    ep.steps = self.steps(ep.id)
        return out

    def iter_episodes(self, steps: bool = True) -> Iterator[Episode]:
        """Every episode in stored order, one at a time (exports of large DBs)."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM episodes ORDER BY rowid")]
        for episode_id in ids:
            yield self.get_episode(episode_id, steps=steps)

    def resumable(self) -> list[Episode]:
        """Episodes left running (after a crash or a pause), each with every committed step."""
        return self.episodes(status="running", steps=True)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {t: self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in schema.TABLES}

    # -- annotations ----------------------------------------------------------------------------------------

    def annotate(self, episode_id: str, *, author: str, step_idx: int | None = None, category: str | None = None,
                 fault: str | None = None, lapse: bool = False, leaked_fields: Iterable[str] = (),
                 note: str | None = None, supersedes: str | None = None, retract: bool = False,
                 reason: str | None = None, uid: str | None = None, created_at: str | None = None,
                 verdict: str | None = None) -> Annotation:
        """Add a label to an episode (or one of its steps). A correction `supersedes` an earlier annotation of the
        same episode and must give a `reason`; `retract=True` withdraws the superseded label. `verdict` (pass |
        fail) is the annotator's judgement of the whole episode's outcome, so it goes on episode-level labels."""
        leaked = list(leaked_fields)
        if verdict is not None and verdict not in OUTCOME_VERDICTS:
            raise ValidationError(f"verdict must be one of {', '.join(OUTCOME_VERDICTS)} (got {verdict!r})")
        if verdict is not None and step_idx is not None:
            raise ValidationError("a verdict judges the whole episode: give it without a step")
        if category is not None and category not in FAILURE_CATEGORIES:
            raise ValidationError(f"unknown failure category {category!r} (expected one of "
                                  f"{', '.join(FAILURE_CATEGORIES)})")
        if fault is not None and fault not in FAULT_SOURCES:
            raise ValidationError(f"fault source must be one of {', '.join(FAULT_SOURCES)} (got {fault!r})")
        if not all(isinstance(f, str) and f for f in leaked):
            raise ValidationError("leaked fields must be non-empty field names")
        if leaked and not lapse:
            raise ValidationError("leaked fields are given only with a confidentiality lapse (lapse=True)")
        if retract:
            if supersedes is None:
                raise ValidationError("a retraction names the annotation it withdraws (supersedes=...)")
            if category or fault or lapse or note or verdict:
                raise ValidationError("a retraction carries no label")
        elif not (category or fault or lapse or note or verdict):
            raise ValidationError("an annotation needs a category, a fault source, a lapse, a verdict or a note")
        with self.transaction():
            _status, count, _head = self._episode_state(episode_id)
            if step_idx is not None and not (isinstance(step_idx, int) and 0 <= step_idx < count):
                raise ValidationError(f"episode {episode_id} has no step {step_idx} (it has {count})")
            self._check_supersedes("annotations", "episode_id", episode_id, supersedes, reason)
            self.ensure_annotator(author)
            ann = Annotation(uid=uid or new_id(), episode_id=episode_id, author=author,
                             created_at=created_at or now_iso(), step_idx=step_idx, category=category, fault=fault,
                             lapse=bool(lapse), leaked_fields=leaked, note=self.redactor.text(note),
                             supersedes=supersedes, retract=bool(retract), reason=self.redactor.text(reason),
                             verdict=verdict)
            self._insert_annotation(ann)
        return ann

    def _insert_annotation(self, ann: Annotation) -> None:
        values = ann.to_json()
        values["leaked_fields"] = hashing.to_storage(ann.leaked_fields or [])
        values["lapse"], values["retract"] = int(ann.lapse), int(ann.retract)
        self._execute(f"INSERT INTO annotations ({', '.join(ANNOTATION_COLUMNS)}) VALUES "
                      f"({', '.join('?' * len(ANNOTATION_COLUMNS))})", (values[c] for c in ANNOTATION_COLUMNS),
                      f"annotation {ann.uid}")

    def _check_supersedes(self, table: str, scope_column: str, scope: str, supersedes: str | None,
                          reason: str | None) -> None:
        if supersedes is None:
            return
        row = self.conn.execute(f"SELECT {scope_column} FROM {table} WHERE uid = ?", (supersedes,)).fetchone()
        what = "annotation" if table == "annotations" else "gold review"
        if row is None:
            raise ValidationError(f"no {what} {supersedes!r} to supersede")
        if row[0] != scope:
            raise ValidationError(f"{what} {supersedes} belongs to {row[0]}, not {scope}")
        later = self.conn.execute(f"SELECT uid FROM {table} WHERE supersedes = ?", (supersedes,)).fetchone()
        if later is not None:
            raise ValidationError(f"{what} {supersedes} is already superseded by {later[0]}: correct that one")
        if not reason or not reason.strip():
            raise ValidationError(f"a correction of {what} {supersedes} needs a reason")

    @staticmethod
    def _annotation_from_row(row: tuple[Any, ...]) -> Annotation:
        data = dict(zip(ANNOTATION_COLUMNS, row, strict=True))
        data["leaked_fields"] = json.loads(data["leaked_fields"] or "[]")
        data["lapse"], data["retract"] = bool(data["lapse"]), bool(data["retract"])
        return Annotation(**data)

    def annotations(self, episode_id: str | None = None, *, current: bool = True) -> list[Annotation]:
        """Labels of an episode (or of all): the current ones by default, else the whole history."""
        sql = f"SELECT {', '.join('a.' + c for c in ANNOTATION_COLUMNS)} FROM annotations a"
        where, params = [], []
        if episode_id is not None:
            where.append("a.episode_id = ?")
            params.append(episode_id)
        if current:
            where.append("a.retract = 0 AND NOT EXISTS (SELECT 1 FROM annotations b WHERE b.supersedes = a.uid)")
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id"
        return [self._annotation_from_row(r) for r in self.conn.execute(sql, params)]

    def annotation_history(self, uid: str) -> list[Annotation]:
        """The chain of corrections an annotation belongs to, oldest first."""
        return self._history("annotations", ANNOTATION_COLUMNS, uid, self._annotation_from_row)

    def _history(self, table: str, columns: tuple[str, ...], uid: str, make: Any) -> list[Any]:
        by_uid = {}
        first = uid
        while True:
            row = self.conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE uid = ?", (first,)).fetchone()
            if row is None:
                if first == uid:
                    raise ValidationError(f"no row {uid!r} in {table}")
                break
            by_uid[first] = make(row)
            if by_uid[first].supersedes is None:
                break
            first = by_uid[first].supersedes
        chain = [by_uid[first]] if first in by_uid else []
        while True:
            row = self.conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE supersedes = ?",
                                    (chain[-1].uid,)).fetchone()
            if row is None:
                return chain
            chain.append(make(row))

    # -- scores of automatic judges -------------------------------------------------------------------------

    def add_score(self, episode_id: str, *, judge: str, reward: float | None, metric: str | None = None,
                  detail: dict[str, Any] | None = None, judge_version: str | None = None, uid: str | None = None,
                  created_at: str | None = None) -> Score:
        """Record an automatic judge's score of a finished episode; it becomes that judge's current score."""
        if not isinstance(judge, str) or not judge.strip():
            raise ValidationError("a score names its judge (e.g. 'deterministic', 'llm:gpt-4o')")
        value = _float_or_none(reward, "a score's reward")
        if detail is not None and not isinstance(detail, dict):
            raise ValidationError("a score's detail is an object")
        with self.transaction():
            status, _count, _head = self._episode_state(episode_id)
            if status != "finished":
                raise ValidationError(f"episode {episode_id} is {status}: only finished episodes are scored")
            score = Score(uid=uid or new_id(), episode_id=episode_id, judge=judge, created_at=created_at or now_iso(),
                          reward=value, metric=metric, detail=self.redactor.value(detail),
                          judge_version=judge_version)
            self._insert_score(score)
        return score

    def _insert_score(self, score: Score) -> None:
        values = score.to_json()
        values["detail"] = hashing.to_storage(score.detail)
        self._execute(f"INSERT INTO scores ({', '.join(SCORE_COLUMNS)}) VALUES "
                      f"({', '.join('?' * len(SCORE_COLUMNS))})", (values[c] for c in SCORE_COLUMNS),
                      f"score {score.uid}")

    @staticmethod
    def _score_from_row(row: tuple[Any, ...]) -> Score:
        data = dict(zip(SCORE_COLUMNS, row, strict=True))
        data["detail"] = hashing.from_storage(data["detail"])
        return Score(**data)

    def scores(self, episode_id: str | None = None, *, judge: str | None = None, current: bool = True) -> list[Score]:
        """Judges' scores (of one episode, of one judge): the current one per (episode, judge), or every row."""
        sql = f"SELECT {', '.join('s.' + c for c in SCORE_COLUMNS)} FROM scores s"
        where, params = [], []
        if episode_id is not None:
            where.append("s.episode_id = ?")
            params.append(episode_id)
        if judge is not None:
            where.append("s.judge = ?")
            params.append(judge)
        if current:
            where.append("NOT EXISTS (SELECT 1 FROM scores t WHERE t.episode_id = s.episode_id AND t.judge = s.judge "
                         "AND t.id > s.id)")
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY s.id"
        return [self._score_from_row(r) for r in self.conn.execute(sql, params)]

    # -- gold reviews ---------------------------------------------------------------------------------------

    def review_gold(self, task: Any, *, reviewer: str, verdict: str,
                    proposed_answer: Iterable[str | None] | None = None, rationale: str | None = None,
                    blind: bool = False, episode_id: str | None = None,
                    supersedes: str | None = None, retract: bool = False, reason: str | None = None,
                    uid: str | None = None, created_at: str | None = None) -> GoldReview:
        """Record a verdict on a task's gold answer (`task`: a TaskInstance, stored alongside, or the id of a stored
        one). A reviewer's new verdict on a task they already reviewed supersedes their current one and needs a
        `reason`."""
        if verdict not in VERDICTS:
            raise ValidationError(f"verdict must be one of {', '.join(VERDICTS)} (got {verdict!r})")
        answer = None if proposed_answer is None else list(proposed_answer)
        if verdict == "correct" and not answer:
            raise ValidationError("a 'correct' verdict needs the proposed answer")
        if verdict != "correct" and answer is not None:
            raise ValidationError(f"a proposed answer goes with a 'correct' verdict, not {verdict!r}")
        if answer is not None and not all(a is None or isinstance(a, str) for a in answer):
            raise ValidationError("a proposed answer is a list of strings (or null for 'no answer')")
        with self.transaction():
            if isinstance(task, str):
                row = self.task_row(task)
                if row is None:
                    raise ValidationError(f"task {task!r} is not in {self.path}: review a stored task instance")
                task_id, task_hash = task, row["hash"]
            else:
                task_hash, task_id = self.put_task(task), task.id
            if episode_id is not None:
                self._episode_state(episode_id)
            if supersedes is None:
                current = self.conn.execute(
                    "SELECT r.uid FROM gold_reviews r WHERE r.task_id = ? AND r.reviewer = ? AND r.retract = 0 AND "
                    "NOT EXISTS (SELECT 1 FROM gold_reviews s WHERE s.supersedes = r.uid) ORDER BY r.id DESC LIMIT 1",
                    (task_id, reviewer)).fetchone()
                if current is not None:
                    supersedes = current[0]
            self._check_supersedes("gold_reviews", "task_id", task_id, supersedes, reason)
            self.ensure_annotator(reviewer)
            review = GoldReview(uid=uid or new_id(), task_id=task_id, reviewer=reviewer, verdict=verdict,
                                created_at=created_at or now_iso(), task_hash=task_hash,
                                proposed_answer=self.redactor.value(answer), rationale=self.redactor.text(rationale),
                                blind=bool(blind), episode_id=episode_id, supersedes=supersedes,
                                retract=bool(retract), reason=self.redactor.text(reason))
            self._insert_review(review)
        return review

    def _insert_review(self, review: GoldReview) -> None:
        values = review.to_json()
        values["proposed_answer"] = hashing.to_storage(review.proposed_answer)
        values["blind"], values["retract"] = int(review.blind), int(review.retract)
        self._execute(f"INSERT INTO gold_reviews ({', '.join(REVIEW_COLUMNS)}) VALUES "
                      f"({', '.join('?' * len(REVIEW_COLUMNS))})", (values[c] for c in REVIEW_COLUMNS),
                      f"gold review {review.uid}")

    @staticmethod
    def _review_from_row(row: tuple[Any, ...]) -> GoldReview:
        data = dict(zip(REVIEW_COLUMNS, row, strict=True))
        data["proposed_answer"] = hashing.from_storage(data["proposed_answer"])
        data["blind"], data["retract"] = bool(data["blind"]), bool(data["retract"])
        return GoldReview(**data)

    def gold_reviews(self, task_id: str | None = None, *, current: bool = True) -> list[GoldReview]:
        sql = f"SELECT {', '.join('r.' + c for c in REVIEW_COLUMNS)} FROM gold_reviews r"
        where, params = [], []
        if task_id is not None:
            where.append("r.task_id = ?")
            params.append(task_id)
        if current:
            where.append("r.retract = 0 AND NOT EXISTS (SELECT 1 FROM gold_reviews s WHERE s.supersedes = r.uid)")
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY r.id"
        return [self._review_from_row(r) for r in self.conn.execute(sql, params)]

    def review_history(self, uid: str) -> list[GoldReview]:
        return self._history("gold_reviews", REVIEW_COLUMNS, uid, self._review_from_row)

    # -- verification ---------------------------------------------------------------------------------------

    def verify(self, integrity: bool = True) -> Any:
        """Check every episode's hash chain (and SQLite's own `quick_check`); returns a VerifyReport."""
        from crmtui.store.verify import verify_store

        with self.snapshot():
            return verify_store(self, integrity=integrity)


def _num(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"episode {name} must be a number (got {value!r})")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(f"episode {name} must be finite (got {value!r})")
    return float(value)


def _int(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
        raise ValidationError(f"episode {name} must be an integer (got {value!r})")
    return int(value)
