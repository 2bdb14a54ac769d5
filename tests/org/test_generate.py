"""Generated orgs: paper scale, valid Ids, referential integrity, consistent dates, determinism."""

from __future__ import annotations

from collections import defaultdict

import pytest

from crmtui.org.dump import content_hash, dump_info
from crmtui.org.generate import GENERATOR_VERSION, BuildError, build_org
from crmtui.org.ids import is_valid
from crmtui.org.schema import load_schema

# Paper sizes: CRMArena Table 8 (original), CRMArena-Pro Table 6 (b2b / b2c).
PAPER = {
    "original": {"User": 100, "Contact": 196, "ProductCategory": 12, "Product2": 500, "OrderItem": 7100,
                 "Pricebook2": 44, "PricebookEntry": 22000, "Case": 977, "Order": 2071, "EmailMessage": 3234,
                 "LiveChatTranscript": 387, "Knowledge__kav": 45},
    "b2b": {"User": 212, "Account": 101, "Contact": 886, "Case": 153, "Knowledge__kav": 194, "ProductCategory": 10,
            "Product2": 51, "Pricebook2": 2, "PricebookEntry": 50, "Order": 163, "OrderItem": 689,
            "EmailMessage": 5686, "LiveChatTranscript": 58, "Issue__c": 15, "CaseHistory__c": 393,
            "Opportunity": 1170, "OpportunityLineItem": 4926, "Quote": 704, "QuoteLineItem": 2966, "Contract": 163,
            "VoiceCallTranscript__c": 4033, "Task": 4829, "Event": 172, "Territory2": 10, "Lead": 1465},
    "b2c": {"User": 212, "Account": 200, "Contact": 200, "Case": 289, "Knowledge__kav": 110, "ProductCategory": 5,
            "Product2": 51, "Pricebook2": 2, "PricebookEntry": 50, "Order": 329, "OrderItem": 1649,
            "EmailMessage": 11403, "LiveChatTranscript": 110, "Issue__c": 15, "CaseHistory__c": 741,
            "Opportunity": 2292, "OpportunityLineItem": 11913, "Quote": 1379, "QuoteLineItem": 7107,
            "Contract": 329, "VoiceCallTranscript__c": 6796, "Task": 9007, "Event": 148, "Territory2": 10,
            "Lead": 222},
}
TOTALS = {"b2b": 29101, "b2c": 54569}


def test_counts_match_the_papers(any_org):
    kind = any_org.result.kind
    info = dump_info(any_org.result.path)
    assert set(info.counts) == set(load_schema(kind).objects)
    for obj, expected in PAPER[kind].items():
        got = info.counts[obj]
        assert abs(got - expected) <= 0.15 * expected, f"{kind} {obj}: {got} vs paper {expected}"
    if kind in TOTALS:
        assert abs(info.total - TOTALS[kind]) <= 0.15 * TOTALS[kind]
    assert all(n > 0 for n in info.counts.values())


def test_meta_table(any_org):
    meta = dump_info(any_org.result.path).meta
    assert meta["kind"] == any_org.result.kind
    assert meta["seed"] == "1"
    assert meta["generator_version"] == GENERATOR_VERSION
    assert meta["schema_version"] == "1"
    assert meta["now"] == "2025-06-30T18:00:00.000+0000"


def test_columns_follow_the_schema(any_org):
    schema = load_schema(any_org.result.kind)
    for name, obj in schema.objects.items():
        cols = [r[1] for r in any_org.rows(f'PRAGMA table_info("{name}")')]
        assert cols == list(obj.fields), name


def test_ids_are_valid_unique_and_prefixed(any_org):
    schema = load_schema(any_org.result.kind)
    seen = set()
    for name, obj in schema.objects.items():
        ids = [r[0] for r in any_org.rows(f'SELECT Id FROM "{name}"')]
        assert all(len(i) == 18 and is_valid(i) and i.startswith(obj.key_prefix) for i in ids), name
        assert not seen & set(ids)
        seen |= set(ids)


def test_referential_integrity(any_org):
    schema = load_schema(any_org.result.kind)
    for name, obj in schema.objects.items():
        for f in obj.references:
            targets = " UNION ".join(f'SELECT Id FROM "{t}"' for t in f.reference_to)
            dangling = any_org.value(
                f'SELECT COUNT(*) FROM "{name}" WHERE "{f.name}" IS NOT NULL AND "{f.name}" NOT IN ({targets})')
            assert dangling == 0, f"{name}.{f.name} has {dangling} dangling references"


