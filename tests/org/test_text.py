"""Domain packs, word pools and the template text of the synthetic org generator."""

from __future__ import annotations

import random
import re
import socket

import pytest

from crmtui.org.generate import text
from crmtui.org.generate.packs import ISSUE_TEXT, PACKS, POLICY_ASKS, QUALIFICATION_WINDOW_MONTHS, SUBTOPICS
from crmtui.org.generate.vocab import (
    BANT,
    COMPANY_WORDS,
    DECISION_TITLES,
    FIRST_NAMES,
    INDUSTRIES,
    INFLUENCER_TITLES,
    LAST_NAMES,
    SENTIMENTS,
    STAGES,
    US_STATES,
    DomainPack,
    ServicePolicy,
    domain_pack,
)

KINDS = ("original", "b2b", "b2c")
PLACEHOLDERS = re.compile(r"\{(\w*)\}")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Text generation is pure: any attempt to open a connection fails the test."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(params=KINDS)
def pack(request) -> DomainPack:
    return PACKS[request.param]()


def _words(s: str) -> int:
    return len(s.split())


def _sentences(s: str) -> int:
    return len([x for x in re.split(r"(?<=[.!?])\s+", s.strip()) if x])


# ----------------------------------------------------------------------------------------------------
# Packs


@pytest.mark.parametrize(("kind", "n_products", "n_categories"), [("original", 500, 12), ("b2b", 51, 10),
                                                                   ("b2c", 51, 5)])
def test_catalog_sizes(kind: str, n_products: int, n_categories: int) -> None:
    p = PACKS[kind]()
    assert p.kind == kind
    assert domain_pack(kind) is p  # cached, and reachable through vocab
    assert len(p.products) == n_products
    assert len({x.name for x in p.products}) == n_products
    assert len(p.categories) == n_categories == len(set(p.categories))
    assert {x.category for x in p.products} == set(p.categories)
    low, high = {"original": (15, 250), "b2b": (500, 60000), "b2c": (20, 2500)}[kind]
    assert all(low <= x.list_price <= high for x in p.products)
    assert all(x.description and x.family for x in p.products)


def test_original_families_group_products() -> None:
    p = PACKS["original"]()
    counts: dict[str, int] = {}
    for x in p.products:
        counts[x.family] = counts.get(x.family, 0) + 1
    assert len(counts) >= 20
    assert min(counts.values()) >= 2  # every family has near-identical siblings (NED)
    assert len({x.list_price for x in p.products}) > 50


def test_issues(pack: DomainPack) -> None:
    expected = {"original": (15, 25), "b2b": (15, 15), "b2c": (15, 15)}[pack.kind]
    assert expected[0] <= len(pack.issues) <= expected[1]
    names = [i.name for i in pack.issues]
    assert len(set(names)) == len(names)
    assert all(i.description.endswith(".") for i in pack.issues)
    assert set(ISSUE_TEXT[pack.kind]) == set(names)
    for words in ISSUE_TEXT[pack.kind].values():
        assert len(words.subjects) >= 3 and len(words.problems) >= 3 and len(words.fixes) >= 3
        for template in words.subjects + words.problems + words.fixes:
            assert set(PLACEHOLDERS.findall(template)) <= {"product", "company"}


def test_service_policies(pack: DomainPack) -> None:
    assert 6 <= len(pack.service_policies) <= 10
    keys = [p.key for p in pack.service_policies]
    assert len(set(keys)) == len(keys)
    assert len({p.title for p in pack.service_policies}) == len(keys)
    for policy in pack.service_policies:
        assert 80 <= _words(policy.body) <= 200, policy.key
        assert "\n\n" in policy.body
        assert len(policy.violations) >= 3 and len(policy.compliant) >= 3
        assert not set(policy.violations) & set(policy.compliant)
        for utterance in policy.violations + policy.compliant:
            assert set(PLACEHOLDERS.findall(utterance)) <= {"customer", "product", "agent"}
        assert policy.key in POLICY_ASKS


def test_faq_articles(pack: DomainPack) -> None:
    assert 25 <= len(pack.faq_articles) <= 40
    assert len({a.title for a in pack.faq_articles}) == len(pack.faq_articles)
    stop = {"the", "a", "an", "and", "or", "it", "no", "yes", "of", "to", "in", "is", "are", "with", "by",
            "for"}
    for article in pack.faq_articles:
        assert 100 <= _words(article.body) <= 250, article.title
        assert 2 <= len(article.facts) <= 4, article.title
        body = article.body.lower()
        for question, answer in article.facts:
            assert question.endswith("?")
            tokens = [t for t in re.findall(r"[\w$%°'.,/-]+", answer.lower()) if t.strip(".,") not in stop]
            tokens = [t.strip(".,") for t in tokens if t.strip(".,")]
            found = sum(t in body for t in tokens)
            assert found >= 0.75 * len(tokens), (article.title, answer)


