"""Agreement between people: on gold verdicts (accept / reject / correct, per task), on episode outcome verdicts
(pass / fail), on failure categories and on fault sources (per episode). For each: pairwise Cohen's kappa with n,
and for any number of raters Fleiss' kappa and Krippendorff's alpha (missing ratings allowed). Adjudications are
rulings on disputes, not independent votes, and are left out.

A person's failure label of an episode is the set of categories they gave it anywhere in it (episode or steps),
compared as one nominal value (`none` when they labelled the episode but gave no category).

Also the user-simulator fault rate: of the multi-turn episodes a person labelled, the share they blamed (at least
in part) on the simulated user — CRMArena-Pro audited 20 trajectories and found 1 (5%).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from typing import Any

from crmtui.report.agreement import Units, fleiss_from_units, krippendorff_alpha, pairwise_cohen
from crmtui.report.data import Dataset
from crmtui.report.stats import rate

FACETS = ("gold_verdicts", "outcome_verdicts", "failure_categories", "fault_sources")


def facet_units(data: Dataset) -> dict[str, Units]:
    """unit -> {rater: value} for every facet."""
    gold: dict[Hashable, dict[Hashable, Hashable]] = defaultdict(dict)
    for review in data.reviews:
        if not review.adjudication:
            gold[review.task_id][review.reviewer] = review.verdict
    verdicts: dict[Hashable, dict[Hashable, Hashable]] = defaultdict(dict)
    faults: dict[Hashable, dict[Hashable, Hashable]] = defaultdict(dict)
    categories: dict[tuple[str, str], set[str]] = defaultdict(set)
    for label in data.labels:
        categories.setdefault((label.episode_id, label.author), set())
        if label.category:
            categories[(label.episode_id, label.author)].add(label.category)
        if label.verdict:
            verdicts[label.episode_id][label.author] = label.verdict
        if label.fault and label.step_idx is None:
            faults[label.episode_id][label.author] = label.fault
    cats: dict[Hashable, dict[Hashable, Hashable]] = defaultdict(dict)
    for (episode_id, author), found in categories.items():
        cats[episode_id][author] = "+".join(sorted(found)) or "none"
    return {"gold_verdicts": gold, "outcome_verdicts": verdicts, "failure_categories": cats, "fault_sources": faults}


def facet_agreement(units: Units) -> dict[str, Any]:
    shared = {u: r for u, r in units.items() if len(r) >= 2}
    raters = sorted({str(r) for ratings in units.values() for r in ratings})
    return {
        "units": len(units), "units_shared": len(shared), "raters": raters,
        "pairwise": [{"a": str(a), "b": str(b), **k.to_json()} for a, b, k in pairwise_cohen(shared)],
        "fleiss": fleiss_from_units(shared).to_json(),
        "alpha": krippendorff_alpha(shared).to_json(),
    }


def agreement_report(data: Dataset) -> dict[str, Any]:
    units = facet_units(data)
    return {facet: facet_agreement(units[facet]) for facet in FACETS}


def user_simulator_report(data: Dataset) -> dict[str, Any]:
    multi = {e.id for e in data.episodes if e.turn == "multi" and e.finished}
    labelled: set[str] = set()
    blamed: dict[str, set[str]] = defaultdict(set)
    for label in data.labels:
        if label.episode_id in multi:
            labelled.add(label.episode_id)
            if label.fault:
                blamed[label.episode_id].add(label.fault)
    sources = Counter(f for faults in blamed.values() for f in faults)
    return {"multi_turn_episodes": len(multi),
            "fault_rate": rate("user_simulator" in blamed.get(e, ()) for e in sorted(labelled)).to_json(),
            "fault_sources": dict(sorted(sources.items()))}
