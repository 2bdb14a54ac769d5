"""exact_match: typed extraction and the known traps (CRMArena's evaluator and its quirks)."""

from __future__ import annotations

import pytest

from crmtui.judge.exact import answer_prefixes, canonical_id, exact_match, extract, gold_values
from crmtui.org.ids import checksum_suffix
from crmtui.org.schema import load_schema

AGENT = "005Wt000003NIowIAG"
OTHER_AGENT = "005Wt000003NJbJIAW"
CASE = "500Wt00000DDPIsIAP"


def fixed(id15: str) -> str:
    return id15 + checksum_suffix(id15)


ARTICLE = fixed("ka0Wt000000ABCD")
TASKS = [fixed("00TWt000002zEpk"), fixed("00TWt000002zC9f"), fixed("00TWt000002yt7k")]


def reward(reply, answer, kind, prefixes=("005",)):
    return exact_match(reply, answer, kind, prefixes=prefixes).reward


# --- Ids ---------------------------------------------------------------------------------------------------

def test_the_fixture_ids_are_valid():
    assert canonical_id(AGENT) == AGENT and canonical_id(OTHER_AGENT) == OTHER_AGENT


@pytest.mark.parametrize("reply", [
    AGENT,
    f" '{AGENT}' ",
    f"**{AGENT}**",
    f"The agent with the shortest handle time is {AGENT}.",
    f"Case {CASE} should go to agent {AGENT} (Jane Doe).",  # the case Id has the wrong prefix: ignored
    AGENT[:15],  # the 15-character form
    f"Answer: `{AGENT[:15]}`",
])
def test_an_id_anywhere_in_the_reply(reply):
    assert reward(reply, [AGENT], "user_id") == 1.0


@pytest.mark.parametrize("reply", [
    AGENT.lower(),  # Ids are case-sensitive: a lower-cased Id is not this Id
    AGENT[:15].lower(),
    AGENT[:14],
    OTHER_AGENT,
    f"{AGENT} or {OTHER_AGENT}",  # hedging between two agents
    "I could not determine the agent.",
    "",
])
def test_wrong_or_missing_ids_score_zero(reply):
    assert reward(reply, [AGENT], "user_id") == 0.0


def test_an_id_set_aside_in_the_sentence_does_not_count():
    assert reward(f"Route it to {AGENT} rather than {OTHER_AGENT}.", [AGENT], "user_id") == 1.0
    assert reward(f"Not {OTHER_AGENT}: the answer is {AGENT}.", [AGENT], "user_id") == 1.0


def test_multi_id_answers_in_any_order_with_set_semantics():
    prefixes = ("00T",)
    assert reward(", ".join(TASKS), TASKS, "ids", prefixes) == 1.0
    assert reward(", ".join(reversed(TASKS)), TASKS, "ids", prefixes) == 1.0
    assert reward("The tasks are:\n- " + "\n- ".join([*TASKS[::-1], TASKS[0]]), TASKS, "ids", prefixes) == 1.0
    assert reward(", ".join(TASKS[:2]), TASKS, "ids", prefixes) == 0.0  # one missing
    extra = fixed("00TWt000002zZZZ")
    assert reward(", ".join([*TASKS, extra]), TASKS, "ids", prefixes) == 0.0  # one too many
    assert reward(" ".join(t[:15] for t in TASKS), TASKS, "ids", prefixes) == 1.0  # 15-character forms


def test_a_long_word_is_not_an_id():
    assert extract("internationally", "record_id").values == ()
    assert extract(f"Article {ARTICLE}", "record_id").values == (ARTICLE,)


def test_none_gold():
    for reply in ("None", "none", "'None'", "There is no matching agent.", "No agent qualifies: None."):
        assert reward(reply, [None], "user_id") == 1.0, reply
    assert reward(AGENT, [None], "user_id") == 0.0
    # a non-answerable PVI question may mention the case Id: it is not a knowledge article Id
    assert reward(f"Case {CASE} violates no article: None", [None], "record_id", ("ka0",)) == 1.0
    assert reward(f"Case {CASE} violates {ARTICLE}", [None], "record_id", ("ka0",)) == 0.0


def test_answer_prefixes_from_gold_task_and_schema():
    schema = load_schema("b2b")
    assert answer_prefixes("handle_time", "user_id", [None], schema) == ("005",)
    assert answer_prefixes("top_issue_identification", "record_id", [None], schema) == ("a03",)
    assert answer_prefixes("top_issue_identification", "record_id", [None], load_schema("original")) == ("a1M",)
    assert answer_prefixes("activity_priority", "ids", TASKS, schema) == ("00T",)
    assert answer_prefixes("monthly_trend_analysis", "month", ["May"], schema) == ()


