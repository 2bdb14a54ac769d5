"""Actor groups of a dataset, in report order: each person, all people pooled, agents, imported runs, take-overs."""

from __future__ import annotations

from collections.abc import Iterable

from crmtui.report.data import EpisodeRow

KIND_ORDER = ("human", "humans", "agent", "imported", "takeover")
#: the pooled group of every person's episodes (present when two or more people played)
POOLED_HUMANS = "humans (pooled)"


def grouped(episodes: Iterable[EpisodeRow]) -> list[tuple[str, str, list[EpisodeRow]]]:
    """(group, kind, episodes) for every actor group, plus the pooled human group when two or more people played."""
    by_group: dict[str, list[EpisodeRow]] = {}
    kinds: dict[str, str] = {}
    for ep in episodes:
        by_group.setdefault(ep.group, []).append(ep)
        kinds[ep.group] = ep.kind
    humans = [g for g, k in kinds.items() if k == "human"]
    if len(humans) >= 2:
        by_group[POOLED_HUMANS] = [ep for g in humans for ep in by_group[g]]
        kinds[POOLED_HUMANS] = "humans"
    order = sorted(by_group, key=lambda g: (KIND_ORDER.index(kinds[g]), g))
    return [(g, kinds[g], by_group[g]) for g in order]
