"""Generated service-task instances: every gold answer reproduces through SOQL alone; generation is deterministic.

The committed catalog (`tasks/instances/<org>.jsonl`) refers to the default orgs (seed 1), which every build
reproduces exactly; the tests build them afresh in a temporary directory.
"""

from __future__ import annotations

from collections import Counter

import pytest

from crmtui.org.generate import build_org
from crmtui.org.generate.vocab import US_STATES
from crmtui.tasks.generate import DEFAULT_PER_TASK, generate_org, open_context
from crmtui.tasks.instances import dumps_instance, read_instances
from crmtui.tasks.oracles import ORACLES
from crmtui.tasks.oracles.service import run
from crmtui.tasks.oracles.windows import MONTHS
from crmtui.tasks.paths import instance_path
from crmtui.tasks.specs import load_specs

ORGS = ("original", "b2b", "b2c")
SERVICE = {"case_routing", "handle_time", "transfer_count", "named_entity_disambiguation",
           "policy_violation_identification", "knowledge_qa", "top_issue_identification",
           "monthly_trend_analysis", "best_region_identification"}


@pytest.fixture(scope="module")
def contexts(tmp_path_factory):
    root = tmp_path_factory.mktemp("default-orgs")
    return {org: open_context(org, build_org(org, seed=1, out=root / f"{org}.db").path) for org in ORGS}


@pytest.fixture(scope="module")
def committed():
    return {org: read_instances(instance_path(org)) for org in ORGS}


@pytest.mark.parametrize("org", ORGS)
def test_every_reference_solution_reproduces_its_gold(org, contexts, committed):
    ctx = contexts[org]
    instances = [i for i in committed[org] if i.task in SERVICE]
    assert instances
    for inst in instances:
        solution = inst.solution
        assert solution is not None and solution.queries, inst.id
        answer = ORACLES[solution.derive].derive(run(ctx, solution.queries), solution.params)
        assert answer == inst.answer == solution.answer, inst.id


@pytest.mark.parametrize("org", ORGS)
def test_regeneration_is_byte_identical(org, contexts):
    fresh = generate_org(org, load_specs(), ctx=contexts[org])
    assert [dumps_instance(i) for i in fresh] == instance_path(org).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("org", ORGS)
def test_counts_and_non_answerable_shares(org, committed):
    specs = {s.name: s for s in load_specs() if org in s.orgs}
    per_task = Counter(i.task for i in committed[org])
    unanswerable = Counter(i.task for i in committed[org] if not i.answerable)
    for task in SERVICE:
        assert per_task[task] == DEFAULT_PER_TASK[org], task
        assert unanswerable[task] == round(DEFAULT_PER_TASK[org] * specs[task].unanswerable_share), task
    ids = [i.id for i in committed[org]]
    assert len(ids) == len(set(ids))
    assert [i.idx for i in committed[org]] == list(range(len(ids)))


STATES = {code for code, _name, _cities in US_STATES}


@pytest.mark.parametrize("org", ORGS)
def test_answers_have_their_declared_kind(org, committed):
    prefixes = {"case_routing": "005", "handle_time": "005", "transfer_count": "005",
                "named_entity_disambiguation": "01t", "policy_violation_identification": "ka0",
                "top_issue_identification": "a1M" if org == "original" else "a03"}
    for inst in committed[org]:
        if inst.task not in SERVICE or not inst.answerable:
            continue
        (value,) = inst.answer
        if inst.task in prefixes:
            assert value.startswith(prefixes[inst.task]) and len(value) == 18, inst.id
        elif inst.task == "monthly_trend_analysis":
            assert value in MONTHS
        elif inst.task == "best_region_identification":
            assert value in STATES
        else:
            assert inst.task == "knowledge_qa" and value.strip()


def test_through_simple_salesforce_the_queries_return_the_same_records(contexts, committed, tmp_path):
    """An agent using simple-salesforce sees exactly what the oracle saw."""
    from crmtui.org.connect import connect

    ctx = contexts["b2b"]
    sf = connect(f"embedded:{ctx.backend.engine.path}")
    sample = [i for i in committed["b2b"] if i.task in SERVICE][::45]
    for inst in sample:
        for soql in inst.solution.queries:
            direct = run(ctx, [soql])[0]
            via_client = [{k: v for k, v in r.items() if k != "attributes"} for r in sf.query_all(soql)["records"]]
            assert via_client == direct, (inst.id, soql)