def test_required_references_are_set(any_org):
    for sql in ('SELECT COUNT(*) FROM "Case" WHERE OwnerId IS NULL OR IssueId__c IS NULL OR OrderItemId__c IS NULL '
                "OR AccountId IS NULL OR ContactId IS NULL",
                'SELECT COUNT(*) FROM OrderItem WHERE OrderId IS NULL OR Product2Id IS NULL',
                'SELECT COUNT(*) FROM CaseHistory__c WHERE CaseId__c IS NULL'):
        assert any_org.value(sql) == 0, sql


def test_case_belongs_to_its_order_item_account(any_org):
    mismatched = any_org.value(
        'SELECT COUNT(*) FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c '
        'JOIN "Order" o ON o.Id = oi.OrderId WHERE o.AccountId != c.AccountId')
    assert mismatched == 0
    wrong_contact = any_org.value(
        'SELECT COUNT(*) FROM "Case" c JOIN Contact k ON k.Id = c.ContactId WHERE k.AccountId != c.AccountId')
    assert wrong_contact == 0


# Fields that record something that happened: never after the org clock. (Planned dates such as an
# open opportunity's CloseDate or a quote's ExpirationDate may lie ahead.)
OCCURRED = {
    "Case": ["CreatedDate", "ClosedDate"], "CaseHistory__c": ["CreatedDate"], "EmailMessage": ["MessageDate"],
    "LiveChatTranscript": ["EndTime"], "Order": ["EffectiveDate"], "Opportunity": ["CreatedDate"],
    "Quote": ["CreatedDate"], "Contract": ["CompanySignedDate", "CustomerSignedDate", "StartDate"],
    "VoiceCallTranscript__c": ["CreatedDate", "EndTime__c"], "Task": ["ActivityDate"],
    "Event": ["StartDateTime"], "Lead": ["CreatedDate", "ConvertedDate"],
}


def test_nothing_happens_after_now(any_org):
    now = any_org.result.now
    for obj, fields in OCCURRED.items():
        present = {r[1] for r in any_org.rows(f'PRAGMA table_info("{obj}")')}
        for f in fields:
            if f not in present:
                continue
            latest = any_org.value(f'SELECT MAX("{f}") FROM "{obj}"')
            assert latest is None or latest[: len(latest)] <= now[: len(latest)], f"{obj}.{f} = {latest} > {now}"


def test_history_starts_about_four_years_back(any_org):
    earliest = any_org.value('SELECT MIN(CreatedDate) FROM "Case"')
    assert "2021-06-30" <= earliest[:10] <= "2022-01-01"


def test_dates_are_consistent(any_org):
    o = any_org
    assert o.value('SELECT COUNT(*) FROM "Case" WHERE ClosedDate < CreatedDate') == 0
    assert o.value('''SELECT COUNT(*) FROM "Case" WHERE (Status = 'Closed') != (ClosedDate IS NOT NULL)''') == 0
    assert o.value('SELECT COUNT(*) FROM EmailMessage e JOIN "Case" c ON c.Id = e.ParentId '
                   'WHERE e.MessageDate < c.CreatedDate') == 0
    assert o.value('SELECT COUNT(*) FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c '
                   'JOIN "Order" r ON r.Id = oi.OrderId WHERE r.EffectiveDate > substr(c.CreatedDate, 1, 10)') == 0
    # CaseHistory__c: creation first, then assignments, then closure, in time order.
    events = defaultdict(list)
    for case_id, when, kind in o.rows("SELECT CaseId__c, CreatedDate, Field__c FROM CaseHistory__c ORDER BY rowid"):
        events[case_id].append((when, kind))
    created = dict(o.rows('SELECT Id, CreatedDate FROM "Case"'))
    closed = dict(o.rows('SELECT Id, ClosedDate FROM "Case"'))
    assert set(events) == set(created)
    for case_id, trail in events.items():
        times = [w for w, _ in trail]
        kinds = [k for _, k in trail]
        assert times == sorted(times), case_id
        if any_org.result.kind == "original" or kinds[0] == "Case Creation":
            assert kinds[0] == "Case Creation" and times[0] == created[case_id]
            kinds, times = kinds[1:], times[1:]
        assert kinds[0] == "Owner Assignment" and times[0] >= created[case_id]
        assert (kinds[-1] == "Case Closed") == (closed[case_id] is not None)
        if closed[case_id]:
            assert times[-1] == closed[case_id]


def test_case_owner_is_the_last_assignment(any_org):
    last = dict(any_org.rows(
        "SELECT CaseId__c, NewValue__c FROM CaseHistory__c h WHERE Field__c = 'Owner Assignment' AND "
        "CreatedDate = (SELECT MAX(CreatedDate) FROM CaseHistory__c h2 WHERE h2.CaseId__c = h.CaseId__c "
        "AND h2.Field__c = 'Owner Assignment')"))
    owners = dict(any_org.rows('SELECT Id, OwnerId FROM "Case"'))
    assert last == owners
    # Each transfer names the previous owner as its old value.
    for case_id, old, new in any_org.rows(
            "SELECT CaseId__c, OldValue__c, NewValue__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' "
            "AND OldValue__c IS NOT NULL"):
        assert old != new, case_id


