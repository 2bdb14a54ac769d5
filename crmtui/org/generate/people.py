"""Users (agents) with their latent work profiles, accounts and contacts."""

from __future__ import annotations

import random
from dataclasses import dataclass

from crmtui.org.generate.context import Build
from crmtui.org.generate.vocab import COMPANY_WORDS, FIRST_NAMES, LAST_NAMES, US_STATES

TIME_ZONES = ("America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York")
PROFILE_STANDARD = "00eWs000000XyZ1IAK"
PERSON_ACCOUNT_RECORD_TYPE = "012Ws000000WbQsIAK"


@dataclass
class AgentProfile:
    """Latent traits of one user. Service traits drive cases; sales traits drive leads and deals."""

    user_id: str
    name: str
    service: bool
    handle_factor: float  # multiplies case handle time (handle_time)
    transfer_rate: float  # chance of passing on a case outside the agent's skills (transfer_count)
    conversion_rate: float = 0.0  # share of owned leads converted (conversion_rate_comprehension)
    acceptance_rate: float = 0.0  # share of presented quotes accepted (lead_routing)
    deal_factor: float = 1.0  # multiplies quantities sold (sales_amount_understanding)
    cycle_days: float = 60.0  # mean days from opportunity to signed contract (sales_cycle_understanding)


def _unique_names(rng: random.Random, n: int, taken: set[str]) -> list[tuple[str, str]]:
    names = []
    while len(names) < n:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if f"{first} {last}" in taken:
            continue
        taken.add(f"{first} {last}")
        names.append((first, last))
    return names


def _slug(text: str) -> str:
    out = "".join(ch for ch in text.lower() if ch.isalnum())
    return out.encode("ascii", "ignore").decode() or "x"


def _phone(rng: random.Random) -> str:
    return f"({rng.randint(201, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}"


def make_users(b: Build) -> list[AgentProfile]:
    """Agents: the first `service_agents` work cases, the rest (Pro orgs) sell."""
    rng = b.rng("users")
    taken: set[str] = set()
    profiles = []
    domain = b.pack.email_domain
    for i, (first, last) in enumerate(_unique_names(rng, b.sizes.users, taken)):
        email = f"{_slug(first)}.{_slug(last)}@{domain}"
        row = b.add("User", {
            "FirstName": first, "LastName": last, "Name": f"{first} {last}", "Email": email,
            "Phone": _phone(rng), "Username": f"{email}.crm", "Alias": (_slug(first)[:1] + _slug(last)[:4]),
            "ProfileId": PROFILE_STANDARD, "LanguageLocaleKey": "en_US", "EmailEncodingKey": "UTF-8",
            "TimeZoneSidKey": rng.choice(TIME_ZONES), "LocaleSidKey": "en_US",
        })
        service = i < b.sizes.service_agents
        profiles.append(AgentProfile(
            user_id=row["Id"], name=f"{first} {last}", service=service,
            handle_factor=rng.lognormvariate(0.0, 0.55),
            transfer_rate=rng.uniform(0.05, 0.9),
            conversion_rate=rng.uniform(0.08, 0.65),
            acceptance_rate=rng.uniform(0.15, 0.85),
            deal_factor=rng.lognormvariate(0.0, 0.45),
            cycle_days=rng.uniform(12, 150),
        ))
    b.latent["agents"] = {p.user_id: p for p in profiles}
    return profiles


@dataclass
class Customer:
    """A buyer: a person (original, B2C) or a company contact (B2B)."""

    account_id: str
    contact_id: str
    name: str
    first: str
    email: str
    state: str
    favourite_families: tuple[str, ...] = ()


def _pick_states(b: Build) -> list[str]:
    """The states customers live in: a weighted subset, so each state has several accounts."""
    rng = b.rng("states")
    codes = [s[0] for s in US_STATES]
    chosen = rng.sample(codes, 24)
    return chosen


