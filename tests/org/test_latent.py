"""Each latent variable of the generator is present and detectable by querying the dump.

The generator keeps its hidden draws in BuildResult.latent; these tests check that the structure they
plant shows up in the records, found with SQL alone, as a task oracle would find it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

import pytest

from crmtui.org.generate.vocab import STAGES

from .conftest import spearman


def _hours(a: str, b: str) -> float:
    fmt = "%Y-%m-%dT%H:%M:%S.000+0000"
    return (datetime.strptime(b, fmt) - datetime.strptime(a, fmt)).total_seconds() / 3600


def _untransferred_closed(org):
    return org.rows(
        'SELECT c.Id, c.OwnerId, c.CreatedDate, c.ClosedDate FROM "Case" c WHERE c.Status = \'Closed\' AND '
        "(SELECT COUNT(*) FROM CaseHistory__c h WHERE h.CaseId__c = c.Id AND h.Field__c = 'Owner Assignment') = 1")


def test_issue_experts_close_the_most_cases(any_org):
    """case_routing: per issue, one agent has clearly closed the most cases, and it is the top expert."""
    experts = any_org.latent["issue_experts"]
    closed = Counter(any_org.rows("SELECT IssueId__c, OwnerId FROM \"Case\" WHERE Status = 'Closed'"))
    by_issue = defaultdict(list)
    for (issue, owner), n in closed.items():
        by_issue[issue].append((n, owner))
    top_is_expert = 0
    for issue, counts in by_issue.items():
        counts.sort(reverse=True)
        top_is_expert += counts[0][1] == experts[issue][0][0]
    assert top_is_expert >= 0.7 * len(by_issue)


def test_handle_time_follows_agent_propensity(original):
    """handle_time: mean hours of non-transferred closed cases ranks agents as their handle factor does."""
    per_agent = defaultdict(list)
    for _id, owner, created, closed in _untransferred_closed(original):
        per_agent[owner].append(_hours(created, closed))
    agents = original.latent["agents"]
    rows = [(sum(v) / len(v), agents[a].handle_factor) for a, v in per_agent.items() if len(v) >= 4]
    assert len(rows) >= 20
    assert spearman([r[0] for r in rows], [r[1] for r in rows]) > 0.5


def test_transfers_follow_agent_propensity(original):
    """transfer_count: agents transfer (OldValue__c of an assignment) in line with their transfer rate."""
    transfers = Counter(r[0] for r in original.rows(
        "SELECT OldValue__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND OldValue__c IS NOT NULL"))
    first = Counter(r[0] for r in original.rows(
        "SELECT NewValue__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND OldValue__c IS NULL"))
    agents = original.latent["agents"]
    rows = [(transfers[a] / n, agents[a].transfer_rate) for a, n in first.items() if n >= 5]
    assert sum(transfers.values()) > 50
    assert spearman([r[0] for r in rows], [r[1] for r in rows]) > 0.4


def test_products_have_a_dominant_issue(any_org):
    """top_issue_identification: a product's most reported issue is its latent dominant issue."""
    issue_ids = [r[0] for r in any_org.rows("SELECT Id FROM Issue__c ORDER BY Id")]
    products = any_org.latent["products"]
    counts = defaultdict(Counter)
    for product, issue in any_org.rows(
            'SELECT oi.Product2Id, c.IssueId__c FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c'):
        counts[product][issue] += 1
    busy = sorted(counts, key=lambda p: -sum(counts[p].values()))[:8]
    hits = 0
    for product in busy:
        weights = products[product].issue_weights
        dominant = issue_ids[weights.index(max(weights))] if len(issue_ids) == len(weights) else None
        hits += counts[product].most_common(1)[0][0] == dominant
    assert hits >= 6


def test_products_have_a_peak_month(any_org):
    """monthly_trend_analysis: a product's busiest calendar month is its latent peak month."""
    counts = defaultdict(Counter)
    for product, created in any_org.rows(
            'SELECT oi.Product2Id, c.CreatedDate FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c'):
        counts[product][int(created[5:7])] += 1
    busy = sorted(counts, key=lambda p: -sum(counts[p].values()))[:8]
    hits = sum(counts[p].most_common(1)[0][0] == any_org.latent["products"][p].peak_month for p in busy)
    assert hits >= 6


def test_regional_closure_speed(original):
    """best_region_identification: mean closure time per shipping state follows the state's speed."""
    per_state = defaultdict(list)
    for state, created, closed in original.rows(
            'SELECT a.ShippingState, c.CreatedDate, c.ClosedDate FROM "Case" c JOIN Account a ON a.Id = c.AccountId '
            "WHERE c.Status = 'Closed'"):
        per_state[state].append(_hours(created, closed))
    speed = original.latent["state_speed"]
    rows = [(sum(v) / len(v), speed[s]) for s, v in per_state.items() if len(v) >= 10]
    assert len(rows) >= 10
    assert spearman([r[0] for r in rows], [r[1] for r in rows]) > 0.5


