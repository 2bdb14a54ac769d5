"""The turn engine: LLM agents (scripted clients), limits, errors, humans, take-over, hand-back, fork, replay."""

from __future__ import annotations

import json

import pytest

from crmtui.episode.actions import Action
from crmtui.episode.actors import (
    FunctionsActor,
    HumanActor,
    OracleActor,
    ReactActor,
    ReplayActor,
    make_agent,
    pair_tool_calls,
)
from crmtui.episode.engine import (
    END_API_ERROR,
    END_MAX_TURNS,
    END_MAX_USER_TURNS,
    END_SUBMIT,
    END_USER_API_ERROR,
    EngineError,
    EpisodeEngine,
    Limits,
)
from crmtui.episode.llm import LLMError
from crmtui.episode.prompts import CORRECTION, PROMPT_VERSION
from crmtui.episode.users import LLMUser, ScriptedUser, make_user
from tests.episode.fakes import ScriptedClient


@pytest.fixture(scope="module")
def region(catalog):
    """An answerable best-region instance with a one-query solution."""
    return next(i for i in catalog["b2b"] if i.task == "best_region_identification" and i.answerable)


@pytest.fixture(scope="module")
def ids_task(catalog):
    return next(i for i in catalog["b2b"] if i.task == "activity_priority" and i.answerable and len(i.answer) > 1)


def react_reply(action: str, body: str) -> str:
    return f"<thought> I should {action}. </thought>\n<{action}> {body} </{action}>"


# --- ReAct ---------------------------------------------------------------------------------------------------

def test_react_agent_queries_then_answers(backend, region, store):
    query = region.solution.queries[0]
    client = ScriptedClient(react_reply("execute", query), react_reply("respond", region.answer[0]))
    engine = EpisodeEngine(region, backend, ReactActor("gpt-x", client=client), store=store)
    outcome = engine.run()
    assert outcome.reward == 1.0 and outcome.end_reason == END_SUBMIT and outcome.final_answer == region.answer[0]
    assert (outcome.prompt_tokens, outcome.completion_tokens) == (200, 20) and outcome.cost == pytest.approx(0.002)
    # what the model saw: system prompt, the query, then its query and the org's output
    second = client.requests[1]["messages"]
    assert [m["role"] for m in second] == ["system", "user", "assistant", "user"]
    assert second[0]["content"].startswith("You are an assistant working inside") and PROMPT_VERSION
    assert second[1]["content"] == region.query
    assert second[3]["content"].startswith("Salesforce instance output: [{")
    ep = store.get_episode(outcome.episode_id)
    assert [(s.actor, s.kind) for s in ep.steps] == [("system", "message"), ("user", "message"), ("agent", "query"),
                                                     ("agent", "respond")]
    assert ep.steps[2].arguments == {"query": query} and ep.steps[2].tool == "soql"
    assert ep.steps[2].content.startswith("<thought>") and isinstance(ep.steps[2].observation, list)
    assert ep.reward == 1.0 and ep.status == "finished" and ep.agent_kind == "llm" and ep.agent_model == "gpt-x"
    assert ep.prompt_variant.startswith(PROMPT_VERSION) and ep.config["toolset"] == "react"
    assert ep.reward_detail["metric"] == "exact_match" and ep.prompt_tokens == 200
    assert store.verify().ok


def test_malformed_replies_get_a_correction_and_count(backend, region):
    client = ScriptedClient("I think it is Texas.", react_reply("respond", region.answer[0]))
    engine = EpisodeEngine(region, backend, ReactActor("m", client=client))
    outcome = engine.run()
    kinds = [(s.actor, s.kind) for s in engine.steps]
    assert kinds[2:] == [("agent", "message"), ("system", "error"), ("agent", "respond")]
    assert engine.steps[3].content == CORRECTION and CORRECTION.startswith("Invalid output format!")
    assert client.requests[1]["messages"][-1] == {"role": "user", "content": CORRECTION}
    assert outcome.agent_actions == 2 and outcome.reward == 1.0


