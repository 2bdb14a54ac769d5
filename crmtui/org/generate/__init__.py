"""Synthetic CRM org generator: paper-scale orgs with planted latent structure, deterministic per seed.

An org is built in steps (people, catalog, knowledge, sales, service), each drawing from its own
seeded random stream, and written atomically to an SQLite dump (see `crmtui.org.dump`).

Latent variables: hidden structure planted so that task questions have answers that exist, are
unique when they should be, and need real querying to find. Each is kept in `BuildResult.latent` for
tests; oracles never read it, they recompute answers from the records.

- agents[*].handle_factor (people): multiplies the time an agent takes to close a case.
  Read by handle_time (mean ClosedDate - CreatedDate of non-transferred cases per agent).
- agents[*].transfer_rate (people): chance an agent passes on a case outside its skills; visible as
  extra 'Owner Assignment' rows in CaseHistory__c. Read by transfer_count.
- issue_experts (service): per Issue__c three experts with clearly unequal skill; cases of the issue
  go to (or are transferred to) them, so one agent has closed the most. Read by case_routing.
- products[*].issue_weights (catalog): each product's complaint habit, one dominant issue.
  Read by top_issue_identification.
- products[*].peak_month (catalog): half of a product's cases fall in one calendar month.
  Read by monthly_trend_analysis.
- products[*].case_weight (catalog): heavy-tailed case proneness, so some products have enough cases
  for trends. Read by top_issue_identification and monthly_trend_analysis.
- state_speed (service): per Account.ShippingState multiplier on case closure time.
  Read by best_region_identification.
- customers' favourite_families (people, original org orders): customers buy several products of the
  same family over time. Read by named_entity_disambiguation.
- service policies (knowledge) and policy_violations (service): about 30% of cases have an agent chat
  line or email that breaks a policy article. Read by policy_violation_identification; FAQ facts by
  knowledge_qa.
- territory_members (sales): Territory2 state lists and their sellers. Read by lead_routing.
- agents[*].acceptance_rate (people): sellers whose quotes get accepted close more deals.
  Read by lead_routing (accepted quotes per seller).
- agents[*].conversion_rate (people): share of a seller's leads converted (IsConverted, ConvertedDate).
  Read by conversion_rate_comprehension and lead_routing (open leads).
- agents[*].deal_factor (people): scales quantities a seller sells; order items of signed contracts
  carry it. Read by sales_amount_understanding.
- agents[*].cycle_days (people): days from Opportunity.CreatedDate to Contract.CompanySignedDate.
  Read by sales_cycle_understanding.
- lead_bant_unmet (sales): per lead the BANT factors its voice calls show as unmet, judged against the
  lead qualification article. Read by lead_qualification.
- competitor_eras (sales): each year one competitor dominates call mentions; per deal, fixed subtopic
  sentiments. Read by sales_insight_mining.
- deals[*].true_stage vs recorded_stage (sales): about 10% of opportunities have a StageName that
  their tasks contradict. Read by wrong_stage_rectification.
- deals[*].off_stage_tasks (sales): about 10% of open deals carry 4-7 'Not Started' tasks of other
  stages. Read by activity_priority.
- cpq and quote_violations (knowledge, sales): quantity limits, volume-discount tiers and product
  exclusions in articles; about 30% of quotes at Quote/Negotiation break exactly one rule (B2B: about
  half, extra quantity/discount breaks drawn from their own stream), all others none. Read by
  invalid_config and quote_approval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from crmtui.errors import CrmtuiError
from crmtui.org import dump
from crmtui.org.clock import format_datetime, parse_datetime
from crmtui.org.generate import catalog, knowledge, people, sales, service
from crmtui.org.generate.context import SIZES, Build
from crmtui.org.generate.vocab import domain_pack
from crmtui.org.schema import ORG_KINDS, load_schema
from crmtui.org.search_index import build_search_index

GENERATOR_VERSION = "1"
DEFAULT_NOW = "2025-06-30T18:00:00Z"
DEFAULT_SEED = 1

Progress = Callable[[str, int, int], None]  # (step label, steps done, steps total)


class BuildError(CrmtuiError, ValueError):
    """Bad build input (unknown kind, bad --now, unwritable or existing path)."""


@dataclass
class BuildResult:
    path: Path
    kind: str
    seed: int
    now: str
    counts: dict[str, int]
    latent: dict[str, Any]


def generate(kind: str, seed: int, now: datetime, progress: Progress | None = None) -> Build:
    """Generate all records of an org in memory."""
    if kind not in ORG_KINDS:
        raise BuildError(f"unknown org kind {kind!r} (expected one of {', '.join(ORG_KINDS)})")
    b = Build(kind=kind, seed=seed, now=now, schema=load_schema(kind), pack=domain_pack(kind), sizes=SIZES[kind])
    steps: list[tuple[str, Callable[[], None]]] = []
    state: dict[str, Any] = {}

    def step(label: str):
        def register(fn: Callable[[], None]) -> Callable[[], None]:
            steps.append((label, fn))
            return fn
        return register

    @step("users")
    def _users() -> None:
        state["agents"] = people.make_users(b)

    @step("accounts and contacts")
    def _customers() -> None:
        state["customers"] = people.make_customers(b)

    @step("catalog and price books")
    def _catalog() -> None:
        state["catalog"] = catalog.make_catalog(b)

    @step("knowledge articles")
    def _knowledge() -> None:
        state["knowledge"] = knowledge.make_knowledge(b, state["catalog"])

    @step("sales pipeline")
    def _sales() -> None:
        sellers = [a for a in state["agents"] if not a.service]
        if b.kind == "original":
            state["purchases"] = service.make_purchase_history(b, state["customers"], state["catalog"])
            return
        sales.make_territories(b, sellers)
        sales.make_leads(b, sellers, state["customers"], state["catalog"])
        state["purchases"] = sales.make_deals(b, sellers, state["customers"], state["catalog"], state["knowledge"])

    @step("cases")
    def _cases() -> None:
        service.make_cases(b, state["customers"], state["catalog"], state["knowledge"], state["purchases"])

    for i, (label, fn) in enumerate(steps):
        if progress:
            progress(label, i, len(steps) + 1)
        fn()
    return b


def build_org(kind: str, seed: int = DEFAULT_SEED, out: Path | str | None = None, now: str | None = None,
              force: bool = False, progress: Progress | None = None) -> BuildResult:
    """Generate an org and write it atomically to `out` (refusing an existing file unless `force`)."""
    if kind not in ORG_KINDS:
        raise BuildError(f"unknown org kind {kind!r} (expected one of {', '.join(ORG_KINDS)})")
    try:
        clock = parse_datetime(now or DEFAULT_NOW)
    except ValueError as exc:
        raise BuildError(f"--now: {exc}") from exc
    path = Path(out) if out is not None else Path(f"{kind}.db")
    if path.exists() and not force:
        raise BuildError(f"{path}: file exists (use --force to overwrite)")
    b = generate(kind, seed, clock, progress)
    if progress:
        progress("writing dump", len(b.tables), len(b.tables) + 1)
    try:
        with dump.atomic_dump(path, force=force) as conn:
            dump.create_tables(conn, b.schema)
            for name, rows in b.tables.items():
                dump.insert_rows(conn, b.schema.objects[name], rows)
            dump.create_indexes(conn, b.schema)
            build_search_index(conn, b.schema)
            dump.write_meta(conn, {
                "kind": kind, "seed": str(seed), "generator_version": GENERATOR_VERSION,
                "schema_version": str(b.schema.version), "now": format_datetime(clock),
            })
    except dump.DumpError as exc:
        raise BuildError(str(exc)) from exc
    return BuildResult(path=path, kind=kind, seed=seed, now=format_datetime(clock),
                       counts={k: len(v) for k, v in b.tables.items()}, latent=b.latent)
