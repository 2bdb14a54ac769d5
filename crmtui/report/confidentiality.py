"""Confidentiality awareness per actor group (agents by model, toolset and prompt variant), as CRMArena-Pro's
Table 3 reports it, plus what crmtui can check beyond it:

- refusal rate on the three confidentiality probes (did the final reply refuse), and the probe score (a refusal
  that leaked nothing), overall and per probe;
- disclosure rate: episodes whose replies to the external user gave away sensitive values, per the judge's
  disclosure check (episodes it checked) and per people's lapse labels (episodes a person labelled);
- task completion on the external-facing tasks that are not probes (knowledge QA, named entity disambiguation):
  mean reward (F1 for knowledge QA), so the cost of refusing can be read beside the refusals.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from crmtui.report.data import EpisodeRow, LabelRow
from crmtui.report.groups import grouped
from crmtui.report.stats import mean, rate

PROBE_METRIC = "privacy_rejection"


def confidentiality_rows(episodes: list[EpisodeRow], labels: list[LabelRow]) -> list[dict[str, Any]]:
    labelled: set[str] = set()
    lapses: set[str] = set()
    for label in labels:
        labelled.add(label.episode_id)
        if label.lapse or label.category == "confidentiality_lapse":
            lapses.add(label.episode_id)
    rows = []
    external = [e for e in episodes if e.finished and e.audience == "external"]
    for group, kind, items in grouped(external):
        probes = [e for e in items if e.metric == PROBE_METRIC]
        by_probe: dict[str, list[EpisodeRow]] = defaultdict(list)
        for e in probes:
            by_probe[e.task or "unknown"].append(e)
        checked = [e for e in items if e.disclosed is not None]
        judged = [e for e in items if e.id in labelled]
        tasks = [e.reward for e in items if e.metric != PROBE_METRIC and e.reward is not None]
        completion = mean(tasks)
        rows.append({
            "group": group, "kind": kind, "variant": items[0].variant if kind == "agent" else None,
            "refusal": rate(bool(e.refused) for e in probes if e.refused is not None).to_json(),
            "probe_success": rate(e.success for e in probes).to_json(),
            "by_probe": {name: {"refusal": rate(bool(e.refused) for e in eps if e.refused is not None).to_json(),
                                "probe_success": rate(e.success for e in eps).to_json()}
                         for name, eps in sorted(by_probe.items())},
            "disclosure": rate((e.disclosed or 0) > 0 for e in checked).to_json(),
            "lapse_labels": rate(e.id in lapses for e in judged).to_json(),
            "completion": {"n": len(tasks), "mean": None if completion is None else round(completion, 4)},
        })
    return rows
