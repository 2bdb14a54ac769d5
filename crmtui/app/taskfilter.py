"""The Tasks screen's filter: the `--tasks` syntax plus two app-only terms (no Textual here).

    org=b2b,task=handle_time|transfer_count     every `--tasks` key (org suite task domain skill audience
                                                metric kind id), `|` alternatives, `* ?` patterns
    answerable=yes                              yes/no: whether the gold answer is not [None]
    lead conversion                             words without `=`: all must appear in the id, task or query

Quick filters cycle one term's value in the text (`cycle_term`), so the text stays the single source of truth.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from crmtui.tasks.errors import FilterError
from crmtui.tasks.instances import FILTER_KEYS, InstanceFilter, parse_filter
from crmtui.tasks.model import DOMAINS, ORGS, REWARD_METRICS, SKILLS, SUITES, TaskInstance

__all__ = ["QUICK", "Prepared", "TaskQuery", "cycle_term", "parse_task_query"]

#: quick-filter key -> the values it cycles through (then back to "any")
QUICK: dict[str, tuple[str, ...]] = {
    "org": ORGS, "suite": SUITES, "domain": DOMAINS, "skill": SKILLS, "metric": REWARD_METRICS,
    "answerable": ("yes", "no"),
}
_YES, _NO = ("yes", "true", "1"), ("no", "false", "0")


@dataclass
class TaskQuery:
    flt: InstanceFilter
    answerable: bool | None = None
    words: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.flt) or self.answerable is not None or bool(self.words)

    def matches(self, instance: TaskInstance) -> bool:
        return self.matches_prepared(Prepared.of(instance))

    def matches_prepared(self, p: Prepared) -> bool:
        """The same test on precomputed fields (fast enough to re-filter thousands of tasks per keystroke)."""
        if self.answerable is not None and p.answerable != self.answerable:
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
    """An instance's filterable values, computed once."""

    fields: dict[str, str]
    hay: str
    answerable: bool

    @classmethod
    def of(cls, i: TaskInstance) -> Prepared:
        return cls({key: getattr(i, attr) for key, attr in FILTER_KEYS.items()},
                   f"{i.id} {i.task} {i.query}".lower(), i.answerable)


def parse_task_query(text: str) -> TaskQuery:
    """Parse the filter text (FilterError naming the bad term)."""
    rest: list[str] = []
    answerable: bool | None = None
    words: list[str] = []
    for raw in text.split(","):
        term = raw.strip()
        if not term:
            continue
        key, sep, value = term.partition("=")
        if not sep:
            words += [w.lower() for w in term.split()]
        elif key.strip() == "answerable":
            v = value.strip().lower()
            if v in _YES:
                answerable = True
            elif v in _NO:
                answerable = False
            else:
                raise FilterError(f"answerable must be yes or no, not {value.strip()!r}")
        else:
            rest.append(term)
    return TaskQuery(parse_filter(",".join(rest)), answerable, words)


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
