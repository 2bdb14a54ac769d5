"""Agreement between raters on nominal labels: Cohen's kappa (two raters), Fleiss' kappa and Krippendorff's alpha
(any number, missing ratings allowed), and confusion matrices. Each result carries its n.

Ratings come as units (an episode, a task) mapped to {rater: label}; a rater who did not rate a unit is simply
absent. A value is None when the statistic is undefined (fewer than two paired ratings, or a single category
everywhere, where chance agreement is already 1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

Units = Mapping[Hashable, Mapping[Hashable, Hashable]]


@dataclass(frozen=True)
class Agreement:
    """A chance-corrected agreement: `value` = (observed − expected) / (1 − expected), over `n` units."""

    statistic: str  # cohen_kappa | fleiss_kappa | krippendorff_alpha
    value: float | None
    n: int  # units rated by at least two of the raters compared
    raters: int
    observed: float | None = None  # observed agreement (proportion of agreeing pairs)
    expected: float | None = None  # agreement expected by chance
    pairable: int = 0  # ratings in those units (Krippendorff's n)

    def to_json(self) -> dict[str, Any]:
        return {"statistic": self.statistic, "value": _r(self.value), "n": self.n, "raters": self.raters,
                "observed": _r(self.observed), "expected": _r(self.expected), "ratings": self.pairable}


@dataclass(frozen=True)
class Confusion:
    """Counts of (row label, column label) pairs: rows are the reference (a person), columns the rater compared."""

    labels: tuple[Hashable, ...]
    counts: dict[tuple[Hashable, Hashable], int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    def cell(self, row: Hashable, col: Hashable) -> int:
        return self.counts.get((row, col), 0)

    def matrix(self) -> list[list[int]]:
        return [[self.cell(r, c) for c in self.labels] for r in self.labels]

    def to_json(self) -> dict[str, Any]:
        return {"labels": [str(x) for x in self.labels], "matrix": self.matrix(), "n": self.n}


def confusion(pairs: Iterable[tuple[Hashable, Hashable]], labels: Sequence[Hashable] | None = None) -> Confusion:
    counts = Counter(pairs)
    found = {a for a, _ in counts} | {b for _, b in counts}
    order = tuple(labels) if labels is not None else tuple(sorted(found, key=str))
    missing = found - set(order)
    if missing:
        raise ValueError(f"labels {sorted(map(str, missing))} are not in {list(order)}")
    return Confusion(order, dict(counts))


def kappa_from_matrix(matrix: Sequence[Sequence[float]]) -> Agreement:
    """Cohen's kappa of a square contingency table (rows: rater A's category, columns: rater B's)."""
    k = len(matrix)
    if any(len(row) != k for row in matrix):
        raise ValueError("the contingency table must be square")
    n = sum(sum(row) for row in matrix)
    if n == 0:
        return Agreement("cohen_kappa", None, 0, 2)
    observed = sum(matrix[i][i] for i in range(k)) / n
    rows = [sum(matrix[i]) / n for i in range(k)]
    cols = [sum(matrix[i][j] for i in range(k)) / n for j in range(k)]
    expected = sum(r * c for r, c in zip(rows, cols, strict=True))
    value = None if expected >= 1.0 else (observed - expected) / (1 - expected)
    return Agreement("cohen_kappa", value, int(n), 2, observed, expected, int(2 * n))


def cohen_kappa(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> Agreement:
    """Cohen's kappa of two raters' labels for the same units, in order; units either left unrated (None) are
    dropped."""
    if len(a) != len(b):
        raise ValueError("both raters need a label (or None) for every unit")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    table = confusion(pairs)
    return kappa_from_matrix(table.matrix())


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> Agreement:
    """Fleiss' kappa of a units × categories table of counts (how many raters put unit i in category j).

    Units may have different numbers of raters (at least two each; others are ignored): a unit's agreement is
    Σ n_ij(n_ij − 1) / (m_i(m_i − 1)) and the category shares are pooled over all ratings. With the same number of
    raters everywhere this is Fleiss (1971) exactly.
    """
    rows = [list(r) for r in counts if sum(r) >= 2]
    raters = max((sum(r) for r in rows), default=0)
    if not rows:
        return Agreement("fleiss_kappa", None, 0, raters)
    total = sum(sum(r) for r in rows)
    per_unit = [sum(x * (x - 1) for x in r) / (sum(r) * (sum(r) - 1)) for r in rows]
    observed = sum(per_unit) / len(rows)
    shares = [sum(r[j] for r in rows) / total for j in range(len(rows[0]))]
    expected = sum(p * p for p in shares)
    value = None if expected >= 1.0 else (observed - expected) / (1 - expected)
    return Agreement("fleiss_kappa", value, len(rows), raters, observed, expected, total)


def units_to_counts(units: Units) -> tuple[list[list[int]], list[Hashable]]:
    """The units × categories count table of rated units (and the category order)."""
    categories = sorted({label for ratings in units.values() for label in ratings.values()}, key=str)
    index = {c: i for i, c in enumerate(categories)}
    table = []
    for ratings in units.values():
        row = [0] * len(categories)
        for label in ratings.values():
            row[index[label]] += 1
        table.append(row)
    return table, categories


def fleiss_from_units(units: Units) -> Agreement:
    table, _ = units_to_counts(units)
    result = fleiss_kappa(table)
    raters = len({r for ratings in units.values() if len(ratings) >= 2 for r in ratings})
    return Agreement(result.statistic, result.value, result.n, raters, result.observed, result.expected,
                     result.pairable)


def krippendorff_alpha(units: Units) -> Agreement:
    """Krippendorff's alpha for nominal data, with missing ratings (Krippendorff 2011, "Computing Krippendorff's
    Alpha-Reliability"): from the coincidence matrix of pairable values, α = 1 − D_o / D_e."""
    coincidence: Counter[tuple[Hashable, Hashable]] = Counter()
    used = 0
    raters: set[Hashable] = set()
    for ratings in units.values():
        values = list(ratings.values())
        m = len(values)
        if m < 2:
            continue
        used += 1
        raters.update(ratings)
        for i, j in combinations(range(m), 2):
            coincidence[(values[i], values[j])] += 1 / (m - 1)
            coincidence[(values[j], values[i])] += 1 / (m - 1)
    totals: Counter[Hashable] = Counter()
    for (c, _k), weight in coincidence.items():
        totals[c] += weight
    n = sum(totals.values())
    if used == 0 or n <= 1:
        return Agreement("krippendorff_alpha", None, used, len(raters))
    disagree_observed = sum(w for (c, k), w in coincidence.items() if c != k)
    disagree_expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    observed = 1 - disagree_observed / n
    if disagree_expected == 0:
        return Agreement("krippendorff_alpha", None, used, len(raters), observed, 1.0, round(n))
    value = 1 - (n - 1) * disagree_observed / disagree_expected
    expected = 1 - disagree_expected / (n * (n - 1))
    return Agreement("krippendorff_alpha", value, used, len(raters), observed, expected, round(n))


def pairwise_cohen(units: Units) -> list[tuple[Hashable, Hashable, Agreement]]:
    """Cohen's kappa of every pair of raters over the units both rated (pairs sorted by rater)."""
    raters = sorted({r for ratings in units.values() for r in ratings}, key=str)
    out = []
    for a, b in combinations(raters, 2):
        shared = [(ratings[a], ratings[b]) for ratings in units.values() if a in ratings and b in ratings]
        out.append((a, b, kappa_from_matrix(confusion(shared).matrix()) if shared else
                    Agreement("cohen_kappa", None, 0, 2)))
    return out


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
