"""Errors of the task catalog: each names the file (and line, record or filter) that was wrong."""

from __future__ import annotations

from crmtui.errors import CrmtuiError, location


class TaskError(CrmtuiError):
    """Base of every task-catalog error."""


class SpecError(TaskError, ValueError):
    """A task spec (YAML) that does not validate: `<file>:<line>: <what is wrong>`."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class InstanceFileError(TaskError, ValueError):
    """A task-instance JSONL file that does not validate: `<file>:<line>: <what is wrong>`."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class TaskImportError(TaskError, ValueError):
    """A CRMArena task file that cannot be imported: names the file, the record index and the field."""

    def __init__(self, path: object, message: str, record: int | None = None, field: str | None = None,
                 line: int | None = None) -> None:
        self.path = str(path)
        self.record = record
        self.field = field
        self.line = line
        super().__init__(f"{location(self.path, line, record, field)}: {message}")


class FilterError(TaskError, ValueError):
    """A `--tasks` filter that cannot be parsed (unknown key, missing value, unknown enum value)."""


class UnknownInstanceError(TaskError, KeyError):
    """No task instance has the id asked for."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])
