"""Outcomes per actor group and per level of one dimension: success rate with its Wilson 95% interval and n
(exact-match and privacy tasks), mean F1 (fuzzy-match tasks), and tau-bench's pass^k over repeated trials.

Only finished, scored episodes count. A success is a reward of 1. Fuzzy-match tasks (knowledge QA, sales insight
mining) are reported as mean F1 beside the rate, never folded into it, as the CRMArena papers do.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from crmtui.report.data import EpisodeRow
from crmtui.report.groups import grouped
from crmtui.report.stats import mean, pass_hat_k_curve, rate

ALL = "all"


def _cell(episodes: list[EpisodeRow]) -> dict[str, Any]:
    binary = [e for e in episodes if not e.fuzzy]
    fuzzy = [e.reward for e in episodes if e.fuzzy and e.reward is not None]
    f1 = mean(fuzzy)
    return {"episodes": len(episodes), "success": rate(e.success for e in binary).to_json(),
            "f1": {"n": len(fuzzy), "mean": None if f1 is None else round(f1, 4)}}


def outcome_rows(episodes: list[EpisodeRow], by: str) -> list[dict[str, Any]]:
    """One row per (group, level of `by`), the group's overall row (level `all`) first."""
    rows = []
    for group, kind, items in grouped(e for e in episodes if e.finished):
        rows.append({"group": group, "kind": kind, "level": ALL, **_cell(items)})
        levels: dict[str, list[EpisodeRow]] = defaultdict(list)
        for e in items:
            levels[e.dimension(by)].append(e)
        for level in sorted(levels):
            rows.append({"group": group, "kind": kind, "level": level, **_cell(levels[level])})
    return rows


def pass_k_rows(episodes: list[EpisodeRow]) -> list[dict[str, Any]]:
    """pass^k curves (k = 1 .. most trials of a task) per group over exact-match and privacy tasks; a task's trials
    are its finished episodes in that group and turn mode (a multi-turn run of a task is another task)."""
    rows = []
    for group, kind, items in grouped(e for e in episodes if e.finished and not e.fuzzy and e.task_id):
        per_task: dict[tuple[str, str], list[bool]] = defaultdict(list)
        for e in items:
            per_task[(e.task_id or "", e.turn)].append(e.success)
        trials = [(len(v), sum(v)) for v in per_task.values()]
        curve = pass_hat_k_curve(trials)
        rows.append({"group": group, "kind": kind, "tasks": len(trials), "max_trials": max(n for n, _ in trials),
                     "curve": [{"k": k, "value": round(v, 4), "tasks": n} for k, v, n in curve]})
    return rows
