"""A small hand-written b2b org for the SOQL/SOSL/adapter tests (built once per test process).

Clock: 2025-06-15T12:00:00Z (a Sunday), as in reference/soql.md §4.10. Records are chosen to exercise
every conformance case: null parents, null Industry, case/diacritic variants, a polymorphic lookup,
5-level parent paths, enough Tasks (4,321) to paginate, and one quote-bearing name for injection tests.
"""

from __future__ import annotations

import atexit
import copy
import functools
import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from crmtui.org import dump
from crmtui.org.ids import IdFactory
from crmtui.org.schema import load_schema, parse_schema
from crmtui.org.soql.dates import OrgClock, format_datetime
from crmtui.org.soql.engine import Engine

NOW = datetime(2025, 6, 15, 12, 0, 0, tzinfo=UTC)
CLOCK = OrgClock(NOW)
N_TASKS = 4321


def dt(days: float = 0, hours: float = 0) -> str:
    return format_datetime(NOW + timedelta(days=days, hours=hours))


def d(days: int = 0) -> str:
    return (NOW + timedelta(days=days)).date().isoformat()


class Ids:
    """Named Ids of the fixture records."""

    def __init__(self) -> None:
        self.f = IdFactory(instance="Wt", start=1000)

    def new(self, prefix: str) -> str:
        return self.f.new(prefix)


