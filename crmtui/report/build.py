"""The report: every section computed from one Dataset into one JSON-ready dict (`REPORT_VERSION` 1), which every
renderer (rich tables, JSON, CSV, HTML, the app's Baselines screen) reads. Its structure is documented in
crmtui/report/render_json.py.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from crmtui.report.annotators import agreement_report, user_simulator_report
from crmtui.report.confidentiality import confidentiality_rows
from crmtui.report.data import DIMENSIONS, Dataset, Filters
from crmtui.report.effort import effort_rows
from crmtui.report.gold import gold_rows
from crmtui.report.groups import grouped
from crmtui.report.judges import judge_rows
from crmtui.report.outcomes import outcome_rows, pass_k_rows

REPORT_VERSION = 1


def build_report(data: Dataset, *, by: str = "skill", filters: Filters | None = None,
                 db: str | None = None) -> dict[str, Any]:
    """Every section of the report for `data`, outcomes broken down by the dimension `by`."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r} (expected one of {', '.join(DIMENSIONS)})")
    statuses = Counter(e.status for e in data.episodes)
    groups = [{"group": g, "kind": k, "episodes": len(items), "finished": sum(e.finished for e in items)}
              for g, k, items in grouped(data.episodes)]
    return {
        "crmtui_report": REPORT_VERSION,
        "db": db,
        "by": by,
        "filters": (filters or Filters()).to_json(),
        "counts": {"episodes": len(data.episodes), "finished": statuses.get("finished", 0),
                   "abandoned": statuses.get("abandoned", 0), "running": statuses.get("running", 0),
                   "labels": len(data.labels), "gold_reviews": len(data.reviews), "tasks": len(data.tasks)},
        "groups": groups,
        "outcomes": outcome_rows(data.episodes, by),
        "pass_k": pass_k_rows(data.episodes),
        "effort": effort_rows(data.episodes),
        "confidentiality": confidentiality_rows(data.episodes, data.labels),
        "gold": gold_rows(data),
        "agreement": agreement_report(data),
        "judges": judge_rows(data),
        "user_simulator": user_simulator_report(data),
    }
