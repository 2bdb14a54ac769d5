"""Shared state of one org build: seeded random streams, Ids, the clock, and the tables being filled."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from crmtui.org.clock import format_date, format_datetime
from crmtui.org.generate.vocab import DomainPack
from crmtui.org.ids import IdFactory
from crmtui.org.schema import OrgSchema

HISTORY_DAYS = 4 * 365  # the org's records span about four years ending at `now`

# The two-character instance infix of generated Ids, per org kind (as CRMArena's orgs use "Ws"/"Wt").
INSTANCE = {"original": "Ws", "b2b": "Wt", "b2c": "Wu"}
# Where each object's sequence starts, so Ids look like those of a long-lived org.
ID_START = 62**5 * 7


@dataclass
class Sizes:
    """Target record counts of one org kind (the papers' table sizes)."""

    users: int
    service_agents: int
    accounts: int
    contacts: int
    cases: int
    knowledge: int
    categories: int
    pricebooks: int
    orders: int
    order_items: int
    case_emails_per_case: float
    chat_share: float
    issues: int
    opportunities: int = 0
    line_items_per_opp: float = 0.0
    quotes: int = 0
    contracts: int = 0
    lead_count: int = 0
    calls_per_opp: float = 0.0
    calls_per_lead: float = 0.0
    tasks_per_opp: float = 0.0
    events: int = 0
    territories: int = 0
    sales_emails_per_opp: float = 0.0


SIZES = {
    # CRMArena (NAACL 2025) Table 8; objects it does not list sized to match its orders and cases.
    "original": Sizes(users=100, service_agents=100, accounts=196, contacts=196, cases=977, knowledge=50,
                      categories=12, pricebooks=44, orders=2071, order_items=7100, case_emails_per_case=3.3,
                      chat_share=0.4, issues=20),
    # CRMArena-Pro Table 6 (B2B / B2C).
    "b2b": Sizes(users=212, service_agents=30, accounts=101, contacts=886, cases=153, knowledge=194,
                 categories=10, pricebooks=2, orders=163, order_items=689, case_emails_per_case=4.0,
                 chat_share=0.38, issues=15, opportunities=1170, line_items_per_opp=4.2, quotes=704,
                 contracts=163, lead_count=1465, calls_per_opp=2.2, calls_per_lead=1.0, tasks_per_opp=4.1,
                 events=172, territories=10, sales_emails_per_opp=4.3),
    "b2c": Sizes(users=212, service_agents=30, accounts=200, contacts=200, cases=289, knowledge=110,
                 categories=5, pricebooks=2, orders=329, order_items=1649, case_emails_per_case=4.0,
                 chat_share=0.38, issues=15, opportunities=2292, line_items_per_opp=5.2, quotes=1379,
                 contracts=329, lead_count=222, calls_per_opp=2.8, calls_per_lead=1.5, tasks_per_opp=3.9,
                 events=148, territories=10, sales_emails_per_opp=4.5),
}


@dataclass
class Build:
    """One org build in progress. Generator steps read and append to `tables` and `latent`."""

    kind: str
    seed: int
    now: datetime
    schema: OrgSchema
    pack: DomainPack
    sizes: Sizes
    ids: IdFactory = field(init=False)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    latent: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ids = IdFactory(INSTANCE[self.kind], start=ID_START)
        for name in self.schema.objects:
            self.tables[name] = []

    @property
    def start(self) -> datetime:
        return self.now - timedelta(days=HISTORY_DAYS)

    def rng(self, stream: str) -> random.Random:
        """An independent random stream per generator step, so changing one step leaves the others alone."""
        return random.Random(f"crmtui:{self.kind}:{self.seed}:{stream}")

    def new_id(self, obj: str) -> str:
        return self.ids.new(self.schema.objects[obj].key_prefix)

    def add(self, obj: str, row: dict[str, Any]) -> dict[str, Any]:
        """Append a record (assigning its Id) and return it."""
        row["Id"] = self.new_id(obj)
        self.tables[obj].append(row)
        return row

    def has(self, obj: str, fld: str) -> bool:
        """Whether this kind's schema has `obj.fld` (the three kinds differ in a few fields)."""
        o = self.schema.objects.get(obj)
        return o is not None and fld in o.fields

    def random_time(self, rng: random.Random, lo: datetime, hi: datetime) -> datetime:
        """A uniform instant in [lo, hi), at whole seconds."""
        span = max(1, int((hi - lo).total_seconds()))
        return lo + timedelta(seconds=rng.randrange(span))

    def business_time(self, rng: random.Random, day: datetime) -> datetime:
        """`day` at a working-hours time (13:00–23:59 UTC, i.e. US business hours)."""
        base = day.replace(hour=0, minute=0, second=0, microsecond=0)
        return base + timedelta(hours=rng.randint(13, 23), minutes=rng.randrange(60), seconds=rng.randrange(60))


def dt(value: datetime) -> str:
    return format_datetime(value)


def d(value: datetime) -> str:
    return format_date(value)
