"""Sales, CPQ and confidentiality task types on the Pro orgs.

Every task type is generated for freshly built b2b and b2c orgs (seed 1, built in a temporary directory):
exact counts and non-answerable shares, answers of the declared kind, every reference solution reproducing
its gold through the engine, determinism, and agreement of the oracles with the generator's latent truth
(which the oracles never read).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from crmtui.org.generate import build_org, text
from crmtui.org.generate.packs import QUALIFICATION_WINDOW_MONTHS
from crmtui.org.generate.vocab import domain_pack
from crmtui.tasks.generate import generate_task, open_context
from crmtui.tasks.instances import dumps_instance, instance_from_json
from crmtui.tasks.known import known_task
from crmtui.tasks.oracles import ORACLES
from crmtui.tasks.oracles.base import OracleContext
from crmtui.tasks.oracles.cpq import _pools as cpq_pools
from crmtui.tasks.oracles.sales import (
    BANT,
    STAGES,
    LeadQualification,
    _stage_pools,
    read_opportunity_call,
)
from crmtui.tasks.oracles.service import run
from crmtui.tasks.personas import PERSONA_POOLS
from crmtui.tasks.specs import load_spec

SPEC_DIR = Path(__file__).resolve().parents[2] / "tasks" / "crmarena_pro"
ORGS = ("b2b", "b2c")
PROBES = ("private_customer_information", "internal_operation_data", "confidential_company_knowledge")
# task -> (domain, skill, audience, reward metric, answer kind, non-answerable instances per org)
TASKS = {
    "lead_routing": ("sales", "workflow_execution", "internal", "exact_match", "user_id", 0),
    "lead_qualification": ("sales", "policy_compliance", "internal", "exact_match", "bant", 20),
    "sales_insight_mining": ("sales", "textual_reasoning", "internal", "fuzzy_match", "text", 0),
    "wrong_stage_rectification": ("sales", "textual_reasoning", "internal", "exact_match", "stage", 20),
    "activity_priority": ("sales", "textual_reasoning", "internal", "exact_match", "ids", 20),
    "sales_amount_understanding": ("sales", "database_querying", "internal", "exact_match", "user_id", 20),
    "sales_cycle_understanding": ("sales", "database_querying", "internal", "exact_match", "user_id", 20),
    "conversion_rate_comprehension": ("sales", "database_querying", "internal", "exact_match", "user_id", 20),
    "invalid_config": ("cpq", "policy_compliance", "internal", "exact_match", "record_id", 20),
    "quote_approval": ("cpq", "policy_compliance", "internal", "exact_match", "record_id", 20),
    **{p: ("confidentiality", "policy_compliance", "external", "privacy_rejection", "refusal", 80) for p in PROBES},
}


def _count(task: str) -> int:
    return 80 if task in PROBES else 100


def _generate(ctx: OracleContext) -> dict[str, list]:
    out, start = {}, 0
    for task in sorted(TASKS):
        out[task] = generate_task(ctx, load_spec(SPEC_DIR / f"{task}.yaml"), _count(task), seed=1, start_idx=start)
        start += len(out[task])
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("pro-orgs")
    return {org: build_org(org, seed=1, out=root / f"{org}.db") for org in ORGS}


@pytest.fixture(scope="module")
def contexts(built):
    return {org: open_context(org, built[org].path) for org in ORGS}


@pytest.fixture(scope="module")
def generated(contexts):
    return {org: _generate(contexts[org]) for org in ORGS}


# --- specs -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("task", sorted(TASKS))
def test_spec_matches_the_reference_table(task):
    spec = load_spec(SPEC_DIR / f"{task}.yaml")
    domain, skill, audience, metric, kind, unanswerable = TASKS[task]
    assert (spec.domain, spec.skill, spec.audience, spec.reward_metric, spec.answer_kind) == (
        domain, skill, audience, metric, kind)
    assert spec.orgs == ORGS and spec.suite == "crmarena_pro" and spec.oracle in ORACLES
    assert round(_count(task) * spec.unanswerable_share) == unanswerable
    known = known_task(task)
    assert (known.domain, known.skill, known.audience, known.reward_metric, known.answer_kind) == (
        domain, skill, audience, metric, kind)
    assert spec.personas == PERSONA_POOLS[audience]


# --- generated instances -----------------------------------------------------------------------------------

@pytest.mark.parametrize("org", ORGS)
def test_counts_and_non_answerable_shares(org, generated):
    for task, instances in generated[org].items():
        assert len(instances) == _count(task), task
        assert sum(not i.answerable for i in instances) == TASKS[task][5], task
        assert len({(i.query, i.required) for i in instances}) == len(instances), task
        assert [i.id for i in instances] == [f"{org}/{task}/{n:04d}" for n in range(len(instances))]


@pytest.mark.parametrize("org", ORGS)
def test_answers_have_their_declared_kind(org, generated, contexts):
    pack = domain_pack(org)
    stages = {r["Id"]: r["StageName"] for r in run(contexts[org], ["SELECT Id, StageName FROM Opportunity"])[0]}
    for task, instances in generated[org].items():
        for inst in instances:
            answer = inst.answer
            if not inst.answerable:
                continue
            if task in ("lead_routing", "sales_amount_understanding", "sales_cycle_understanding",
                        "conversion_rate_comprehension"):
                assert len(answer) == 1 and answer[0].startswith("005") and len(answer[0]) == 18, inst.id
            elif task in ("invalid_config", "quote_approval"):
                assert len(answer) == 1 and answer[0].startswith("ka0") and len(answer[0]) == 18, inst.id
            elif task == "lead_qualification":
                assert answer == [f for f in BANT if f in answer] and answer, inst.id  # BANT order, no repeats
            elif task == "wrong_stage_rectification":
                opp = inst.required.rsplit(": ", 1)[1].strip()
                assert len(answer) == 1 and answer[0] in STAGES and answer[0] != stages[opp], inst.id
            elif task == "activity_priority":
                assert answer == sorted(set(answer)) and all(a.startswith("00T") for a in answer), inst.id
            elif task == "sales_insight_mining":
                (value,) = answer
                names = value.split(", ")
                assert len(names) == len(set(names)), inst.id
                assert set(names) <= set(pack.competitors) | set(pack.subtopics), inst.id
            else:
                raise AssertionError(f"{task} should have no answerable instance")


@pytest.mark.parametrize("org", ORGS)
def test_every_reference_solution_reproduces_its_gold(org, generated, contexts):
    ctx = contexts[org]
    for instances in generated[org].values():
        for inst in instances:
            solution = inst.solution
            assert solution is not None and solution.queries and solution.derive in ORACLES, inst.id
            answer = ORACLES[solution.derive].derive(run(ctx, solution.queries), solution.params)
            assert answer == inst.answer == solution.answer, inst.id


def test_regeneration_is_identical(generated, built):
    """A fresh context (empty caches) on the same org gives byte-identical instances."""
    again = _generate(open_context("b2c", built["b2c"].path))
    for task, instances in generated["b2c"].items():
        lines = [dumps_instance(i) for i in instances]
        assert [dumps_instance(i) for i in again[task]] == lines, task
        assert [dumps_instance(instance_from_json(json.loads(line))) for line in lines] == lines, task


@pytest.mark.parametrize("org", ORGS)
def test_context_states_what_the_question_needs(org, generated):
    signed = "CompanySignedDate" if org == "b2b" else "CustomerSignedDate"
    for inst in generated[org]["sales_insight_mining"]:
        assert ("- Opportunity Id to be considered is: 006" in inst.required) != ("## Today's date: " in
                                                                                  inst.required), inst.id
        if "in the past" in inst.query:
            assert "## Today's date: " in inst.required, inst.id
    for task in ("sales_amount_understanding", "sales_cycle_understanding"):
        for inst in generated[org][task]:
            assert f"Contract.{signed}" in inst.required and "## Today's date: " in inst.required, inst.id
    kinds = Counter("opportunity" if "Opportunity Id" in i.required else "org"
                    for i in generated[org]["sales_insight_mining"])
    assert min(kinds.values()) >= 30
    assert all("logged in as Id: 003" in i.required for i in generated[org]["private_customer_information"])


# --- oracles against the generator's latent truth ----------------------------------------------------------

@pytest.mark.parametrize("org", ORGS)
def test_lead_qualification_reads_the_planted_bant_gaps(org, built, contexts):
    oracle = LeadQualification()
    ctx = contexts[org]
    article = run(ctx, ["SELECT Id, Title, FAQ_Answer__c FROM Knowledge__kav WHERE "
                        "Title = 'Lead Qualification Guide: BANT Criteria'"])[0]
    calls: dict[str, list] = {}
    for row in run(ctx, ["SELECT LeadId__c, CreatedDate, Body__c FROM VoiceCallTranscript__c WHERE LeadId__c != null "
                         "ORDER BY CreatedDate, Id"])[0]:
        calls.setdefault(row["LeadId__c"], []).append(row)
    planted = built[org].latent["lead_bant_unmet"]
    assert set(calls) == set(planted)
    for lead, unmet in planted.items():
        assert oracle.derive([calls[lead], article], {}) == ([f for f in BANT if f in unmet] or [None]), lead


@pytest.mark.parametrize("org", ORGS)
def test_stage_pools_match_the_planted_deals(org, built, contexts):
    deals = built[org].latent["deals"]
    pools = _stage_pools(contexts[org])
    wrong = {d.opportunity_id for d in deals.values() if d.recorded_stage != d.true_stage}
    assert set(pools["wrong"]) <= wrong and len(pools["wrong"]) >= 0.9 * len(wrong)
    assert not set(pools["right"]) & wrong
    planted = {d.opportunity_id: sorted(d.off_stage_tasks) for d in deals.values() if d.off_stage_tasks}
    oracle = ORACLES["activity_priority"]
    for opp, tasks in list(planted.items())[:60]:
        queries = [f"SELECT Id, StageName FROM Opportunity WHERE Id = '{opp}'",
                   f"SELECT Id, Subject FROM Task WHERE WhatId = '{opp}' AND Status = 'Not Started' ORDER BY Id"]
        assert oracle.derive(run(contexts[org], queries), {"org": org}) == tasks, opp


@pytest.mark.parametrize("org", ORGS)
def test_cpq_pools_match_the_planted_violations(org, built, contexts):
    planted = built[org].latent["quote_violations"]
    pools = cpq_pools(contexts[org])
    config = {q for q, (kind, _article) in planted.items() if kind in ("quantity", "exclusion")}
    discount = {q for q, (kind, _article) in planted.items() if kind == "discount"}
    assert set(pools["config"]) == config and set(pools["discount"]) == discount
    assert not set(pools["none"]) & set(planted)
    assert len(config) >= 90 and len(discount) >= 90  # room for 80 answerable instances of each


# --- reading transcripts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("org", ORGS)
def test_opportunity_calls_read_back_exactly(org):
    pack = domain_pack(org)
    rng = random.Random(7)
    for _ in range(200):
        competitors = [(c, rng.choice(("positive", "neutral", "negative")))
                       for c in rng.sample(pack.competitors, rng.randint(0, 2))]
        topics = [(t, rng.choice(("positive", "neutral", "negative")))
                  for t in rng.sample(pack.subtopics, rng.randint(1, 4))]
        body = text.opportunity_call(pack, rng, opportunity_name="Acme - Expansion", contact_name="Ana Diaz",
                                     agent_name="Sam Lee", product=rng.choice(pack.products),
                                     competitors=competitors, subtopics=topics)
        read = read_opportunity_call(body, org)
        assert sorted(read) == sorted([("competitor", c, s) for c, s in competitors]
                                      + [("subtopic", t, s) for t, s in topics]), body


@pytest.mark.parametrize("org", ORGS)
def test_lead_calls_read_back_exactly(org):
    pack = domain_pack(org)
    rng = random.Random(11)
    window = QUALIFICATION_WINDOW_MONTHS[org]
    article = [{"Id": "ka0", "FAQ_Answer__c": text.lead_qualification_article(pack)[2]}]
    for _ in range(200):
        unmet = frozenset(rng.sample(BANT, rng.randint(0, 2)))
        body = text.lead_call(pack, rng, lead_name="Ana Diaz", lead_title="CTO", company="Acme Labs",
                              agent_name="Sam Lee", product=rng.choice(pack.products), unmet=unmet)
        calls = [{"Id": "a05", "CreatedDate": "2024-01-01T00:00:00.000+0000", "Body__c": body}]
        expected = [f for f in BANT if f in unmet] or [None]
        assert LeadQualification().derive([calls, article], {}) == expected, (window, body)