# --- months, states, stages -----------------------------------------------------------------------------

@pytest.mark.parametrize(("reply", "gold", "expected"), [
    ("March", "March", 1.0),
    ("march", "March", 1.0),
    ("The month with the most cases was March.", "March", 1.0),
    ("Mar.", "March", 1.0),
    ("Sept", "September", 1.0),
    ("May", "May", 1.0),
    ("It may be that March had the most cases.", "March", 1.0),  # "may" the verb is no month
    ("April", "March", 0.0),
    ("March or April", "March", 0.0),
    ("The peak was April, not March.", "April", 1.0),
])
def test_months(reply, gold, expected):
    assert reward(reply, [gold], "month") == expected


@pytest.mark.parametrize(("reply", "gold", "expected"), [
    ("TX", "TX", 1.0),
    ("Texas", "TX", 1.0),
    ("The state with the quickest closures is Texas (TX).", "TX", 1.0),
    ("OK, the best state is TX.", "TX", 1.0),  # OK the word, not Oklahoma
    ("OK", "OK", 1.0),
    ("Oklahoma", "OK", 1.0),
    ("OR", "OR", 1.0),
    ("Oregon", "OR", 1.0),
    ("West Virginia", "WV", 1.0),  # not Virginia
    ("Virginia", "VA", 1.0),
    ("new york", "NY", 1.0),
    ("tx", "TX", 0.0),  # a code must be written in capitals
    ("CA or TX", "TX", 0.0),
    ("California", "TX", 0.0),
])
def test_states(reply, gold, expected):
    assert reward(reply, [gold], "state") == expected


def test_state_gold_may_be_a_name():
    assert gold_values(["Texas"], "state") == ("TX",)


@pytest.mark.parametrize(("reply", "gold", "expected"), [
    ("Negotiation", "Negotiation", 1.0),
    ("The opportunity should be in the Negotiation stage.", "Negotiation", 1.0),
    ("It should be Negotiation, not Quote.", "Negotiation", 1.0),
    ("Move it from Quote to Negotiation.", "Negotiation", 1.0),
    ("Closed", "Closed", 1.0),
    ("The quote was accepted, so the stage is Closed.", "Closed", 1.0),  # the lower-case noun is no stage
    ("Quote", "Negotiation", 0.0),
])
def test_stages(reply, gold, expected):
    assert reward(reply, [gold], "stage") == expected


# --- BANT -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("reply", "gold", "expected"), [
    ("Authority", "Authority", 1.0),
    ("authority", "Authority", 1.0),
    ("Authority, Need", "Authority, Need", 1.0),
    ("Need, Authority", "Authority, Need", 1.0),  # the known trap: any order
    ("Need and Authority", "Authority, Need", 1.0),
    ("The lead fails on Authority and Need.", "Authority, Need", 1.0),
    ("Budget is fine, but Authority is not met.", "Authority", 1.0),
    ("Budget: met. Authority: not met. Timeline: met. Need: met.", "Authority", 1.0),
    ("The lead has budget but no clear need.", "Need", 1.0),
    ("Authority", "Authority, Need", 0.0),  # one factor missing
    ("Budget", "Authority", 0.0),
])
def test_bant_multi_factor_any_order(reply, gold, expected):
    assert reward(reply, [gold], "bant") == expected


def test_bant_none():
    assert reward("None", [None], "bant") == 1.0
    assert reward("All four BANT criteria are met, so the lead can be qualified.", [None], "bant") == 1.0
    assert reward("Timeline", [None], "bant") == 0.0


def test_gold_bant_strings_are_split():
    assert gold_values(["Authority, Need"], "bant") == ("Authority", "Need")
    assert gold_values(["Need", "Authority"], "bant") == ("Authority", "Need")


# --- detail ------------------------------------------------------------------------------------------------

def test_detail_records_extraction_and_gold():
    result = exact_match(f"It is {AGENT}, not {OTHER_AGENT}.", [AGENT], "user_id", prefixes=("005",))
    assert result.reward == 1.0
    detail = result.detail
    assert detail["extracted"] == [AGENT] and detail["gold"] == [AGENT]
    assert detail["candidates"] == [AGENT, OTHER_AGENT] and detail["dropped"] == [OTHER_AGENT]
    assert detail["direct_hit"] is False
    assert exact_match(AGENT, [AGENT], "user_id").detail["direct_hit"] is True


def test_text_kind_compares_normalised():
    assert reward("The Quick, brown fox!", ["quick brown fox"], "text") == 1.0
    assert reward("a slow fox", ["quick brown fox"], "text") == 0.0