def _rows(ids: Ids) -> tuple[dict[str, list[dict]], dict[str, str]]:
    n: dict[str, str] = {}
    t: dict[str, list[dict]] = {}

    def add(obj: str, key: str | None, prefix: str, **fields) -> str:
        rid = ids.new(prefix)
        if key:
            n[key] = rid
        t.setdefault(obj, []).append({"Id": rid, **fields})
        return rid

    add("User", "u1", "005", FirstName="Ada", LastName="Lovelace", Name="Ada Lovelace", Alias="ada",
        Email="ada@example.com", Username="ada@example.com", Phone="(415) 555-0101")
    add("User", "u2", "005", FirstName="Grace", LastName="Hopper", Name="Grace Hopper", Alias="grace",
        Email="grace@example.com", Username="grace@example.com")
    add("User", "u3", "005", FirstName="Alan", LastName="Turing", Name="Alan Turing", Alias="alan",
        Email="alan@example.com", Username="alan@example.com")

    add("Account", "acme", "001", Name="Acme", Industry="Energy", NumberOfEmployees=50,
        Phone="(415) 555-1212", ShippingState="CA", Description="Big energy company in California")
    add("Account", "globex", "001", Name="Globex", Industry="Technology", NumberOfEmployees=500,
        ShippingState="NY", Description="Acme competitor")
    add("Account", "muller", "001", Name="Müller GmbH", Industry=None, NumberOfEmployees=None,
        ShippingState="BE")
    add("Account", "quarry", "001", Name="Quarry", Industry="Energy", NumberOfEmployees=10, ShippingState="TX")
    add("Account", "initech", "001", Name="Initech", Industry="Technology", NumberOfEmployees=None)
    add("Account", "obrien", "001", Name="O'Brien & Sons", Industry="Retail", NumberOfEmployees=7)
    add("Account", "pct", "001", Name="100% Natural", Industry="Retail", NumberOfEmployees=3)
    add("Account", "under", "001", Name="1000 Natural", Industry="", NumberOfEmployees=4)
    add("Account", "ajax", "001", Name="ajax ltd", Industry="Technology", NumberOfEmployees=25)

    add("Contact", "smith", "003", AccountId=n["acme"], FirstName="John", LastName="Smith", Name="John Smith",
        Email="john.smith@acme.com")
    add("Contact", "gray", "003", AccountId=n["acme"], FirstName="Jane", LastName="Gray", Name="Jane Gray",
        Email="jane_gray@uoa.edu")
    add("Contact", "young1", "003", AccountId=None, FirstName="Bob", LastName="Young", Name="Bob Young",
        Email="bob@young.org")
    add("Contact", "young2", "003", AccountId=n["quarry"], FirstName="Eve", LastName="Young", Name="Eve Young")
    add("Contact", "jm", "003", AccountId=n["muller"], FirstName="Jürgen", LastName="Müller",
        Name="Jürgen Müller", Email="jm@mueller.de")
    add("Contact", "smyth", "003", AccountId=n["globex"], FirstName="Sam", LastName="Smyth", Name="Sam Smyth",
        Email="sam@globex.com")
    add("Contact", "quarryc", "003", AccountId=n["quarry"], FirstName="Quinn", LastName="Stone",
        Name="Quinn Stone")

    add("Issue__c", "iss1", "a03", Name="Battery drain", Description__c="Device battery drains fast")
    add("Product2", "p1", "01t", Name="Solar Panel X", IsActive=1, External_ID__c="SP-X")
    add("Product2", "p2", "01t", Name="Old Inverter", IsActive=0, External_ID__c="INV-1")
    add("Product2", "p3", "01t", Name="Mystery Box", IsActive=None, External_ID__c="MB-1")
    add("Pricebook2", "pb", "01s", Name="Standard", IsActive=1)
    add("PricebookEntry", "pbe1", "01u", Pricebook2Id=n["pb"], Product2Id=n["p1"], UnitPrice=199.0)
    add("Order", "ord1", "801", AccountId=n["acme"], OwnerId=n["u1"], EffectiveDate=d(-40), Status="Activated",
        Pricebook2Id=n["pb"])
    add("OrderItem", "oi1", "802", OrderId=n["ord1"], PriceBookEntryId=n["pbe1"], Product2Id=n["p1"],
        Quantity=2.0, UnitPrice=199.0)

    cases = [
        # key, subject, status, priority, account, contact, owner, created (days), closed (days)
        ("c1", "Solar panel not charging", "New", "High", "acme", "smith", "u1", 0, None),
        ("c2", "Refund request for order", "Closed", "Medium", "acme", "gray", "u1", -1, 0),
        ("c3", "Battery drains fast", "Working", "High", "acme", "smith", "u2", -3, None),
        ("c4", "Invoice question", "Closed", "Low", "globex", "smyth", "u2", -10, -2),
        ("c5", "Wrong address", "New", "Low", "quarry", "young2", "u3", -45, None),
        ("c6", "Refund not received", "Closed", "High", "quarry", None, "u1", -100, -90),
        ("c7", "Cannot log in", "New", "Medium", None, "young1", "u2", -200, None),
        ("c8", "Müller shipment delayed", "Escalated", "High", "muller", "jm", "u3", -400, None),
        ("c9", "Panel cracked on arrival", "Closed", "High", "globex", None, "u1", 2, None),
    ]
    for key, subject, status, prio, acc, con, owner, created, closed in cases:
        add("Case", key, "500", Subject=subject, Status=status, Priority=prio,
            AccountId=n[acc] if acc else None, ContactId=n[con] if con else None, OwnerId=n[owner],
            CreatedDate=dt(created), ClosedDate=dt(closed) if closed is not None else None,
            Description=f"Customer wrote: {subject.lower()}.", IssueId__c=n["iss1"] if key == "c3" else None,
            OrderItemId__c=n["oi1"] if key == "c1" else None)

    add("Contract", "ctr1", "800", AccountId=n["acme"], Status="Activated", StartDate=d(-300), ContractTerm=12,
        CustomerSignedDate=d(-301), Description="Master agreement")
    opps = [
        # key, name, stage, amount, close (days), account, contact, owner
        ("o1", "Acme solar rollout", "Closed Won", 120000.0, -20, "acme", "smith", "u1"),
        ("o2", "Globex upgrade", "Closed Won", 50000.0, -60, "globex", "smyth", "u2"),
        ("o3", "Quarry pilot", "Prospecting", 8000.0, 15, "quarry", "young2", "u3"),
        ("o4", "Acme expansion", "Negotiation", None, 40, "acme", "gray", "u1"),
        ("o5", "Initech trial", "Closed Lost", 3000.0, -5, "initech", None, "u2"),
    ]
    for key, name, stage, amount, close, acc, con, owner in opps:
        add("Opportunity", key, "006", Name=name, StageName=stage, Amount=amount, CloseDate=d(close),
            AccountId=n[acc], ContactId=n[con] if con else None, OwnerId=n[owner], CreatedDate=dt(close - 30),
            Probability=100.0 if stage == "Closed Won" else 20.0,
            ContractID__c=n["ctr1"] if key == "o1" else None)
    add("OpportunityLineItem", "oli1", "00k", OpportunityId=n["o1"], PricebookEntryId=n["pbe1"],
        Product2Id=n["p1"], Quantity=10.0, TotalPrice=1990.0)
    add("Quote", "q1", "0Q0", Name="Acme quote", OpportunityId=n["o1"], AccountId=n["acme"],
        ContactId=n["smith"], Status="Accepted", CreatedDate=dt(-25), ExpirationDate=d(5))
    add("QuoteLineItem", "qli1", "0QL", QuoteId=n["q1"], OpportunityLineItemId=n["oli1"],
        PricebookEntryId=n["pbe1"], Product2Id=n["p1"], Quantity=10.0, UnitPrice=199.0, TotalPrice=1990.0,
        Discount=0.0)

    add("EmailMessage", "em1", "02s", Subject="Re: Solar panel", FromAddress="john.smith@acme.com",
        ParentId=n["c1"], RelatedToId=n["c1"], MessageDate=dt(-0.5), TextBody="Still not charging")
    add("EmailMessage", "em2", "02s", Subject="Proposal", FromAddress="ada@example.com",
        ParentId=None, RelatedToId=n["o1"], MessageDate=dt(-21), TextBody="Please find the proposal")
    add("EmailMessage", "em3", "02s", Subject="Orphan", FromAddress="x@example.com", ParentId=None,
        RelatedToId=None, MessageDate=dt(-2), TextBody="")

    add("Knowledge__kav", "kb1", "ka0", Title="How to reset a solar panel", UrlName="reset-solar-panel",
        Summary="Steps to reset the inverter", FAQ_Answer__c="Hold the reset button for ten seconds.")
    add("Lead", "lead1", "00Q", FirstName="Mary", LastName="Major", Name="Mary Major", Company="Major Corp",
        Email="mary@major.example", Phone="+1 415 555 3333", Status="Open", IsConverted=0, OwnerId=n["u1"],
        CreatedDate=dt(-7))

    for i in range(N_TASKS):
        t.setdefault("Task", []).append({
            "Id": ids.new("00T"), "Subject": f"Follow up {i:05d}", "Status": "Completed" if i % 3 else "Open",
            "Priority": "Normal", "OwnerId": n[("u1", "u2", "u3")[i % 3]], "WhatId": n["o1"] if i % 2 else None,
            "ActivityDate": d(-(i % 400)),
        })
    return t, n


