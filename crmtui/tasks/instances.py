"""Task instance files: JSONL, one `TaskInstance.to_json()` per line.

Layout:
- `tasks/instances/<org>.jsonl`: generated instances of one org (`tasks generate`), committed;
- `$CRMTUI_HOME/tasks/instances/imported-<name>-<org>.jsonl`: CRMArena files imported by `tasks import`.

Each line is `json.dumps(instance.to_json(), ensure_ascii=False)`: keys in the fixed order of `to_json()` (the
CRMArena-Pro record first, crmtui's fields after), newline-terminated. Files are written atomically (a temporary
file in the same directory, then `os.replace`), so a reader never sees half a file and a failed write leaves the
old file as it was. Reading validates every line and names the file and line of the first problem.

Instance ids: generated instances are `<org>/<task>/<nnnn>` (`instance_id`); imported ones
`<org>/<name>/<task>/<idx:04d>` (see crmtui.tasks.importer).
"""

from __future__ import annotations

import fnmatch
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from crmtui.tasks.errors import FilterError, InstanceFileError, UnknownInstanceError
from crmtui.tasks.model import (
    ANSWER_KINDS,
    AUDIENCES,
    DOMAINS,
    ORGS,
    REWARD_METRICS,
    SKILLS,
    SUITES,
    TaskInstance,
)
from crmtui.tasks.paths import imported_dir, instance_path, instances_dir

__all__ = ["FILTER_KEYS", "InstanceFilter", "dumps_instance", "filter_instances", "find_instance", "instance_files",
           "instance_from_json", "instance_id", "instance_path", "load_instances", "parse_filter", "read_instances",
           "write_instances"]

#: Keys of an instance line, in the order `TaskInstance.to_json()` writes them (`source` only when set).
INSTANCE_KEYS = ("idx", "task", "persona", "metadata", "reward_metric", "query", "answer", "id", "org", "suite",
                 "domain", "skill", "audience", "answer_kind", "reveal", "solution", "source")
_OPTIONAL_KEYS = ("source",)
_ENUM_FIELDS = {"reward_metric": REWARD_METRICS, "org": ORGS, "suite": SUITES, "domain": DOMAINS, "skill": SKILLS,
                "audience": AUDIENCES, "answer_kind": ANSWER_KINDS}
_STRING_FIELDS = ("task", "persona", "query", "id")


def instance_id(org: str, task: str, number: int) -> str:
    """The id of the `number`-th generated instance of a task on an org: `b2b/handle_time/0007`."""
    return f"{org}/{task}/{number:04d}"


def dumps_instance(instance: TaskInstance) -> str:
    """One JSONL line (without the newline)."""
    return json.dumps(instance.to_json(), ensure_ascii=False, sort_keys=False)


# --- validation --------------------------------------------------------------------------------------------

