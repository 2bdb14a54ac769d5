"""Messages that workers post to screens (workers never touch widgets)."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class InstancesLoaded(Message):
    def __init__(self, instances: list, rows: list[tuple], prepared: list, seconds: float) -> None:
        super().__init__()
        self.instances = instances
        self.rows = rows
        self.prepared = prepared
        self.seconds = seconds


class InstancesFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class OrgProgress(Message):
    def __init__(self, label: str, done: int, total: int) -> None:
        super().__init__()
        self.label = label
        self.done = done
        self.total = total


class OrgOpened(Message):
    def __init__(self, session: Any) -> None:
        super().__init__()
        self.session = session


class OrgFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class QueryDone(Message):
    """A query's first batch (`page=False`) or a further batch of the same query (`page=True`)."""

    def __init__(self, result: Any, page: bool = False, seq: int = 0) -> None:
        super().__init__()
        self.result = result
        self.page = page
        self.seq = seq  # which run of the screen this answers (stale answers are dropped)


class QueryFailed(Message):
    def __init__(self, error_code: str, message: str, query: str, seq: int = 0) -> None:
        super().__init__()
        self.error_code = error_code
        self.message = message
        self.query = query
        self.seq = seq


class RecordLoaded(Message):
    def __init__(self, row: int, record: dict, complete: bool) -> None:
        super().__init__()
        self.row = row
        self.record = record
        self.complete = complete
