"""Template-based text for generated records: cases, emails, chats, voice calls, articles, descriptions.

INTERFACE STUB: signatures and contracts are fixed; bodies are being written.
All functions are pure given `rng` (a random.Random): same inputs and RNG state, same text.
"""

from __future__ import annotations

import random

from crmtui.org.generate.vocab import DomainPack, IssueSpec, ProductSpec, ServicePolicy


def case_text(pack: DomainPack, rng: random.Random, *, issue: IssueSpec, product: ProductSpec,
              customer_first: str) -> tuple[str, str]:
    """(Subject, Description) of a customer case about `issue` with `product`, in the customer's voice."""
    raise NotImplementedError


def case_email(pack: DomainPack, rng: random.Random, *, issue: IssueSpec, product: ProductSpec,
               customer_name: str, agent_name: str, from_customer: bool, position: int,
               violation: ServicePolicy | None = None) -> tuple[str, str]:
    """(Subject, TextBody) of the `position`-th email (0-based) of a case thread.

    If `violation` is given and the email is from the agent, the body contains one of the policy's
    violating utterances; otherwise an agent email may contain a compliant utterance.
    """
    raise NotImplementedError


def chat_transcript(pack: DomainPack, rng: random.Random, *, issue: IssueSpec, product: ProductSpec,
                    customer_name: str, agent_name: str, violation: ServicePolicy | None) -> str:
    """Body of a live chat between customer and agent (lines like 'Agent: ...' / 'Customer: ...').

    With `violation`, the agent says one of the policy's violating utterances.
    """
    raise NotImplementedError


def sales_email(pack: DomainPack, rng: random.Random, *, opportunity_name: str, account_name: str,
                contact_name: str, agent_name: str, stage: str, from_customer: bool) -> tuple[str, str]:
    """(Subject, TextBody) of an email about an opportunity at `stage`."""
    raise NotImplementedError


def lead_call(pack: DomainPack, rng: random.Random, *, lead_name: str, lead_title: str, company: str,
              agent_name: str, product: ProductSpec, unmet: frozenset[str]) -> str:
    """A voice-call transcript between a sales agent and a lead.

    For each BANT factor (Budget, Authority, Need, Timeline) the call contains a clear signal: the factor
    is unmet when it is in `unmet` (e.g. no budget allocated; not a decision maker; no real need;
    purchase more than the qualification window away), met otherwise. The signals must be decidable by
    reading the call against the lead-qualification article.
    """
    raise NotImplementedError


def opportunity_call(pack: DomainPack, rng: random.Random, *, opportunity_name: str, contact_name: str,
                     agent_name: str, product: ProductSpec, competitors: list[tuple[str, str]],
                     subtopics: list[tuple[str, str]]) -> str:
    """A voice-call transcript about an opportunity.

    `competitors` are (competitor name, sentiment) mentioned by the customer; `subtopics` are
    (subtopic, sentiment) discussed. Sentiment is positive, neutral or negative and must be readable
    from the customer's words.
    """
    raise NotImplementedError


def lead_qualification_article(pack: DomainPack) -> tuple[str, str, str]:
    """(Title, Summary, Body) of the BANT lead-qualification guide the calls are judged against."""
    raise NotImplementedError


def quantity_limit_article(pack: DomainPack, product: ProductSpec, max_quantity: int) -> tuple[str, str, str]:
    """(Title, Summary, Body): `product` may be quoted in at most `max_quantity` units per quote line."""
    raise NotImplementedError


def volume_discount_article(pack: DomainPack, product: ProductSpec,
                            tiers: list[tuple[int, float]]) -> tuple[str, str, str]:
    """(Title, Summary, Body): maximum discount (percent) by minimum quantity, e.g. [(1, 5), (50, 10)]."""
    raise NotImplementedError


def exclusion_article(pack: DomainPack, product_a: ProductSpec, product_b: ProductSpec) -> tuple[str, str, str]:
    """(Title, Summary, Body): `product_a` and `product_b` must not be sold on the same quote."""
    raise NotImplementedError


def account_description(pack: DomainPack, rng: random.Random, *, name: str, industry: str,
                        employees: int, state: str) -> str:
    """Description of a business account."""
    raise NotImplementedError


def opportunity_text(pack: DomainPack, rng: random.Random, *, account_name: str,
                     product: ProductSpec) -> tuple[str, str]:
    """(Name, Description) of an opportunity selling `product` to `account_name`."""
    raise NotImplementedError


def quote_description(pack: DomainPack, rng: random.Random, *, opportunity_name: str) -> str:
    """Description of a quote."""
    raise NotImplementedError


def contract_description(pack: DomainPack, rng: random.Random, *, account_name: str, term_months: int) -> str:
    """Description of a contract's terms."""
    raise NotImplementedError


def task_description(pack: DomainPack, rng: random.Random, *, subject: str, opportunity_name: str) -> str:
    """Description of a sales task with the given subject."""
    raise NotImplementedError


def event_text(pack: DomainPack, rng: random.Random, *, opportunity_name: str) -> tuple[str, str, str]:
    """(Subject, Description, Location) of a meeting about an opportunity."""
    raise NotImplementedError
