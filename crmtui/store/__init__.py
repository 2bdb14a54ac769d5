"""The transcript store (DESIGN.md §Transcript DB): SQLite in WAL mode through sqlite-utils, append-only,
every episode's steps hash-chained; CRMArena result import, JSONL / CRMArena / task-JSON exports, `verify`.

The episode engine writes through `open_store(path)` -> `Store` (`start_episode`, `append_step`,
`finish_episode`, `fork_episode`, `annotate`, `add_score`, `review_gold`, `resumable`, `verify`); see
crmtui/store/store.py.
"""

from crmtui.store.errors import (
    EpisodeStateError,
    NotAStoreError,
    SchemaVersionError,
    StoreBusyError,
    StoreError,
    StoreImportError,
    UnknownEpisodeError,
    ValidationError,
)
from crmtui.store.model import (
    ACTORS,
    AGENT_KINDS,
    FAILURE_CATEGORIES,
    FAULT_SOURCES,
    OUTCOME_VERDICTS,
    STEP_KINDS,
    VERDICTS,
    Annotation,
    Episode,
    GoldReview,
    Score,
    Step,
)
from crmtui.store.schema import SCHEMA_VERSION
from crmtui.store.store import DEFAULT_DB, Store, open_store
from crmtui.store.verify import Break, VerifyReport

__all__ = [
    "ACTORS", "AGENT_KINDS", "DEFAULT_DB", "FAILURE_CATEGORIES", "FAULT_SOURCES", "OUTCOME_VERDICTS",
    "SCHEMA_VERSION", "STEP_KINDS", "VERDICTS", "Annotation", "Break", "Episode", "EpisodeStateError", "GoldReview",
    "NotAStoreError", "SchemaVersionError", "Score", "Step", "Store", "StoreBusyError", "StoreError",
    "StoreImportError", "UnknownEpisodeError", "ValidationError", "VerifyReport", "open_store",
]
