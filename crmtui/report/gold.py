"""Gold validation: per task type, how many instances are still as generated, validated, disputed or corrected
(crmtui.store.gold decides a task's status from its reviews); and the validated set written as CRMArena task
JSON with its validation block.

The export reuses the store's `tasks-json` export (crmtui.store.export) for the records and their validation
block, keeps the tasks whose gold people stand behind (`validated`, or `corrected` to one agreed answer, after
adjudication where there was a dispute), and sets `validation.status` and the answer from crmtui.store.gold: a
corrected task carries the agreed answer in `answer` and the generated one in `validation.original_answer`.
"""

from __future__ import annotations

import io
import json
from collections import Counter, defaultdict
from typing import Any, TextIO

from crmtui.report.data import Dataset

STATUSES = ("generated", "validated", "disputed", "corrected")
VALIDATED = ("validated", "corrected")


def gold_rows(data: Dataset) -> dict[str, Any]:
    """Counts per task type (and in total) of the task instances in scope by gold status, and reviews per task."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    reviews: Counter[str] = Counter(r.task_id for r in data.reviews if not r.adjudication)
    reviewed_by: dict[str, Counter[int]] = defaultdict(Counter)
    for task_id, dims in data.tasks.items():
        status = data.gold_status.get(task_id, "generated")
        counts[dims.task][status] += 1
        if reviews[task_id]:
            reviewed_by[dims.task][reviews[task_id]] += 1
    rows = []
    for task in sorted(counts):
        c = counts[task]
        rows.append({"task": task, "instances": sum(c.values()), **{s: c.get(s, 0) for s in STATUSES},
                     "reviews": sum(n * k for n, k in reviewed_by[task].items())})
    total = {"task": "all", "instances": sum(r["instances"] for r in rows),
             **{s: sum(r[s] for r in rows) for s in STATUSES}, "reviews": sum(r["reviews"] for r in rows)}
    return {"by_task": rows, "total": total}


def validated_records(store: Any) -> list[dict[str, Any]]:
    """The validated and corrected task instances as CRMArena task records with a `validation` block."""
    from crmtui.store.export import export_tasks_json
    from crmtui.store.gold import gold_states

    buffer = io.StringIO()
    with store.snapshot():
        export_tasks_json(store, buffer)
        states = gold_states(store)
    out = []
    for record in json.loads(buffer.getvalue()):
        state = states.get(record["id"])
        if state is None or state.status not in VALIDATED:
            continue
        block = record["validation"]
        original = block.pop("original_answer", None) or record["answer"]
        block.pop("answer", None)
        block["status"] = state.status
        block["adjudicated"] = state.adjudicated
        if state.status == "corrected":
            block["original_answer"] = original
            record["answer"] = list(state.answer or ())
        else:
            record["answer"] = original
        out.append(record)
    return out


def export_validated(store: Any, out: TextIO) -> int:
    """Write the validated set (a JSON array, see `validated_records`) to `out`; returns how many tasks."""
    records = validated_records(store)
    json.dump(records, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(records)
