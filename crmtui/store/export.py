"""`crmtui export`: the transcript DB as crmtui JSON Lines, CRMArena result records, or validated task JSON.

- `jsonl`: one typed record per line (`{"crmtui": 1, "type": …, <type>: {…}}`): annotators, every stored task
  instance version, each episode with its steps (hashes included, so the file verifies on re-import and anchors
  the chain heads elsewhere) and its annotation history, then every gold review. `crmtui import` reads it back
  into the same rows.
- `crmarena`: a JSON array of `run_tasks.py` records (`task_id, task_type, gt_answer, reward, agent_info, traj`)
  for every ended episode, so CRMArena's analysis scripts read crmtui runs; imported records come back as they
  were (plus `model` when known).
- `tasks-json`: the reviewed task instances as CRMArena task records (`idx, task, persona, metadata,
  reward_metric, query, answer`) with their `id` and a `validation` block: status, the current verdict of each
  reviewer, counts and agreement. When every current verdict is `correct` with the same proposed answer, that
  answer replaces `answer` (the original is kept as `validation.original_answer`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any, TextIO

from crmtui.store.crmarena import episode_record
from crmtui.store.store import Store

FORMATS = ("jsonl", "crmarena", "tasks-json")
JSONL_VERSION = 1


def _line(kind: str, body: dict[str, Any], **more: Any) -> str:
    return json.dumps({"crmtui": JSONL_VERSION, "type": kind, kind: body, **more}, ensure_ascii=False) + "\n"


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write the DB in `fmt` to `out`; returns the number of records (episodes, or tasks) written."""
    writers: dict[str, Callable[[Store, TextIO], int]] = {
        "jsonl": export_jsonl, "crmarena": export_crmarena, "tasks-json": export_tasks_json}
    if fmt not in writers:
        from crmtui.store.errors import StoreError

        raise StoreError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    with store.snapshot():  # one consistent state, even while other processes write
        return writers[fmt](store, out)


def episode_jsonl(store: Store, episode_id: str) -> dict[str, Any]:
    ep = store.get_episode(episode_id, steps=True)
    body = ep.to_json()
    body.pop("import_id")
    steps = []
    for step in ep.steps or []:
        data = step.to_json()
        data.pop("episode_id")
        steps.append(data)
    annotations = [a.to_json() for a in store.annotations(episode_id, current=False)]
    scores = [s.to_json() for s in store.scores(episode_id, current=False)]
    return {"episode": body, "steps": steps, "annotations": annotations, "scores": scores}


def export_jsonl(store: Store, out: TextIO) -> int:
    conn = store.conn
    for row in conn.execute("SELECT id, name, kind, created_at FROM annotators ORDER BY rowid"):
        out.write(_line("annotator", dict(zip(("id", "name", "kind", "created_at"), row, strict=True))))
    for (text,) in conn.execute("SELECT json FROM tasks ORDER BY rowid"):
        out.write(_line("task", json.loads(text)))
    count = 0
    for (episode_id,) in conn.execute("SELECT id FROM episodes ORDER BY rowid").fetchall():
        record = episode_jsonl(store, episode_id)
        out.write(_line("episode", record["episode"], steps=record["steps"], annotations=record["annotations"],
                        scores=record["scores"]))
        count += 1
    for review in store.gold_reviews(current=False):
        out.write(_line("gold_review", review.to_json()))
    return count


def export_crmarena(store: Store, out: TextIO) -> int:
    count = 0
    out.write("[")
    ids = [r[0] for r in store.conn.execute("SELECT id FROM episodes WHERE status != 'running' ORDER BY rowid")]
    for episode_id in ids:
        ep = store.get_episode(episode_id, steps=True)
        task = store.task_json_by_hash(ep.task_hash) if ep.task_hash else None
        out.write((",\n" if count else "\n") + json.dumps(episode_record(ep, task), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def validation_block(reviews: list[Any], answer: list[Any]) -> dict[str, Any]:
    """Status, verdicts, counts and agreement of a task's current reviews (one per reviewer: the latest)."""
    latest: dict[str, Any] = {}
    for review in reviews:
        latest[review.reviewer] = review
    current = list(latest.values())
    counts = Counter(r.verdict for r in current)
    proposals = {json.dumps(r.proposed_answer) for r in current if r.verdict == "correct"}
    if set(counts) == {"accept"}:
        status = "accepted"
    elif set(counts) == {"reject"}:
        status = "rejected"
    elif set(counts) == {"correct"} and len(proposals) == 1:
        status = "corrected"
    else:
        status = "disputed"
    top = counts.most_common(1)[0][1] if counts else 0
    block: dict[str, Any] = {
        "status": status,
        "reviewers": sorted(latest),
        "counts": {v: counts.get(v, 0) for v in ("accept", "reject", "correct")},
        "agreement": round(top / len(current), 4) if len(current) >= 2 else None,
        "verdicts": [{"reviewer": r.reviewer, "verdict": r.verdict, "proposed_answer": r.proposed_answer,
                      "rationale": r.rationale, "blind": r.blind, "at": r.created_at, "uid": r.uid}
                     for r in current],
    }
    if status == "corrected":
        block["original_answer"] = answer
        block["answer"] = current[0].proposed_answer
    return block


def export_tasks_json(store: Store, out: TextIO) -> int:
    by_task: dict[str, list[Any]] = {}
    for review in store.gold_reviews(current=True):
        by_task.setdefault(review.task_id, []).append(review)
    records = []
    for task_id, reviews in by_task.items():
        row = store.task_row(task_id)
        if row is None:
            continue
        data = row["json"]
        meta = data.get("metadata") or {}
        record = {"idx": data.get("idx"), "task": data.get("task"), "persona": data.get("persona", ""),
                  "metadata": {"required": meta.get("required", ""), "optional": meta.get("optional", "")},
                  "reward_metric": data.get("reward_metric"), "query": data.get("query"),
                  "answer": data.get("answer"), "id": task_id}
        block = validation_block(reviews, data.get("answer"))
        if block["status"] == "corrected":
            record["answer"] = block["answer"]
        record["validation"] = block
        records.append(record)
    json.dump(records, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(records)
