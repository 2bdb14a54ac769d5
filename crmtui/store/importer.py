"""`crmtui import FILE…`: CRMArena result files and crmtui's own JSON Lines into the transcript DB.

- Detected from the content: a JSON array (CRMArena's `run_tasks.py` checkpoint files, or their redistributions
  with `messages` for `traj`) or JSON Lines (crmtui's export: typed `annotator`, `task`, `episode` and
  `gold_review` lines; CRMArena records one per line are accepted too).
- Streamed: records are read one at a time (files reach hundreds of MB), with progress reported in bytes.
- One transaction per file: a malformed record fails the whole file, naming the record index (and line), and
  nothing of that file is written.
- Idempotent: a CRMArena record is identified by the hash of its content (so re-importing a file, or a later
  checkpoint of the same run, adds only new records); a crmtui episode by its id and hash chain, which is
  checked on the way in.
- A CRMArena record is linked to its task instance when it is known: stored in this DB already, or imported
  with `crmtui tasks import` (then the instance is copied into the DB).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from crmtui.store import hashing
from crmtui.store.crmarena import RecordError, convert_record, model_from_filename
from crmtui.store.errors import StoreError, StoreImportError, ValidationError
from crmtui.store.model import (
    CHAIN_FIELDS,
    HEADER_FIELDS,
    JSON_EPISODE_FIELDS,
    RESULT_FIELDS,
    STATUSES,
    Annotation,
    Episode,
    GoldReview,
    Score,
    check_header,
    now_iso,
)
from crmtui.store.store import EPISODE_COLUMNS, STEP_COLUMNS, Store
from crmtui.store.streamjson import JsonStreamError, iter_json_array, iter_json_lines, sniff

Progress = Callable[[str, int, int], None]
JSONL_VERSION = 1


@dataclass
class ImportResult:
    path: Path
    format: str  # crmarena | crmtui-jsonl | mixed | empty
    records: int = 0
    episodes_added: int = 0
    episodes_present: int = 0
    tasks_added: int = 0
    tasks_linked: int = 0
    annotations_added: int = 0
    scores_added: int = 0
    reviews_added: int = 0
    sha256: str = ""
    import_id: int | None = None
    formats: set[str] = field(default_factory=set)

    @property
    def added(self) -> int:
        return (self.episodes_added + self.tasks_added + self.annotations_added + self.scores_added
                + self.reviews_added)


class _HashingReader:
    """A binary file wrapper that hashes every byte read (the file's SHA-256 without a second pass)."""

    def __init__(self, fp: BinaryIO) -> None:
        self.fp, self.sha = fp, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.fp.read(n)
        self.sha.update(data)
        return data

    def __iter__(self) -> Iterator[bytes]:
        for line in self.fp:
            self.sha.update(line)
            yield line


class TaskLinker:
    """Finds the task instance of a CRMArena record: by task name, idx and suite, in the DB or the imported
    task catalog; links only when exactly one instance matches."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._catalog: dict[tuple[str, int], list[dict[str, Any]]] | None = None

    def _load(self) -> dict[tuple[str, int], list[dict[str, Any]]]:
        if self._catalog is None:
            index: dict[tuple[str, int], list[dict[str, Any]]] = {}
            seen: set[str] = set()
            for digest, text in self.store.conn.execute("SELECT hash, json FROM tasks ORDER BY rowid DESC"):
                data = json.loads(text)
                if data.get("id") in seen:
                    continue  # an older version of an instance
                seen.add(data["id"])
                index.setdefault((data.get("task"), data.get("idx")), []).append({"hash": digest, "json": data})
            for data in _imported_instances():
                if data["id"] not in seen:
                    seen.add(data["id"])
                    index.setdefault((data.get("task"), data.get("idx")), []).append({"hash": None, "json": data})
            self._catalog = index
        return self._catalog

    def link(self, task: str | None, idx: int | None, suite: str | None, org_kind: str | None) -> dict[str, Any] | None:
        candidates = [c for c in self._load().get((task, idx), [])
                      if suite is None or c["json"].get("suite") == suite]
        if len(candidates) > 1 and org_kind in ("b2b", "b2c"):
            narrowed = [c for c in candidates if c["json"].get("org") == org_kind
                        or f"_{org_kind}/" in c["json"]["id"]]
            candidates = narrowed or candidates
        if len(candidates) != 1:
            return None
        found = candidates[0]
        if found["hash"] is None:
            found["hash"] = self.store.put_task(found["json"])
            found["added"] = True
        return found


def _imported_instances() -> list[dict[str, Any]]:
    """Task instances imported with `crmtui tasks import` (CRMArena's own task files), as JSON; [] if none."""
    try:
        from crmtui.tasks.paths import imported_dir
    except ImportError:
        return []
    out = []
    directory = imported_dir()
    if not directory.is_dir():
        return []
    for path in sorted(directory.glob("*.jsonl")):
        try:
            with path.open(encoding="utf-8") as fp:
                out += [json.loads(line) for line in fp if line.strip()]
        except (OSError, ValueError):
            continue  # an unreadable catalog file must not block importing results; the tasks group reports it
    return [d for d in out if isinstance(d, dict) and isinstance(d.get("id"), str)]


def import_files(store: Store, paths: Iterable[str | Path], progress: Progress | None = None) -> list[ImportResult]:
    """Import each file in its own transaction, in order; stops at the first bad file (earlier ones stay)."""
    return [import_file(store, path, progress=progress) for path in paths]


def import_file(store: Store, path: str | Path, progress: Progress | None = None) -> ImportResult:
    path = Path(path)
    if not path.exists():
        raise StoreImportError(path, "no such file")
    if path.is_dir():
        raise StoreImportError(path, "is a directory")
    total = path.stat().st_size
    result = ImportResult(path=path, format="empty")
    label = path.name

    def report(done: int) -> None:
        if progress is not None:
            progress(label, done, total)

    with path.open("rb") as raw:
        kind = sniff(raw)
        if kind == "other":
            raise StoreImportError(path, "not a CRMArena result file (a JSON array) nor JSON Lines")
        reader = _HashingReader(raw)
        with store.transaction():
            before = store.conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
            cur = store.conn.execute("INSERT INTO imports (path, sha256, format, records, added, imported_at) "
                                     "VALUES (?, '', '', 0, 0, ?)", (str(path), now_iso()))
            result.import_id = cur.lastrowid
            session = _Session(store, path, result)
            if kind == "array":
                records: Iterator[tuple[int, Any, int]] = iter_json_array(reader, progress=report)
            elif kind == "lines":
                records = iter_json_lines(reader, progress=report)
            else:
                records = iter(())
            try:
                for index, record, line in records:
                    session.add(index, record, line if kind == "lines" else None)
            except JsonStreamError as exc:
                if kind == "lines":  # name the line in front, like every JSON Lines error
                    message = exc.message + (f" (column {exc.column})" if exc.column is not None else "")
                    raise StoreImportError(path, message, record=exc.record, line=exc.line) from None
                raise StoreImportError(path, exc.args[0], record=exc.record) from None
            result.tasks_added = store.conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] - before
            result.sha256 = reader.sha.hexdigest()
            formats = sorted(result.formats)
            result.format = formats[0] if len(formats) == 1 else ("mixed" if formats else "empty")
            if result.added:
                store.conn.execute(
                    "UPDATE imports SET sha256 = ?, format = ?, records = ?, added = ?, meta = ? WHERE id = ?",
                    (result.sha256, result.format, result.records, result.added, json.dumps({
                        "episodes_added": result.episodes_added, "episodes_present": result.episodes_present,
                        "tasks_added": result.tasks_added, "annotations_added": result.annotations_added,
                        "scores_added": result.scores_added,
                        "reviews_added": result.reviews_added}), result.import_id))
            else:  # nothing new: leave no trace
                store.conn.execute("DELETE FROM imports WHERE id = ?", (result.import_id,))
                result.import_id = None
        report(total)
    return result


class _Session:
    """The records of one file, inside its transaction."""

    def __init__(self, store: Store, path: Path, result: ImportResult) -> None:
        self.store, self.path, self.result = store, path, result
        self.model_hint = model_from_filename(path.name)
        self.linker = TaskLinker(store)

    def fail(self, index: int, message: str, line: int | None) -> StoreImportError:
        return StoreImportError(self.path, message, record=index, line=line)

    def add(self, index: int, record: Any, line: int | None) -> None:
        self.result.records += 1
        try:
            if isinstance(record, dict) and "crmtui" in record:
                self.result.formats.add("crmtui-jsonl")
                self._crmtui(record)
            elif isinstance(record, dict) and ("query" in record and "reward_metric" in record
                                               and "traj" not in record and "messages" not in record):
                raise RecordError("this is a CRMArena task record, not a result: import task files with "
                                  "`crmtui tasks import`")
            else:
                self.result.formats.add("crmarena")
                self._crmarena(record, index, line)
        except RecordError as exc:
            raise self.fail(index, str(exc), line) from None
        except StoreImportError:
            raise
        except StoreError as exc:
            raise self.fail(index, str(exc), line) from None

    # -- CRMArena results ----------------------------------------------------------------------------------

    def _crmarena(self, record: Any, index: int, line: int | None) -> None:
        store = self.store
        converted = convert_record(record, model_hint=self.model_hint)
        ep = converted.episode
        if store.conn.execute("SELECT 1 FROM episodes WHERE source_hash = ?", (ep.source_hash,)).fetchone():
            self.result.episodes_present += 1
            return
        found = self.linker.link(ep.task_name, ep.task_idx, ep.suite, ep.org_kind)
        if found is not None:
            data = found["json"]
            ep.task_id, ep.task_hash = data["id"], found["hash"]
            ep.suite = ep.suite or data.get("suite")
            if ep.org_kind is None and data.get("org") in ("original", "b2b", "b2c"):
                ep.org_kind = data["org"]
            self.result.tasks_linked += 1
        ep.import_id, ep.source_record = self.result.import_id, index
        store._insert_episode(ep)
        store.append_steps(ep.id, converted.steps)
        store.finish_episode(ep.id, stamp=False, **converted.finish)
        self.result.episodes_added += 1

    # -- crmtui JSON Lines ---------------------------------------------------------------------------------

    def _crmtui(self, record: dict[str, Any]) -> None:
        version = record.get("crmtui")
        if version != JSONL_VERSION:
            raise RecordError(f"unsupported crmtui record version {version!r} (this crmtui reads {JSONL_VERSION})")
        if self.store.redactor.found_in_json(json.dumps(record)):
            raise RecordError("the record contains a credential from this environment; refusing to store it")
        kind = record.get("type")
        body = record.get(kind) if isinstance(kind, str) else None
        if not isinstance(body, dict):
            raise RecordError(f"a crmtui record has a 'type' and an object under that key (type {kind!r})")
        if kind == "annotator":
            self._annotator(body)
        elif kind == "task":
            self._task(body)
        elif kind == "episode":
            self._episode(body, record.get("steps"), record.get("annotations", []), record.get("scores", []))
        elif kind == "gold_review":
            self._review(body)
        else:
            raise RecordError(f"unknown crmtui record type {kind!r}")

    def _annotator(self, body: dict[str, Any]) -> None:
        if not isinstance(body.get("id"), str) or not body["id"]:
            raise RecordError("annotator without an id")
        self.store.conn.execute("INSERT OR IGNORE INTO annotators (id, name, kind, created_at) VALUES (?,?,?,?)",
                                (body["id"], body.get("name"), body.get("kind") or "human",
                                 body.get("created_at") or now_iso()))

    def _task(self, body: dict[str, Any]) -> None:
        from crmtui.tasks.model import TaskInstance

        try:
            TaskInstance.from_json(body)
        except (KeyError, TypeError, ValueError) as exc:
            raise RecordError(f"invalid task instance: {exc!r}") from None
        self.store.put_task(body)

    def _episode(self, body: dict[str, Any], steps: Any, annotations: Any, scores: Any) -> None:
        store = self.store
        missing = [k for k in EPISODE_COLUMNS if k not in body and k not in ("import_id", "source_record")]
        if missing:
            raise RecordError(f"episode record without {', '.join(missing)}")
        if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
            raise RecordError("an episode record carries its steps as a list of objects")
        if not isinstance(annotations, list) or not all(isinstance(a, dict) for a in annotations):
            raise RecordError("an episode record carries its annotations as a list of objects")
        if not isinstance(scores, list) or not all(isinstance(a, dict) for a in scores):
            raise RecordError("an episode record carries its scores as a list of objects")
        eid = body["id"]
        try:
            check_header(Episode(**{k: body[k] for k in EPISODE_COLUMNS if k in body}))
        except (TypeError, ValidationError) as exc:
            raise RecordError(f"episode {eid}: {exc}") from None
        if body.get("status") not in STATUSES:
            raise RecordError(f"episode {eid}: status must be one of {', '.join(STATUSES)}")
        problem = _check_chain(body, steps)
        if problem:
            raise RecordError(f"episode {eid}: {problem}")
        existing = store.conn.execute("SELECT genesis_hash, head_hash, seal_hash, step_count FROM episodes "
                                      "WHERE id = ?", (eid,)).fetchone()
        if existing is not None:
            theirs = (body["genesis_hash"], body["head_hash"], body["seal_hash"], body["step_count"])
            if tuple(existing) != theirs:
                raise RecordError(f"episode {eid} is already in the DB with different content")
            self.result.episodes_present += 1
        else:
            if body.get("source_hash") is not None and store.conn.execute(
                    "SELECT 1 FROM episodes WHERE source_hash = ?", (body["source_hash"],)).fetchone():
                self.result.episodes_present += 1
                return
            for column, table, key, what in (("task_hash", "tasks", "hash", "task version"),
                                             ("parent_episode_id", "episodes", "id", "parent episode")):
                if body.get(column) is not None and not store.conn.execute(
                        f"SELECT 1 FROM {table} WHERE {key} = ?", (body[column],)).fetchone():
                    raise RecordError(f"episode {eid} refers to {what} {body[column]} which is neither in the DB "
                                      "nor earlier in the file")
            values = dict(body)
            for name in JSON_EPISODE_FIELDS:
                values[name] = hashing.to_storage(values[name])
            values["import_id"], values["source_record"] = self.result.import_id, body.get("source_record")
            for name in ("player",):
                if values[name] is not None:
                    store.ensure_annotator(values[name])
            store._execute(f"INSERT INTO episodes ({', '.join(EPISODE_COLUMNS)}) VALUES "
                           f"({', '.join('?' * len(EPISODE_COLUMNS))})", (values[c] for c in EPISODE_COLUMNS),
                           f"episode {eid}")
            for s in steps:
                row = dict(s)
                row["episode_id"] = eid
                row["idx"] = s["index"]
                for name in ("arguments", "observation", "meta"):
                    row[name] = hashing.to_storage(row.get(name) or None) if name == "meta" else \
                        hashing.to_storage(row.get(name))
                store._execute(f"INSERT INTO steps ({', '.join(STEP_COLUMNS)}) VALUES "
                               f"({', '.join('?' * len(STEP_COLUMNS))})", (row.get(c) for c in STEP_COLUMNS),
                               f"episode {eid} step {s['index']}")
            self.result.episodes_added += 1
        for data in annotations:
            self._annotation(eid, data)
        for data in scores:
            self._score(eid, data)

    def _score(self, eid: str, data: dict[str, Any]) -> None:
        store = self.store
        try:
            score = Score(**data)
        except TypeError as exc:
            raise RecordError(f"invalid score: {exc}") from None
        if score.episode_id != eid:
            raise RecordError(f"score {score.uid} belongs to episode {score.episode_id}, listed under {eid}")
        stored = [s for s in store.scores(eid, current=False) if s.uid == score.uid]
        if stored:
            if hashing.canonical_json(stored[0].to_json()) == hashing.canonical_json(score.to_json()):
                return
            raise RecordError(f"score {score.uid} is already in the DB with different content")
        store._insert_score(score)
        self.result.scores_added += 1

    def _annotation(self, eid: str, data: dict[str, Any]) -> None:
        store = self.store
        try:
            ann = Annotation(**data)
        except TypeError as exc:
            raise RecordError(f"invalid annotation: {exc}") from None
        if ann.episode_id != eid:
            raise RecordError(f"annotation {ann.uid} belongs to episode {ann.episode_id}, listed under {eid}")
        row = store.conn.execute("SELECT uid FROM annotations WHERE uid = ?", (ann.uid,)).fetchone()
        if row is not None:
            if _same(store, "annotations", ann):
                return
            raise RecordError(f"annotation {ann.uid} is already in the DB with different content")
        store.ensure_annotator(ann.author)
        store._insert_annotation(ann)
        self.result.annotations_added += 1

    def _review(self, body: dict[str, Any]) -> None:
        store = self.store
        try:
            review = GoldReview(**body)
        except TypeError as exc:
            raise RecordError(f"invalid gold review: {exc}") from None
        if store.conn.execute("SELECT uid FROM gold_reviews WHERE uid = ?", (review.uid,)).fetchone():
            if _same(store, "gold_reviews", review):
                return
            raise RecordError(f"gold review {review.uid} is already in the DB with different content")
        store.ensure_annotator(review.reviewer)
        store._insert_review(review)
        self.result.reviews_added += 1


def _same(store: Store, table: str, item: Annotation | GoldReview) -> bool:
    if isinstance(item, Annotation):
        stored: list[Any] = [a for a in store.annotations(item.episode_id, current=False) if a.uid == item.uid]
    else:
        stored = [r for r in store.gold_reviews(item.task_id, current=False) if r.uid == item.uid]
    return bool(stored) and hashing.canonical_json(stored[0].to_json()) == hashing.canonical_json(item.to_json())


def _check_chain(body: dict[str, Any], steps: list[dict[str, Any]]) -> str | None:
    """Why an exported episode's chain does not verify (None if it does)."""
    header = {name: body.get(name) for name in HEADER_FIELDS}
    try:
        if hashing.genesis_hash(header) != body["genesis_hash"]:
            return "header does not match its genesis hash (altered)"
        prev = body["genesis_hash"]
        for position, s in enumerate(steps):
            if s.get("index") != position:
                return f"step {position}: index {s.get('index')!r} out of sequence"
            if s.get("prev_hash") != prev:
                return f"step {position}: does not link to the step before it (deleted, inserted or reordered)"
            if hashing.link(prev, hashing.step_payload_json(s)) != s.get("hash"):
                return f"step {position}: content does not match its hash (altered)"
            prev = s["hash"]
        if body["head_hash"] != prev or body["step_count"] != len(steps):
            return f"the episode records {body['step_count']} steps ending at another hash (steps missing or added)"
        if body["seal_hash"] is not None:
            result = {name: body.get(name) for name in RESULT_FIELDS}
            if hashing.seal_hash(prev, len(steps), result) != body["seal_hash"]:
                return "sealed result does not match its hash (altered)"
        elif body.get("status") != "running":
            return f"episode is {body.get('status')} but not sealed"
    except (TypeError, ValueError, AttributeError) as exc:
        return f"unreadable chain fields ({exc})"
    for name in CHAIN_FIELDS:
        if name != "seal_hash" and body.get(name) is None:
            return f"missing {name}"
    return None
