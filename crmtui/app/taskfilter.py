"""The Tasks screen's filter: the `--tasks` syntax plus app-only terms (no Textual here).

    org=b2b,task=handle_time|transfer_count     every `--tasks` key (org suite task domain skill audience
                                                metric kind id), `|` alternatives, `* ?` patterns
    answerable=yes                              yes/no: whether the gold answer is not [None]
    turn=multi                                  single/multi: whether the task can be played multi-turn
                                                (it has a reveal plan for the user; the table says `both`,
                                                as it can be played single-turn too) or single-turn only
    gold=disputed|corrected                     the gold status: generated validated disputed corrected
    runs=0, human=1+, agent>=3, runs<5          runs (human + agent), human runs, agent runs: a count,
                                                `N+` (at least N), or a comparison `> >= < <=`
    lead conversion                             words without `=`: all must appear in the id, task or query

Gold and run terms need the aggregates from the transcript DB (`Prepared.with_stats`); until they are loaded
those terms match nothing.

Quick filters cycle one term's value in the text (`cycle_term`), so the text stays the single source of truth.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

from crmtui.store.gold import GOLD_STATUSES
from crmtui.tasks.errors import FilterError
from crmtui.tasks.instances import FILTER_KEYS, InstanceFilter, parse_filter
from crmtui.tasks.model import DOMAINS, ORGS, REWARD_METRICS, SKILLS, SUITES, TaskInstance

__all__ = ["QUICK", "Prepared", "TaskQuery", "cycle_term", "parse_task_query", "turn_mode"]

TURN_MODES = ("single", "multi")
#: quick-filter key -> the values it cycles through (then back to "any")
QUICK: dict[str, tuple[str, ...]] = {
    "org": ORGS, "suite": SUITES, "domain": DOMAINS, "skill": SKILLS, "metric": REWARD_METRICS,
    "answerable": ("yes", "no"), "gold": GOLD_STATUSES, "turn": TURN_MODES, "runs": ("0", "1+"),
}
_YES, _NO = ("yes", "true", "1"), ("no", "false", "0")
_COUNT_TERM = re.compile(r"^(runs|human|agent)\s*(<=|>=|<|>|=)\s*(\d+)\s*(\+?)$")
_COUNT_KEY = re.compile(r"^(runs|human|agent)\s*[=<>]")
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "=": lambda a, b: a == b, ">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
}


def turn_mode(i: TaskInstance) -> str:
    """`multi` if the task can be played multi-turn (it has a reveal plan for the user), else `single`."""
    return "multi" if i.reveal else "single"


@dataclass
class TaskQuery:
    flt: InstanceFilter
    answerable: bool | None = None
    words: list[str] = field(default_factory=list)
    turn: str | None = None
    gold: frozenset[str] = frozenset()
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # (runs|human|agent, operator, n)

    def __bool__(self) -> bool:
        return (bool(self.flt) or self.answerable is not None or bool(self.words) or self.turn is not None
                or bool(self.gold) or bool(self.counts))

    @property
    def needs_stats(self) -> bool:
        """Whether the query has terms that only the transcript DB's aggregates can answer."""
        return bool(self.gold) or bool(self.counts)

    def matches(self, instance: TaskInstance) -> bool:
        return self.matches_prepared(Prepared.of(instance))

    def matches_prepared(self, p: Prepared) -> bool:
        """The same test on precomputed fields (fast enough to re-filter thousands of tasks per keystroke)."""
        if self.answerable is not None and p.answerable != self.answerable:
            return False
        if self.turn is not None and p.turn != self.turn:
            return False
        if self.gold and p.gold not in self.gold:
            return False
        for key, op, n in self.counts:
            value = p.human if key == "human" else p.agent if key == "agent" else p.runs
            if value is None or not _COMPARE[op](value, n):
                return False
        if self.words and not all(w in p.hay for w in self.words):
            return False
        return all(test(p.fields[key]) for key, test in self._tests)

    @cached_property
    def _tests(self) -> list[tuple[str, Callable[[str], bool]]]:
        tests = []
        for key, patterns in self.flt.terms.items():
            exact = frozenset(p for p in patterns if not any(ch in p for ch in "*?["))
            regexes = [re.compile(fnmatch.translate(p)) for p in patterns if p not in exact]

            def test(value: str, exact: frozenset = exact, regexes: list = regexes) -> bool:
                return value in exact or any(r.match(value) for r in regexes)

            tests.append((key, test))
        return tests