def test_pack_lists(pack: DomainPack) -> None:
    assert 6 <= len(pack.competitors) <= 10 and len(set(pack.competitors)) == len(pack.competitors)
    assert pack.subtopics == SUBTOPICS
    assert pack.industries == INDUSTRIES
    assert pack.company and pack.company_description and "." in pack.email_domain
    assert tuple(pack.stage_tasks) == STAGES
    seen: dict[str, str] = {}
    for stage, subjects in pack.stage_tasks.items():
        assert 6 <= len(subjects) <= 8
        for subject in subjects:
            assert subject not in seen, f"{subject!r} is in {seen.get(subject)} and {stage}"
            seen[subject] = stage
    # A subject names at most one stage's vocabulary.
    markers = {"Qualification": ("introductory", "initial contact", "trade show", "prospect's company"),
               "Quote": ("quote", "proposal", "demo", "trial"),
               "Negotiation": ("negotiat", "redline", "legal", "objection"),
               "Closed": ("kickoff", "win/loss", "thank-you", "signed", "nurture", "upsell")}
    for stage, subjects in pack.stage_tasks.items():
        for subject in subjects:
            hits = {s for s, words in markers.items() if any(w in subject.lower() for w in words)}
            assert hits <= {stage}, (subject, hits)


def test_word_pools() -> None:
    assert len(set(FIRST_NAMES)) >= 150 and len(set(LAST_NAMES)) >= 150
    assert any(not n.isascii() for n in FIRST_NAMES) and any(not n.isascii() for n in LAST_NAMES)
    codes = [code for code, _name, _cities in US_STATES]
    assert len(codes) == len(set(codes)) == 51 and "DC" in codes
    assert all(len(code) == 2 and name and cities for code, name, cities in US_STATES)
    assert len(set(COMPANY_WORDS)) >= 60 and all(" " not in w for w in COMPANY_WORDS)
    assert DECISION_TITLES and INFLUENCER_TITLES and not set(DECISION_TITLES) & set(INFLUENCER_TITLES)
    assert len(INDUSTRIES) == 12


# ----------------------------------------------------------------------------------------------------
# Text functions


def _call_all(p: DomainPack, seed: int) -> list:
    """One call of every text function, all drawing from one RNG."""
    rng = random.Random(seed)
    issue, product, other = p.issues[seed % len(p.issues)], p.products[seed % len(p.products)], p.products[-1]
    policy = p.service_policies[seed % len(p.service_policies)]
    people = {"customer_name": "Zoë Müller", "agent_name": "Dana Kim"}
    out = [
        text.case_text(p, rng, issue=issue, product=product, customer_first="Zoë"),
        *(text.case_email(p, rng, issue=issue, product=product, **people, from_customer=pos % 2 == 0,
                          position=pos, violation=policy if pos == 1 else None)
          for pos in range(4)),
        text.chat_transcript(p, rng, issue=issue, product=product, **people, violation=None),
        text.chat_transcript(p, rng, issue=issue, product=product, **people, violation=policy),
        *(text.sales_email(p, rng, opportunity_name="Apex Labs - Deal", account_name="Apex Labs",
                           contact_name="Ana Silva", agent_name="Dana Kim", stage=stage, from_customer=fc)
          for stage in STAGES for fc in (False, True)),
        text.lead_call(p, rng, lead_name="Ana Silva", lead_title="Owner", company="Apex Labs",
                       agent_name="Dana Kim", product=product, unmet=frozenset({"Need"})),
        text.opportunity_call(p, rng, opportunity_name="Apex Labs - Deal", contact_name="Ana Silva",
                              agent_name="Dana Kim", product=product,
                              competitors=[(p.competitors[0], "positive")],
                              subtopics=[(p.subtopics[2], "negative")]),
        text.lead_qualification_article(p),
        text.quantity_limit_article(p, product, 25),
        text.volume_discount_article(p, product, [(1, 5.0), (20, 10.0), (50, 15.0)]),
        text.exclusion_article(p, product, other),
        text.account_description(p, rng, name="Apex Labs", industry="Energy", employees=1200, state="OR"),
        text.opportunity_text(p, rng, account_name="Apex Labs", product=product),
        text.quote_description(p, rng, opportunity_name="Apex Labs - Deal"),
        text.contract_description(p, rng, account_name="Apex Labs", term_months=24),
        text.task_description(p, rng, subject=p.stage_tasks["Quote"][0], opportunity_name="Apex Labs - Deal"),
        text.event_text(p, rng, opportunity_name="Apex Labs - Deal"),
    ]
    return out


