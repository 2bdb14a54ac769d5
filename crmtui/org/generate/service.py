"""Customer service: purchase histories (original org), cases with owner history, emails and chats."""

from __future__ import annotations

import bisect
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from crmtui.org.generate import text
from crmtui.org.generate.catalog import Catalog, Product
from crmtui.org.generate.context import Build, d, dt
from crmtui.org.generate.knowledge import Knowledge
from crmtui.org.generate.people import AgentProfile, Customer
from crmtui.org.generate.vocab import IssueSpec, ServicePolicy

OPEN_STATUSES = ("New", "Working", "Escalated", "Waiting on Customer")
PRIORITIES = ("Low", "Medium", "High", "Critical")
CHANNELS = ("Email", "Phone", "Web")


@dataclass
class Purchase:
    """One order item with what a case needs to refer to it."""

    item_id: str
    product: Product
    account_id: str
    when: datetime


def make_purchase_history(b: Build, customers: list[Customer], catalog: Catalog) -> list[Purchase]:
    """Orders of the original org's person accounts, shaped by each customer's shopping habit.

    Customers favour a few product families and buy several products of the same family over time,
    so "the leggings I bought two weeks ago" needs the purchase date to resolve
    (named_entity_disambiguation).
    """
    rng = b.rng("orders")
    by_family: dict[str, list[Product]] = defaultdict(list)
    for p in catalog.products:
        by_family[p.spec.family].append(p)
    popularity = [p.case_weight for p in catalog.products]
    n_orders, n_items = b.sizes.orders, b.sizes.order_items
    mean_items = n_items / n_orders
    purchases: list[Purchase] = []
    span = (b.now - b.start).total_seconds()
    for _ in range(n_orders):
        cust = rng.choice(customers)
        when = b.start + timedelta(seconds=rng.random() * span)
        when = b.business_time(rng, when)
        if when > b.now:
            when = b.now - timedelta(hours=1)
        book = catalog.book_for(when)
        recent = (b.now - when).days < 7
        order = b.add("Order", {"AccountId": cust.account_id, "Status": "Draft" if recent else "Activated",
                                "EffectiveDate": d(when), "Pricebook2Id": book})
        count = max(1, min(8, round(rng.gauss(mean_items, 1.4))))
        chosen: set[str] = set()
        for _ in range(count):
            if rng.random() < 0.6 and cust.favourite_families:
                product = rng.choice(by_family[rng.choice(cust.favourite_families)])
            else:
                product = rng.choices(catalog.products, popularity)[0]
            if product.id in chosen:
                continue
            chosen.add(product.id)
            entry = product.entry_ids.get(book) or product.entry_ids[catalog.standard_book]
            price = product.prices.get(book) or product.prices[catalog.standard_book]
            item = b.add("OrderItem", {"OrderId": order["Id"], "Product2Id": product.id,
                                       "Quantity": float(rng.choice((1, 1, 1, 1, 2, 2, 3))), "UnitPrice": price,
                                       "PricebookEntryId": entry})
            purchases.append(Purchase(item["Id"], product, cust.account_id, when))
    return purchases


def _experts(b: Build, agents: list[AgentProfile], catalog: Catalog) -> dict[str, list[tuple[str, float]]]:
    """Issue skill: each issue has a few experts with clearly unequal skill (case_routing)."""
    rng = b.rng("skills")
    experts = {}
    for issue_id, _spec in catalog.issues:
        chosen = rng.sample(agents, 3)
        experts[issue_id] = [(chosen[0].user_id, rng.uniform(8.0, 10.0)),
                             (chosen[1].user_id, rng.uniform(2.0, 3.0)),
                             (chosen[2].user_id, rng.uniform(0.8, 1.2))]
    b.latent["issue_experts"] = experts
    return experts


