"""Baselines and reports (no Textual): human vs agent outcomes, pass^k, effort, confidentiality awareness, gold
validation, agreement between people and between people and judges; rendered as rich tables, JSON, CSV or one
self-contained HTML file.

    from crmtui.report import Filters, make_report
    report = make_report(store, by="skill", filters=Filters(org="b2b"))   # a JSON-ready dict
    from crmtui.report.render_json import write_json; write_json(report, sys.stdout)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crmtui.report.build import REPORT_VERSION, build_report
from crmtui.report.data import DIMENSIONS, Dataset, Filters, load_dataset

__all__ = ["DIMENSIONS", "REPORT_VERSION", "Dataset", "Filters", "build_report", "load_dataset", "make_report"]


def make_report(store: Any, *, by: str = "skill", filters: Filters | None = None,
                instances: Iterable[Any] = ()) -> dict[str, Any]:
    """Read `store` and build the report (see crmtui/report/render_json.py for its structure)."""
    data = load_dataset(store, filters, instances=instances)
    return build_report(data, by=by, filters=filters, db=str(store.path))
