"""Import CRMArena's own task files into crmtui's instance model.

Accepted files (detected from the content, whatever the extension):
- the original CRMArena release file (`tasks_natural.json`): a JSON list of
  `{idx, answer: str | null, type, metadata{required, optional}, reward_metric, query}`;
- CRMArena-Pro files: a JSON list of `{idx, answer: [str | null, ...], task, persona, metadata, reward_metric,
  query}`;
- HF-style exports of either: the same records as a JSON list or as JSON Lines (one record per line).

Normalisation:
- the task name comes from `task` or, in the original file, `type`; the pre-release names `transfer_time`
  and `seasonality_identification` become `transfer_count` and `monthly_trend_analysis`;
- the answer is always a list: a scalar becomes `[answer]`, null becomes `[None]` (non-answerable), a list is
  kept as given; a string holding a JSON list (as some exports stringify it) is decoded;
- `persona` is "" when the file has none (the original suite), `metadata.optional` "" when absent;
- domain, skill, audience and answer kind come from the catalogue of known tasks (crmtui.tasks.known); the
  reward metric is the record's own;
- org is `external` (the gold answers refer to the official orgs' Ids) unless `--org` is given; every instance
  records where it came from in `source = {"file": <file name>, "record": <0-based position in the file>}`;
- the id is `<org>/<name>/<task>/<idx:04d>`, where `name` is the dataset name, by default the suite
  (`external/crmarena/handle_time/0650`); import CRMArena-Pro's B2B and B2C files under different names
  (`--name crmarena_pro_b2c`) so their ids do not collide.

Every record of every file is checked before anything is written: a problem raises TaskImportError naming the
file, the record index (0-based position; the line too for JSON Lines) and the field. The instances are then
written atomically to `$CRMTUI_HOME/tasks/instances/imported-<name>-<org>.jsonl` (or `out`), replacing an
earlier import of the same name and org, where `crmtui tasks list/show` find them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmtui.tasks.errors import TaskImportError
from crmtui.tasks.instances import write_instances
from crmtui.tasks.known import ORIGINAL_TASKS, PRO_TASKS, known_task
from crmtui.tasks.model import ORGS, REWARD_METRICS, SUITES, TaskInstance
from crmtui.tasks.paths import imported_dir

__all__ = ["ImportResult", "import_records", "import_tasks", "imported_path", "normalise_record", "read_records"]

SUITE_TASKS = {"crmarena": frozenset(ORIGINAL_TASKS), "crmarena_pro": frozenset(PRO_TASKS)}
_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*\Z")


@dataclass
class ImportResult:
    path: Path | None  # where the instances were written (None for a dry run)
    instances: list[TaskInstance]

    @property
    def counts(self) -> dict[str, int]:
        """Instances per task, in order of first appearance."""
        return dict(Counter(i.task for i in self.instances))

    @property
    def unanswerable(self) -> dict[str, int]:
        """Non-answerable instances (gold `[None]`) per task."""
        out = dict.fromkeys(self.counts, 0)
        for i in self.instances:
            out[i.task] += not i.answerable
        return out


def imported_path(name: str, org: str = "external") -> Path:
    """Where an import of dataset `name` for `org` is stored."""
    return imported_dir() / f"imported-{name}-{org}.jsonl"


def _type_name(value: Any) -> str:
    return {type(None): "null", bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def read_records(path: str | Path) -> list[tuple[Any, int | None]]:
    """The raw records of a task file with, for JSON Lines, the line each came from."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise TaskImportError(path, "no such file") from None
    except IsADirectoryError:
        raise TaskImportError(path, "is a directory, not a task file") from None
    except UnicodeDecodeError as exc:
        raise TaskImportError(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise TaskImportError(path, exc.strerror or str(exc)) from None
    if not text.strip():
        raise TaskImportError(path, "empty file: expected a JSON list of task records or JSON Lines")
    if path.suffix.lower() not in (".jsonl", ".ndjson"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg != "Extra data":
                raise TaskImportError(path, f"invalid JSON at column {exc.colno}: {exc.msg}", line=exc.lineno) from None
        else:
            if isinstance(data, list):
                return [(record, None) for record in data]
            if not isinstance(data, dict):
                raise TaskImportError(path, f"expected a JSON list of task records, got {_type_name(data)}")
    records: list[tuple[Any, int | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((json.loads(line), number))
        except json.JSONDecodeError as exc:
            raise TaskImportError(path, f"invalid JSON at column {exc.colno}: {exc.msg}", record=len(records),
                                  line=number) from None
    return records


def _answer(value: Any, fail) -> list[str | None]:
    if value is None:
        return [None]
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            try:
                decoded = json.loads(stripped)
            except json.JSONDecodeError:
                decoded = None
            if isinstance(decoded, list) and decoded and all(a is None or isinstance(a, str) for a in decoded):
                return decoded
        return [value]
    if isinstance(value, list):
        if not value:
            raise fail("answer", "empty list (a non-answerable task has [null])")
        for n, item in enumerate(value):
            if item is not None and not isinstance(item, str):
                raise fail(f"answer[{n}]", f"expected a string or null, got {_type_name(item)}")
        return list(value)
    raise fail("answer", f"expected a string, a list or null, got {_type_name(value)}")


def normalise_record(record: Any, index: int, *, path: str | Path, suite: str, org: str = "external",
                     name: str | None = None, line: int | None = None) -> TaskInstance:
    """One CRMArena record as a TaskInstance (TaskImportError naming the record index and field)."""
    path = Path(path)

    def fail(field: str | None, message: str) -> TaskImportError:
        return TaskImportError(path, message, record=index, field=field, line=line)

    if not isinstance(record, dict):
        raise fail(None, f"expected a JSON object, got {_type_name(record)}")

    if "task" in record and "type" in record and record["task"] != record["type"]:
        raise fail("type", f"{record['type']!r} disagrees with task {record['task']!r}")
    task_key = "task" if "task" in record else "type"
    for key in ("idx", task_key, "answer", "metadata", "reward_metric", "query"):
        if key not in record:
            raise fail(key if key != "type" else "task", "missing")

    idx = record["idx"]
    if isinstance(idx, bool) or not isinstance(idx, int):
        raise fail("idx", f"expected an integer, got {_type_name(idx)}")
    if idx < 0:
        raise fail("idx", f"must not be negative, got {idx}")
    raw_task = record[task_key]
    if not isinstance(raw_task, str):
        raise fail(task_key, f"expected a string, got {_type_name(raw_task)}")
    info = known_task(raw_task)
    if info is None:
        raise fail(task_key, f"unknown task {raw_task!r}")
    if info.name not in SUITE_TASKS[suite]:
        raise fail(task_key, f"{info.name!r} is not a {suite} task (wrong --suite?)")
    for key in ("query", "reward_metric"):
        if not isinstance(record[key], str):
            raise fail(key, f"expected a string, got {_type_name(record[key])}")
    if record["reward_metric"] not in REWARD_METRICS:
        raise fail("reward_metric", f"{record['reward_metric']!r} is not one of {', '.join(REWARD_METRICS)}")
    persona = record.get("persona")
    if persona is None:
        persona = ""
    elif not isinstance(persona, str):
        raise fail("persona", f"expected a string, got {_type_name(persona)}")
    meta = record["metadata"]
    if not isinstance(meta, dict):
        raise fail("metadata", f"expected an object, got {_type_name(meta)}")
    if "required" not in meta:
        raise fail("metadata.required", "missing")
    required, optional = meta["required"], meta.get("optional", "")
    if optional is None:
        optional = ""
    for key, value in (("required", required), ("optional", optional)):
        if not isinstance(value, str):
            raise fail(f"metadata.{key}", f"expected a string, got {_type_name(value)}")
    answer = _answer(record["answer"], fail)

    name = name or suite
    return TaskInstance(
        idx=idx, task=info.name, persona=persona, required=required, optional=optional,
        reward_metric=record["reward_metric"], query=record["query"], answer=answer,
        id=f"{org}/{name}/{info.name}/{idx:04d}", org=org, suite=suite, domain=info.domain, skill=info.skill,
        audience=info.audience, answer_kind=info.answer_kind, reveal=[], solution=None,
        source={"file": path.name, "record": index},
    )


def import_records(paths: Iterable[str | Path], suite: str, org: str = "external",
                   name: str | None = None) -> list[TaskInstance]:
    """Every record of the files, normalised and checked (ids unique across the files); nothing is written."""
    if suite not in SUITES:
        raise TaskImportError("--suite", f"unknown suite {suite!r} (expected one of {', '.join(SUITES)})")
    if org not in ORGS:
        raise TaskImportError("--org", f"unknown org {org!r} (expected one of {', '.join(ORGS)})")
    if name is not None and not _NAME.match(name):
        raise TaskImportError("--name", f"invalid dataset name {name!r} (use a-z, 0-9, '_', '-', '.')")
    out: list[TaskInstance] = []
    seen: dict[str, tuple[Path, int]] = {}
    for raw_path in paths:
        path = Path(raw_path)
        for index, (record, line) in enumerate(read_records(path)):
            instance = normalise_record(record, index, path=path, suite=suite, org=org, name=name, line=line)
            if instance.id in seen:
                first_path, first_index = seen[instance.id]
                also = f"record {first_index}" + (f" of {first_path}" if first_path != path else "")
                raise TaskImportError(path, f"duplicate {instance.task} idx {instance.idx} (also {also}); import "
                                      "files with overlapping idx under different --name", record=index,
                                      field="idx", line=line)
            seen[instance.id] = (path, index)
            out.append(instance)
    if not out:
        raise TaskImportError(", ".join(str(p) for p in paths), "no task records found")
    return out


def import_tasks(paths: Sequence[str | Path], suite: str, org: str = "external", name: str | None = None,
                 out: str | Path | None = None) -> ImportResult:
    """Import CRMArena task files and store them (see the module docstring); all or nothing."""
    instances = import_records(paths, suite, org, name)
    target = Path(out) if out is not None else imported_path(name or suite, org)
    write_instances(target, instances)
    return ImportResult(path=target, instances=instances)