def test_customers_buy_several_products_of_a_family(original):
    """named_entity_disambiguation: purchase histories hold near-namesakes bought on different dates."""
    family = {p: spec.spec.family for p, spec in original.latent["products"].items()}
    per_account = defaultdict(lambda: defaultdict(set))
    for account, product in original.rows(
            'SELECT o.AccountId, oi.Product2Id FROM OrderItem oi JOIN "Order" o ON o.Id = oi.OrderId'):
        per_account[account][family[product]].add(product)
    with_namesakes = sum(any(len(v) >= 2 for v in fams.values()) for fams in per_account.values())
    assert with_namesakes >= 0.8 * len(per_account)


def test_policy_violations_are_written_down(any_org):
    """policy_violation_identification: a violating case's chat or emails carry the broken policy's line."""
    violations = any_org.latent["policy_violations"]
    assert len(violations) >= 0.2 * any_org.value('SELECT COUNT(*) FROM "Case"')
    titles = dict(any_org.rows("SELECT Id, Title FROM Knowledge__kav"))
    from crmtui.org.generate.vocab import domain_pack

    policies = {p.title: p for p in domain_pack(any_org.result.kind).service_policies}
    for case_id, article in list(violations.items())[:40]:
        policy = policies[titles[article]]
        texts = [r[0] for r in any_org.rows("SELECT Body FROM LiveChatTranscript WHERE CaseId = ?", case_id)]
        texts += [r[0] for r in any_org.rows("SELECT TextBody FROM EmailMessage WHERE ParentId = ?", case_id)]
        stems = [v.split("{")[0][:25] for v in policy.violations]
        assert any(stem and stem in t for t in texts for stem in stems), case_id


def test_territories_partition_states_and_have_sellers(b2b):
    """lead_routing: every state is in exactly one territory; every territory has sellers."""
    states = []
    for (desc,) in b2b.rows("SELECT Description FROM Territory2"):
        states += desc.split(",")
    assert len(states) == len(set(states)) == 51
    members = b2b.rows("SELECT Territory2Id, COUNT(*) FROM UserTerritory2Association GROUP BY Territory2Id")
    assert len(members) == 10 and min(n for _, n in members) >= 10


def test_quote_acceptance_follows_seller_propensity(b2c):
    """lead_routing: sellers' accepted quotes track their acceptance rate (per opportunity owned)."""
    accepted = Counter(r[0] for r in b2c.rows(
        "SELECT o.OwnerId FROM Quote q JOIN Opportunity o ON o.Id = q.OpportunityId WHERE q.Status = 'Accepted'"))
    owned = Counter(r[0] for r in b2c.rows("SELECT OwnerId FROM Opportunity"))
    agents = b2c.latent["agents"]
    rows = [(accepted[a] / n, agents[a].acceptance_rate) for a, n in owned.items() if n >= 8]
    assert spearman([r[0] for r in rows], [r[1] for r in rows]) > 0.4


@pytest.mark.parametrize("kind", ["b2b"])
def test_lead_conversion_follows_seller_propensity(org_factory, kind):
    """conversion_rate_comprehension: per-owner conversion ratio tracks the owner's conversion rate."""
    org = org_factory(kind)
    rows = org.rows("SELECT OwnerId, AVG(IsConverted), COUNT(*) FROM Lead GROUP BY OwnerId HAVING COUNT(*) >= 6")
    agents = org.latent["agents"]
    assert spearman([r[1] for r in rows], [agents[r[0]].conversion_rate for r in rows]) > 0.6


def test_deal_size_follows_seller_propensity(b2c):
    """sales_amount_understanding: quantities a seller sells track the seller's deal factor."""
    rows = b2c.rows("SELECT o.OwnerId, AVG(l.Quantity) FROM OpportunityLineItem l JOIN Opportunity o "
                    "ON o.Id = l.OpportunityId GROUP BY o.OwnerId HAVING COUNT(*) >= 30")
    agents = b2c.latent["agents"]
    assert spearman([r[1] for r in rows], [agents[r[0]].deal_factor for r in rows]) > 0.6


def test_sales_cycle_follows_seller_propensity(b2b):
    """sales_cycle_understanding: days from opportunity creation to company signature track cycle_days."""
    rows = b2b.rows("SELECT o.OwnerId, AVG(julianday(c.CompanySignedDate) - julianday(substr(o.CreatedDate, 1, 10))) "
                    "FROM Opportunity o JOIN Contract c ON c.Id = o.ContractID__c GROUP BY o.OwnerId")
    agents = b2b.latent["agents"]
    assert len(rows) >= 40
    assert spearman([r[1] for r in rows], [agents[r[0]].cycle_days for r in rows]) > 0.7


