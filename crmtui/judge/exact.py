"""exact_match with deterministic, typed answer extraction.

CRMArena compares the agent's final reply with the gold answer directly, and otherwise asks an LLM to extract
the answer from the reply. Here the extraction is deterministic and typed by the task's answer kind:

- Ids (`user_id`, `record_id`, `ids`): 15- or 18-character Salesforce Ids anywhere in the reply, kept only when
  their key prefix is one the answer can have (User `005` for agents, the task's object otherwise). Comparison is
  case-sensitive, as Ids are: a 15-character Id equals the 18-character one it abbreviates; an 18-character Id
  whose checksum suffix does not fit its letters (e.g. a lower-cased Id) is no Id at all.
- `month`: full names in any case ("may" only capitalised, it is also a verb) and capitalised abbreviations.
- `state`: two-letter codes in capitals and full state names (longest first: "West Virginia" is not "Virginia").
  Codes that are also common capitalised words (IN, OR, ME, HI, OK, OH, ID) are dropped when a certain state is
  named too ("OK, the best state is TX").
- `bant`: the four factors in any order and combination; when the reply says which factors fail ("not met",
  "lacks", "unmet"...), only factors in those clauses count, so "Budget is fine but Authority is missing" is
  Authority. Gold answers that join several factors in one string ("Authority, Need") are split.
- `stage`: the opportunity stages (the schema's picklist when given).
- `text`: normalised equality (see crmtui.judge.fuzzy).

Every kind may answer "no answer": a reply with no candidate of the kind extracts nothing, which is right exactly
when the gold is None (CRMArena's "None"). When a single-valued answer names several candidates, mentions that
are explicitly set aside ("Negotiation, not Quote", "instead of 005...", "moved from Quote") are dropped first.
Answers compare as sets: order and repetition do not matter, every gold value must be named and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from crmtui.judge.fuzzy import normalize_answer
from crmtui.org.ids import checksum_suffix, is_valid

ID_KINDS = ("user_id", "record_id", "ids")
KINDS = (*ID_KINDS, "month", "state", "bant", "stage", "text")
SINGLE_KINDS = ("user_id", "record_id", "month", "state", "stage")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
BANT = ("Budget", "Authority", "Need", "Timeline")
STAGES = ("Qualification", "Discovery", "Quote", "Negotiation", "Closed")
STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}
WEAK_STATE_CODES = frozenset({"IN", "OR", "ME", "HI", "OK", "OH", "ID"})

#: The object whose Ids answer each Id-valued task (CRMArena and CRMArena-Pro task names).
TASK_ANSWER_OBJECTS = {
    "case_routing": "User", "handle_time": "User", "transfer_count": "User", "lead_routing": "User",
    "sales_amount_understanding": "User", "sales_cycle_understanding": "User",
    "conversion_rate_comprehension": "User", "named_entity_disambiguation": "Product2",
    "policy_violation_identification": "Knowledge__kav", "invalid_config": "Knowledge__kav",
    "quote_approval": "Knowledge__kav", "top_issue_identification": "Issue__c", "activity_priority": "Task",
}

_ID_TOKEN = re.compile(r"(?<![0-9A-Za-z])([0-9A-Za-z]{18}|[0-9A-Za-z]{15})(?![0-9A-Za-z])")
_QUOTES = " \t\r\n'\"`*_.,;:!?()[]{}<>"
_NONE = re.compile(
    r"^\W*(none|null|nil|n/?a|no answer|nothing|no one|nobody|not applicable)\W*$"
    r"|\bnone\b|\bno (?:such|matching|matches|match|relevant|valid|qualifying|eligible|result|results|record|records"
    r"|agent|agents|violation|violations|answer|data|article|articles|issue|issues|product|products)\b"
    r"|\bthere (?:is|are|was|were) no\b|\bnot (?:found|applicable|available|possible to determine)\b"
    r"|\b(?:could|can)(?: ?not|n't) (?:find|determine|identify|locate)\b|\bdoes(?: not|n't) exist\b",
    re.IGNORECASE,
)
# Words that set a mention aside when they come just before it.
_SET_ASIDE = re.compile(
    r"(?:\bnot|\bnor|\bn't|\binstead of|\brather than|\bother than|\bexcept|\bfrom|\bcurrently(?: in| at| is)?"
    r"|\bwrong(?:ly)?|\bincorrect(?:ly)?|\bpreviously|\bused to be|\bno longer|\bexcluding)"
    r"(?:\s+(?:the|a|an|in|at|is|be|stage|state|month|agent|user|id|record))*\s*[\"'`(*]*\s*$",
    re.IGNORECASE,
)
_BANT_NEGATIVE = re.compile(
    r"\b(?:not|no|never|fail(?:s|ed|ing)?|unmet|lack(?:s|ing|ed)?|missing|insufficient|inadequate|absent|unclear"
    r"|undefined|unknown|unconfirmed|unqualified|weak|concern(?:s)?|issue(?:s)?|problem(?:s)?|gap(?:s)?|short"
    r"|doesn't|isn't|aren't|hasn't|haven't|won't|cannot|can't|without|disqualif\w*|block\w*|risk\w*|obstacle\w*)\b",
    re.IGNORECASE,
)
_BANT_ALL_MET = re.compile(
    r"\b(?:all|every|each)\b[^.;\n]{0,50}\b(?:met|satisf\w*|fulfil\w*|pass\w*|check\w* out)\b"
    r"|\b(?:is|can be|be) qualified\b|\bqualifies\b|\bmeets all\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;\n!?]+|,?\s+\b(?:but|while|whereas|although|though|however|yet)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    value: str  # canonical value
    start: int
    end: int
    text: str  # as written


@dataclass
class Extraction:
    """What a reply answers, for one answer kind."""

    kind: str
    values: tuple[str, ...]  # canonical, sorted, unique; () = no answer
    candidates: list[str] = field(default_factory=list)  # every mention found, as written
    dropped: list[str] = field(default_factory=list)  # mentions set aside
    explicit_none: bool = False  # the reply says there is no answer

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "values": list(self.values), "candidates": self.candidates,
                "dropped": self.dropped, "explicit_none": self.explicit_none}


@dataclass(frozen=True)
class MatchResult:
    reward: float
    extraction: Extraction
    gold: tuple[str, ...]
    direct_hit: bool

    @property
    def detail(self) -> dict[str, Any]:
        return {"extracted": list(self.extraction.values), "gold": list(self.gold), "direct_hit": self.direct_hit,
                **{k: v for k, v in self.extraction.to_json().items() if k != "values"}}


# --- Ids ---------------------------------------------------------------------------------------------------

def canonical_id(token: str) -> str | None:
    """The 18-character form of a well-formed Id, case kept exactly (None for anything else)."""
    if len(token) == 15 and token.isalnum() and token.isascii():
        return token + checksum_suffix(token)
    if len(token) == 18 and is_valid(token):
        return token
    return None


def _id_mentions(text: str, prefixes: Iterable[str]) -> list[Mention]:
    allowed = tuple(prefixes)
    out = []
    for m in _ID_TOKEN.finditer(text):
        token = m.group(1)
        if not any(ch.isdigit() for ch in token):
            continue  # a long word, not an Id
        if allowed and not token.startswith(allowed):
            continue
        canon = canonical_id(token)
        if canon:
            out.append(Mention(canon, m.start(), m.end(), token))
    return out


# --- months, states, stages, BANT ---------------------------------------------------------------------------

_MONTH_FULL = re.compile(r"\b(" + "|".join(MONTHS) + r")\b", re.IGNORECASE)
_MONTH_ABBR = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?")


def _month_mentions(text: str) -> list[Mention]:
    out = []
    for m in _MONTH_FULL.finditer(text):
        word = m.group(1)
        if word.lower() == "may" and word not in ("May", "MAY"):
            continue  # the verb
        out.append(Mention(word.capitalize(), m.start(), m.end(), word))
    for m in _MONTH_ABBR.finditer(text):
        abbr = m.group(1)[:3]
        full = next(name for name in MONTHS if name.startswith(abbr))
        out.append(Mention(full, m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda x: x.start)


_STATE_NAMES = sorted(((name, code) for code, name in STATES.items()), key=lambda nc: -len(nc[0]))
_STATE_NAME_RE = re.compile(
    r"\b(Washington,?\s*D\.?\s?C\.?|" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n, _ in _STATE_NAMES) + r")\b",
    re.IGNORECASE,
)
_STATE_BY_NAME = {name.lower(): code for name, code in _STATE_NAMES}
_STATE_CODE_RE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2})(?![A-Za-z0-9])")


def _state_mentions(text: str) -> list[Mention]:
    out = []
    spans = []
    for m in _STATE_NAME_RE.finditer(text):
        name = " ".join(m.group(1).split()).lower()
        code = "DC" if name.startswith("washington") and "d" in name[10:] else _STATE_BY_NAME.get(name)
        if code:
            out.append(Mention(code, m.start(), m.end(), m.group(1)))
            spans.append((m.start(), m.end()))
    for m in _STATE_CODE_RE.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        code = m.group(1)
        if code in STATES:
            out.append(Mention(code, m.start(), m.end(), code))
    out.sort(key=lambda x: x.start)
    if any(x.value not in WEAK_STATE_CODES or x.text != x.value for x in out):
        out = [x for x in out if x.value not in WEAK_STATE_CODES or x.text != x.value]
    return out


def _word_mentions(text: str, words: Sequence[str]) -> list[Mention]:
    """Case-insensitive mentions of `words`; capitalised mentions win over lower-case ones when both occur."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")s?\b",
                         re.IGNORECASE)
    canon = {w.lower(): w for w in words}
    found = [Mention(canon[m.group(1).lower()], m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
    capitalised = [x for x in found if x.text[:1].isupper()]
    return capitalised or found


def _bant_values(text: str) -> tuple[list[Mention], list[Mention], bool]:
    """(counted mentions, set-aside mentions, all-met) for a lead-qualification reply."""
    mentions = _word_mentions(text, BANT)
    clauses = []
    pos = 0
    for brk in _CLAUSE_BREAK.finditer(text):
        clauses.append((pos, brk.start()))
        pos = brk.end()
    clauses.append((pos, len(text)))
    negative = [(s, e) for s, e in clauses if _BANT_NEGATIVE.search(text[s:e])]
    if negative:
        kept = [x for x in mentions if any(s <= x.start < e for s, e in negative)]
        if kept:
            return kept, [x for x in mentions if x not in kept], False
    elif _BANT_ALL_MET.search(text):
        return [], mentions, True
    return mentions, [], False


# --- extraction -------------------------------------------------------------------------------------------

def _set_aside(text: str, mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Split mentions into kept and set aside ("not X", "instead of X", "from X")."""
    kept, dropped = [], []
    for x in mentions:
        before = text[max(0, x.start - 40):x.start]
        (dropped if _SET_ASIDE.search(before) else kept).append(x)
    return kept, dropped


def extract(reply: str | None, kind: str, *, prefixes: Iterable[str] = (),
            stages: Sequence[str] = STAGES) -> Extraction:
    """The answer a reply gives, for answer kind `kind` (see the module docstring)."""
    text = reply or ""
    explicit_none = bool(_NONE.search(text))
    dropped: list[Mention] = []
    if kind in ID_KINDS:
        mentions = _id_mentions(text, prefixes)
    elif kind == "month":
        mentions = _month_mentions(text)
    elif kind == "state":
        mentions = _state_mentions(text)
    elif kind == "stage":
        mentions = _word_mentions(text, stages)
    elif kind == "bant":
        mentions, dropped, all_met = _bant_values(text)
        explicit_none = explicit_none or all_met
    elif kind == "text":
        norm = normalize_answer(text)
        values = () if not norm or (explicit_none and norm in ("none", "null", "n a", "na")) else (norm,)
        return Extraction(kind, values, [text] if values else [], [], explicit_none)
    else:
        raise ValueError(f"no exact-match extractor for answer kind {kind!r}")
    candidates = [x.text for x in sorted(mentions + dropped, key=lambda x: x.start)]
    if kind in SINGLE_KINDS and len({x.value for x in mentions}) > 1:
        kept, aside = _set_aside(text, mentions)
        if kept:
            mentions, dropped = kept, dropped + aside
    values = tuple(sorted({x.value for x in mentions}))
    return Extraction(kind, values, candidates, [x.text for x in dropped], explicit_none)


def gold_values(answer: Sequence[str | None], kind: str, *, stages: Sequence[str] = STAGES) -> tuple[str, ...]:
    """The gold answer in the extractor's canonical form; () when the task has no answer (gold None)."""
    items = [a for a in answer if a is not None and str(a).strip() and str(a).strip() != "None"]
    out: set[str] = set()
    for item in items:
        item = str(item).strip()
        if kind in ID_KINDS:
            out.add(canonical_id(item) or item)
        elif kind == "bant":
            found = {x.value for x in _word_mentions(item, BANT)}
            out |= found or {item}
        elif kind == "month":
            found = [x.value for x in _month_mentions(item)]
            out.add(found[0] if found else item)
        elif kind == "state":
            found = [x.value for x in _state_mentions(item.upper() if len(item) == 2 else item)]
            out.add(found[0] if found else item)
        elif kind == "stage":
            found = [x.value for x in _word_mentions(item, stages)]
            out.add(found[0] if found else item)
        elif kind == "text":
            out.add(normalize_answer(item))
        else:
            out.add(item)
    return tuple(sorted(out))


def strip_reply(reply: str | None) -> str:
    """The reply without surrounding whitespace, quotes and markdown emphasis (CRMArena's direct comparison)."""
    return (reply or "").strip().strip(_QUOTES).strip()


def exact_match(reply: str | None, answer: Sequence[str | None], kind: str, *, prefixes: Iterable[str] = (),
                stages: Sequence[str] = STAGES) -> MatchResult:
    """Score a final reply against the gold answer list (reward 1.0 or 0.0)."""
    gold = gold_values(answer, kind, stages=stages)
    bare = strip_reply(reply)
    direct = len(answer) == 1 and bare == ("None" if answer[0] is None else str(answer[0]).strip())
    extraction = extract(reply, kind, prefixes=prefixes, stages=stages)
    if direct:
        return MatchResult(1.0, extraction, gold, True)
    return MatchResult(1.0 if extraction.values == gold else 0.0, extraction, gold, False)


def answer_prefixes(task: str, kind: str, answer: Sequence[str | None], schema: Any | None = None) -> tuple[str, ...]:
    """The key prefixes an Id answer may have: the gold Ids' prefixes, and the task's answer object in `schema`."""
    if kind not in ID_KINDS:
        return ()
    prefixes = {str(a)[:3] for a in answer if a is not None and canonical_id(str(a))}
    if kind == "user_id":
        prefixes.add("005")
    obj_name = TASK_ANSWER_OBJECTS.get(task)
    if schema is not None and obj_name:
        obj = schema.object(obj_name)
        if obj is not None:
            prefixes.add(obj.key_prefix)
    return tuple(sorted(prefixes))