def test_every_function_returns_non_empty_text(pack: DomainPack) -> None:
    for seed in range(5):
        for value in _call_all(pack, seed):
            parts = value if isinstance(value, tuple) else (value,)
            for part in parts:
                assert isinstance(part, str) and part.strip()
                assert "{" not in part and "}" not in part, part


def test_determinism(pack: DomainPack) -> None:
    assert _call_all(pack, 3) == _call_all(pack, 3)
    assert _call_all(pack, 3) != _call_all(pack, 4)


def test_case_text_shape(pack: DomainPack) -> None:
    for seed in range(40):
        rng = random.Random(seed)
        issue, product = rng.choice(pack.issues), rng.choice(pack.products)
        subject, description = text.case_text(pack, rng, issue=issue, product=product, customer_first="Ana")
        assert "\n" not in subject and len(subject) < 160
        body = description.split("\n\n")[0]
        assert 2 <= _sentences(body) <= 5, description
        assert product.name in description


def test_case_text_variety(pack: DomainPack) -> None:
    subjects, descriptions = set(), set()
    for seed in range(20):
        rng = random.Random(seed)
        issue, product = rng.choice(pack.issues), rng.choice(pack.products)
        subject, description = text.case_text(pack, rng, issue=issue, product=product,
                                              customer_first=rng.choice(FIRST_NAMES))
        subjects.add(subject)
        descriptions.add(description)
    assert len(subjects) >= 18 and len(descriptions) >= 18
    # Even for one issue and one product, the wording varies.
    issue, product = pack.issues[0], pack.products[0]
    same = [text.case_text(pack, random.Random(seed), issue=issue, product=product, customer_first="Ana")
            for seed in range(20)]
    assert len({s for s, _ in same}) >= 14 and len({d for _, d in same}) >= 18


def test_case_email_thread(pack: DomainPack) -> None:
    rng = random.Random(11)
    issue, product = pack.issues[1], pack.products[2]
    emails = [text.case_email(pack, rng, issue=issue, product=product, customer_name="Ana Silva",
                              agent_name="Dana Kim", from_customer=pos % 2 == 0, position=pos)
              for pos in range(5)]
    first_subject = emails[0][0]
    assert not first_subject.startswith("Re: ")
    assert all(subject == "Re: " + first_subject for subject, _ in emails[1:])
    for pos, (_subject, body) in enumerate(emails):
        assert body.rstrip().endswith("Ana Silva") if pos % 2 == 0 else "Dana Kim" in body
        assert body.startswith(("Hi", "Hello", "Dear", "Good", "To whom"))


def test_chat_shape(pack: DomainPack) -> None:
    for seed in range(60):
        rng = random.Random(seed)
        policy = rng.choice(pack.service_policies) if seed % 2 else None
        issue, product = rng.choice(pack.issues), rng.choice(pack.products)
        chat = text.chat_transcript(pack, rng, issue=issue, product=product,
                                    customer_name="Ana Silva", agent_name="Dana Kim", violation=policy)
        lines = chat.split("\n")
        assert 6 <= len(lines) <= 14
        assert lines[0].startswith("Agent: ")
        assert all(line.startswith(("Agent: ", "Customer: ")) for line in lines)


def _formatted(policy: ServicePolicy, utterances: tuple[str, ...], first: str, product: str,
               agent: str) -> list[str]:
    return [u.replace("{customer}", first).replace("{product}", product).replace("{agent}", agent)
            for u in utterances]


def test_violations_appear_when_requested(pack: DomainPack) -> None:
    for k, policy in enumerate(pack.service_policies):
        for seed in range(6):
            rng = random.Random(seed * 100 + k)
            product = rng.choice(pack.products)
            wanted = _formatted(policy, policy.violations, "Ana", product.name, "Dana Kim")
            chat = text.chat_transcript(pack, rng, issue=rng.choice(pack.issues), product=product,
                                        customer_name="Ana Silva", agent_name="Dana Kim", violation=policy)
            assert any("Agent: " + w in chat for w in wanted), (policy.key, chat)
            _subject, body = text.case_email(pack, rng, issue=rng.choice(pack.issues), product=product,
                                             customer_name="Ana Silva", agent_name="Dana Kim",
                                             from_customer=False, position=1, violation=policy)
            assert any(w in body for w in wanted), (policy.key, body)