def test_sql_errors_come_back_as_observations(backend, region):
    client = ScriptedClient(react_reply("execute", "SELECT Nope FROM Case"), react_reply("respond", "None"))
    engine = EpisodeEngine(region, backend, ReactActor("m", client=client))
    outcome = engine.run()
    assert engine.steps[2].error.startswith("INVALID_FIELD: ")
    assert client.requests[1]["messages"][-1]["content"].startswith("Salesforce instance output: INVALID_FIELD: ")
    assert outcome.reward == 0.0


def test_max_turns(backend, region):
    client = ScriptedClient(*[react_reply("execute", "SELECT Id FROM Case LIMIT 1")] * 3)
    engine = EpisodeEngine(region, backend, ReactActor("m", client=client), limits=Limits(max_agent_actions=3))
    outcome = engine.run()
    assert outcome.end_reason == END_MAX_TURNS and outcome.reward == 0.0 and outcome.final_answer is None
    assert outcome.agent_actions == 3


def test_api_errors_end_the_episode_without_raising(backend, region, store):
    client = ScriptedClient(react_reply("execute", "SELECT Id FROM Case LIMIT 1"),
                            LLMError("rate_limit", "429 Too Many Requests", True))
    engine = EpisodeEngine(region, backend, ReactActor("m", client=client), store=store)
    outcome = engine.run()
    assert outcome.end_reason == END_API_ERROR and outcome.reward == 0.0
    assert engine.steps[-1].kind == "error" and "429" in engine.steps[-1].error
    ep = store.get_episode(outcome.episode_id, steps=False)
    assert ep.end_reason == END_API_ERROR and ep.end_detail["error"].startswith("rate_limit")


def test_ids_answer_through_the_engine(backend, ids_task):
    client = ScriptedClient(react_reply("respond", ", ".join(reversed(ids_task.answer))))
    assert EpisodeEngine(ids_task, backend, ReactActor("m", client=client)).run().reward == 1.0


# --- function calling ------------------------------------------------------------------------------------------

def test_functions_agent(backend, region, store):
    query = region.solution.queries[0]
    client = ScriptedClient(("issue_soql_query", json.dumps({"query": query})),
                            ("get_period", "{not json"),
                            ("get_period", json.dumps({"period_name": "Q1", "year": 2024})),
                            "I will answer now.",
                            ("respond", json.dumps({"content": region.answer[0]})))
    engine = EpisodeEngine(region, backend, FunctionsActor("m", client=client), store=store)
    outcome = engine.run()
    assert outcome.reward == 1.0 and engine.toolset.name == "functions"
    steps = engine.steps
    assert [(s.kind, s.tool) for s in steps[2:]] == [("tool_call", "issue_soql_query"), ("tool_call", "get_period"),
                                                     ("tool_call", "get_period"), ("message", None),
                                                     ("error", None), ("respond", "respond")]
    assert steps[3].arguments == "{not json" and steps[3].error.startswith("Error: get_period: the arguments")
    assert steps[4].observation == {"start_date": "2024-01-01T00:00:00Z", "end_date": "2024-04-01T00:00:00Z"}
    assert steps[2].meta["call_id"] == "call_1"
    tools = client.requests[0]["tools"]
    assert len(tools) == 27 and any(t["function"]["name"] == "respond" for t in tools)
    last = client.requests[-1]["messages"]
    assert last[2]["tool_calls"][0]["function"]["name"] == "issue_soql_query" and last[3]["role"] == "tool"
    assert store.verify().ok


def test_respond_tool_calls_are_paired_in_conversations():
    messages = [{"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function",
                                                                      "function": {"name": "respond"}}]},
                {"role": "user", "content": "Which quarter?"}]
    assert pair_tool_calls(messages)[1] == {"role": "tool", "tool_call_id": "c1", "content": "Delivered to the user."}


# --- users -----------------------------------------------------------------------------------------------------

def test_llm_user_protocol(backend, region):
    agent = ScriptedClient(react_reply("respond", "Which period do you mean?"),
                           react_reply("respond", region.answer[0]))
    user = ScriptedClient("Which state closes cases fastest?", "The period in my question.", "###STOP###")
    engine = EpisodeEngine(region, backend, ReactActor("a", client=agent), user=LLMUser("u", client=user))
    outcome = engine.run()
    assert outcome.reward == 1.0 and outcome.end_reason == END_SUBMIT
    seen = user.requests[1]["messages"]
    assert seen[0]["role"] == "system" and region.query in seen[0]["content"] and region.persona in seen[0]["content"]
    assert [m["role"] for m in seen[1:]] == ["user", "assistant", "user"]
    assert seen[1]["content"] == "Hi! How can I help you today?" and seen[3]["content"] == "Which period do you mean?"
    assert engine.steps[-1].meta["stop"] is True


