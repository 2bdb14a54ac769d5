"""Cassettes: every model call of a run recorded to a JSON file, and replayed offline bit for bit.

    cassette = Cassette("tests/episode/data/react.json", "record")   # or "replay"
    client = LLMClient("gpt-4o", cassette=cassette)

A call is keyed by the SHA-256 of its request (model, messages, tools, tool choice, temperature and the other
parameters that change the answer, canonical JSON); the response is stored provider-neutral (content, tool calls,
usage, cost, or the API error). The same request made several times keeps its responses in order, so a
non-deterministic model replays as it was recorded. Recording saves the file atomically after every call, so an
interrupted run keeps what it recorded. Replaying never touches the network or imports litellm; a request that
was never recorded raises CassetteMiss naming the call.

File layout: `{"version": 1, "calls": {<key>: {"model", "preview", "responses": [<LLMResponse JSON>, ...]}}}`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from crmtui.episode.llm import NON_SEMANTIC_KEYS, LLMResponse
from crmtui.errors import CrmtuiError

CASSETTE_VERSION = 1
MODES = ("record", "replay")


class CassetteError(CrmtuiError):
    """A cassette file that cannot be read or used."""


class CassetteMiss(CassetteError):
    """Replay asked for a call that the cassette never recorded."""


def request_key(request: dict[str, Any]) -> str:
    """The cassette key of a request: SHA-256 of its answer-relevant parameters as canonical JSON."""
    kept = {k: v for k, v in request.items() if k not in NON_SEMANTIC_KEYS}
    text = json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _preview(request: dict[str, Any], width: int = 100) -> str:
    messages = request.get("messages") or []
    if not messages:
        return ""
    last = messages[-1]
    content = last.get("content")
    if not isinstance(content, str):
        content = json.dumps(content, ensure_ascii=False, default=str)
    text = " ".join((content or "").split())
    role = last.get("role", "?")
    return f"{role}: {text[:width]}{'…' if len(text) > width else ''}"


class Cassette:
    """A recorded set of model calls at `path`, opened to `record` or to `replay`."""

    def __init__(self, path: str | Path, mode: str) -> None:
        if mode not in MODES:
            raise CassetteError(f"cassette mode must be record or replay (got {mode!r})")
        self.path = Path(path)
        self.mode = mode
        self.calls: dict[str, dict[str, Any]] = {}
        self._used: dict[str, int] = {}
        self._count = 0
        self._lock = threading.Lock()
        if self.path.exists():
            self._load()
        elif mode == "replay":
            raise CassetteError(f"cassette {self.path}: no such file (record it first with --record)")

    @property
    def recording(self) -> bool:
        return self.mode == "record"

    @property
    def replaying(self) -> bool:
        return self.mode == "replay"

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CassetteError(f"cassette {self.path}: cannot read it ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("calls"), dict):
            raise CassetteError(f"cassette {self.path}: not a cassette (expected an object with 'calls')")
        if data.get("version") != CASSETTE_VERSION:
            raise CassetteError(f"cassette {self.path}: version {data.get('version')!r} is not supported "
                                f"(expected {CASSETTE_VERSION})")
        self.calls = data["calls"]

    def __len__(self) -> int:
        return sum(len(c.get("responses") or []) for c in self.calls.values())

    def replay(self, request: dict[str, Any]) -> LLMResponse:
        """The recorded response to `request` (the n-th one for its n-th repetition, then the last again)."""
        key = request_key(request)
        with self._lock:
            self._count += 1
            entry = self.calls.get(key)
            if not entry or not entry.get("responses"):
                raise CassetteMiss(
                    f"cassette {self.path}: no recorded response for call #{self._count} to model "
                    f"{request.get('model')!r} (request {key[:12]}, {len(request.get('messages') or [])} messages, "
                    f"last {_preview(request)!r}); the prompt, tools or model differ from the recording: "
                    "re-record with --record")
            n = self._used.get(key, 0)
            self._used[key] = n + 1
            responses = entry["responses"]
            return LLMResponse.from_json(responses[min(n, len(responses) - 1)])

    def record(self, request: dict[str, Any], response: LLMResponse) -> None:
        """Store the response to `request` and save the file."""
        key = request_key(request)
        with self._lock:
            self._count += 1
            n = self._used.get(key, 0)
            self._used[key] = n + 1
            entry = self.calls.setdefault(key, {"model": request.get("model"), "preview": _preview(request),
                                                "responses": []})
            responses = entry["responses"]
            if n == 0:
                responses.clear()  # a fresh recording replaces what an older one stored for this request
            responses.append(response.to_json())
            self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": CASSETTE_VERSION, "calls": self.calls}, ensure_ascii=False, indent=1,
                          sort_keys=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
