"""Errors of the transcript store: each names the DB, episode, step, file or record that was wrong."""

from __future__ import annotations

from crmtui.errors import CrmtuiError, location


class StoreError(CrmtuiError):
    """Base of every transcript-store error."""


class NotAStoreError(StoreError):
    """The file is not an SQLite database, or an SQLite database that is not a crmtui transcript DB."""


class SchemaVersionError(StoreError):
    """The DB was written by a newer crmtui (its schema version is above the one this crmtui knows)."""


class StoreBusyError(StoreError):
    """Another process held the write lock for longer than the busy timeout."""


class UnknownEpisodeError(StoreError, KeyError):
    """No episode has the id asked for."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class EpisodeStateError(StoreError):
    """The operation does not fit the episode's state (a step appended to a finished episode...)."""


class ValidationError(StoreError, ValueError):
    """A step, episode, annotation or review with a value outside its type or vocabulary."""


class StoreImportError(StoreError, ValueError):
    """A file that cannot be imported: names the file, the record (0-based) and, for JSON Lines, the line."""

    def __init__(self, path: object, message: str, record: int | None = None, line: int | None = None) -> None:
        self.path = str(path)
        self.record = record
        self.line = line
        self.message = message
        super().__init__(f"{location(self.path, line, record)}: {message}")