def test_user_errors_and_max_user_turns(backend, region):
    agent = ScriptedClient(*[react_reply("respond", "Can you say more?")] * 5)
    user = ScriptedClient("Hello", LLMError("timeout", "no answer", True))
    outcome = EpisodeEngine(region, backend, ReactActor("a", client=agent), user=LLMUser("u", client=user)).run()
    assert outcome.end_reason == END_USER_API_ERROR
    agent = ScriptedClient(*[react_reply("respond", "Can you say more?")] * 5)
    engine = EpisodeEngine(region, backend, ReactActor("a", client=agent), user=ScriptedUser(),
                           limits=Limits(max_user_turns=3))
    outcome = engine.run()
    assert outcome.end_reason == END_MAX_USER_TURNS and engine.user_turns == 3


# --- people, turns, take-over, hand-back -------------------------------------------------------------------------

def test_human_actions_and_turn_checks(backend, region):
    engine = EpisodeEngine(region, backend, HumanActor("ana"))
    with pytest.raises(EngineError, match="person's turn"):
        engine.propose()
    with pytest.raises(EngineError, match="not an agent action"):
        engine.apply(Action.say("hi"))
    steps = engine.apply(Action.execute(region.solution.queries[0]))
    assert steps[0].actor == "human" and steps[0].kind == "query" and steps[0].observation
    engine.apply(Action.respond(region.answer[0]))
    assert engine.done and engine.outcome.reward == 1.0
    with pytest.raises(EngineError, match="over"):
        engine.apply(Action.respond("again"))


def test_take_over_and_hand_back(backend, region, store):
    engine = EpisodeEngine(region, backend, ReactActor("m", client=ScriptedClient(
        react_reply("execute", "SELECT Id FROM Case LIMIT 1"),
        react_reply("respond", region.answer[0]))), store=store, player="ana")
    engine.step()  # the model's first query
    engine.take_over()
    with pytest.raises(EngineError):
        engine.take_over()
    engine.apply(Action.execute(region.solution.queries[0]))
    engine.hand_back()
    outcome = engine.run()
    assert outcome.reward == 1.0
    ep = store.get_episode(outcome.episode_id)
    assert [(s.actor, s.kind) for s in ep.steps] == [
        ("system", "message"), ("user", "message"), ("agent", "query"), ("human", "takeover"), ("human", "query"),
        ("human", "handback"), ("agent", "respond")]
    assert ep.steps[3].meta == {"from": "react:m", "player": "ana"}
    assert ep.steps[5].meta["to"] == "react:m"
    assert store.verify().ok


def test_fork_from_a_stored_step(backend, region, store):
    first = EpisodeEngine(region, backend, ReactActor("m", client=ScriptedClient(
        react_reply("execute", "SELECT Id FROM Case LIMIT 1"), react_reply("respond", "CA"))), store=store)
    parent = first.run()
    child = EpisodeEngine.fork(store, parent.episode_id, 2, region, backend, OracleActor())
    assert child.whose_turn == "agent" and child.agent_actions == 1
    outcome = child.run()
    assert outcome.reward == 1.0 and outcome.episode_id != parent.episode_id
    ep = store.get_episode(outcome.episode_id)
    assert ep.parent_episode_id == parent.episode_id and ep.parent_step == 2 and ep.agent_kind == "oracle"
    parent_steps = store.get_episode(parent.episode_id).steps
    assert [s.content for s in ep.steps[:3]] == [s.content for s in parent_steps[:3]]
    assert [s.kind for s in ep.steps[3:]] == ["query", "respond"]
    assert store.verify().ok


def test_resume_a_running_episode(backend, region, store):
    engine = EpisodeEngine(region, backend, HumanActor(), store=store)
    engine.apply(Action.execute(region.solution.queries[0]))
    resumed = EpisodeEngine.resume(store, engine.episode_id, region, backend, OracleActor())
    assert resumed.run().reward == 1.0
    steps = store.get_episode(engine.episode_id).steps  # the oracle re-used the human's query
    assert [(s.actor, s.kind) for s in steps[2:]] == [("human", "query"), ("agent", "respond")]


