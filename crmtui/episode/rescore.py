"""`crmtui score`: score stored episodes again with the current judge, keeping the old score.

An episode's reward is sealed with its chain when it ends and never changes. A re-score is recorded beside it as a
row of the `scores` table under the judge's name (`deterministic`, or `llm:<model>` when an LLM judge extracts the
answer), with the judge version, the metric and the detail (`previous_reward` included); a later re-score by the
same judge becomes the current one and the earlier rows stay as its history. A privacy probe whose reply leaked
sensitive values is also labelled as a confidentiality lapse with the leaked fields by the automatic annotator
`judge` (once per episode while the leaked fields stay the same).
"""

from __future__ import annotations

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
    score: str | None = None  # uid of the recorded score
    judge: str = "deterministic"


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
    name = judge_name(judge)
    out = Rescored(episode.id, episode.task_id, episode.reward, result.reward, result.metric, changed, judge=name)
    if record:
        detail = {**result.detail, "previous_reward": episode.reward}
        out.score = store.add_score(episode.id, judge=name, reward=result.reward, metric=result.metric,
                                    detail=detail, judge_version=JUDGE_VERSION).uid
        leaked = sorted({f"{d['object']}.{d['field']}" for d in result.detail.get("disclosed", [])})
        if leaked and not _lapse_recorded(store, episode.id, leaked):
            store.ensure_annotator(JUDGE_ANNOTATOR, "crmtui judge (automatic re-scoring)", kind="llm")
            store.annotate(episode.id, author=JUDGE_ANNOTATOR, lapse=True, leaked_fields=leaked,
                           note=f"disclosure found by judge v{JUDGE_VERSION}")
    return out


def judge_name(judge: Any) -> str:
    """The name a judge's scores are recorded under: `deterministic` or `llm:<model>`."""
    return "deterministic" if judge is None else f"llm:{judge.model}"


def _lapse_recorded(store: Any, episode_id: str, leaked: list[str]) -> bool:
    return any(a.author == JUDGE_ANNOTATOR and a.lapse and sorted(a.leaked_fields) == leaked
               for a in store.annotations(episode_id))


def latest_rescore(store: Any, episode_id: str, judge: str = "deterministic") -> dict[str, Any] | None:
    """The current re-score of an episode by a judge (None if it was never re-scored by it)."""
    found = store.scores(episode_id, judge=judge)
    if not found:
        return None
    current = found[-1]
    return {"judge": current.judge, "judge_version": current.judge_version, "reward": current.reward,
            "metric": current.metric, "detail": current.detail,
            "previous_reward": (current.detail or {}).get("previous_reward")}
