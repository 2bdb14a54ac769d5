"""Effort per actor group: active time (median and IQR), queries, errors and turns per episode; tokens and cost per
episode and per success. People's episodes have no tokens or cost; agents' active time is wall time."""

from __future__ import annotations

from typing import Any

from crmtui.report.data import EpisodeRow
from crmtui.report.groups import grouped
from crmtui.report.stats import spread


def effort_rows(episodes: list[EpisodeRow]) -> list[dict[str, Any]]:
    rows = []
    ended = [e for e in episodes if e.status != "running"]
    for group, kind, items in grouped(ended):
        done = [e for e in items if e.finished]
        successes = sum(e.success for e in done)
        costs = [e.cost for e in done if e.cost is not None]
        total = sum(costs) if costs else None
        rows.append({
            "group": group, "kind": kind, "episodes": len(done),
            "abandoned": sum(e.status == "abandoned" for e in items), "successes": successes,
            "active_s": spread(None if e.active_ms is None else e.active_ms / 1000 for e in done).to_json(2),
            "queries": spread(e.queries for e in done).to_json(2),
            "errors": spread(e.errors for e in done).to_json(2),
            "turns": spread(e.turns for e in done).to_json(2),
            "tokens": spread(e.tokens for e in done).to_json(1),
            "cost": {"n": len(costs), "total": None if total is None else round(total, 6),
                     "per_episode": None if total is None else round(total / len(costs), 6),
                     "per_success": None if total is None or not successes else round(total / successes, 6)},
        })
    return rows
