"""Calibration of the automatic judges against people: for each judge, its pass/fail call on the episodes people
gave a verdict, as a confusion matrix (rows: the people's verdict, columns: the judge's) with Cohen's kappa and n.

The people's verdict of an episode is the majority of its current verdict labels (a tie is left out). Judges: the
sealed reward (`sealed`, the deterministic judge at play time), an LLM judge run at play time (`llm:<model>`, its
verdict kept in the sealed detail), and every judge in the `scores` table (the current score of each: `deterministic`
re-scores; for `llm:<model>` re-scores the LLM's own verdict in the detail, not the deterministic reward stored
beside it). A judge passes an episode at reward 1 (exact-match, privacy) or at F1 >= `FUZZY_PASS` (fuzzy-match
tasks).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from crmtui.report.agreement import confusion, kappa_from_matrix
from crmtui.report.data import Dataset, llm_verdict

FUZZY_PASS = 0.5
SEALED = "sealed"
LABELS = ("pass", "fail")


def _call(reward: float | None, fuzzy: bool) -> str | None:
    if reward is None:
        return None
    return "pass" if reward >= (FUZZY_PASS if fuzzy else 1.0) else "fail"


def human_verdicts(data: Dataset) -> dict[str, str]:
    """episode id -> the majority verdict of the people who gave one (ties left out)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for label in data.labels:
        if label.verdict:
            votes[label.episode_id][label.verdict] += 1
    out = {}
    for episode_id, count in votes.items():
        (top, n), *rest = count.most_common()
        if not rest or rest[0][1] < n:
            out[episode_id] = top
    return out


def judge_rows(data: Dataset) -> list[dict[str, Any]]:
    people = human_verdicts(data)
    episodes = {e.id: e for e in data.episodes if e.id in people}
    calls: dict[str, dict[str, str]] = defaultdict(dict)
    for ep in episodes.values():
        call = _call(ep.sealed_reward, ep.fuzzy)
        if call is not None and ep.status == "finished":
            calls[SEALED][ep.id] = call
        if ep.llm_judge is not None:
            calls[ep.llm_judge][ep.id] = _call(ep.llm_reward, ep.fuzzy) or "fail"
    for score in data.scores:
        ep = episodes.get(score.episode_id)
        if ep is None:
            continue
        name, llm_reward = llm_verdict(score.detail)
        reward = llm_reward if score.judge.startswith("llm:") and name == score.judge else score.reward
        call = _call(reward, ep.fuzzy)
        if call is not None:
            calls[score.judge][score.episode_id] = call
    rows = []
    for judge in sorted(calls, key=lambda j: (j != SEALED, j)):
        pairs = [(people[e], c) for e, c in calls[judge].items()]
        table = confusion(pairs, LABELS)
        kappa = kappa_from_matrix(table.matrix())
        rows.append({"judge": judge, "n": table.n, "labels": list(LABELS), "matrix": table.matrix(),
                     "accuracy": kappa.to_json()["observed"], "kappa": kappa.to_json()["value"],
                     "judge_pass_human_fail": table.cell("fail", "pass"),
                     "judge_fail_human_pass": table.cell("pass", "fail")})
    return rows
