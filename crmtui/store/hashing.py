"""Canonical JSON and the hash chain of an episode.

- canonical JSON: keys sorted, no whitespace, ASCII-escaped, no NaN/Infinity;
- genesis: `sha256("crmtui-episode/1\\n" + canonical(header))`, the header being the fields an episode starts
  with (task, org, toolset, actors, source...);
- step: `sha256(prev_hash + "\\n" + canonical(payload))` where the payload is every field of the step except its
  index and hashes (the chain itself fixes the order: reordering or inserting breaks the links);
- seal (finished episodes): `sha256(head_hash + "\\n" + canonical(result + step_count))`, so a step appended after
  the end, a deleted last step or an edited reward is detected too.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS_PREFIX = b"crmtui-episode/1\n"

#: The step fields covered by its hash, in payload order (the canonical form sorts them anyway).
STEP_HASH_FIELDS = (
    "actor", "kind", "content", "tool", "arguments", "observation", "error", "started_at", "ended_at",
    "duration_ms", "prompt_tokens", "completion_tokens", "cost", "meta",
)

_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode
_storage = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode


def canonical_json(value: Any) -> str:
    return _canonical(value)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def to_storage(value: Any) -> str | None:
    """The JSON text stored in a column (key order kept, UTF-8); None stays NULL."""
    if value is None:
        return None
    return _storage(value)


def from_storage(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def link(prev_hash: str, payload_json: str) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + payload_json.encode("ascii")).hexdigest()


def step_payload_json(values: dict[str, Any]) -> str:
    """Canonical JSON of a step's hashed fields; `values` holds the JSON fields already decoded."""
    payload = {name: values.get(name) for name in STEP_HASH_FIELDS}
    if not payload["meta"]:
        payload["meta"] = None
    return _canonical(payload)


def genesis_hash(header: dict[str, Any]) -> str:
    return hashlib.sha256(GENESIS_PREFIX + _canonical(header).encode("ascii")).hexdigest()


def seal_hash(head_hash: str, step_count: int, result: dict[str, Any]) -> str:
    payload = dict(result)
    payload["step_count"] = step_count
    return link(head_hash, _canonical(payload))


def content_hash(value: Any) -> str:
    """SHA-256 of a value's canonical JSON (task instances, imported records)."""
    return hashlib.sha256(_canonical(value).encode("ascii")).hexdigest()
