"""What every oracle provides: the slots it fills, a draw of one instance, and the derivation of its answer.

An oracle computes a gold answer from the org through SOQL/SOSL alone: `draw` picks a subject (a case, a
product, a time window...), runs queries through the backend and derives the answer with `derive`, an
arithmetic step over the query results. The queries and the derivation are stored as the instance's
reference solution, so anyone can re-run them against the engine and get the same gold.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from crmtui.tasks.model import Solution


class QueryBackend(Protocol):
    """The part of the org backend an oracle needs (see crmtui.org.backends)."""

    def query_all(self, soql: str) -> dict[str, Any]: ...

    def search(self, sosl: str) -> dict[str, Any]: ...


@dataclass
class OracleContext:
    backend: QueryBackend
    org: str  # org kind: original, b2b or b2c
    now: datetime  # the org clock ("today" in task context)
    cache: dict[str, Any] = field(default_factory=dict)  # per-org lookups oracles reuse across draws


@dataclass
class Draw:
    """One candidate instance: slot values for the templates, the gold answer and how it was found."""

    slots: dict[str, str]
    answer: list[str | None]
    solution: Solution


class Oracle(Protocol):
    key: str  # registry name, stored as the solution's `derive`
    name: str  # the task type it serves
    slots: frozenset[str]

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        """A candidate (answerable or not, as asked), or None when the draw is ambiguous: try again."""
        ...

    def derive(self, results: list[list[dict[str, Any]]], params: dict[str, Any]) -> list[str | None]:
        """The answer from the records each solution query returned, in order."""
        ...