@dataclass(frozen=True)
class Prepared:
    """An instance's filterable values, computed once; the aggregates (gold, runs) are None until loaded."""

    fields: dict[str, str]
    hay: str
    answerable: bool
    turn: str = "single"
    gold: str | None = None
    human: int | None = None
    agent: int | None = None

    @property
    def runs(self) -> int | None:
        return None if self.human is None or self.agent is None else self.human + self.agent

    @classmethod
    def of(cls, i: TaskInstance) -> Prepared:
        return cls({key: getattr(i, attr) for key, attr in FILTER_KEYS.items()},
                   f"{i.id} {i.task} {i.query}".lower(), i.answerable, turn_mode(i))

    def with_stats(self, gold: str, human: int, agent: int) -> Prepared:
        return replace(self, gold=gold, human=human, agent=agent)


def parse_task_query(text: str) -> TaskQuery:
    """Parse the filter text (FilterError naming the bad term)."""
    rest: list[str] = []
    answerable: bool | None = None
    words: list[str] = []
    turn: str | None = None
    gold: set[str] = set()
    counts: list[tuple[str, str, int]] = []
    for raw in text.split(","):
        term = raw.strip()
        if not term:
            continue
        count = _COUNT_TERM.match(term)
        if count is not None:
            name, op, n, plus = count.groups()
            if plus and op != "=":
                raise FilterError(f"{term!r}: write {name}={n}+ or {name}>={n}")
            counts.append((name, ">=" if plus else op, int(n)))
            continue
        if _COUNT_KEY.match(term):
            raise FilterError(f"{term!r}: expected a number of runs, e.g. runs=0, human=1+, agent>=3, runs<5")
        key, sep, value = term.partition("=")
        key, value = key.strip(), value.strip()
        if not sep:
            words += [w.lower() for w in term.split()]
        elif key == "turn":
            if value.lower() not in TURN_MODES:
                raise FilterError(f"turn must be single or multi, not {value!r}")
            turn = value.lower()
        elif key == "gold":
            for v in (x.strip().lower() for x in value.split("|")):
                if v not in GOLD_STATUSES:
                    raise FilterError(f"gold must be one of {', '.join(GOLD_STATUSES)}, not {v!r}")
                gold.add(v)
        elif key == "answerable":
            v = value.strip().lower()
            if v in _YES:
                answerable = True
            elif v in _NO:
                answerable = False
            else:
                raise FilterError(f"answerable must be yes or no, not {value.strip()!r}")
        else:
            rest.append(term)
    return TaskQuery(parse_filter(",".join(rest)), answerable, words, turn, frozenset(gold), counts)


def _terms(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def term_value(text: str, key: str) -> str | None:
    for term in _terms(text):
        k, sep, v = term.partition("=")
        if sep and k.strip() == key:
            return v.strip()
    return None


def cycle_term(text: str, key: str, values: tuple[str, ...] | None = None) -> str:
    """The filter text with `key`'s term moved to its next value (any -> first -> ... -> last -> any)."""
    values = values or QUICK[key]
    current = term_value(text, key)
    if current is None:
        nxt: str | None = values[0]
    elif current in values:
        i = values.index(current) + 1
        nxt = values[i] if i < len(values) else None
    else:
        nxt = values[0]
    terms = []
    placed = False
    for term in _terms(text):
        k, sep, _v = term.partition("=")
        if sep and k.strip() == key:
            if nxt is not None and not placed:
                terms.append(f"{key}={nxt}")
                placed = True
            continue
        terms.append(term)
    if nxt is not None and not placed:
        terms.append(f"{key}={nxt}")
    return ",".join(terms)
