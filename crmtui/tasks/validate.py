"""`crmtui tasks validate`: check task specs and instance files, collecting one error per bad file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crmtui.tasks.errors import TaskError
from crmtui.tasks.instances import read_instances
from crmtui.tasks.model import ORGS
from crmtui.tasks.paths import imported_dir, tasks_root
from crmtui.tasks.specs import load_spec

SPEC_SUFFIXES = (".yaml", ".yml")
INSTANCE_SUFFIXES = (".jsonl",)


@dataclass
class ValidationReport:
    specs: int = 0  # spec files that validated
    instance_files: int = 0  # instance files that validated
    instances: int = 0  # instances in them
    errors: list[str] = field(default_factory=list)  # one line each: `<file>:<line>: <problem>`

    @property
    def ok(self) -> bool:
        return not self.errors


def _files_under(directory: Path) -> list[Path]:
    return sorted(
        p for p in directory.rglob("*")
        if p.is_file() and p.suffix in SPEC_SUFFIXES + INSTANCE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def validate_paths(paths: Sequence[str | Path] | None = None) -> ValidationReport:
    """Validate spec files (`*.yaml`) and instance files (`*.jsonl`), given directly or found under directories.

    Without paths: the whole catalog (`tasks_root()`) and the imported instances. Instance ids must be unique
    across all the files checked, and a generated file `<org>.jsonl` may only hold instances of that org.
    """
    report = ValidationReport()
    if paths:
        targets = [Path(p) for p in paths]
    else:
        targets = [p for p in (tasks_root(), imported_dir()) if p.is_dir()]
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files += _files_under(target)
        elif target.is_file():
            if target.suffix not in SPEC_SUFFIXES + INSTANCE_SUFFIXES:
                report.errors.append(f"{target}: not a task spec (.yaml) or an instance file (.jsonl)")
            else:
                files.append(target)
        else:
            report.errors.append(f"{target}: no such file or directory")

    seen_ids: dict[str, Path] = {}
    for path in files:
        try:
            if path.suffix in SPEC_SUFFIXES:
                load_spec(path)
                report.specs += 1
                continue
            instances = read_instances(path)
            for line, instance in enumerate(instances, start=1):
                if path.stem in ORGS and instance.org != path.stem:
                    raise TaskError(f"{path}:{line}: instance {instance.id!r} has org {instance.org!r} "
                                    f"in the instance file of org {path.stem!r}")
                if instance.id in seen_ids:
                    raise TaskError(f"{path}:{line}: instance id {instance.id!r} is also in {seen_ids[instance.id]}")
            for instance in instances:
                seen_ids[instance.id] = path
            report.instance_files += 1
            report.instances += len(instances)
        except TaskError as exc:
            report.errors.append(str(exc))
    return report