def build(path: Path, schema=None, extra: dict | None = None) -> dict[str, str]:
    schema = schema or load_schema("b2b")
    tables, names = _rows(Ids())
    if extra:
        for obj, rows in extra.items():
            tables.setdefault(obj, []).extend(rows)
    conn = sqlite3.connect(path)
    dump.create_tables(conn, schema)
    for obj, rows in tables.items():
        dump.insert_rows(conn, schema.objects[obj], rows)
    dump.create_indexes(conn, schema)
    dump.write_meta(conn, {"kind": "b2b", "seed": "0", "generator_version": "test", "schema_version": "1",
                           "now": CLOCK.wire()})
    conn.commit()
    conn.close()
    return names


@functools.cache
def fixture_path() -> tuple[Path, dict[str, str]]:
    tmp = Path(tempfile.mkdtemp(prefix="crmtui-soql-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    path = tmp / "b2b-fixture.db"
    names = build(path)
    return path, names


def engine() -> tuple[Engine, dict[str, str]]:
    path, names = fixture_path()
    return Engine.open(path), names


def schema_with_is_deleted():
    """b2b with an IsDeleted boolean on Case (for /queryAll)."""
    from importlib import resources

    raw = yaml.safe_load(resources.files("crmtui.org").joinpath("schemas/b2b.yaml").read_text())
    raw = copy.deepcopy(raw)
    raw["objects"]["Case"]["fields"]["IsDeleted"] = {"description": "Deleted", "type": "boolean"}
    return parse_schema(raw, "test")