def make_cases(b: Build, customers: list[Customer], catalog: Catalog, knowledge: Knowledge,
               purchases: list[Purchase]) -> None:
    """Cases, their CaseHistory__c trail, email threads and live chats."""
    rng = b.rng("cases")
    agents = [a for a in b.latent["agents"].values() if a.service]
    experts = _experts(b, agents, catalog)
    issue_hours = {issue_id: rng.uniform(8.0, 60.0) for issue_id, _ in catalog.issues}
    states = sorted({c.state for c in customers})
    srng = b.rng("regions")
    state_speed = {s: srng.choice((0.45, 0.6, 0.75, 0.9, 1.0, 1.15, 1.3, 1.6, 2.0)) for s in states}
    b.latent["state_speed"] = state_speed
    by_account = defaultdict(list)
    for c in customers:
        by_account[c.account_id].append(c)
    purchases_by_product: dict[str, list[Purchase]] = defaultdict(list)
    for p in sorted(purchases, key=lambda p: p.when):
        purchases_by_product[p.product.id].append(p)
    products = [p for p in catalog.products if purchases_by_product[p.id]]
    weights = [p.case_weight for p in products]
    agent_names = {a.user_id: a.name for a in b.latent["agents"].values()}
    agent_emails = {u["Id"]: u["Email"] for u in b.tables["User"]}
    issues = dict(catalog.issues)
    issue_ids = [i for i, _ in catalog.issues]
    violations: dict[str, str] = {}
    for _ in range(b.sizes.cases):
        product = rng.choices(products, weights)[0]
        created = _case_time(b, rng, product)
        bought = purchases_by_product[product.id]
        times = [p.when for p in bought]
        pos = bisect.bisect_right(times, created)
        if pos == 0:
            purchase = bought[0]
            created = min(purchase.when + timedelta(days=rng.randint(2, 60)), b.now - timedelta(hours=2))
        else:
            purchase = bought[rng.randrange(max(0, pos - 4), pos)]
        created = b.business_time(rng, created) if created < b.now - timedelta(days=1) else created
        customer = rng.choice(by_account[purchase.account_id])
        issue_id = rng.choices(issue_ids, product.issue_weights)[0]
        issue = issues[issue_id]
        owners = _assign(rng, agents, experts[issue_id], b.latent["agents"])
        final = b.latent["agents"][owners[-1]]
        hours = issue_hours[issue_id] * final.handle_factor * state_speed[customer.state]
        hours *= rng.lognormvariate(0.0, 0.3)
        closed_at = created + timedelta(hours=hours)
        recent = (b.now - created).days < 45
        is_closed = closed_at < b.now and not (recent and rng.random() < 0.35) and rng.random() > 0.03
        subject, description = text.case_text(b.pack, rng, issue=issue, product=product.spec,
                                              customer_first=customer.first)
        has_chat = rng.random() < b.sizes.chat_share
        row = {"Priority": rng.choices(PRIORITIES, (3, 5, 3, 1))[0], "Subject": subject,
               "Description": description, "Status": "Closed" if is_closed else rng.choice(OPEN_STATUSES),
               "ContactId": customer.contact_id, "AccountId": customer.account_id, "OwnerId": owners[-1],
               "CreatedDate": dt(created), "ClosedDate": dt(closed_at) if is_closed else None,
               "OrderItemId__c": purchase.item_id, "IssueId__c": issue_id}
        if b.has("Case", "Channel"):
            row["Channel"] = "Chat" if has_chat else rng.choice(CHANNELS)
        case = b.add("Case", row)
        end = closed_at if is_closed else b.now
        _history(b, rng, case["Id"], owners, created, end, is_closed)
        policy = None
        if rng.random() < 0.3:
            article_id, policy = rng.choice(knowledge.policies)
            violations[case["Id"]] = article_id
        if has_chat:
            _chat(b, rng, case, customer, issue, product, owners[0], agent_names, created, end,
                  policy)
        _emails(b, rng, case, customer, issue, product, owners, agent_names, agent_emails, created, end,
                None if has_chat else policy)
    b.latent["policy_violations"] = violations


def _case_time(b: Build, rng: random.Random, product: Product) -> datetime:
    """Creation time with the product's seasonality: a share of its cases fall in its peak month."""
    if rng.random() < 0.6:
        for _ in range(10):
            year = rng.randint(b.start.year, b.now.year)
            day = datetime(year, product.peak_month, rng.randint(1, 28), tzinfo=b.now.tzinfo)
            if b.start <= day < b.now - timedelta(days=1):
                return day
    return b.random_time(rng, b.start, b.now - timedelta(hours=3))


