"""Oracles of the customer-service tasks (CRMArena's nine, and their CRMArena-Pro versions).

Each oracle's `draw` picks a subject, runs its reference queries through the backend and calls its own
`derive` on the results, exactly as the reproduction test does later. Ambiguous draws (ties the task's
rules do not break) return None and are redrawn.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from crmtui.tasks.model import Solution
from crmtui.tasks.oracles.base import Draw, OracleContext
from crmtui.tasks.oracles.windows import MONTHS, Window, random_window

Records = list[dict[str, Any]]


def run(ctx: OracleContext, queries: list[str]) -> list[Records]:
    """Every query's records (all pages), without `attributes`."""
    out = []
    for soql in queries:
        result = ctx.backend.search(soql) if soql.lstrip().upper().startswith("FIND") else ctx.backend.query_all(soql)
        rows = result.get("records", result.get("searchRecords", []))
        out.append([{k: v for k, v in r.items() if k != "attributes"} for r in rows])
    return out


def parse_dt(value: str) -> datetime:
    return datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)


def pick_today(rng: random.Random, ctx: OracleContext, min_history_days: int = 365) -> date:
    """A "today" for the instance: somewhere in the org's last three years, never after its clock."""
    latest = ctx.now.date()
    earliest = latest - timedelta(days=3 * 365 - min_history_days)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def unique_best(scores: dict[str, float], lowest: bool) -> str | None:
    """The key with the strictly best score, or None when the best is tied."""
    if not scores:
        return None
    ordered = sorted(scores.items(), key=lambda kv: kv[1], reverse=not lowest)
    if len(ordered) > 1 and ordered[0][1] == ordered[1][1]:
        return None
    return ordered[0][0]


AMBIGUOUS = ["AMBIGUOUS"]


def usable(answer: list[str | None], answerable: bool) -> bool:
    """A draw is kept when its answer is unambiguous and is None exactly when a non-answerable one was asked for."""
    return answer != AMBIGUOUS and (answer == [None]) != answerable


class _AgentWindowOracle:
    """Shared by handle_time and transfer_count: agents' cases in a window with a managed-cases filter.

    `counts_transfers_in` follows each suite's rule for "agents who managed N cases": CRMArena counts
    only cases first assigned to the agent; CRMArena-Pro also counts cases transferred to the agent.
    """

    slots = frozenset({"window", "extreme", "managed", "today"})
    counts_transfers_in = False

    def __init__(self, key: str, task: str, counts_transfers_in: bool) -> None:
        self.key = key
        self.name = task
        self.counts_transfers_in = counts_transfers_in

    def queries(self, window: Window) -> list[str]:
        return [
            f"SELECT Id, OwnerId, CreatedDate, ClosedDate, Status FROM Case WHERE {window.soql('CreatedDate')}",
            "SELECT CaseId__c, OldValue__c, NewValue__c, CreatedDate FROM CaseHistory__c "
            f"WHERE Field__c = 'Owner Assignment' AND CaseId__c IN (SELECT Id FROM Case WHERE "
            f"{window.soql('CreatedDate')}) ORDER BY CreatedDate",
        ]

    def managed(self, history: Records) -> Counter:
        counts: Counter = Counter()
        for row in history:
            if row["OldValue__c"] is None or self.counts_transfers_in:
                counts[row["NewValue__c"]] += 1
        return counts

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        today = pick_today(rng, ctx)
        window = random_window(rng, today)
        lowest = rng.random() < 0.5
        queries = self.queries(window)
        results = run(ctx, queries)
        managed = self.managed(results[1])
        if not managed:
            return None
        top = max(managed.values())
        if answerable:
            min_cases = rng.randint(0, max(0, min(top - 1, 3)))
        else:
            min_cases = top + rng.randint(0, 2)  # nobody managed more than this: a false presupposition
        params = {"min_cases": min_cases, "lowest": lowest}
        answer = self.derive(results, params)
        if not usable(answer, answerable):
            return None
        extreme = ("lowest" if lowest else "highest") if self.name == "transfer_count" else (
            "shortest" if lowest else "longest")
        managed_phrase = "at least one case" if min_cases == 0 else (
            "more than one case" if min_cases == 1 else f"more than {min_cases} cases")
        return Draw(slots={"window": window.phrase, "extreme": extreme, "managed": managed_phrase,
                           "today": today.isoformat()},
                    answer=answer, solution=Solution(queries, answer, derive=self.key, params=params))


