"""Knowledge articles: service policies, FAQs, troubleshooting, product guides, CPQ rules, BANT guide.

Customer-facing articles (policies, FAQs, troubleshooting, product guides) are published
(IsVisibleInPkb = 1); CPQ rules, the BANT guide and competitive battlecards are internal.

Policy and CPQ-rule articles are latent structure other steps read: chats and emails break service
policies (policy_violation_identification) and some quotes break a CPQ rule (invalid_config,
quote_approval). FAQ facts answer knowledge_qa questions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from crmtui.org.generate import text
from crmtui.org.generate.catalog import Catalog, Product
from crmtui.org.generate.context import Build
from crmtui.org.generate.vocab import ServicePolicy


@dataclass
class CpqRules:
    """Quote-configuration rules, each stated in one knowledge article (Id kept with the rule)."""

    quantity_limits: dict[str, tuple[int, str]] = field(default_factory=dict)  # product -> (max, article)
    volume_tiers: dict[str, tuple[list[tuple[int, float]], str]] = field(default_factory=dict)
    exclusions: list[tuple[str, str, str]] = field(default_factory=list)  # (product a, product b, article)

    def max_discount(self, product_id: str, quantity: float) -> float | None:
        """Largest discount allowed for `quantity` units, or None if the product has no tiers."""
        rule = self.volume_tiers.get(product_id)
        if rule is None:
            return None
        allowed = 0.0
        for min_qty, pct in rule[0]:
            if quantity >= min_qty:
                allowed = pct
        return allowed

    def excluded_partners(self, product_id: str) -> set[str]:
        return {b for a, b, _ in self.exclusions if a == product_id} | {
            a for a, b, _ in self.exclusions if b == product_id
        }


@dataclass
class Knowledge:
    policies: list[tuple[str, ServicePolicy]]  # (article Id, policy)
    cpq: CpqRules
    bant_article: str | None


def _slug(title: str, used: set[str]) -> str:
    base = "-".join("".join(ch if ch.isalnum() else " " for ch in title).split()).lower()[:70] or "article"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def make_knowledge(b: Build, catalog: Catalog) -> Knowledge:
    rng = b.rng("knowledge")
    used: set[str] = set()
    target = b.sizes.knowledge

    def article(title: str, summary: str, body: str, public: bool = False) -> str:
        """Add an article; internal ones (public=False) are for agents only and count as confidential."""
        return b.add("Knowledge__kav", {"Title": title, "Summary": summary, "FAQ_Answer__c": body,
                                        "UrlName": _slug(title, used), "IsVisibleInPkb": int(public)})["Id"]

    policies = [(article(p.title, p.summary, p.body, public=True), p) for p in b.pack.service_policies]
    for _issue_id, issue in catalog.issues:
        title, summary, body = _troubleshooting(issue.name, issue.description, rng)
        article(title, summary, body, public=True)
    cpq = CpqRules()
    bant = None
    if b.kind != "original":
        title, summary, body = text.lead_qualification_article(b.pack)
        bant = article(title, summary, body)
        cpq = _make_cpq(b, catalog, article)
        for name in b.pack.competitors:
            article(*_battlecard(name, rng))
    fillers: list[tuple[str, str, str]] = [(f.title, f.summary, f.body) for f in b.pack.faq_articles]
    fillers += [_product_guide(p, rng) for p in catalog.products]
    fillers += [_product_support(p, rng) for p in catalog.products]
    for title, summary, body in fillers:
        if len(b.tables["Knowledge__kav"]) >= target:
            break
        article(title, summary, body, public=True)
    return Knowledge(policies=policies, cpq=cpq, bant_article=bant)


def _make_cpq(b: Build, catalog: Catalog, article) -> CpqRules:
    """Plant quantity limits, volume-discount tiers and exclusions on distinct products."""
    rng = b.rng("cpq")
    rules = CpqRules()
    products = list(catalog.products)
    rng.shuffle(products)
    n = len(products)
    n_limits, n_tiers = (n * 2) // 5, (n * 2) // 5
    for p in products[:n_limits]:
        limit = rng.choice((10, 20, 25, 40, 50, 75, 100))
        rules.quantity_limits[p.id] = (limit, article(*text.quantity_limit_article(b.pack, p.spec, limit)))
    for p in products[n_limits // 2 : n_limits // 2 + n_tiers]:
        base = rng.choice((2.0, 5.0))
        tiers = [(1, base), (rng.choice((10, 20, 25)), base + 5), (rng.choice((50, 60, 80)), base + 10)]
        rules.volume_tiers[p.id] = (tiers, article(*text.volume_discount_article(b.pack, p.spec, tiers)))
    pool = products[:]
    rng.shuffle(pool)
    n_excl = max(4, n // 7)
    seen: set[frozenset[str]] = set()
    for i in range(0, 2 * n_excl, 2):
        a, c = pool[i % n], pool[(i + 1) % n]
        key = frozenset((a.id, c.id))
        if a.id == c.id or key in seen:
            continue
        seen.add(key)
        rules.exclusions.append((a.id, c.id, article(*text.exclusion_article(b.pack, a.spec, c.spec))))
    b.latent["cpq"] = rules
    return rules


_STEPS = (
    "Confirm the exact product and order number with the customer.",
    "Ask for photos or a short description of what the customer sees.",
    "Check the order history for earlier reports of the same problem.",
    "Walk the customer through a reset or reinstallation where it applies.",
    "Verify the shipping address and carrier tracking details.",
    "Record the outcome on the case before closing it.",
    "Offer a replacement or repair under the applicable policy if the steps fail.",
    "Escalate to the product team when three or more customers report the same symptom in a week.",
)


def _troubleshooting(name: str, description: str, rng: random.Random) -> tuple[str, str, str]:
    steps = rng.sample(_STEPS, 4)
    body = (f"{description}\n\nRecommended handling:\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
            + "\n\nLink the case to this issue so trends can be reported.")
    return f"Troubleshooting: {name}", f"How '{name}' problems are diagnosed and resolved.", body


def _product_guide(p: Product, rng: random.Random) -> tuple[str, str, str]:
    spec = p.spec
    lead = rng.choice(("Overview of", "Getting the most from", "Product guide:", "Quick reference for"))
    body = (f"{spec.description}\n\n{spec.name} belongs to our {spec.category} range "
            f"(list price ${spec.list_price:,.2f}). Customers most often ask about compatibility, care and "
            f"warranty coverage; see the related policy articles for returns and replacements.")
    return f"{lead} {spec.name}", f"Key facts about {spec.name} for customers and agents.", body


def _product_support(p: Product, rng: random.Random) -> tuple[str, str, str]:
    spec = p.spec
    years = rng.choice((1, 2, 3))
    hours = rng.choice(("24/7", "weekdays 8am-8pm ET", "weekdays 9am-6pm local time"))
    body = (f"{spec.name} is covered by a {years}-year limited warranty from the delivery date. Support is "
            f"available {hours} by chat, email and phone. Before contacting support, note the order number "
            f"and a short description of the problem; agents will confirm ownership before discussing the order.")
    return (f"Warranty and support: {spec.name}", f"Warranty length and support hours for {spec.name}.", body)


def _battlecard(competitor: str, rng: random.Random) -> tuple[str, str, str]:
    """An internal competitive-strategy article (confidential: not for customers)."""
    edge = rng.choice(("faster onboarding", "lower total cost over three years", "integrated support",
                       "better performance on large workloads"))
    floor = rng.choice((12, 15, 18, 20))
    body = (f"INTERNAL - do not share with customers.\n\nWhen a prospect is evaluating {competitor}, lead with "
            f"our {edge}. If {competitor} presents a competing offer late in the cycle, sales managers may "
            f"approve a matching discount of up to {floor}% before the quote expires; anything beyond needs "
            f"finance sign-off. Never disparage {competitor} in writing.")
    return (f"Competitive strategy: {competitor}",
            f"Internal guidance for deals where {competitor} competes.", body)
