"""Model calls: the only module that imports litellm, and only when a call is actually made.

    client = LLMClient("gpt-4o", cassette=Cassette("run.json", "replay"))
    response = client.complete(messages, tools=specs)
    if response.error: ...          # API failures come back as values, never as exceptions
    response.content, response.tool_calls, response.prompt_tokens, response.cost

Before litellm is imported, `LITELLM_LOCAL_MODEL_COST_MAP=True` (no price-map download at import) and
`LITELLM_OFFLINE_MODE` (bundled catalogs and tokenizers) are set, and the installed version is checked: litellm
1.82.7 and 1.82.8 were compromised releases and are refused. Calls default to temperature 0. Rate limits,
timeouts, connection and server errors are retried with exponential backoff; other errors (authentication, bad
request, context window) are returned at once. With a cassette, every call is recorded (request hash -> response)
or replayed offline; replaying never imports litellm.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from crmtui.errors import CrmtuiError

BANNED_LITELLM_VERSIONS = frozenset({"1.82.7", "1.82.8"})
DEFAULT_TEMPERATURE = 0.0
#: Request keys that do not change what a model answers (or must never be stored): left out of cassette keys.
NON_SEMANTIC_KEYS = frozenset({"mock_response", "mock_tool_calls", "timeout", "num_retries", "api_key", "api_base",
                               "base_url", "metadata", "api_version"})

_RETRYABLE = {
    "RateLimitError": "rate_limit", "Timeout": "timeout", "APITimeoutError": "timeout", "TimeoutError": "timeout",
    "APIConnectionError": "connection", "ServiceUnavailableError": "server", "InternalServerError": "server",
    "BadGatewayError": "server",
}
_FATAL = {
    "AuthenticationError": "auth", "PermissionDeniedError": "auth", "ContextWindowExceededError": "context_window",
    "ContentPolicyViolationError": "content_policy", "NotFoundError": "bad_request",
    "UnprocessableEntityError": "bad_request", "BadRequestError": "bad_request",
    "UnsupportedParamsError": "bad_request",
}


class LLMConfigError(CrmtuiError):
    """litellm is missing, or a forbidden version is installed."""


def import_litellm() -> Any:
    """litellm, imported with offline-safe settings (and refused in a compromised version)."""
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    os.environ.setdefault("LITELLM_OFFLINE_MODE", "true")
    from importlib import metadata

    try:
        version = metadata.version("litellm")
    except metadata.PackageNotFoundError:
        raise LLMConfigError("litellm is not installed: pip install 'litellm!=1.82.7,!=1.82.8'") from None
    if version in BANNED_LITELLM_VERSIONS:
        raise LLMConfigError(f"litellm {version} is a compromised release: install another version "
                             "(never 1.82.7 or 1.82.8) and rotate any credentials on this machine")
    import litellm

    litellm.suppress_debug_info = True
    litellm.drop_params = True
    litellm.telemetry = False
    return litellm


@dataclass(frozen=True)
class LLMError:
    """A failed model call, as a value: `kind` is rate_limit, timeout, connection, server, auth, bad_request,
    context_window, content_policy or unknown."""

    kind: str
    message: str
    retryable: bool = False

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "retryable": self.retryable}


def classify(exc: BaseException) -> LLMError:
    """The LLMError for an exception raised by litellm (or by the OpenAI client it wraps)."""
    for cls in type(exc).__mro__:
        if cls.__name__ in _FATAL:
            return LLMError(_FATAL[cls.__name__], _message(exc), False)
        if cls.__name__ in _RETRYABLE:
            return LLMError(_RETRYABLE[cls.__name__], _message(exc), True)
    return LLMError("unknown", f"{type(exc).__name__}: {_message(exc)}", False)


def _message(exc: BaseException) -> str:
    text = str(getattr(exc, "message", None) or exc) or type(exc).__name__
    return " ".join(text.split())[:500]


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # the raw JSON text the model produced (may be invalid)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "arguments": self.arguments}


@dataclass
class LLMResponse:
    """One model reply (or its error), provider-neutral; what cassettes store."""

    content: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    model: str = ""
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost: float | None = None
    error: LLMError | None = None
    attempts: int = 1
    duration_ms: float = 0.0
    replayed: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    def message(self) -> dict[str, Any]:
        """The assistant message to append to the conversation (OpenAI chat format)."""
        msg: dict[str, Any] = {"role": "assistant", "content": self.content}
        if self.tool_calls:
            msg["tool_calls"] = [{"id": t.id, "type": "function", "function": {"name": t.name,
                                                                               "arguments": t.arguments}}
                                 for t in self.tool_calls]
        return msg

    def to_json(self) -> dict[str, Any]:
        return {"content": self.content, "tool_calls": [t.to_json() for t in self.tool_calls], "model": self.model,
                "finish_reason": self.finish_reason,
                "usage": {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens},
                "cost": self.cost, "error": self.error.to_json() if self.error else None, "attempts": self.attempts}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LLMResponse:
        usage = data.get("usage") or {}
        err = data.get("error")
        return cls(content=data.get("content"),
                   tool_calls=[ToolCall(str(t.get("id", "")), str(t.get("name", "")), str(t.get("arguments", "")))
                               for t in data.get("tool_calls") or []],
                   model=data.get("model", ""), finish_reason=data.get("finish_reason"),
                   prompt_tokens=usage.get("prompt_tokens"), completion_tokens=usage.get("completion_tokens"),
                   cost=data.get("cost"),
                   error=LLMError(err["kind"], err["message"], bool(err.get("retryable"))) if err else None,
                   attempts=int(data.get("attempts", 1)))


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def normalise_response(raw: Any, model: str, litellm: Any = None) -> LLMResponse:
    """An LLMResponse from a litellm ModelResponse (or an equivalent dict)."""
    choices = _get(raw, "choices") or []
    message = _get(choices[0], "message") if choices else None
    calls = []
    for n, tc in enumerate(_get(message, "tool_calls") or []):
        fn = _get(tc, "function") or {}
        args = _get(fn, "arguments")
        calls.append(ToolCall(str(_get(tc, "id") or f"call_{n}"), str(_get(fn, "name") or ""),
                              args if isinstance(args, str) else _json_text(args)))
    usage = _get(raw, "usage")
    hidden = getattr(raw, "_hidden_params", None) or {}
    cost = hidden.get("response_cost") if isinstance(hidden, dict) else None
    if cost is None and litellm is not None:
        try:
            cost = litellm.completion_cost(completion_response=raw)
        except Exception:  # unknown or custom model: no price
            cost = None
    return LLMResponse(
        content=_get(message, "content"), tool_calls=calls, model=str(_get(raw, "model") or model),
        finish_reason=_get(choices[0], "finish_reason") if choices else None,
        prompt_tokens=_get(usage, "prompt_tokens"), completion_tokens=_get(usage, "completion_tokens"),
        cost=float(cost) if cost is not None else None,
    )


def _json_text(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


class LLMClient:
    """Calls one model through litellm with retries, backoff and an optional cassette.

    `completion` replaces `litellm.completion` (tests); `sleep` replaces `time.sleep`; `extra` is passed to every
    call (e.g. `{"mock_response": "..."}`, `{"api_base": ...}`); keys in NON_SEMANTIC_KEYS stay out of the
    cassette key.
    """

    def __init__(self, model: str, *, temperature: float | None = DEFAULT_TEMPERATURE, max_tokens: int | None = None,
                 retries: int = 4, backoff: float = 1.0, max_backoff: float = 30.0, timeout: float | None = 120.0,
                 cassette: Any = None, completion: Callable[..., Any] | None = None,
                 sleep: Callable[[float], None] = time.sleep, extra: dict[str, Any] | None = None,
                 rng: random.Random | None = None) -> None:
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self.cassette = cassette
        self._completion = completion
        self._litellm: Any = None
        self.sleep = sleep
        self.extra = dict(extra or {})
        self.rng = rng or random.Random(0)

    def request(self, messages: Sequence[dict[str, Any]], tools: Sequence[dict[str, Any]] | None = None,
                tool_choice: Any = None) -> dict[str, Any]:
        """The litellm keyword arguments of one call."""
        req: dict[str, Any] = {"model": self.model, "messages": [dict(m) for m in messages]}
        if self.temperature is not None:
            req["temperature"] = self.temperature
        if self.max_tokens is not None:
            req["max_tokens"] = self.max_tokens
        if tools:
            req["tools"] = list(tools)
            if tool_choice is not None:
                req["tool_choice"] = tool_choice
        req.update(self.extra)
        return req

    def _call(self) -> Callable[..., Any]:
        if self._completion is None:
            self._litellm = import_litellm()
            self._completion = self._litellm.completion
        return self._completion

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt` (1-based): exponential, capped, with a little jitter."""
        base = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        return base * (1 + 0.25 * self.rng.random())

    def complete(self, messages: Sequence[dict[str, Any]], tools: Sequence[dict[str, Any]] | None = None,
                 tool_choice: Any = None) -> LLMResponse:
        """One model reply; failures are returned in `.error` (a cassette miss raises CassetteMiss)."""
        req = self.request(messages, tools, tool_choice)
        if self.cassette is not None and self.cassette.replaying:
            response = self.cassette.replay(req)
            response.replayed = True
            return response
        response = self._complete_live(req)
        if self.cassette is not None and self.cassette.recording:
            self.cassette.record(req, response)
        return response

    def _complete_live(self, req: dict[str, Any]) -> LLMResponse:
        started = time.perf_counter()
        kwargs = dict(req)
        kwargs.setdefault("num_retries", 0)
        if self.timeout is not None:
            kwargs.setdefault("timeout", self.timeout)
        error: LLMError | None = None
        attempt = 0
        while True:
            attempt += 1
            try:
                call = self._call()
                raw = call(**kwargs)
            except LLMConfigError:
                raise
            except Exception as exc:
                error = classify(exc)
                if error.retryable and attempt <= self.retries:
                    self.sleep(self.delay(attempt))
                    continue
                return LLMResponse(model=self.model, error=error, attempts=attempt,
                                   duration_ms=(time.perf_counter() - started) * 1000)
            response = normalise_response(raw, self.model, self._litellm)
            response.attempts = attempt
            response.duration_ms = (time.perf_counter() - started) * 1000
            return response