def make_customers(b: Build) -> list[Customer]:
    """Accounts and contacts. Person accounts (original, B2C) have one contact each."""
    rng = b.rng("customers")
    states = _pick_states(b)
    state_weights = [rng.uniform(0.5, 3.0) for _ in states]
    cities = {code: cities for code, _name, cities in US_STATES}
    taken: set[str] = set()
    families = sorted({p.family for p in b.pack.products})
    customers: list[Customer] = []
    owners = [u["Id"] for u in b.tables["User"]]
    if b.kind in ("original", "b2c"):
        for first, last in _unique_names(rng, b.sizes.accounts, taken):
            state = rng.choices(states, state_weights)[0]
            email = f"{_slug(first)}.{_slug(last)}{rng.randint(1, 99)}@{rng.choice(PERSONAL_MAIL)}"
            acc = {"Name": f"{first} {last}", "FirstName": first, "LastName": last, "PersonEmail": email,
                   "Phone": _phone(rng), "ShippingState": state}
            if b.has("Account", "ShippingCity"):
                acc["ShippingCity"] = rng.choice(cities[state])
            if b.has("Account", "RecordTypeId"):
                acc["RecordTypeId"] = PERSON_ACCOUNT_RECORD_TYPE
            if b.has("Account", "Description"):
                acc["Description"] = f"Person account for {first} {last}, customer since {rng.randint(2015, 2021)}."
            account = b.add("Account", acc)
            con = {"AccountId": account["Id"]}
            if b.has("Contact", "FirstName"):
                con.update({"FirstName": first, "LastName": last, "Name": f"{first} {last}", "Email": email})
            if b.has("Contact", "OwnerId"):
                con["OwnerId"] = rng.choice(owners)
            contact = b.add("Contact", con)
            fav = tuple(rng.sample(families, min(3, len(families))))
            customers.append(Customer(account["Id"], contact["Id"], f"{first} {last}", first, email, state, fav))
        return customers
    # B2B: companies with several contacts each.
    from crmtui.org.generate import text

    company_names = _company_names(rng, b.sizes.accounts)
    accounts = []
    for name in company_names:
        state = rng.choices(states, state_weights)[0]
        industry = rng.choice(b.pack.industries)
        employees = int(rng.lognormvariate(6.0, 1.4)) + 10
        accounts.append(b.add("Account", {
            "Name": name, "Industry": industry, "NumberOfEmployees": employees, "Phone": _phone(rng),
            "ShippingState": state,
            "Description": text.account_description(b.pack, rng, name=name, industry=industry,
                                                    employees=employees, state=state),
        }))
    # Contacts spread unevenly: large accounts have many.
    weights = [rng.paretovariate(1.3) for _ in accounts]
    for first, last in _unique_names(rng, b.sizes.contacts, taken):
        account = rng.choices(accounts, weights)[0]
        domain = _slug(account["Name"])[:18] + ".com"
        email = f"{_slug(first)[:1]}{_slug(last)}@{domain}"
        contact = b.add("Contact", {"FirstName": first, "LastName": last, "Name": f"{first} {last}",
                                    "Email": email, "AccountId": account["Id"]})
        fav = tuple(rng.sample(families, min(3, len(families))))
        customers.append(Customer(account["Id"], contact["Id"], f"{first} {last}", first, email,
                                  account["ShippingState"], fav))
    return customers


PERSONAL_MAIL = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "proton.me", "aol.com", "hotmail.com")
COMPANY_SUFFIXES = ("Inc.", "LLC", "Corp.", "Group", "Systems", "Technologies", "Labs", "Holdings", "Partners")


def _company_names(rng: random.Random, n: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        first, second = rng.sample(COMPANY_WORDS, 2)
        name = f"{first}{second.lower()} {rng.choice(COMPANY_SUFFIXES)}" if rng.random() < 0.4 else (
            f"{first} {second} {rng.choice(COMPANY_SUFFIXES)}")
        key = name.split()[0] + (name.split()[1] if len(name.split()) > 2 else "")
        if key in seen:
            continue
        seen.add(key)
        names.append(name)
    return names