def test_replay_reports_divergence(backend, region, store):
    query = region.solution.queries[0]
    original = EpisodeEngine(region, backend, ReactActor("m", client=ScriptedClient(
        react_reply("execute", query), react_reply("respond", region.answer[0]))), store=store).run()
    same = EpisodeEngine(region, backend, ReplayActor(store, original.episode_id), store=store).run()
    assert same.reward == 1.0 and "divergences" not in store.get_episode(same.episode_id).end_detail

    class Shrunk:  # the same org with one record fewer in every result
        def __init__(self, inner):
            self.inner, self.engine = inner, inner.engine

        def query_all(self, soql):
            result = dict(self.inner.query_all(soql))
            result["records"] = result["records"][1:]
            return result

        def __getattr__(self, name):
            return getattr(self.inner, name)

    other = EpisodeEngine(region, Shrunk(backend), make_agent(f"replay:{original.episode_id}", store=store),
                          store=store)
    outcome = other.run()
    assert other.divergences and other.steps[2].meta["replay"]["diverged"] is True
    assert store.get_episode(outcome.episode_id, steps=False).end_detail["divergences"]


def test_replay_that_runs_out_ends_cleanly(backend, region, store):
    engine = EpisodeEngine(region, backend, HumanActor(), store=store)
    engine.apply(Action.execute("SELECT Id FROM Case LIMIT 1"))
    engine.abandon()
    outcome = EpisodeEngine(region, backend, ReplayActor(store, engine.episode_id)).run()
    assert outcome.end_reason == "Replay exhausted" and outcome.reward == 0.0


def test_actor_specs(store):
    assert make_agent("oracle").kind == "oracle" and make_agent("human:ana").player == "ana"
    agent = make_agent("functions:gpt-4o-mini")
    assert agent.name == "functions:gpt-4o-mini" and agent.toolset == "functions"
    assert make_agent("react:gpt-4o").toolset == "react"
    assert make_user("scripted").kind == "scripted" and make_user(None) is None
    assert make_user("llm:gpt-4o").name == "llm:gpt-4o"
    with pytest.raises(ValueError):
        make_agent("gpt-4o")
    with pytest.raises(ValueError):
        make_user("robot")


def test_fork_after_the_oracles_query_reruns_it_for_full_records(backend, region, store):
    parent = EpisodeEngine(region, backend, OracleActor(), store=store).run()
    child = EpisodeEngine.fork(store, parent.episode_id, 2, region, backend, OracleActor())
    assert child.observations == {}  # restored from the store: no live records
    outcome = child.run()
    assert outcome.reward == 1.0
    assert [s.kind for s in store.get_episode(outcome.episode_id).steps[3:]] == ["respond"]


def test_rescore_flags_a_leak(backend, store):
    from crmtui.episode.rescore import rescore_episode
    from crmtui.tasks.instances import load_instances

    probe = next(i for i in load_instances("b2b", include_imported=False)
                 if i.task == "private_customer_information")
    engine = EpisodeEngine(probe, backend, HumanActor(), store=store)
    engine.apply(Action.execute("SELECT Id, Name, Email FROM Contact WHERE Email != null ORDER BY Id LIMIT 1"))
    email = engine.steps[-1].observation[0]["Email"]
    engine.apply(Action.respond(f"Sorry, I cannot share that. (It is {email}.)"))
    assert engine.outcome.reward == 0.0 and engine.outcome.detail["leaked"]
    ep = store.get_episode(engine.episode_id)
    result = rescore_episode(store, ep)
    assert result.reward == 0.0 and not result.changed
    ann = next(a for a in store.annotations(ep.id) if a.author == "judge")
    assert ann.lapse and ann.leaked_fields == ["Contact.Email"]
    [score] = store.scores(ep.id)
    assert (score.judge, score.reward, score.detail["previous_reward"]) == ("deterministic", 0.0, 0.0)
    rescore_episode(store, ep)  # the same leak again: a second score, no second lapse label
    assert len(store.scores(ep.id, current=False)) == 2
    assert len([a for a in store.annotations(ep.id) if a.author == "judge"]) == 1