def test_no_violation_without_request(pack: DomainPack) -> None:
    compliant_seen = 0
    for seed in range(150):
        rng = random.Random(seed)
        product = rng.choice(pack.products)
        chat = text.chat_transcript(pack, rng, issue=rng.choice(pack.issues), product=product,
                                    customer_name="Ana Silva", agent_name="Dana Kim", violation=None)
        _s, email = text.case_email(pack, rng, issue=rng.choice(pack.issues), product=product,
                                    customer_name="Ana Silva", agent_name="Dana Kim", from_customer=False,
                                    position=1, violation=None)
        for policy in pack.service_policies:
            for w in _formatted(policy, policy.violations, "Ana", product.name, "Dana Kim"):
                assert w not in chat and w not in email
            for w in _formatted(policy, policy.compliant, "Ana", product.name, "Dana Kim"):
                compliant_seen += (w in chat) + (w in email)
    assert compliant_seen > 20


# ----------------------------------------------------------------------------------------------------
# Voice calls

_BANT_MARKERS = {
    "Budget": (("no budget", "any funds"), ("$",)),
    "Authority": (("decision sits with", "not my call", "don't have purchasing authority"),
                  ("decision maker", "final approval", "I make the call")),
    "Need": (("works fine", "don't really have a problem", "no pressing need"),
             ("real problem", "struggling", "can't keep up")),
    "Timeline": (("not planning to buy", "not before", "wouldn't look at purchasing"),
                 ("within the next", "aiming to buy within", "running in about")),
}


@pytest.mark.parametrize("factor", BANT)
def test_lead_call_signals(pack: DomainPack, factor: str) -> None:
    window = QUALIFICATION_WINDOW_MONTHS[pack.kind]
    _title, _summary, article = text.lead_qualification_article(pack)
    assert f"within {window} months" in article
    unmet_markers, met_markers = _BANT_MARKERS[factor]
    for seed in range(25):
        product = pack.products[seed % len(pack.products)]
        calls = {}
        for unmet in (frozenset(), frozenset({factor}), frozenset(BANT)):
            call = text.lead_call(pack, random.Random(seed), lead_name="Ana Silva",
                                  lead_title="Director of IT", company="Apex Labs", agent_name="Dana Kim",
                                  product=product, unmet=unmet)
            lines = call.split("\n")
            assert all(line.startswith(("Agent: ", "Customer: ")) for line in lines)
            customer = "\n".join(line for line in lines if line.startswith("Customer: "))
            is_unmet = factor in unmet
            assert any(m in customer for m in unmet_markers) == is_unmet, call
            assert any(m in customer for m in met_markers) == (not is_unmet), call
            calls[unmet] = call
            for months in re.findall(r"(\d+) months", customer):
                assert (int(months) > window) == ("Timeline" in unmet), call
        assert calls[frozenset()] != calls[frozenset({factor})]


def test_lead_call_topic_order_varies(pack: DomainPack) -> None:
    firsts = set()
    for seed in range(30):
        call = text.lead_call(pack, random.Random(seed), lead_name="Ana Silva", lead_title="Owner",
                              company="Apex Labs", agent_name="Dana Kim", product=pack.products[0],
                              unmet=frozenset())
        firsts.add(call.split("\n")[2])
    assert len(firsts) >= 4


_SUBTOPIC_KEYS = {
    "Business problems and pain points": "pain points",
    "Pricing and competitive analysis": "pricing",
    "Implementation process and support": "implementation",
    "Value propositions": "value proposition",
    "Product features and capabilities": "capabilities",
    "Decision-making process": "decision",
}
_POSITIVE = ("impress", "excellent", "pleased", "compelling", "love", "solid", "nailed", "understands",
             "better", "ahead", "smoothly", "good news", "resonated", "strong pitch", "looking really good",
             "attractive")
_NEGATIVE = ("disappoint", "frustrat", "concern", "worried", "not convinced", "isn't convinced", "don't see",
             "missing", "stalled", "mess", "worst", "expensive", "slow", "miss", "nervous", "not keen",
             "hard to", "lacks")


def _tone(line: str) -> str:
    low = line.lower()
    pos, neg = any(w in low for w in _POSITIVE), any(w in low for w in _NEGATIVE)
    return "positive" if pos and not neg else "negative" if neg and not pos else "neutral" if not (
        pos or neg) else "mixed"


