"""fuzzy_match: SQuAD-style answer normalisation, token-level F1 and exact match.

CRMArena scores its free-text tasks (knowledge QA, sales insight mining) by token F1 against the first gold
string. Normalisation follows its `normalize_answer`: lower-case, underscores and punctuation (typographic
quotes and backticks included) become spaces, the articles a/an/the are dropped, whitespace is collapsed.
Unlike SQuAD's original, punctuation separates words instead of gluing them ("on-site" -> "on site").
"""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass

_PUNCT = set(string.punctuation) | {"\u2018", "\u2019", "\u201c", "\u201d", "\u00b4", "`", "\u2013", "\u2014"}
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize_answer(text: str | None) -> str:
    """The normalised form compared by `exact` and tokenised by `f1`."""
    if not text:
        return ""
    lowered = text.lower().replace("_", " ")
    spaced = "".join(" " if ch in _PUNCT else ch for ch in lowered)
    return " ".join(_ARTICLES.sub(" ", spaced).split())


def tokens(text: str | None) -> list[str]:
    return normalize_answer(text).split()


@dataclass(frozen=True)
class FuzzyResult:
    exact: bool
    f1: float
    precision: float
    recall: float
    common: int  # tokens shared (as a multiset)


def compare(prediction: str | None, gold: str | None) -> FuzzyResult:
    """Token F1, precision, recall and normalised exact match of `prediction` against `gold`.

    Two empty strings match perfectly; an empty side against a non-empty one scores 0.
    """
    pred, ref = tokens(prediction), tokens(gold)
    exact = normalize_answer(prediction) == normalize_answer(gold)
    if not pred or not ref:
        score = 1.0 if pred == ref else 0.0
        return FuzzyResult(exact, score, score, score, 0)
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return FuzzyResult(exact, 0.0, 0.0, 0.0, 0)
    precision = common / len(pred)
    recall = common / len(ref)
    return FuzzyResult(exact, 2 * precision * recall / (precision + recall), precision, recall, common)


def f1(prediction: str | None, gold: str | None) -> float:
    return compare(prediction, gold).f1


def exact(prediction: str | None, gold: str | None) -> bool:
    return compare(prediction, gold).exact
