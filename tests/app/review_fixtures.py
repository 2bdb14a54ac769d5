"""A transcript DB with fixed content for the Review screen tests and snapshots."""

from __future__ import annotations

from pathlib import Path

from crmtui.store import open_store
from crmtui.store.labelling import LabelSession
from tests.store.review_data import fixed_episode

REVIEWED_AT = "2026-01-06T10:00:00.000Z"


def review_db(path: Path, catalog: list) -> dict[str, str]:
    """Four finished episodes of two b2b tasks, a verdict that disagrees with the reward, and disputed gold.
    Returns the episode ids by name."""
    b2b = [i for i in catalog if i.org == "b2b" and i.task == "best_region_identification" and i.answerable]
    region, other = b2b[0], b2b[1]
    with open_store(path) as store:
        ids = {
            "oracle": fixed_episode(store, region, "ep-oracle", answer=region.answer[0], reward=1.0, minute=0),
            "ana": fixed_episode(store, region, "ep-ana", answer="ZZ", reward=0.0, minute=5, agent_kind="human",
                                 player="ana"),
            "bo": fixed_episode(store, region, "ep-bo", answer="CA", reward=0.0, minute=10, agent_kind="human",
                                player="bo"),
            "llm": fixed_episode(store, other, "ep-llm", answer="NY", reward=0.0, minute=15, agent_kind="llm",
                                 agent_model="gpt-4o"),
        }
        LabelSession(store, ids["oracle"], "cy").set_verdict("fail")
        store.review_gold(region, reviewer="ana", verdict="accept", episode_id=ids["ana"], created_at=REVIEWED_AT)
        store.review_gold(region, reviewer="bo", verdict="reject", rationale="two states tie",
                          created_at=REVIEWED_AT)
    return ids
