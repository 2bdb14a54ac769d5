"""Oracles of the CRMArena-Pro CPQ tasks: invalid_config and quote_approval.

The rules live in knowledge articles the generator writes from fixed templates (text.quantity_limit_article,
volume_discount_article, exclusion_article): "Quantity Limit: <product>" (at most N units per quote line),
"Product Exclusion: <a> and <b>" (never on the same quote) and "Volume Discount Schedule: <product>" (the
largest discount per quantity tier). `derive` reads the rules back from the articles the solution fetched
and checks the quote's lines against them.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from typing import Any

from crmtui.tasks.model import Solution
from crmtui.tasks.oracles.base import Draw, OracleContext
from crmtui.tasks.oracles.service import AMBIGUOUS, run, usable

Records = list[dict[str, Any]]

LIMIT_PREFIX = "Quantity Limit: "
EXCLUSION_PREFIX = "Product Exclusion: "
TIERS_PREFIX = "Volume Discount Schedule: "
_AT_MOST = re.compile(r"at most (\d+) units")
_TIER_ROW = re.compile(r"^- (\d+) (?:to \d+ units|units or more): a discount of up to (\d+(?:\.\d+)?)%$", re.M)

CONFIG_ARTICLES = (f"SELECT Id, Title, Summary FROM Knowledge__kav WHERE Title LIKE '{LIMIT_PREFIX}%' OR "
                   f"Title LIKE '{EXCLUSION_PREFIX}%' ORDER BY Id")
DISCOUNT_ARTICLES = (f"SELECT Id, Title, FAQ_Answer__c FROM Knowledge__kav WHERE Title LIKE '{TIERS_PREFIX}%' "
                     "ORDER BY Id")


def _name(line: dict[str, Any]) -> str:
    return (line.get("Product2") or {}).get("Name") or ""


def config_breaks(lines: Records, articles: Records) -> list[str]:
    """Ids of the quantity-limit and exclusion articles the quote lines break."""
    names = {_name(line) for line in lines}
    broken = []
    for article in articles:
        title = article["Title"] or ""
        if title.startswith(LIMIT_PREFIX):
            product = title[len(LIMIT_PREFIX):]
            found = _AT_MOST.search(article.get("Summary") or "")
            if found and any(_name(line) == product and float(line["Quantity"]) > int(found.group(1))
                             for line in lines):
                broken.append(article["Id"])
        elif title.startswith(EXCLUSION_PREFIX):
            pair = title[len(EXCLUSION_PREFIX):]
            if any(pair == f"{a} and {b}" for a in names for b in names if a != b):
                broken.append(article["Id"])
    return broken


def _tiers(body: str) -> list[tuple[int, float]]:
    return sorted((int(low), float(pct)) for low, pct in _TIER_ROW.findall(body or ""))


def discount_breaks(lines: Records, articles: Records) -> list[str]:
    """Ids of the volume-discount articles whose schedule a quote line's discount exceeds."""
    schedules = {a["Title"][len(TIERS_PREFIX):]: (a["Id"], _tiers(a.get("FAQ_Answer__c") or "")) for a in articles
                 if (a["Title"] or "").startswith(TIERS_PREFIX)}
    broken = []
    for line in lines:
        rule = schedules.get(_name(line))
        if rule is None or not rule[1]:
            continue
        allowed = 0.0
        for low, pct in rule[1]:
            if float(line["Quantity"]) >= low:
                allowed = pct
        if float(line["Discount"] or 0) > allowed and rule[0] not in broken:
            broken.append(rule[0])
    return broken


def _pools(ctx: OracleContext) -> dict[str, list[str]]:
    """Quotes by what they break: 'config' (one config rule only), 'discount' (one schedule only), 'none'."""
    if "cpq_pools" not in ctx.cache:
        config, discount = run(ctx, [CONFIG_ARTICLES, DISCOUNT_ARTICLES])
        lines: dict[str, Records] = defaultdict(list)
        for line in run(ctx, ["SELECT QuoteId, Product2.Name, Quantity, Discount FROM QuoteLineItem ORDER BY Id"])[0]:
            lines[line["QuoteId"]].append(line)
        pools: dict[str, list[str]] = {"config": [], "discount": [], "none": []}
        for quote in sorted(lines):
            c, d = config_breaks(lines[quote], config), discount_breaks(lines[quote], discount)
            if not c and not d:
                pools["none"].append(quote)
            elif len(c) == 1 and not d:
                pools["config"].append(quote)
            elif len(d) == 1 and not c:
                pools["discount"].append(quote)
        ctx.cache["cpq_pools"] = pools
    return ctx.cache["cpq_pools"]


class _QuoteRuleOracle:
    """A quote's lines checked against one family of CPQ rule articles: the broken article, or None."""

    slots = frozenset({"quote_id"})
    pool: str  # which planted quotes answerable draws come from
    line_fields: str
    articles_query: str

    def breaks(self, lines: Records, articles: Records) -> list[str]:
        raise NotImplementedError

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        quote = rng.choice(_pools(ctx)[self.pool if answerable else "none"])
        queries = [f"SELECT {self.line_fields} FROM QuoteLineItem WHERE QuoteId = '{quote}' ORDER BY Id",
                   self.articles_query]
        answer = self.derive(run(ctx, queries), {})
        if not usable(answer, answerable):
            return None
        return Draw({"quote_id": quote}, answer, Solution(queries, answer, derive=self.key))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        lines, articles = results
        if not lines:
            return AMBIGUOUS
        broken = self.breaks(lines, articles)
        if len(broken) > 1:
            return AMBIGUOUS
        return [broken[0]] if broken else [None]


class InvalidConfig(_QuoteRuleOracle):
    """invalid_config: the quantity-limit or product-exclusion article a quote's configuration breaks, or None."""

    name = key = "invalid_config"
    pool = "config"
    line_fields = "Id, Product2Id, Product2.Name, Quantity"
    articles_query = CONFIG_ARTICLES

    def breaks(self, lines: Records, articles: Records) -> list[str]:
        return config_breaks(lines, articles)


class QuoteApproval(_QuoteRuleOracle):
    """quote_approval: the volume-discount article whose schedule a quote's discount exceeds, or None."""

    name = key = "quote_approval"
    pool = "discount"
    line_fields = "Id, Product2Id, Product2.Name, Quantity, Discount"
    articles_query = DISCOUNT_ARTICLES

    def breaks(self, lines: Records, articles: Records) -> list[str]:
        return discount_breaks(lines, articles)


CPQ_ORACLES = [InvalidConfig(), QuoteApproval()]
