"""Descriptive statistics of the report: rates with Wilson intervals, pass^k, means, medians and quartiles.

Pure functions over plain numbers, no third-party dependency, so every value can be checked by hand.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The two-sided 95% normal quantile.
Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a binomial proportion (None when n is 0).

    Unlike the normal (Wald) interval it stays inside [0, 1] and is not degenerate at 0 or n successes, which
    matters for the small samples human baselines have (10 episodes, not 1,000).
    """
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie in 0..{n} (got {successes})")
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if successes == 0 else max(0.0, centre - half)
    hi = 1.0 if successes == n else min(1.0, centre + half)
    return lo, hi


@dataclass(frozen=True)
class Rate:
    """`successes` out of `n`, with its Wilson 95% interval."""

    successes: int
    n: int

    @property
    def value(self) -> float | None:
        return self.successes / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.successes, self.n)

    def to_json(self) -> dict[str, object]:
        ci = self.interval
        return {"n": self.n, "successes": self.successes, "rate": _round(self.value),
                "ci": None if ci is None else [_round(ci[0]), _round(ci[1])]}


def rate(flags: Iterable[bool]) -> Rate:
    values = list(flags)
    return Rate(sum(1 for v in values if v), len(values))


def pass_hat_k(trials: Iterable[tuple[int, int]], k: int) -> tuple[float | None, int]:
    """tau-bench's pass^k: the chance that k trials drawn without replacement from a task's n all succeed,
    C(c, k) / C(n, k) for a task with c successes in n trials, averaged over the tasks with at least k trials.

    `trials` holds (n, c) per task; returns (pass^k, number of tasks it averages), (None, 0) if no task has k.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    values = [math.comb(c, k) / math.comb(n, k) for n, c in trials if n >= k]
    return (sum(values) / len(values) if values else None), len(values)


def pass_hat_k_curve(trials: Sequence[tuple[int, int]]) -> list[tuple[int, float, int]]:
    """(k, pass^k, tasks) for k = 1 .. the largest number of trials of any task."""
    top = max((n for n, _c in trials), default=0)
    out = []
    for k in range(1, top + 1):
        value, tasks = pass_hat_k(trials, k)
        if value is not None:
            out.append((k, value, tasks))
    return out


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def quantile(values: Iterable[float], q: float) -> float | None:
    """The q-quantile with linear interpolation between order statistics (Hyndman & Fan type 7, numpy's and R's
    default): position q·(n−1) in the sorted values."""
    items = sorted(values)
    if not items:
        return None
    if not 0.0 <= q <= 1.0:
        raise ValueError("q must lie in [0, 1]")
    pos = q * (len(items) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(items) - 1)
    return items[lo] + (items[hi] - items[lo]) * (pos - lo)


def median(values: Iterable[float]) -> float | None:
    return quantile(values, 0.5)


@dataclass(frozen=True)
class Spread:
    """Median and quartiles (type 7), min, max and mean of a sample."""

    n: int
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    low: float | None = None
    high: float | None = None
    mean: float | None = None

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None or self.q3 is None else self.q3 - self.q1

    def to_json(self, digits: int = 4) -> dict[str, object]:
        return {"n": self.n, "median": _round(self.median, digits), "q1": _round(self.q1, digits),
                "q3": _round(self.q3, digits), "iqr": _round(self.iqr, digits), "min": _round(self.low, digits),
                "max": _round(self.high, digits), "mean": _round(self.mean, digits)}


def spread(values: Iterable[float | None]) -> Spread:
    """The Spread of the values that are not None."""
    items = sorted(v for v in values if v is not None)
    if not items:
        return Spread(0)
    return Spread(len(items), median(items), quantile(items, 0.25), quantile(items, 0.75), items[0], items[-1],
                  mean(items))


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