def _assign(rng: random.Random, agents: list[AgentProfile], experts: list[tuple[str, float]],
            profiles: dict[str, AgentProfile]) -> list[str]:
    """The owners of a case in order: agents outside the issue's experts tend to transfer it to one."""
    expert_ids = [e for e, _ in experts]
    expert_weights = [w for _, w in experts]
    first = rng.choices(expert_ids, expert_weights)[0] if rng.random() < 0.55 else rng.choice(agents).user_id
    owners = [first]
    current = profiles[first]
    for _ in range(2):
        rate = current.transfer_rate * (0.08 if current.user_id in expert_ids else 1.0)
        if rng.random() >= rate:
            break
        nxt = rng.choices(expert_ids, expert_weights)[0]
        if nxt == current.user_id:
            break
        owners.append(nxt)
        current = profiles[nxt]
    return owners


def _history(b: Build, rng: random.Random, case_id: str, owners: list[str], created: datetime, end: datetime,
             closed: bool) -> None:
    """'Case Creation', one 'Owner Assignment' per owner (Old -> New), and 'Case Closed'.

    Pro orgs log 'Case Creation' only for cases customers opened themselves (web and email), not for
    cases an agent opened during a call: this matches their published history size (~2.6 rows a case).
    """
    if b.kind == "original" or rng.random() < 0.45:
        b.add("CaseHistory__c", {"CaseId__c": case_id, "CreatedDate": dt(created), "Field__c": "Case Creation",
                                 "OldValue__c": None, "NewValue__c": None})
    span = (end - created).total_seconds()
    at = created + timedelta(seconds=min(span * 0.05, rng.randint(60, 1800)))
    previous = None
    for i, owner in enumerate(owners):
        if i:
            at = created + timedelta(seconds=span * (0.15 + 0.5 * i / len(owners)) * rng.uniform(0.6, 1.0))
        b.add("CaseHistory__c", {"CaseId__c": case_id, "CreatedDate": dt(at), "Field__c": "Owner Assignment",
                                 "OldValue__c": previous, "NewValue__c": owner})
        previous = owner
    if closed:
        b.add("CaseHistory__c", {"CaseId__c": case_id, "CreatedDate": dt(end), "Field__c": "Case Closed",
                                 "OldValue__c": None, "NewValue__c": None})


def _chat(b: Build, rng: random.Random, case: dict, customer: Customer, issue: IssueSpec, product: Product,
          agent_id: str, agent_names: dict[str, str], created: datetime, end: datetime,
          policy: ServicePolicy | None) -> None:
    start = created + timedelta(minutes=rng.randint(1, 30))
    start = min(start, end)
    body = text.chat_transcript(b.pack, rng, issue=issue, product=product.spec, customer_name=customer.name,
                                agent_name=agent_names[agent_id], violation=policy)
    b.add("LiveChatTranscript", {"CaseId": case["Id"], "AccountId": customer.account_id,
                                 "ContactId": customer.contact_id, "OwnerId": agent_id, "Body": body,
                                 "EndTime": dt(start + timedelta(minutes=rng.randint(4, 35))),
                                 "LiveChatVisitorId": b.ids.new("571")})


def _emails(b: Build, rng: random.Random, case: dict, customer: Customer, issue: IssueSpec, product: Product,
            owners: list[str], agent_names: dict[str, str], agent_emails: dict[str, str], created: datetime,
            end: datetime, policy: ServicePolicy | None) -> None:
    mean = b.sizes.case_emails_per_case
    count = max(1, min(8, round(rng.gauss(mean, 1.2))))
    if policy is not None:
        count = max(count, 2)
    span = max(60.0, (end - created).total_seconds())
    times = sorted(created + timedelta(seconds=span * rng.random()) for _ in range(count))
    violated = False
    for pos, when in enumerate(times):
        from_customer = pos % 2 == 0
        agent = owners[min(len(owners) - 1, pos // 2)]
        bad = policy if (policy is not None and not from_customer and not violated) else None
        violated = violated or bad is not None
        subject, body = text.case_email(b.pack, rng, issue=issue, product=product.spec,
                                        customer_name=customer.name, agent_name=agent_names[agent],
                                        from_customer=from_customer, position=pos, violation=bad)
        row = {"Subject": subject, "TextBody": body, "ParentId": case["Id"],
               "FromAddress": customer.email if from_customer else agent_emails[agent],
               "ToIds": agent if from_customer else customer.contact_id, "MessageDate": dt(when)}
        if b.has("EmailMessage", "RelatedToId"):
            row["RelatedToId"] = case["Id"]
        b.add("EmailMessage", row)