def test_bant_leads_have_calls_and_titles_match_authority(b2b):
    """lead_qualification: each lead with a BANT profile has a call; Authority gaps show in the title."""
    from crmtui.org.generate.vocab import DECISION_TITLES, INFLUENCER_TITLES

    unmet = b2b.latent["lead_bant_unmet"]
    called = {r[0] for r in b2b.rows(
        "SELECT DISTINCT LeadId__c FROM VoiceCallTranscript__c WHERE LeadId__c IS NOT NULL")}
    assert set(unmet) == called
    titles = dict(b2b.rows("SELECT Id, Title FROM Lead"))
    for lead, factors in unmet.items():
        assert titles[lead] in (INFLUENCER_TITLES if "Authority" in factors else DECISION_TITLES)
    shapes = Counter(len(f) for f in unmet.values())
    assert shapes[0] and shapes[1] and shapes[2]


def test_competitor_mentions_follow_the_era(b2b):
    """sales_insight_mining: each year's most mentioned competitor is that year's latent favourite."""
    from crmtui.org.generate.vocab import domain_pack

    competitors = domain_pack("b2b").competitors
    eras = b2b.latent["competitor_eras"]
    start_year = int(b2b.value("SELECT MIN(substr(CreatedDate, 1, 4)) FROM VoiceCallTranscript__c"))
    hits = 0
    for offset, weights in enumerate(eras):
        year = str(start_year + offset)
        counts = {c: b2b.value("SELECT COUNT(*) FROM VoiceCallTranscript__c WHERE OpportunityId__c IS NOT NULL "
                               "AND substr(CreatedDate, 1, 4) = ? AND instr(Body__c, ?) > 0", year, c)
                  for c in competitors}
        if sum(counts.values()) < 30:
            continue
        hits += max(counts, key=counts.get) == competitors[weights.index(max(weights))]
    assert hits >= 3


def _stage_of(subject: str, stage_tasks) -> str:
    return next(s for s in STAGES if subject in stage_tasks[s])


def test_wrong_stage_opportunities(b2c):
    """wrong_stage_rectification: tasks of a wrong-stage opportunity all point at one other stage."""
    from crmtui.org.generate.vocab import domain_pack

    stage_tasks = domain_pack("b2c").stage_tasks
    deals = b2c.latent["deals"]
    wrong = [dl for dl in deals.values() if dl.recorded_stage != dl.true_stage]
    assert 0.05 * len(deals) <= len(wrong) <= 0.15 * len(deals)
    for deal in wrong[:100]:
        stage = b2c.value("SELECT StageName FROM Opportunity WHERE Id = ?", deal.opportunity_id)
        subjects = [r[0] for r in b2c.rows("SELECT Subject FROM Task WHERE WhatId = ?", deal.opportunity_id)]
        indicated = {_stage_of(s, stage_tasks) for s in subjects}
        assert stage == deal.recorded_stage and indicated == {deal.true_stage}


def test_off_stage_not_started_tasks(b2c):
    """activity_priority: 'Not Started' tasks whose subject belongs to another stage are the planted ones."""
    from crmtui.org.generate.vocab import domain_pack

    stage_tasks = domain_pack("b2c").stage_tasks
    planted = {dl.opportunity_id: set(dl.off_stage_tasks) for dl in b2c.latent["deals"].values() if dl.off_stage_tasks}
    assert len(planted) >= 100
    for opp, task_ids in list(planted.items())[:100]:
        stage = b2c.value("SELECT StageName FROM Opportunity WHERE Id = ?", opp)
        found = {r[0] for r in b2c.rows("SELECT Id, Subject FROM Task WHERE WhatId = ? AND Status = 'Not Started'", opp)
                 if _stage_of(r[1], stage_tasks) != stage}
        assert found == task_ids and 4 <= len(found) <= 7


def _quote_breaks(org, quote_id: str) -> list[str]:
    """Article Ids of every CPQ rule the quote's lines break, found from QuoteLineItem rows."""
    cpq = org.latent["cpq"]
    lines = org.rows("SELECT Product2Id, Quantity, Discount FROM QuoteLineItem WHERE QuoteId = ?", quote_id)
    broken = []
    products = {p for p, _, _ in lines}
    for product, qty, disc in lines:
        limit = cpq.quantity_limits.get(product)
        if limit and qty > limit[0]:
            broken.append(limit[1])
        allowed = cpq.max_discount(product, qty)
        if allowed is not None and disc > allowed:
            broken.append(cpq.volume_tiers[product][1])
    for a, b, article in cpq.exclusions:
        if a in products and b in products:
            broken.append(article)
    return broken


def test_cpq_violations_are_unique_and_only_where_planted(b2b):
    """invalid_config / quote_approval: planted quotes break exactly one rule, every other quote none."""
    planted = b2b.latent["quote_violations"]
    assert len(planted) >= 60
    kinds = Counter(kind for kind, _ in planted.values())
    assert set(kinds) == {"quantity", "exclusion", "discount"}
    for (quote_id,) in b2b.rows("SELECT Id FROM Quote"):
        broken = _quote_breaks(b2b, quote_id)
        if quote_id in planted:
            assert broken == [planted[quote_id][1]], quote_id
        else:
            assert broken == [], quote_id
    article_titles = {r[0] for r in b2b.rows("SELECT Title FROM Knowledge__kav")}
    assert len(article_titles) == b2b.value("SELECT COUNT(*) FROM Knowledge__kav")
