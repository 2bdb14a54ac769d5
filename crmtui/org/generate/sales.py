"""Sales and CPQ (Pro orgs): territories, leads, opportunities, quotes, contracts, orders, activities, calls."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from crmtui.org.generate import text
from crmtui.org.generate.catalog import Catalog, Product
from crmtui.org.generate.context import Build, d, dt
from crmtui.org.generate.knowledge import Knowledge
from crmtui.org.generate.people import AgentProfile, Customer
from crmtui.org.generate.service import Purchase
from crmtui.org.generate.vocab import BANT, DECISION_TITLES, INFLUENCER_TITLES, SENTIMENTS, STAGES

REGIONS = (
    ("Pacific Northwest", "WA,OR,ID,AK,MT"),
    ("California and Hawaii", "CA,HI,NV"),
    ("Mountain West", "UT,CO,WY,AZ,NM"),
    ("Great Plains", "ND,SD,NE,KS,OK"),
    ("Texas and Gulf", "TX,LA,AR,MS"),
    ("Upper Midwest", "MN,WI,IA,MI"),
    ("Central Midwest", "IL,IN,OH,MO,KY"),
    ("Southeast", "FL,GA,AL,SC,TN"),
    ("Mid-Atlantic", "NY,NJ,PA,DE,MD,DC,VA,WV,NC"),
    ("New England", "MA,CT,RI,VT,NH,ME"),
)
PROBABILITY = {"Qualification": 10.0, "Discovery": 25.0, "Quote": 50.0, "Negotiation": 75.0, "Closed": 100.0}
OPEN_LEAD_STATUSES = ("New", "Contacted", "Qualified", "Proposal", "Negotiation")
TASK_PRIORITIES = ("Low", "Medium", "High", "Urgent")
# Extra CPQ breaks (quantity or discount) planted on deals at Quote/Negotiation that the main draw left
# compliant, from their own random stream so the rest of the org is unchanged: enough quotes for
# invalid_config and quote_approval (80 answerable instances each) in both Pro orgs.
EXTRA_VIOLATION_RATE = {"b2b": 0.3, "b2c": 0.0}


@dataclass
class Deal:
    """Latent facts about one opportunity that tasks read back."""

    opportunity_id: str
    recorded_stage: str
    true_stage: str
    off_stage_tasks: list[str] = field(default_factory=list)


def make_territories(b: Build, sellers: list[AgentProfile]) -> None:
    """Territories with their states; every seller works one territory, a few two (lead_routing)."""
    rng = b.rng("territories")
    territory_ids = [b.add("Territory2", {"Name": name, "Description": states})["Id"]
                     for name, states in REGIONS[: b.sizes.territories]]
    members: dict[str, list[str]] = defaultdict(list)
    for i, seller in enumerate(sellers):
        homes = [territory_ids[i % len(territory_ids)]]
        if rng.random() < 0.06:
            homes.append(rng.choice([t for t in territory_ids if t != homes[0]]))
        for t in homes:
            b.add("UserTerritory2Association", {"Territory2Id": t, "UserId": seller.user_id})
            members[t].append(seller.user_id)
    b.latent["territory_members"] = dict(members)


def make_leads(b: Build, sellers: list[AgentProfile], customers: list[Customer], catalog: Catalog) -> None:
    """Leads with per-owner conversion propensity and BANT signals in their calls (lead_qualification)."""
    rng = b.rng("leads")
    from crmtui.org.generate.vocab import COMPANY_WORDS, FIRST_NAMES, LAST_NAMES

    bant: dict[str, frozenset[str]] = {}
    for _ in range(b.sizes.lead_count):
        owner = rng.choice(sellers)
        created = b.business_time(rng, b.random_time(rng, b.start, b.now - timedelta(days=1)))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        converted_at = created + timedelta(days=rng.expovariate(1 / 21))
        converted = rng.random() < owner.conversion_rate and converted_at < b.now
        company = f"{rng.choice(COMPANY_WORDS)} {rng.choice(('Labs', 'Systems', 'Group', 'Works', 'Co.'))}"
        unmet = _bant_unmet(rng)
        title = rng.choice(INFLUENCER_TITLES if "Authority" in unmet else DECISION_TITLES)
        row = {"FirstName": first, "LastName": last, "Name": f"{first} {last}",
               "Email": f"{first[:1].lower()}{last.lower()}@example.{rng.choice(('com', 'net', 'io'))}",
               "Phone": f"({rng.randint(201, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}",
               "OwnerId": owner.user_id, "CreatedDate": dt(created), "IsConverted": int(converted)}
        if b.has("Lead", "Company"):
            row["Company"] = company
            row["Title"] = title
        if converted:
            cust = rng.choice(customers)
            row.update({"Status": "Closed", "ConvertedDate": d(converted_at),
                        "ConvertedAccountId": cust.account_id, "ConvertedContactId": cust.contact_id})
        elif (b.now - created).days > 180 and rng.random() < 0.4:
            row["Status"] = "Closed"
        else:
            row["Status"] = rng.choice(OPEN_LEAD_STATUSES)
        lead = b.add("Lead", row)
        if rng.random() < min(0.95, b.sizes.calls_per_lead / 1.35):
            bant[lead["Id"]] = unmet
            product = rng.choice(catalog.products).spec
            first_call = min(created + timedelta(days=rng.randint(1, 20), minutes=rng.randrange(600)),
                             b.now - timedelta(hours=2))
            calls = [first_call]
            if rng.random() < 0.3 and first_call + timedelta(days=10) < b.now:
                calls.append(first_call + timedelta(days=rng.randint(5, 10)))
            for at in calls:
                body = text.lead_call(b.pack, rng, lead_name=f"{first} {last}", lead_title=title,
                                      company=company, agent_name=owner.name, product=product, unmet=unmet)
                end = min(at + timedelta(minutes=rng.randint(8, 45)), b.now)
                b.add("VoiceCallTranscript__c", {"Body__c": body, "CreatedDate": dt(at), "EndTime__c": dt(end),
                                                 "LeadId__c": lead["Id"], "OpportunityId__c": None})
    b.latent["lead_bant_unmet"] = bant


def _bant_unmet(rng: random.Random) -> frozenset[str]:
    roll = rng.random()
    if roll < 0.2:
        return frozenset()
    if roll < 0.92:
        return frozenset((rng.choice(BANT),))
    return frozenset(rng.sample(BANT, 2))


def make_deals(b: Build, sellers: list[AgentProfile], customers: list[Customer], catalog: Catalog,
               knowledge: Knowledge) -> list[Purchase]:
    """Opportunities with line items, quotes, contracts, orders, tasks, events, calls and emails.

    Returns the order items as purchases that service cases can refer to.
    """
    rng = b.rng("deals")
    contacts_by_account: dict[str, list[Customer]] = defaultdict(list)
    for c in customers:
        contacts_by_account[c.account_id].append(c)
    accounts = sorted(contacts_by_account)
    account_names = {a["Id"]: a["Name"] for a in b.tables["Account"]}
    cpq = knowledge.cpq
    n = b.sizes.opportunities
    owners = [rng.choice(sellers) for _ in range(n)]
    # Closed deals go preferentially to sellers whose quotes get accepted.
    weights = [o.acceptance_rate for o in owners]
    closed_idx = set()
    while len(closed_idx) < b.sizes.contracts:
        closed_idx.add(rng.choices(range(n), weights)[0])
    purchases: list[Purchase] = []
    deals: list[Deal] = []
    quote_violations: dict[str, tuple[str, str]] = {}
    competitor_eras = _competitor_eras(b)
    vrng = b.rng("cpq-violations")
    extra_rate = EXTRA_VIOLATION_RATE.get(b.kind, 0.0)
    for i in range(n):
        owner = owners[i]
        account_id = rng.choice(accounts)
        contact = rng.choice(contacts_by_account[account_id])
        true_stage = "Closed" if i in closed_idx else rng.choice(STAGES[:4])
        cycle = max(3.0, owner.cycle_days * rng.lognormvariate(0.0, 0.25))
        latest = b.now - timedelta(days=cycle + 1) if true_stage == "Closed" else b.now - timedelta(days=2)
        created = b.business_time(rng, b.random_time(rng, b.start, latest))
        products = _pick_products(rng, catalog, cpq, rng.randint(1, 9) if rng.random() < 0.1 else
                                  max(1, round(rng.gauss(b.sizes.line_items_per_opp, 1.2))))
        violation = None
        if true_stage in ("Quote", "Negotiation") and rng.random() < 0.3:
            violation = rng.choice(("quantity", "exclusion", "discount"))
            if violation == "exclusion" and cpq.exclusions:
                a, c, _ = rng.choice(cpq.exclusions)
                products = [p for p in products if p.id not in (a, c)][:6]
                products += [catalog_product(catalog, a), catalog_product(catalog, c)]
        lines = _line_items(rng, products, catalog, cpq, owner, violation)
        if violation is None and true_stage in ("Quote", "Negotiation") and vrng.random() < extra_rate:
            violation = _break_one_line(vrng, lines, cpq, vrng.choice(("discount", "discount", "quantity")))
        if violation and not any(v for *_x, v in lines):
            violation = None
        recorded = true_stage
        if rng.random() < 0.1:
            choices = [s for s in STAGES if s != true_stage and (s != "Closed")]
            recorded = rng.choice(choices)
        name, description = text.opportunity_text(b.pack, rng, account_name=account_names[account_id],
                                                  product=products[0].spec)
        amount = round(sum(line[4] for line in lines), 2)
        opp = b.add("Opportunity", {
            "AccountId": account_id, "Amount": amount, "CloseDate": None, "ContactId": contact.contact_id,
            "ContractID__c": None, "CreatedDate": dt(created), "Description": description, "Name": name,
            "OwnerId": owner.user_id, "Probability": PROBABILITY[recorded], "StageName": recorded})
        oli_ids = []
        for product, qty, _price, _disc, total, _bad in lines:
            oli = b.add("OpportunityLineItem", {"OpportunityId": opp["Id"],
                                                "PricebookEntryId": product.entry_ids[catalog.standard_book],
                                                "Product2Id": product.id, "Quantity": float(qty),
                                                "TotalPrice": total})
            oli_ids.append(oli["Id"])
        end = created + timedelta(days=cycle)
        if true_stage == "Closed":
            signed = b.business_time(rng, end)
            opp["CloseDate"] = d(signed)
            contract = _contract(b, rng, account_id, account_names[account_id], signed)
            opp["ContractID__c"] = contract["Id"]
            purchases += _order(b, contract, owner, account_id, lines, catalog)
        else:
            opp["CloseDate"] = d(max(b.now, created) + timedelta(days=rng.randint(10, 120)))
            end = min(b.now, created + timedelta(days=cycle * rng.uniform(0.2, 0.9)))
        quote_ids = _quotes(b, rng, opp, contact, true_stage, owner, lines, oli_ids, created, end)
        if violation:
            for quote_id in quote_ids:
                quote_violations[quote_id] = (violation, _violated_article(lines, cpq, violation))
        deal = Deal(opp["Id"], recorded, true_stage)
        deals.append(deal)
        _tasks(b, rng, deal, owner, name, created, end, plant_off_stage=(
            recorded == true_stage and true_stage != "Closed" and rng.random() < 0.1))
        _calls(b, rng, opp, contact, owner, products[0], created, end, competitor_eras)
        _sales_emails(b, rng, opp, contact, owner, account_names[account_id], true_stage, created, end)
    _events(b, rng, deals, owners_by_opp={o["Id"]: o for o in b.tables["Opportunity"]})
    b.latent["deals"] = {dl.opportunity_id: dl for dl in deals}
    b.latent["quote_violations"] = quote_violations
    return purchases


def catalog_product(catalog: Catalog, product_id: str) -> Product:
    return next(p for p in catalog.products if p.id == product_id)


def _pick_products(rng: random.Random, catalog: Catalog, cpq, count: int) -> list[Product]:
    """Distinct products with no excluded pair among them."""
    chosen: list[Product] = []
    blocked: set[str] = set()
    for p in rng.sample(catalog.products, len(catalog.products)):
        if len(chosen) >= count:
            break
        if p.id in blocked:
            continue
        chosen.append(p)
        blocked |= cpq.excluded_partners(p.id) | {p.id}
    return chosen


def _line_items(rng: random.Random, products: list[Product], catalog: Catalog, cpq, owner: AgentProfile,
                violation: str | None) -> list[tuple[Product, int, float, float, float, bool]]:
    """(product, quantity, unit price, discount %, total, breaks-a-rule) per line, compliant unless asked."""
    lines = []
    planted = violation == "exclusion"
    for p in products:
        price = p.prices[catalog.standard_book]
        qty = max(1, round(rng.lognormvariate(2.2, 0.8) * owner.deal_factor * (2000 / (price + 2000))))
        limit = cpq.quantity_limits.get(p.id)
        bad = False
        if limit:
            qty = min(qty, limit[0])
            if violation == "quantity" and not planted:
                qty = limit[0] + rng.randint(1, max(2, limit[0] // 2))
                planted = bad = True
        allowed = cpq.max_discount(p.id, qty)
        if allowed is None:
            disc = rng.choice((0.0, 0.0, 0.0, 2.0, 5.0))
        else:
            disc = rng.choice([x for x in (0.0, 2.0, 5.0, 7.5, 10.0, 12.5, 15.0) if x <= allowed] or [0.0])
            if violation == "discount" and not planted:
                disc = allowed + rng.choice((5.0, 7.5, 10.0))
                planted = bad = True
        total = round(qty * price * (1 - disc / 100), 2)
        lines.append((p, qty, price, disc, total, bad))
    if violation == "exclusion":
        lines[-1] = (*lines[-1][:5], True)
    return lines


def _break_one_line(rng: random.Random, lines: list, cpq, violation: str) -> str | None:
    """Make the first line that can break `violation` (quantity or discount) do so, in place; None if none can.

    Raising a quantity never lowers the discount its volume tier allows, so the line breaks one rule only.
    """
    for k, (p, qty, price, disc, _total, _bad) in enumerate(lines):
        limit = cpq.quantity_limits.get(p.id)
        allowed = cpq.max_discount(p.id, qty)
        if violation == "quantity" and limit:
            qty = limit[0] + rng.randint(1, max(2, limit[0] // 2))
        elif violation == "discount" and allowed is not None:
            disc = allowed + rng.choice((5.0, 7.5, 10.0))
        else:
            continue
        lines[k] = (p, qty, price, disc, round(qty * price * (1 - disc / 100), 2), True)
        return violation
    return None


def _violated_article(lines, cpq, violation: str) -> str:
    ids = {line[0].id for line in lines}
    if violation == "exclusion":
        for a, c, art in cpq.exclusions:
            if a in ids and c in ids:
                return art
    for p, _qty, _price, _disc, _total, bad in lines:
        if bad and violation == "quantity":
            return cpq.quantity_limits[p.id][1]
        if bad and violation == "discount":
            return cpq.volume_tiers[p.id][1]
    raise AssertionError("violation without a rule")


def _contract(b: Build, rng: random.Random, account_id: str, account_name: str, signed: datetime) -> dict:
    term = rng.choice((12, 12, 24, 24, 36))
    row = {"AccountId": account_id, "ContractTerm": term,
           "CustomerSignedDate": d(signed - timedelta(days=rng.randint(0, 3))),
           "Description": text.contract_description(b.pack, rng, account_name=account_name, term_months=term),
           "StartDate": d(min(signed + timedelta(days=rng.randint(1, 14)), b.now)),
           "Status": rng.choice(("Activated", "Activated", "Activated", "Signed"))}
    if b.has("Contract", "CompanySignedDate"):
        row["CompanySignedDate"] = d(signed)
    return b.add("Contract", row)


def _order(b: Build, contract: dict, owner: AgentProfile, account_id: str, lines, catalog: Catalog
           ) -> list[Purchase]:
    start = datetime.fromisoformat(contract["StartDate"]).replace(tzinfo=b.now.tzinfo)
    order = b.add("Order", {"AccountId": account_id, "OwnerId": owner.user_id, "EffectiveDate": contract["StartDate"],
                            "Pricebook2Id": catalog.standard_book,
                            "Status": "Activated" if start <= b.now else "Draft"})
    entry_field = "PriceBookEntryId" if b.has("OrderItem", "PriceBookEntryId") else "PricebookEntryId"
    out = []
    for p, qty, price, disc, _total, _bad in lines:
        item = b.add("OrderItem", {"OrderId": order["Id"], "Product2Id": p.id, "Quantity": float(qty),
                                   "UnitPrice": round(price * (1 - disc / 100), 2),
                                   entry_field: p.entry_ids[catalog.standard_book]})
        out.append(Purchase(item["Id"], p, account_id, start))
    return out


_QUOTE_STATUS = {
    "Discovery": ("Draft",),
    "Quote": ("Draft", "Needs Review", "In Review", "Approved", "Presented"),
    "Negotiation": ("Presented", "Approved", "In Review", "Rejected"),
}


def _quotes(b: Build, rng: random.Random, opp: dict, contact: Customer, stage: str, owner: AgentProfile,
            lines, oli_ids: list[str], created: datetime, end: datetime) -> list[str]:
    """Quotes of an opportunity (each with the deal's line items); returns their Ids."""
    if stage == "Qualification" or (stage == "Discovery" and rng.random() > 0.08):
        return []
    count = 2 if rng.random() < 0.07 else 1
    quote_ids = []
    for k in range(count):
        last = k == count - 1
        if stage == "Closed":
            status = "Accepted" if last else rng.choice(("Denied", "Rejected"))
        elif stage == "Negotiation" and last and rng.random() < owner.acceptance_rate * 0.6:
            status = "Accepted"
        else:
            status = rng.choice(_QUOTE_STATUS[stage]) if last else rng.choice(("Denied", "Rejected"))
        when = created + (end - created) * rng.uniform(0.3, 0.9) * (k + 1) / count
        quote = b.add("Quote", {
            "AccountId": opp["AccountId"], "ContactId": contact.contact_id, "CreatedDate": dt(when),
            "Description": text.quote_description(b.pack, rng, opportunity_name=opp["Name"]),
            "ExpirationDate": d(when + timedelta(days=30)), "Name": f"{opp['Name']} - Q{k + 1}",
            "OpportunityId": opp["Id"], "Status": status})
        for (p, qty, price, disc, total, _bad), oli_id in zip(lines, oli_ids, strict=True):
            b.add("QuoteLineItem", {"Discount": disc, "OpportunityLineItemId": oli_id,
                                    "PricebookEntryId": p.entry_ids[next(iter(p.entry_ids))],
                                    "Product2Id": p.id, "Quantity": float(qty), "QuoteId": quote["Id"],
                                    "TotalPrice": total, "UnitPrice": price})
        quote_ids.append(quote["Id"])
    return quote_ids


def _tasks(b: Build, rng: random.Random, deal: Deal, owner: AgentProfile, opp_name: str, created: datetime,
           end: datetime, plant_off_stage: bool) -> None:
    """Tasks reflect the deal's true stage; a few deals carry 'Not Started' tasks of other stages."""
    stage_tasks = b.pack.stage_tasks
    own = stage_tasks[deal.true_stage]
    count = max(2, round(rng.gauss(b.sizes.tasks_per_opp - (0.45 if plant_off_stage else 0.0), 1.0)))
    specs = [(s, rng.choice(("Completed", "Completed", "In Progress", "Not Started", "Waiting", "Deferred")))
             for s in rng.sample(own, min(count, len(own)))]
    if plant_off_stage:
        others = [s for st in STAGES if st not in (deal.true_stage, "Closed") for s in stage_tasks[st]]
        specs = [(s, "Not Started") for s in rng.sample(others, rng.randint(4, 7))] + [
            (rng.choice(own), "Not Started")] + specs[:2]
    for subject, status in specs:
        when = b.random_time(rng, created, max(end, created + timedelta(days=1)))
        task = b.add("Task", {"ActivityDate": d(when), "Description": text.task_description(
            b.pack, rng, subject=subject, opportunity_name=opp_name), "OwnerId": owner.user_id,
            "Priority": rng.choices(TASK_PRIORITIES, (3, 5, 3, 1))[0], "Status": status, "Subject": subject,
            "WhatId": deal.opportunity_id})
        if status == "Not Started" and subject not in own:
            deal.off_stage_tasks.append(task["Id"])


def _competitor_eras(b: Build) -> list[list[float]]:
    """Competitor mention weights per year of history: each year one competitor dominates the talk."""
    rng = b.rng("competitors")
    n = len(b.pack.competitors)
    eras = []
    for _ in range(b.now.year - b.start.year + 1):
        weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
        weights[rng.randrange(n)] = rng.uniform(5.0, 7.0)
        eras.append(weights)
    b.latent["competitor_eras"] = eras
    return eras


def _calls(b: Build, rng: random.Random, opp: dict, contact: Customer, owner: AgentProfile, product: Product,
           created: datetime, end: datetime, eras: list[list[float]]) -> None:
    """Voice calls where competitors and subtopics come up with a fixed sentiment per deal."""
    competitors = b.pack.competitors
    count = max(1, round(rng.gauss(b.sizes.calls_per_opp, 0.9)))
    sentiment = {t: rng.choice(SENTIMENTS) for t in rng.sample(b.pack.subtopics, rng.randint(2, 4))}
    for _ in range(count):
        at = b.random_time(rng, created, max(end, created + timedelta(hours=2)))
        if at >= b.now:
            at = b.now - timedelta(hours=1)
        era = eras[at.year - b.start.year]
        mentioned = []
        for _k in range(rng.choice((0, 1, 1, 2))):
            name = rng.choices(competitors, era)[0]
            if name not in (m for m, _ in mentioned):
                mentioned.append((name, rng.choice(SENTIMENTS)))
        topics = [(t, s) for t, s in sentiment.items() if rng.random() < 0.75] or [next(iter(sentiment.items()))]
        body = text.opportunity_call(b.pack, rng, opportunity_name=opp["Name"], contact_name=contact.name,
                                     agent_name=owner.name, product=product.spec, competitors=mentioned,
                                     subtopics=topics)
        b.add("VoiceCallTranscript__c", {"Body__c": body, "CreatedDate": dt(at),
                                         "EndTime__c": dt(at + timedelta(minutes=rng.randint(10, 60))),
                                         "LeadId__c": None, "OpportunityId__c": opp["Id"]})


def _sales_emails(b: Build, rng: random.Random, opp: dict, contact: Customer, owner: AgentProfile,
                  account_name: str, stage: str, created: datetime, end: datetime) -> None:
    owner_email = b.latent.setdefault("_user_email", {u["Id"]: u["Email"] for u in b.tables["User"]})[owner.user_id]
    count = max(1, round(rng.gauss(b.sizes.sales_emails_per_opp, 1.3)))
    for k in range(count):
        from_customer = k % 2 == 1
        at = b.random_time(rng, created, max(end, created + timedelta(hours=1)))
        subject, body = text.sales_email(b.pack, rng, opportunity_name=opp["Name"], account_name=account_name,
                                         contact_name=contact.name, agent_name=owner.name, stage=stage,
                                         from_customer=from_customer)
        b.add("EmailMessage", {"Subject": subject, "TextBody": body, "ParentId": None, "RelatedToId": opp["Id"],
                      "FromAddress": contact.email if from_customer else owner_email,
                      "ToIds": owner.user_id if from_customer else contact.contact_id,
                      "MessageDate": dt(min(at, b.now - timedelta(minutes=5)))})


def _events(b: Build, rng: random.Random, deals: list[Deal], owners_by_opp: dict[str, dict]) -> None:
    for deal in rng.sample(deals, min(b.sizes.events, len(deals))):
        opp = owners_by_opp[deal.opportunity_id]
        subject, description, location = text.event_text(b.pack, rng, opportunity_name=opp["Name"])
        created = datetime.fromisoformat(opp["CreatedDate"].replace(".000+0000", "+00:00"))
        start = b.business_time(rng, b.random_time(rng, created, max(b.now, created + timedelta(days=1))))
        start = min(start, b.now - timedelta(hours=1))
        all_day = rng.random() < 0.08
        b.add("Event", {"Description": description, "DurationInMinutes": 1440 if all_day else rng.choice(
            (30, 45, 60, 60, 90, 120)), "IsAllDayEvent": int(all_day), "Location": location,
            "OwnerId": opp["OwnerId"], "StartDateTime": dt(start), "Subject": subject,
            "WhatId": deal.opportunity_id})
