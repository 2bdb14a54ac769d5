"""System prompts: schema rendering, audiences, protocols, turn modes, privacy and aided variants."""

from __future__ import annotations

import pytest

from crmtui.episode.prompts import (
    PROMPT_VERSION,
    STOP,
    agent_system_prompt,
    context_block,
    render_schema,
    user_system_prompt,
)
from crmtui.org.schema import load_schema
from crmtui.tasks.instances import load_instances

SCHEMA = load_schema("b2b")


@pytest.fixture(scope="module")
def instances():
    loaded = load_instances("b2b", include_imported=False)
    internal = next(i for i in loaded if i.audience == "internal" and i.task == "handle_time")
    external = next(i for i in loaded if i.audience == "external")
    return internal, external


def test_schema_lists_objects_and_prompt_fields_with_descriptions():
    text = render_schema(SCHEMA)
    assert text.splitlines()[1] == ", ".join(SCHEMA.objects)
    case = SCHEMA.objects["Case"]
    for f in case.fields.values():
        assert (f"  - {f.name}: {' '.join(f.description.split())}" in text) == f.in_prompt
    assert "  - IsVisibleInPkb:" not in text  # in_prompt: false
    assert "\nUser\n" in text and "\nVoiceCallTranscript__c\n" in text


def test_internal_and_external_audiences(instances):
    internal, external = instances
    inside = agent_system_prompt(internal, SCHEMA)
    outside = agent_system_prompt(external, SCHEMA)
    assert "employee" in inside and "customer" not in inside.split("\n")[0]
    assert "customer" in outside.split("\n")[0]


def test_react_and_function_protocols(instances):
    internal, _ = instances
    react = agent_system_prompt(internal, SCHEMA, toolset="react")
    assert "<thought>" in react and "<execute>" in react and "<respond>" in react
    functions = agent_system_prompt(internal, SCHEMA, toolset="functions")
    assert "<execute>" not in functions and '"respond"' in functions and "issue_soql_query" in functions
    assert "issue_soql_query" not in agent_system_prompt(internal, SCHEMA, toolset="functions-fixed")


def test_single_and_multi_turn(instances):
    internal, _ = instances
    single = agent_system_prompt(internal, SCHEMA)
    multi = agent_system_prompt(internal, SCHEMA, multi_turn=True)
    assert "respond with None" in single and "ask the user" not in single
    assert "ask the user" in multi


def test_privacy_aware_variant(instances):
    _, external = instances
    assert "# Confidentiality" not in agent_system_prompt(external, SCHEMA)
    aware = agent_system_prompt(external, SCHEMA, privacy_aware=True)
    assert "# Confidentiality" in aware and "another customer's personal information" in aware


def test_context_required_and_aided_optional(instances):
    internal, _ = instances
    plain = agent_system_prompt(internal, SCHEMA)
    assert plain.endswith(context_block(internal.required))
    assert "Today's date" in plain.split("# Task context")[1]
    assert "# Domain Details" not in plain
    aided = agent_system_prompt(internal, SCHEMA, aided=True)
    assert "# Domain Details" in aided.split("# Task context")[1]
    assert context_block("") == "# Task context\n(none)"


def test_version_and_user_prompt():
    assert isinstance(PROMPT_VERSION, str) and PROMPT_VERSION
    text = user_system_prompt("You are a busy manager.", "Which agent was fastest in Q1 2024?")
    assert "You are a busy manager." in text and "Which agent was fastest in Q1 2024?" in text
    assert STOP in text
