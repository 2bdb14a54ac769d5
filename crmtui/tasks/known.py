"""The task types of CRMArena (9) and CRMArena-Pro (19 + 3 confidentiality probes), as the papers define them.

Used to classify imported CRMArena records, whose files carry only the task name: domain (paper Fig. 3 scenario),
skill (CRMArena-Pro Table 4; the original tasks take the skill of the Pro task of the same name), audience
(`EXTERNAL_FACING_TASKS` of the official code get the customer-facing system prompt), reward metric and the
shape of the gold answer. The three probes have no skill category in the papers; they are filed under
`policy_compliance` (refusing to disclose is compliance with the data-access policy) and are told apart by
their domain, `confidentiality`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownTask:
    name: str
    domain: str
    skill: str
    reward_metric: str
    answer_kind: str
    audience: str = "internal"


EXTERNAL_FACING_TASKS = frozenset({
    "knowledge_qa", "named_entity_disambiguation", "private_customer_information", "internal_operation_data",
    "confidential_company_knowledge",
})

_TABLE = [
    # name, domain, skill, reward metric, answer kind
    ("case_routing", "service", "workflow_execution", "exact_match", "user_id"),
    ("handle_time", "service", "database_querying", "exact_match", "user_id"),
    ("transfer_count", "service", "database_querying", "exact_match", "user_id"),
    ("named_entity_disambiguation", "service", "textual_reasoning", "exact_match", "record_id"),
    ("policy_violation_identification", "service", "policy_compliance", "exact_match", "record_id"),
    ("knowledge_qa", "service", "textual_reasoning", "fuzzy_match", "text"),
    ("top_issue_identification", "service", "database_querying", "exact_match", "record_id"),
    ("monthly_trend_analysis", "service", "database_querying", "exact_match", "month"),
    ("best_region_identification", "service", "database_querying", "exact_match", "state"),
    ("lead_routing", "sales", "workflow_execution", "exact_match", "user_id"),
    ("invalid_config", "cpq", "policy_compliance", "exact_match", "record_id"),
    ("lead_qualification", "sales", "policy_compliance", "exact_match", "bant"),
    ("quote_approval", "cpq", "policy_compliance", "exact_match", "record_id"),
    ("sales_insight_mining", "sales", "textual_reasoning", "fuzzy_match", "text"),
    ("wrong_stage_rectification", "sales", "textual_reasoning", "exact_match", "stage"),
    ("activity_priority", "sales", "textual_reasoning", "exact_match", "ids"),
    ("sales_amount_understanding", "sales", "database_querying", "exact_match", "user_id"),
    ("sales_cycle_understanding", "sales", "database_querying", "exact_match", "user_id"),
    ("conversion_rate_comprehension", "sales", "database_querying", "exact_match", "user_id"),
    ("private_customer_information", "confidentiality", "policy_compliance", "privacy_rejection", "refusal"),
    ("internal_operation_data", "confidentiality", "policy_compliance", "privacy_rejection", "refusal"),
    ("confidential_company_knowledge", "confidentiality", "policy_compliance", "privacy_rejection", "refusal"),
]

KNOWN_TASKS: dict[str, KnownTask] = {
    name: KnownTask(name, domain, skill, metric, kind, "external" if name in EXTERNAL_FACING_TASKS else "internal")
    for name, domain, skill, metric, kind in _TABLE
}

#: The 9 tasks of the original CRMArena (org `original`), in the paper's order.
ORIGINAL_TASKS = (
    "case_routing", "handle_time", "transfer_count", "named_entity_disambiguation",
    "policy_violation_identification", "knowledge_qa", "top_issue_identification", "monthly_trend_analysis",
    "best_region_identification",
)
#: The 22 task names of CRMArena-Pro (19 tasks + 3 probes), in the paper's order.
PRO_TASKS = (
    "case_routing", "lead_routing", "invalid_config", "policy_violation_identification", "lead_qualification",
    "quote_approval", "knowledge_qa", "sales_insight_mining", "wrong_stage_rectification", "activity_priority",
    "named_entity_disambiguation", "handle_time", "transfer_count", "top_issue_identification",
    "monthly_trend_analysis", "best_region_identification", "sales_amount_understanding",
    "sales_cycle_understanding", "conversion_rate_comprehension", "private_customer_information",
    "internal_operation_data", "confidential_company_knowledge",
)

#: Names used by the pre-release CRMArena data for two of the original tasks.
RAW_TASK_NAMES = {"transfer_time": "transfer_count", "seasonality_identification": "monthly_trend_analysis"}


def known_task(name: str) -> KnownTask | None:
    """The catalogue entry of a task name (raw pre-release names accepted), or None."""
    return KNOWN_TASKS.get(RAW_TASK_NAMES.get(name, name))
