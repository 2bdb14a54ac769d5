"""`crmtui score`: score stored episodes again with the current judge, keeping the old score.

An episode's reward is sealed with its chain when it ends and never changes. A re-score is recorded beside it as
an annotation by the automatic annotator `judge` whose note is the new score as JSON
(`{"rescore": {"judge_version", "reward", "metric", "detail", "previous_reward"}}`); a later re-score of the same
episode supersedes the earlier one, so the history of scores stays readable. A privacy probe whose reply leaked
sensitive values is also labelled as a confidentiality lapse with the leaked fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from crmtui.episode.evidence import evidence

JUDGE_ANNOTATOR = "judge"


@dataclass
class Rescored:
    episode_id: str
    task_id: str | None
    previous: float | None
    reward: float | None
    metric: str | None
    changed: bool
    skipped: str | None = None  # why the episode could not be scored
    annotation: str | None = None


def _schema_for(instance: Any, cache: dict[str, Any]) -> Any:
    from crmtui.org.schema import ORG_KINDS, load_schema

    org = instance.org if instance.org in ORG_KINDS else None
    if org is None:
        return None
    if org not in cache:
        cache[org] = load_schema(org)
    return cache[org]


def rescore_episode(store: Any, episode: Any, *, judge: Any = None, record: bool = True,
                    schemas: dict[str, Any] | None = None) -> Rescored:
    """Score one stored episode (with its steps) again; record the new score unless `record` is false."""
    from crmtui.judge import JUDGE_VERSION, score

    schemas = {} if schemas is None else schemas
    if episode.status != "finished":
        return Rescored(episode.id, episode.task_id, episode.reward, None, None, False, skipped=episode.status)
    instance = store.get_task(episode.task_id) if episode.task_id else None
    if instance is None:
        return Rescored(episode.id, episode.task_id, episode.reward, None, None, False,
                        skipped="its task instance is not in the DB")
    steps = episode.steps if episode.steps is not None else store.steps(episode.id)
    found = evidence(steps)
    final = found.final_answer if found.final_answer is not None else episode.final_answer
    result = score(instance, final, found.records, _schema_for(instance, schemas), messages=found.messages,
                   user_texts=found.user_texts, actions=found.actions, llm=judge)
    changed = episode.reward is None or abs(result.reward - episode.reward) > 1e-9
    out = Rescored(episode.id, episode.task_id, episode.reward, result.reward, result.metric, changed)
    if record:
        previous = [a for a in store.annotations(episode.id) if a.author == JUDGE_ANNOTATOR]
        note = json.dumps({"rescore": {"judge_version": JUDGE_VERSION, "reward": result.reward,
                                       "metric": result.metric, "previous_reward": episode.reward,
                                       "detail": result.detail}}, ensure_ascii=False, sort_keys=True)
        leaked = sorted({f"{d['object']}.{d['field']}" for d in result.detail.get("disclosed", [])})
        store.ensure_annotator(JUDGE_ANNOTATOR, "crmtui judge (automatic re-scoring)", kind="llm")
        ann = store.annotate(episode.id, author=JUDGE_ANNOTATOR, note=note, lapse=bool(leaked),
                             leaked_fields=leaked, supersedes=previous[-1].uid if previous else None,
                             reason=f"re-scored with judge v{JUDGE_VERSION}" if previous else None)
        out.annotation = ann.uid
    return out


def latest_rescore(store: Any, episode_id: str) -> dict[str, Any] | None:
    """The current re-score of an episode (None if it was never re-scored)."""
    for ann in store.annotations(episode_id):
        if ann.author == JUDGE_ANNOTATOR and ann.note:
            try:
                return json.loads(ann.note).get("rescore")
            except (ValueError, AttributeError):
                return None
    return None