def test_opportunity_call_mentions_and_sentiment(pack: DomainPack) -> None:
    for seed in range(30):
        rng = random.Random(seed)
        competitors = [(c, rng.choice(SENTIMENTS)) for c in rng.sample(pack.competitors, rng.randint(0, 2))]
        subtopics = [(t, rng.choice(SENTIMENTS)) for t in rng.sample(pack.subtopics, rng.randint(1, 4))]
        call = text.opportunity_call(pack, rng, opportunity_name="Apex Labs - Deal", contact_name="Ana Silva",
                                     agent_name="Dana Kim", product=pack.products[seed % len(pack.products)],
                                     competitors=competitors, subtopics=subtopics)
        lines = call.split("\n")
        assert all(line.startswith(("Agent: ", "Customer: ")) for line in lines)
        for name, sentiment in competitors:
            said = [line for line in lines if line.startswith("Customer: ") and name in line]
            assert len(said) == 1 and _tone(said[0]) == sentiment, said
        for topic, sentiment in subtopics:
            key = _SUBTOPIC_KEYS[topic]
            k = next(i for i, line in enumerate(lines) if line.startswith("Agent: ") and key in line.lower())
            assert lines[k + 1].startswith("Customer: ")
            assert _tone(lines[k + 1]) == sentiment, (topic, sentiment, lines[k + 1])


def test_opportunity_call_names_subtopics_explicitly(pack: DomainPack) -> None:
    for topic in pack.subtopics:
        named = 0
        for seed in range(10):
            call = text.opportunity_call(pack, random.Random(seed), opportunity_name="Deal",
                                         contact_name="Ana Silva", agent_name="Dana Kim",
                                         product=pack.products[0], competitors=[],
                                         subtopics=[(topic, "neutral")])
            named += topic.lower() in call.lower()
        assert named >= 2, topic


# ----------------------------------------------------------------------------------------------------
# Articles and sales records


def test_cpq_articles(pack: DomainPack) -> None:
    a, b = pack.products[0], pack.products[1]
    title, summary, body = text.quantity_limit_article(pack, a, 40)
    assert title == f"Quantity Limit: {a.name}" and "40" in summary and "40" in body
    title, summary, body = text.volume_discount_article(pack, a, [(50, 12.0), (1, 2.0), (10, 7.5)])
    assert a.name in title
    assert "1 to 9 units: a discount of up to 2%" in body
    assert "10 to 49 units: a discount of up to 7.5%" in body
    assert "50 units or more: a discount of up to 12%" in body
    title, summary, body = text.exclusion_article(pack, a, b)
    assert a.name in title and b.name in title and a.name in body and b.name in body
    assert text.exclusion_article(pack, a, b) == text.exclusion_article(pack, a, b)


def test_sales_records(pack: DomainPack) -> None:
    rng = random.Random(5)
    product = pack.products[4]
    name, description = text.opportunity_text(pack, rng, account_name="Apex Labs", product=product)
    assert name.startswith("Apex Labs - ") and product.name in name and product.name in description
    assert ("licenses" in description) == (pack.kind == "b2b")
    assert "Oregon" in text.account_description(pack, rng, name="Apex Labs", industry="Finance", employees=90,
                                                state="OR")
    assert "36-month" in text.contract_description(pack, rng, account_name="Apex Labs", term_months=36)
    for stage in STAGES:
        for subject in pack.stage_tasks[stage]:
            description = text.task_description(pack, rng, subject=subject, opportunity_name="Deal")
            assert description.startswith(subject)
        subject, body = text.sales_email(pack, rng, opportunity_name="Deal", account_name="Apex Labs",
                                         contact_name="Ana Silva", agent_name="Dana Kim", stage=stage,
                                         from_customer=False)
        assert body.startswith(("Hi Ana", "Hello Ana", "Dear Ana", "Good morning Ana")) and "Dana Kim" in body
        subject, body = text.sales_email(pack, rng, opportunity_name="Deal", account_name="Apex Labs",
                                         contact_name="Ana Silva", agent_name="Dana Kim", stage=stage,
                                         from_customer=True)
        # Business contacts sign with their company; consumers (person accounts) with their name.
        assert subject.startswith("Re: ") and "Dana," in body.split("\n")[0]
        assert body.rstrip().endswith("Apex Labs" if pack.kind == "b2b" else "Ana Silva")
    subject, description, location = text.event_text(pack, rng, opportunity_name="Deal")
    assert "Deal" in subject and "Deal" in description and location
