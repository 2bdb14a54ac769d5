"""The litellm wrapper without litellm: retries with backoff, error values, response normalisation."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crmtui.episode import llm as llm_mod
from crmtui.episode.llm import LLMClient, LLMConfigError, LLMResponse, classify, normalise_response


class BadRequestError(Exception):
    pass


class ContextWindowExceededError(BadRequestError):
    pass


class RateLimitError(Exception):
    pass


class Timeout(Exception):
    pass


class AuthenticationError(Exception):
    pass


def reply(content="ok", tool_calls=None):
    message = {"content": content, "tool_calls": tool_calls}
    return {"choices": [{"message": message, "finish_reason": "stop"}], "model": "fake-1",
            "usage": {"prompt_tokens": 12, "completion_tokens": 3}}


class Script:
    """A fake completion function: raises or returns the scripted items in order."""

    def __init__(self, *items):
        self.items = list(items)
        self.calls = []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        item = self.items.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item


def client(script, **kw):
    sleeps = []
    c = LLMClient("fake-1", completion=script, sleep=sleeps.append, **kw)
    return c, sleeps


def test_request_defaults_to_temperature_zero():
    script = Script(reply())
    c, _ = client(script)
    response = c.complete([{"role": "user", "content": "hi"}])
    assert response.ok and response.content == "ok" and response.prompt_tokens == 12 and response.attempts == 1
    sent = script.calls[0]
    assert sent["temperature"] == 0.0 and sent["num_retries"] == 0 and sent["model"] == "fake-1"
    assert "tools" not in sent


def test_rate_limits_and_timeouts_are_retried_with_growing_backoff():
    script = Script(RateLimitError("429"), Timeout("slow"), RateLimitError("429"), reply("done"))
    c, sleeps = client(script, retries=4, backoff=1.0)
    response = c.complete([{"role": "user", "content": "hi"}])
    assert response.ok and response.content == "done" and response.attempts == 4
    assert len(sleeps) == 3
    assert 1.0 <= sleeps[0] <= 1.25 and 2.0 <= sleeps[1] <= 2.5 and 4.0 <= sleeps[2] <= 5.0


def test_backoff_is_capped():
    c = LLMClient("m", backoff=1.0, max_backoff=5.0)
    assert all(c.delay(n) <= 5.0 * 1.25 for n in range(1, 12))


def test_exhausted_retries_return_an_error_value():
    script = Script(*[RateLimitError("429")] * 3)
    c, sleeps = client(script, retries=2)
    response = c.complete([{"role": "user", "content": "hi"}])
    assert not response.ok and response.error.kind == "rate_limit" and response.error.retryable
    assert response.attempts == 3 and len(sleeps) == 2


@pytest.mark.parametrize(("exc", "kind"), [(AuthenticationError("bad key"), "auth"),
                                           (BadRequestError("bad"), "bad_request"),
                                           (ContextWindowExceededError("too long"), "context_window"),
                                           (ValueError("weird"), "unknown")])
def test_other_errors_are_returned_at_once(exc, kind):
    c, sleeps = client(Script(exc))
    response = c.complete([{"role": "user", "content": "hi"}])
    assert response.error.kind == kind and not response.error.retryable and sleeps == []


def test_classify_uses_the_most_specific_class():
    assert classify(ContextWindowExceededError("x")).kind == "context_window"
    assert classify(RateLimitError("x")).retryable


def test_tool_calls_are_normalised():
    raw = reply(None, [{"id": "c1", "type": "function", "function": {"name": "respond", "arguments": '{"content": 1}'}},
                       {"function": {"name": "get_issues", "arguments": {}}}])
    response = normalise_response(raw, "fake-1")
    assert [(t.id, t.name, t.arguments) for t in response.tool_calls] == [
        ("c1", "respond", '{"content": 1}'), ("call_1", "get_issues", "{}")]
    assert response.message()["tool_calls"][0]["function"]["name"] == "respond"
    assert LLMResponse.from_json(response.to_json()).tool_calls == response.tool_calls


def test_tools_are_sent_when_given():
    script = Script(reply())
    c, _ = client(script)
    c.complete([{"role": "user", "content": "hi"}], tools=[{"type": "function"}], tool_choice="auto")
    assert script.calls[0]["tools"] == [{"type": "function"}] and script.calls[0]["tool_choice"] == "auto"


def test_compromised_litellm_versions_are_refused(monkeypatch):
    from importlib import metadata

    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    monkeypatch.setenv("LITELLM_OFFLINE_MODE", "true")
    monkeypatch.setattr(metadata, "version", lambda name: "1.82.8")
    with pytest.raises(LLMConfigError, match="compromised"):
        llm_mod.import_litellm()


def test_no_litellm_or_textual_at_import():
    code = ("import sys, crmtui.cli, crmtui.episode.llm, crmtui.episode.cassette, crmtui.episode.toolsets, "
            "crmtui.episode.prompts, crmtui.judge, crmtui.judge.llm; "
            "bad = [m for m in ('litellm', 'textual') if m in sys.modules]; print(bad); sys.exit(bool(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