def test_sales_dates_are_consistent(b2b):
    o = b2b
    assert o.value("SELECT COUNT(*) FROM Lead WHERE ConvertedDate < substr(CreatedDate, 1, 10)") == 0
    assert o.value("SELECT COUNT(*) FROM Lead WHERE (IsConverted = 1) != (ConvertedDate IS NOT NULL)") == 0
    assert o.value("SELECT COUNT(*) FROM Opportunity op JOIN Contract c ON c.Id = op.ContractID__c "
                   "WHERE c.CompanySignedDate < substr(op.CreatedDate, 1, 10)") == 0
    assert o.value("SELECT COUNT(*) FROM VoiceCallTranscript__c WHERE EndTime__c < CreatedDate") == 0
    assert o.value("SELECT COUNT(*) FROM VoiceCallTranscript__c WHERE (LeadId__c IS NULL) = "
                   "(OpportunityId__c IS NULL)") == 0
    # Closed opportunities, and only they, carry a contract; each contract has one order.
    assert o.value("SELECT COUNT(*) FROM Opportunity WHERE ContractID__c IS NOT NULL") == o.value(
        "SELECT COUNT(*) FROM Contract") == o.value('SELECT COUNT(*) FROM "Order"')
    # Amount is the sum of line totals.
    off = o.value("SELECT COUNT(*) FROM Opportunity op WHERE abs(op.Amount - (SELECT SUM(TotalPrice) FROM "
                  "OpportunityLineItem l WHERE l.OpportunityId = op.Id)) > 0.05")
    assert off == 0
    # Quote lines price as Quantity * UnitPrice * (1 - Discount/100).
    assert o.value("SELECT COUNT(*) FROM QuoteLineItem WHERE abs(TotalPrice - round(Quantity * UnitPrice * "
                   "(1 - Discount / 100.0), 2)) > 0.011") == 0


def test_determinism_same_seed_same_contents(tmp_path, b2b):
    again = build_org("b2b", seed=1, out=tmp_path / "again.db")
    assert content_hash(again.path) == content_hash(b2b.result.path)


def test_different_seed_different_org(tmp_path, original):
    other = build_org("original", seed=2, out=tmp_path / "seed2.db")
    assert content_hash(other.path) != content_hash(original.result.path)
    assert dump_info(other.path).meta["seed"] == "2"


def test_now_moves_the_history(tmp_path):
    result = build_org("original", seed=1, out=tmp_path / "o.db", now="2023-01-15")
    info = dump_info(result.path)
    assert info.now == "2023-01-15T00:00:00.000+0000"


def test_text_is_varied(any_org):
    rows = any_org.rows('SELECT Subject, Description FROM "Case" ORDER BY Id LIMIT 20')
    assert len({s for s, _ in rows}) >= 16
    assert len({d for _, d in rows}) == 20
    bodies = [r[0] for r in any_org.rows("SELECT TextBody FROM EmailMessage ORDER BY Id LIMIT 40")]
    assert len(set(bodies)) >= 38


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "b2x"}, "unknown org kind"),
    ({"kind": "b2b", "now": "30/06/2025"}, "invalid date/time"),
])
def test_bad_build_input(tmp_path, kwargs, message):
    with pytest.raises(BuildError, match=message):
        build_org(out=tmp_path / "x.db", **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_existing_file_refused_unless_forced(tmp_path):
    target = tmp_path / "org.db"
    target.write_text("keep me")
    with pytest.raises(BuildError, match="file exists"):
        build_org("original", out=target)
    assert target.read_text() == "keep me"


def test_failed_build_leaves_nothing(tmp_path, monkeypatch):
    from crmtui.org import dump

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(dump, "create_indexes", explode)
    with pytest.raises(RuntimeError):
        build_org("original", out=tmp_path / "org.db")
    assert list(tmp_path.iterdir()) == []


def test_internal_knowledge_is_not_published(b2b):
    """Battlecards, CPQ rules and the BANT guide are internal (confidential); customer articles are published."""
    published = dict(b2b.rows("SELECT Title, IsVisibleInPkb FROM Knowledge__kav"))
    internal = [t for t in published if t.startswith("Competitive strategy:")]
    assert internal and all(published[t] == 0 for t in internal)
    assert all(published[t] == 1 for t in published if t.startswith("Troubleshooting:"))
    assert sum(v == 0 for v in published.values()) >= 40
    assert sum(v == 1 for v in published.values()) >= 100