def _type_name(value: Any) -> str:
    return {type(None): "null", bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _check_answer(value: Any, field: str) -> str | None:
    """A problem with an answer list, or None."""
    if not isinstance(value, list):
        return f"field {field!r}: expected a list of strings or null, got {_type_name(value)}"
    if not value:
        return f"field {field!r}: must not be empty (non-answerable is [null])"
    for n, item in enumerate(value):
        if item is not None and not isinstance(item, str):
            return f"field '{field}[{n}]': expected a string or null, got {_type_name(item)}"
    return None


def _problem(data: Any) -> str | None:
    """What is wrong with one decoded instance line, or None."""
    if not isinstance(data, dict):
        return f"expected a JSON object, got {_type_name(data)}"
    unknown = [k for k in data if k not in INSTANCE_KEYS]
    if unknown:
        return f"unknown field {unknown[0]!r}"
    missing = [k for k in INSTANCE_KEYS if k not in data and k not in _OPTIONAL_KEYS]
    if missing:
        return f"missing field {missing[0]!r}"
    if isinstance(data["idx"], bool) or not isinstance(data["idx"], int):
        return f"field 'idx': expected an integer, got {_type_name(data['idx'])}"
    for key in _STRING_FIELDS:
        if not isinstance(data[key], str):
            return f"field {key!r}: expected a string, got {_type_name(data[key])}"
    if not data["id"]:
        return "field 'id': must not be empty"
    for key, choices in _ENUM_FIELDS.items():
        value = data[key]
        if not isinstance(value, str):
            return f"field {key!r}: expected a string, got {_type_name(value)}"
        if value not in choices:
            return f"field {key!r}: {value!r} is not one of {', '.join(choices)}"
    meta = data["metadata"]
    if not isinstance(meta, dict):
        return f"field 'metadata': expected an object, got {_type_name(meta)}"
    for key in ("required", "optional"):
        if key not in meta:
            return f"missing field 'metadata.{key}'"
        if not isinstance(meta[key], str):
            return f"field 'metadata.{key}': expected a string, got {_type_name(meta[key])}"
    extra = [k for k in meta if k not in ("required", "optional")]
    if extra:
        return f"unknown field 'metadata.{extra[0]}'"
    problem = _check_answer(data["answer"], "answer")
    if problem:
        return problem
    reveal = data["reveal"]
    if not isinstance(reveal, list) or not all(isinstance(r, str) for r in reveal):
        return "field 'reveal': expected a list of strings"
    solution = data["solution"]
    if solution is not None:
        if not isinstance(solution, dict):
            return f"field 'solution': expected an object or null, got {_type_name(solution)}"
        for key in ("queries", "derive", "params", "answer"):
            if key not in solution:
                return f"missing field 'solution.{key}'"
        extra = [k for k in solution if k not in ("queries", "derive", "params", "answer")]
        if extra:
            return f"unknown field 'solution.{extra[0]}'"
        queries = solution["queries"]
        if not isinstance(queries, list) or not all(isinstance(q, str) for q in queries):
            return "field 'solution.queries': expected a list of strings"
        if not isinstance(solution["derive"], str):
            return f"field 'solution.derive': expected a string, got {_type_name(solution['derive'])}"
        if not isinstance(solution["params"], dict):
            return f"field 'solution.params': expected an object, got {_type_name(solution['params'])}"
        problem = _check_answer(solution["answer"], "solution.answer")
        if problem:
            return problem
    if "source" in data and not isinstance(data["source"], dict):
        return f"field 'source': expected an object, got {_type_name(data['source'])}"
    return None


def instance_from_json(data: Any, where: str = "<instance>", line: int | None = None) -> TaskInstance:
    """A validated instance from its decoded JSON (InstanceFileError naming `where` and `line` otherwise)."""
    problem = _problem(data)
    if problem:
        raise InstanceFileError(where, line, problem)
    return TaskInstance.from_json(data)


# --- files -------------------------------------------------------------------------------------------------

def read_instances(path: str | Path) -> list[TaskInstance]:
    """Every instance of one JSONL file, validated; ids must be unique within the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InstanceFileError(path, None, "no such file") from None
    except UnicodeDecodeError as exc:
        raise InstanceFileError(path, None, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InstanceFileError(path, None, exc.strerror or str(exc)) from None
    out: list[TaskInstance] = []
    seen: dict[str, int] = {}
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            raise InstanceFileError(path, number, "empty line (expected one JSON object per line)")
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InstanceFileError(path, number, f"invalid JSON at column {exc.colno}: {exc.msg}") from None
        instance = instance_from_json(data, str(path), number)
        if instance.id in seen:
            raise InstanceFileError(path, number, f"duplicate id {instance.id!r} (first at line {seen[instance.id]})")
        seen[instance.id] = number
        out.append(instance)
    return out


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, else the usual mode of a new file under the current umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_instances(path: str | Path, instances: Iterable[TaskInstance]) -> Path:
    """Write instances to a JSONL file atomically, in the order given; ids must be unique.

    The directory is created if needed. Writing the instances read from a file gives back the same bytes.
    """
    path = Path(path)
    lines: list[str] = []
    seen: set[str] = set()
    for instance in instances:
        if instance.id in seen:
            raise InstanceFileError(path, None, f"duplicate instance id {instance.id!r}: nothing written")
        seen.add(instance.id)
        lines.append(dumps_instance(instance) + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, _file_mode(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(lines)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def instance_files(root: Path | None = None, include_imported: bool = True) -> list[Path]:
    """The instance files of the catalog (`<root>/instances/*.jsonl`), then the imported ones, each sorted."""
    files: list[Path] = []
    dirs = [instances_dir(root)] + ([imported_dir()] if include_imported else [])
    for directory in dirs:
        if directory.is_dir():
            files += sorted(p for p in directory.glob("*.jsonl") if p.is_file())
    return files


def load_instances(org: str | None = None, root: Path | None = None,
                   include_imported: bool = True) -> list[TaskInstance]:
    """Every instance of the catalog (generated and imported), optionally of one org; ids unique across files."""
    if org is not None and org not in ORGS:
        raise FilterError(f"unknown org {org!r} (expected one of {', '.join(ORGS)})")
    out: list[TaskInstance] = []
    where: dict[str, Path] = {}
    for path in instance_files(root, include_imported):
        for instance in read_instances(path):
            if instance.id in where:
                raise InstanceFileError(path, None, f"instance id {instance.id!r} is also in {where[instance.id]}")
            where[instance.id] = path
            if org is None or instance.org == org:
                out.append(instance)
    return out


def find_instance(instances: Iterable[TaskInstance], instance_id: str) -> TaskInstance:
    """The instance with this id (UnknownInstanceError, with close ids suggested, if none)."""
    import difflib

    ids = []
    for instance in instances:
        if instance.id == instance_id:
            return instance
        ids.append(instance.id)
    close = difflib.get_close_matches(instance_id, ids, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else (
        "" if ids else " (no instances: run `crmtui tasks generate` or `crmtui tasks import`)")
    raise UnknownInstanceError(f"no task instance with id {instance_id!r}{hint}")


# --- filters -----------------------------------------------------------------------------------------------

#: Filter keys and the instance field each one matches.
FILTER_KEYS = {"org": "org", "suite": "suite", "task": "task", "domain": "domain", "skill": "skill",
               "audience": "audience", "metric": "reward_metric", "kind": "answer_kind", "id": "id"}
_FILTER_ENUMS = {"org": ORGS, "suite": SUITES, "domain": DOMAINS, "skill": SKILLS, "audience": AUDIENCES,
                 "metric": REWARD_METRICS, "kind": ANSWER_KINDS}


class InstanceFilter:
    """A parsed `--tasks` filter: `key=value` terms joined by commas.

    Terms on different keys must all match; several values for one key (`task=a|b`, or the key repeated)
    match any. Values may be shell-style patterns (`id=b2b/handle_time/*`). Keys: org, suite, task, domain,
    skill, audience, metric (reward metric), kind (answer kind), id.
    """

    def __init__(self, terms: dict[str, tuple[str, ...]] | None = None) -> None:
        self.terms: dict[str, tuple[str, ...]] = dict(terms or {})

    def __bool__(self) -> bool:
        return bool(self.terms)

    def __repr__(self) -> str:
        return f"InstanceFilter({self.terms!r})"

    def matches_fields(self, fields: dict[str, str]) -> bool:
        """Whether a record with these filter-key values matches (a key the record lacks never matches)."""
        for key, patterns in self.terms.items():
            value = fields.get(key)
            if value is None or not any(fnmatch.fnmatchcase(value, p) for p in patterns):
                return False
        return True

    def matches(self, instance: TaskInstance) -> bool:
        return self.matches_fields({key: getattr(instance, attr) for key, attr in FILTER_KEYS.items()})


def parse_filter(text: str | None) -> InstanceFilter:
    """Parse `org=b2b,task=handle_time|transfer_count,...` (FilterError naming the bad term)."""
    terms: dict[str, list[str]] = {}
    for raw in (text or "").split(","):
        term = raw.strip()
        if not term:
            continue
        key, sep, value = term.partition("=")
        key, value = key.strip(), value.strip()
        if not sep:
            raise FilterError(f"invalid filter term {term!r}: expected key=value "
                              f"(keys: {', '.join(FILTER_KEYS)})")
        if key not in FILTER_KEYS:
            raise FilterError(f"unknown filter key {key!r} in {term!r} (keys: {', '.join(FILTER_KEYS)})")
        values = [v.strip() for v in value.split("|")]
        if not all(values):
            raise FilterError(f"empty value in filter term {term!r}")
        for v in values:
            choices = _FILTER_ENUMS.get(key)
            if choices and not any(ch in v for ch in "*?[") and v not in choices:
                raise FilterError(f"unknown {key} {v!r} in filter (expected one of {', '.join(choices)})")
        terms.setdefault(key, []).extend(values)
    return InstanceFilter({k: tuple(v) for k, v in terms.items()})


def filter_instances(instances: Iterable[TaskInstance], spec: str | InstanceFilter | None) -> list[TaskInstance]:
    """The instances matching a filter string (see `parse_filter`) or a parsed filter."""
    flt = spec if isinstance(spec, InstanceFilter) else parse_filter(spec)
    return [i for i in instances if flt.matches(i)]