class HandleTime(_AgentWindowOracle):
    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        cases, history = results
        managed = self.managed(history)
        assignments = Counter(row["CaseId__c"] for row in history)
        durations: dict[str, list[float]] = defaultdict(list)
        for case in cases:
            if case["Status"] == "Closed" and case["ClosedDate"] and assignments[case["Id"]] == 1:
                span = parse_dt(case["ClosedDate"]) - parse_dt(case["CreatedDate"])
                durations[case["OwnerId"]].append(span.total_seconds())
        qualified = {a for a, n in managed.items() if n > params["min_cases"]}
        scores = {a: sum(v) / len(v) for a, v in durations.items() if a in qualified}
        if not scores:
            return [None]
        best = unique_best(scores, params["lowest"])
        return [best] if best else AMBIGUOUS


class TransferCount(_AgentWindowOracle):
    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        _cases, history = results
        managed = self.managed(history)
        transfers = Counter(row["OldValue__c"] for row in history if row["OldValue__c"])
        scores = {a: float(transfers[a]) for a, n in managed.items() if n > params["min_cases"]}
        if not scores:
            return [None]
        best = unique_best(scores, params["lowest"])
        return [best] if best else AMBIGUOUS


class BestRegion:
    """best_region_identification: the state whose closed cases closed quickest on average."""

    name = key = "best_region_identification"
    slots = frozenset({"window", "today"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        today = pick_today(rng, ctx) if answerable else pick_today(rng, ctx, min_history_days=-400)
        window = random_window(rng, today)
        queries = [f"SELECT Account.ShippingState, CreatedDate, ClosedDate FROM Case WHERE Status = 'Closed' AND "
                   f"{window.soql('CreatedDate')}"]
        answer = self.derive(run(ctx, queries), {})
        if not usable(answer, answerable):
            return None
        return Draw({"window": window.phrase, "today": today.isoformat()}, answer,
                    Solution(queries, answer, derive=self.key))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        spans: dict[str, list[float]] = defaultdict(list)
        for case in results[0]:
            state = (case.get("Account") or {}).get("ShippingState")
            if state:
                spans[state].append((parse_dt(case["ClosedDate"]) - parse_dt(case["CreatedDate"])).total_seconds())
        if not spans:
            return [None]
        best = unique_best({s: sum(v) / len(v) for s, v in spans.items()}, lowest=True)
        return [best] if best else AMBIGUOUS


def _product_pool(ctx: OracleContext) -> list[dict[str, Any]]:
    if "products" not in ctx.cache:
        ctx.cache["products"] = run(ctx, ["SELECT Id, Name FROM Product2 ORDER BY Id"])[0]
    return ctx.cache["products"]


class TopIssue:
    """top_issue_identification: a product's most reported issue in a window."""

    name = key = "top_issue_identification"
    slots = frozenset({"window", "product_name", "product_id", "today"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        product = rng.choice(_product_pool(ctx))
        today = pick_today(rng, ctx)
        window = random_window(rng, today)
        queries = [f"SELECT IssueId__c, COUNT(Id) cases FROM Case WHERE OrderItemId__c IN (SELECT Id FROM OrderItem "
                   f"WHERE Product2Id = '{product['Id']}') AND {window.soql('CreatedDate')} GROUP BY IssueId__c"]
        answer = self.derive(run(ctx, queries), {})
        if not usable(answer, answerable):
            return None
        return Draw({"window": window.phrase, "product_name": product["Name"], "product_id": product["Id"],
                     "today": today.isoformat()}, answer, Solution(queries, answer, derive=self.key))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        counts = {r["IssueId__c"]: float(r["cases"]) for r in results[0] if r["IssueId__c"]}
        if not counts:
            return [None]
        best = unique_best(counts, lowest=False)
        return [best] if best else AMBIGUOUS


class MonthlyTrend:
    """monthly_trend_analysis: the month whose case count for a product exceeds every other month's."""

    name = key = "monthly_trend_analysis"
    slots = frozenset({"window", "product_name", "product_id", "today"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        product = rng.choice(_product_pool(ctx))
        today = pick_today(rng, ctx)
        window = random_window(rng, today, max_months=12)
        if (window.end - window.start).days < 60:
            return None
        queries = [f"SELECT CALENDAR_MONTH(CreatedDate) month, COUNT(Id) cases FROM Case WHERE OrderItemId__c IN "
                   f"(SELECT Id FROM OrderItem WHERE Product2Id = '{product['Id']}') AND {window.soql('CreatedDate')} "
                   "GROUP BY CALENDAR_MONTH(CreatedDate)"]
        answer = self.derive(run(ctx, queries), {})
        if answer in (AMBIGUOUS, [None]) or not answerable:
            return None
        return Draw({"window": window.phrase, "product_name": product["Name"], "product_id": product["Id"],
                     "today": today.isoformat()}, answer, Solution(queries, answer, derive=self.key))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        counts = {str(r["month"]): float(r["cases"]) for r in results[0]}
        if not counts:
            return [None]
        best = unique_best(counts, lowest=False)
        return [MONTHS[int(best) - 1]] if best else AMBIGUOUS




class CaseRouting:
    """case_routing: issue expertise, then product expertise, then the lightest open workload."""

    name = key = "case_routing"
    slots = frozenset({"subject", "description"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        from crmtui.org.generate import text
        from crmtui.org.generate.vocab import domain_pack

        pack = domain_pack(ctx.org)
        issues = run(ctx, ["SELECT Id, Name FROM Issue__c ORDER BY Id"])[0]
        issue = rng.choice(issues)
        spec = next(i for i in pack.issues if i.name == issue["Name"])
        product = rng.choice(_product_pool(ctx))
        product_spec = next(p for p in pack.products if p.name == product["Name"])
        first = rng.choice(("Alex", "Sam", "Priya", "Jordan", "Mei", "Omar", "Lucia", "Tomás", "Grace", "Ravi"))
        subject, description = text.case_text(pack, rng, issue=spec, product=product_spec, customer_first=first)
        queries = [
            f"SELECT OwnerId, COUNT(Id) cases FROM Case WHERE Status = 'Closed' AND IssueId__c = '{issue['Id']}' "
            "GROUP BY OwnerId",
            "SELECT OwnerId, COUNT(Id) cases FROM Case WHERE Status = 'Closed' AND OrderItemId__c IN (SELECT Id FROM "
            f"OrderItem WHERE Product2Id = '{product['Id']}') GROUP BY OwnerId",
            "SELECT OwnerId, COUNT(Id) cases FROM Case WHERE Status != 'Closed' GROUP BY OwnerId",
        ]
        answer = self.derive(run(ctx, queries), {})
        if answer in (AMBIGUOUS, [None]) or not answerable:
            return None
        return Draw({"subject": subject, "description": description}, answer,
                    Solution(queries, answer, derive=self.key, params={"issue": issue["Id"], "product": product["Id"]}))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        by_issue, by_product, open_cases = ({r["OwnerId"]: r["cases"] for r in rows} for rows in results)
        if not by_issue:
            return [None]
        top = max(by_issue.values())
        candidates = [a for a, n in by_issue.items() if n == top]
        if len(candidates) > 1:
            best = max(by_product.get(a, 0) for a in candidates)
            candidates = [a for a in candidates if by_product.get(a, 0) == best]
        if len(candidates) > 1:
            least = min(open_cases.get(a, 0) for a in candidates)
            candidates = [a for a in candidates if open_cases.get(a, 0) == least]
        return [candidates[0]] if len(candidates) == 1 else AMBIGUOUS


AGO = {3: "three days ago", 7: "a week ago", 10: "ten days ago", 14: "two weeks ago", 21: "three weeks ago",
       30: "thirty days ago", 45: "forty-five days ago", 60: "two months ago"}


def _families(org: str) -> dict[str, str]:
    from crmtui.org.generate.vocab import domain_pack

    return {p.name: p.family for p in domain_pack(org).products}


class NamedEntityDisambiguation:
    """named_entity_disambiguation: which product the customer means by "the <family> I bought <N> ago"."""

    name = key = "named_entity_disambiguation"
    slots = frozenset({"contact_id", "item", "ago", "today"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        if "order_items" not in ctx.cache:
            ctx.cache["order_items"] = run(
                ctx, ["SELECT Id, Product2.Name, Order.AccountId, Order.EffectiveDate FROM OrderItem ORDER BY Id"])[0]
        items = ctx.cache["order_items"]
        item = rng.choice(items)
        account = item["Order"]["AccountId"]
        contacts = run(ctx, [f"SELECT Id FROM Contact WHERE AccountId = '{account}' ORDER BY Id"])[0]
        if not contacts:
            return None
        contact = rng.choice(contacts)["Id"]
        family = _families(ctx.org)[item["Product2"]["Name"]]
        days = rng.choice(sorted(AGO))
        bought = date.fromisoformat(item["Order"]["EffectiveDate"])
        today = bought + timedelta(days=days if answerable else days + rng.choice((-2, -1, 1, 2, 5)))
        if today > ctx.now.date():
            return None
        queries = [f"SELECT AccountId FROM Contact WHERE Id = '{contact}'",
                   "SELECT Product2Id, Product2.Name, Order.EffectiveDate FROM OrderItem WHERE Order.AccountId = "
                   f"'{account}'"]
        params = {"org": ctx.org, "family": family, "date": (today - timedelta(days=days)).isoformat()}
        answer = self.derive(run(ctx, queries), params)
        if not usable(answer, answerable):
            return None
        return Draw({"contact_id": contact, "item": family.lower(), "ago": AGO[days], "today": today.isoformat()},
                    answer, Solution(queries, answer, derive=self.key, params=params))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        families = _families(params["org"])
        matches = {r["Product2Id"] for r in results[1]
                   if r["Order"]["EffectiveDate"] == params["date"]
                   and families.get(r["Product2"]["Name"]) == params["family"]}
        if not matches:
            return [None]
        return [matches.pop()] if len(matches) == 1 else AMBIGUOUS


def _fragments(template: str) -> list[str]:
    """The literal pieces of an utterance template around its {placeholders}."""
    pieces, rest = [], template
    while "{" in rest:
        head, _, tail = rest.partition("{")
        pieces.append(head)
        rest = tail.partition("}")[2]
    pieces.append(rest)
    return [p for p in pieces if p.strip()]


def _says(text: str, template: str) -> bool:
    pos = 0
    for piece in _fragments(template):
        found = text.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


class PolicyViolation:
    """policy_violation_identification: the knowledge article whose policy an agent broke on a case, or None."""

    name = key = "policy_violation_identification"
    slots = frozenset({"case_id"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        from crmtui.org.generate.vocab import domain_pack

        cases = run(ctx, ["SELECT Id FROM Case ORDER BY Id"])[0]
        case_id = rng.choice(cases)["Id"]
        titles = ", ".join("'" + p.title.replace("'", "\\'") + "'" for p in domain_pack(ctx.org).service_policies)
        queries = [f"SELECT Body FROM LiveChatTranscript WHERE CaseId = '{case_id}'",
                   f"SELECT TextBody FROM EmailMessage WHERE ParentId = '{case_id}'",
                   f"SELECT Id, Title FROM Knowledge__kav WHERE Title IN ({titles})"]
        params = {"org": ctx.org}
        answer = self.derive(run(ctx, queries), params)
        if not usable(answer, answerable):
            return None
        return Draw({"case_id": case_id}, answer, Solution(queries, answer, derive=self.key, params=params))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        from crmtui.org.generate.vocab import domain_pack

        chats, emails, articles = results
        texts = [r["Body"] for r in chats] + [r["TextBody"] for r in emails]
        article_of = {r["Title"]: r["Id"] for r in articles}
        broken = {p.title for p in domain_pack(params["org"]).service_policies
                  if any(_says(t or "", v) for t in texts for v in p.violations)}
        if not broken:
            return [None]
        return [article_of[broken.pop()]] if len(broken) == 1 else AMBIGUOUS


class KnowledgeQA:
    """knowledge_qa: a question answered by one statement of one knowledge article (scored by token F1).

    Questions come from the org's articles: an FAQ's stated facts, a troubleshooting article's numbered
    steps, or a support article's warranty length and support hours; `derive` reads the answer back
    out of the article body.
    """

    name = key = "knowledge_qa"
    slots = frozenset({"question"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        from crmtui.org.generate.vocab import domain_pack

        if not answerable:
            return None
        if "articles" not in ctx.cache:
            ctx.cache["articles"] = run(ctx, ["SELECT Id, Title FROM Knowledge__kav ORDER BY Id"])[0]
        article = rng.choice(ctx.cache["articles"])
        title = article["Title"]
        faqs = {f.title: f for f in domain_pack(ctx.org).faq_articles}
        if title in faqs and faqs[title].facts:
            question, fact = rng.choice(faqs[title].facts)
            params = {"kind": "fact", "answer": fact}
        elif title.startswith("Troubleshooting: "):
            step = rng.randint(1, 4)
            ordinal = ("first", "second", "third", "fourth")[step - 1]
            question = (f"When support handles '{title.removeprefix('Troubleshooting: ')}' reports, what is the "
                        f"{ordinal} recommended step?")
            params = {"kind": "step", "step": step}
        elif title.startswith("Warranty and support: "):
            product = title.removeprefix("Warranty and support: ")
            if rng.random() < 0.5:
                question, params = f"How long is the warranty on the {product}?", {"kind": "warranty"}
            else:
                question, params = f"When is support available for the {product}?", {"kind": "hours"}
        else:
            return None
        queries = [f"SELECT Id, Title, FAQ_Answer__c FROM Knowledge__kav WHERE Id = '{article['Id']}'"]
        answer = self.derive(run(ctx, queries), params)
        if answer == [None]:
            return None
        return Draw({"question": question}, answer, Solution(queries, answer, derive=self.key, params=params))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        body = (results[0][0].get("FAQ_Answer__c") or "") if results[0] else ""
        kind = params["kind"]
        if kind == "fact":
            words = [w.strip(",;") for w in params["answer"].lower().rstrip(".").split() if len(w) > 3]
            return [params["answer"]] if body and all(w in body.lower() for w in words) else [None]
        if kind == "step":
            prefix = f"{params['step']}. "
            step = next((line[len(prefix):] for line in body.splitlines() if line.startswith(prefix)), None)
            return [step]
        if kind == "warranty":
            head, sep, _ = body.partition("-year limited warranty")
            years = head.rsplit(" ", 1)[-1] if sep else ""
            return [f"{years} year{'s' if years != '1' else ''}."] if years.isdigit() else [None]
        head, sep, tail = body.partition("Support is available ")
        return [tail.split(" by chat", 1)[0] + "."] if sep else [None]


SERVICE_ORACLES = [
    HandleTime("handle_time_crmarena", "handle_time", counts_transfers_in=False),
    HandleTime("handle_time_pro", "handle_time", counts_transfers_in=True),
    TransferCount("transfer_count_crmarena", "transfer_count", counts_transfers_in=False),
    TransferCount("transfer_count_pro", "transfer_count", counts_transfers_in=True),
    BestRegion(),
    TopIssue(),
    MonthlyTrend(),
    CaseRouting(),
    NamedEntityDisambiguation(),
    PolicyViolation(),
    KnowledgeQA(),
]
