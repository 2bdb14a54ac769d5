"""Cassettes: record real litellm calls (mock_response / mock_tool_calls, no network) and replay them offline."""

from __future__ import annotations

import json

import pytest

from crmtui.episode.cassette import Cassette, CassetteError, CassetteMiss, request_key
from crmtui.episode.llm import LLMClient

MESSAGES = [{"role": "system", "content": "You answer."}, {"role": "user", "content": "Which agent?"}]
TOOLS = [{"type": "function", "function": {"name": "respond", "description": "Answer.",
                                           "parameters": {"type": "object", "properties": {"content": {
                                               "type": "string"}}, "required": ["content"]}}}]


def forbidden(**kwargs):
    raise AssertionError("replay must not call the model")


@pytest.fixture(scope="module")
def litellm_module():
    from crmtui.episode.llm import import_litellm

    return import_litellm()


def test_keys_ignore_mock_and_transport_parameters():
    base = {"model": "m", "messages": MESSAGES, "temperature": 0}
    assert request_key(base) == request_key({**base, "mock_response": "x", "timeout": 3, "api_key": "sk-secret"})
    assert request_key(base) != request_key({**base, "temperature": 0.5})
    assert request_key(base) != request_key({**base, "messages": MESSAGES[:1]})


def test_record_then_replay_offline(tmp_path, litellm_module):
    path = tmp_path / "run.json"
    recorder = LLMClient("gpt-4o-mini", cassette=Cassette(path, "record"),
                         extra={"mock_response": "<thought>x</thought><respond>005</respond>"})
    live = recorder.complete(MESSAGES)
    assert live.ok and live.content.endswith("<respond>005</respond>")
    assert live.prompt_tokens == 10 and live.completion_tokens == 20 and live.cost and live.cost > 0
    stored = json.loads(path.read_text())
    assert stored["version"] == 1 and len(stored["calls"]) == 1
    assert "sk-" not in path.read_text()

    player = LLMClient("gpt-4o-mini", cassette=Cassette(path, "replay"), completion=forbidden)
    replayed = player.complete(MESSAGES)
    assert replayed.replayed and replayed.content == live.content
    assert (replayed.prompt_tokens, replayed.completion_tokens, replayed.cost) == (10, 20, live.cost)


def test_tool_calls_are_recorded(tmp_path, litellm_module):
    path = tmp_path / "tools.json"
    calls = [{"id": "call_1", "type": "function", "function": {"name": "respond", "arguments": '{"content": "TX"}'}}]
    LLMClient("gpt-4o-mini", cassette=Cassette(path, "record"), extra={"mock_tool_calls": calls}).complete(
        MESSAGES, tools=TOOLS)
    replayed = LLMClient("gpt-4o-mini", cassette=Cassette(path, "replay"), completion=forbidden).complete(
        MESSAGES, tools=TOOLS)
    assert [(t.id, t.name, t.arguments) for t in replayed.tool_calls] == [("call_1", "respond", '{"content": "TX"}')]


def test_api_errors_are_recorded_and_replayed(tmp_path, litellm_module):
    path = tmp_path / "errors.json"
    error = litellm_module.RateLimitError("slow down", llm_provider="openai", model="gpt-4o-mini")
    sleeps = []
    live = LLMClient("gpt-4o-mini", cassette=Cassette(path, "record"), retries=1, sleep=sleeps.append,
                     extra={"mock_response": error}).complete(MESSAGES)
    assert live.error and live.error.kind == "rate_limit" and live.attempts == 2 and len(sleeps) == 1
    replayed = LLMClient("gpt-4o-mini", cassette=Cassette(path, "replay"), completion=forbidden).complete(MESSAGES)
    assert replayed.error == live.error


def test_repeated_requests_replay_in_order(tmp_path):
    path = tmp_path / "seq.json"
    answers = iter(["first", "second"])

    def fake(**kwargs):
        return {"choices": [{"message": {"content": next(answers)}}], "usage": {}}

    recorder = LLMClient("m", cassette=Cassette(path, "record"), completion=fake)
    assert [recorder.complete(MESSAGES).content for _ in range(2)] == ["first", "second"]
    player = LLMClient("m", cassette=Cassette(path, "replay"), completion=forbidden)
    assert [player.complete(MESSAGES).content for _ in range(3)] == ["first", "second", "second"]


def test_a_miss_names_the_call(tmp_path):
    path = tmp_path / "seq.json"
    LLMClient("m", cassette=Cassette(path, "record"),
              completion=lambda **kw: {"choices": [{"message": {"content": "x"}}]}).complete(MESSAGES)
    player = LLMClient("m", cassette=Cassette(path, "replay"), completion=forbidden)
    player.complete(MESSAGES)
    with pytest.raises(CassetteMiss) as info:
        player.complete([*MESSAGES, {"role": "user", "content": "And the second one?"}])
    text = str(info.value)
    assert "call #2" in text and "'m'" in text and "And the second one?" in text and "--record" in text


def test_bad_cassette_files(tmp_path):
    with pytest.raises(CassetteError, match="no such file"):
        Cassette(tmp_path / "missing.json", "replay")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CassetteError, match="cannot read"):
        Cassette(bad, "replay")
    bad.write_text('{"version": 99, "calls": {}}')
    with pytest.raises(CassetteError, match="version"):
        Cassette(bad, "replay")
    with pytest.raises(CassetteError, match="mode"):
        Cassette(bad, "rewind")


def test_agents_driven_by_litellm_mocks(litellm_module, backend, catalog):
    """A ReAct agent on mock_response and a function-calling agent on mock_tool_calls, through real litellm."""
    from crmtui.episode.actors import FunctionsActor, ReactActor
    from crmtui.episode.engine import EpisodeEngine

    instance = next(i for i in catalog["b2b"] if i.task == "best_region_identification" and i.answerable)
    react = ReactActor("gpt-4o-mini", extra={"mock_response": f"<thought>t</thought><respond>{instance.answer[0]}"
                                                              "</respond>"})
    outcome = EpisodeEngine(instance, backend, react).run()
    assert outcome.reward == 1.0 and outcome.prompt_tokens == 10 and outcome.cost > 0
    calls = [{"id": "call_9", "type": "function",
              "function": {"name": "respond", "arguments": json.dumps({"content": instance.answer[0]})}}]
    functions = FunctionsActor("gpt-4o-mini", extra={"mock_tool_calls": calls})
    engine = EpisodeEngine(instance, backend, functions)
    outcome = engine.run()
    assert outcome.reward == 1.0 and engine.steps[-1].tool == "respond" and engine.steps[-1].meta["call_id"] == "call_9"
