"""Editor help for SOQL and SOSL: token highlighting and schema-aware completion (no Textual here).

`highlight_line(line)` gives `(start, end, name)` ranges with TextArea highlight names (`keyword`,
`function`, `string`, `number`, `constant.builtin`, `operator`, `type`). `complete(schema, text, offset)`
gives what can be typed at the cursor: objects after FROM (child relationship names in a subquery, objects
after RETURNING in SOSL), fields and relationship names of the object in scope (following `Account.Owner.`
paths), picklist values, booleans and date literals after a comparison, and clause keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crmtui.org.schema import Field, OrgSchema, SObject

__all__ = ["Completion", "Completions", "complete", "highlight_line", "is_sosl"]



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that are also common field names (Name, Email, Phone, End...) are left out.
KEYWORDS = _words("""
SELECT FROM WHERE AND OR NOT IN LIKE INCLUDES EXCLUDES ORDER BY ASC DESC NULLS FIRST LAST LIMIT OFFSET GROUP
HAVING ROLLUP CUBE TYPEOF WHEN THEN ELSE USING SCOPE WITH ABOVE_OR_BELOW FOR ALL ROWS FIND RETURNING FIELDS
""")
FUNCTIONS = _words("""
COUNT COUNT_DISTINCT SUM AVG MIN MAX CALENDAR_MONTH CALENDAR_QUARTER CALENDAR_YEAR DAY_IN_MONTH DAY_IN_WEEK
DAY_IN_YEAR DAY_ONLY FISCAL_MONTH FISCAL_QUARTER FISCAL_YEAR HOUR_IN_DAY WEEK_IN_MONTH WEEK_IN_YEAR FORMAT
TOLABEL CONVERTCURRENCY CONVERTTIMEZONE GROUPING DISTANCE GEOLOCATION FIELDS
""")
CONSTANTS = frozenset({"NULL", "TRUE", "FALSE"})
DATE_LITERALS = (
    "TODAY", "YESTERDAY", "TOMORROW", "LAST_WEEK", "THIS_WEEK", "NEXT_WEEK", "LAST_MONTH", "THIS_MONTH",
    "NEXT_MONTH", "LAST_90_DAYS", "NEXT_90_DAYS", "LAST_N_DAYS:", "NEXT_N_DAYS:", "LAST_N_WEEKS:", "NEXT_N_WEEKS:",
    "LAST_N_MONTHS:", "NEXT_N_MONTHS:", "THIS_QUARTER", "LAST_QUARTER", "NEXT_QUARTER", "LAST_N_QUARTERS:",
    "NEXT_N_QUARTERS:", "THIS_YEAR", "LAST_YEAR", "NEXT_YEAR", "LAST_N_YEARS:", "NEXT_N_YEARS:", "N_DAYS_AGO:",
    "THIS_FISCAL_QUARTER", "LAST_FISCAL_QUARTER", "NEXT_FISCAL_QUARTER", "THIS_FISCAL_YEAR", "LAST_FISCAL_YEAR",
    "NEXT_FISCAL_YEAR",
)
_DATE_LITERAL = re.compile(r"(?:TODAY|YESTERDAY|TOMORROW|(?:LAST|NEXT|THIS)_\w+|N_\w+_AGO)(?::\d*)?", re.I)

_TOKEN = re.compile(r"""
    (?P<string>'(?:[^'\\\n]|\\.)*'?)
  | (?P<search>\{(?:[^}\\\n]|\\.)*\}?)
  | (?P<date>\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<bind>:[A-Za-z_]\w*)
  | (?P<word>[A-Za-z_]\w*(?::\d*)?)
  | (?P<op><=|>=|!=|<>|=|<|>)
  | (?P<punct>[(),.])
  | (?P<space>\s+)
  | (?P<other>.)
""", re.X)


@dataclass(frozen=True)
class Token:
    kind: str  # string search date number bind word op punct other
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper()


def tokenize(text: str) -> list[Token]:
    return [Token(m.lastgroup or "other", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
            if m.lastgroup != "space"]


def is_sosl(text: str) -> bool:
    return text.lstrip()[:4].upper() == "FIND" and (len(text.lstrip()) == 4 or not text.lstrip()[4:5].isalnum())


# --- highlighting ------------------------------------------------------------------------------------------

def highlight_line(line: str) -> list[tuple[int, int, str]]:
    """Highlight ranges (character offsets) of one line of SOQL/SOSL."""
    out: list[tuple[int, int, str]] = []
    tokens = tokenize(line)
    previous = ""
    for n, t in enumerate(tokens):
        name = None
        after_dot = n > 0 and tokens[n - 1].text == "."
        if t.kind in ("string", "search"):
            name = "string"
        elif t.kind in ("number",):
            name = "number"
        elif t.kind in ("date", "bind"):
            name = "constant.builtin"
        elif t.kind == "op":
            name = "operator"
        elif t.kind == "word":
            up = t.upper
            following = tokens[n + 1].text if n + 1 < len(tokens) else ""
            if up in FUNCTIONS and following == "(":
                name = "function"
            elif up in CONSTANTS or _DATE_LITERAL.fullmatch(t.text):
                name = "constant.builtin"
            elif after_dot:
                name = None
            elif up in KEYWORDS:
                name = "keyword"
            elif previous in ("FROM", "RETURNING", "TYPEOF"):
                name = "type"
        if name:
            out.append((t.start, t.end, name))
        if t.kind != "punct" or t.text != ".":
            previous = t.upper if t.kind == "word" else ""
    return out


# --- completion --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Completion:
    label: str
    insert: str
    kind: str  # object | child | field | relationship | function | keyword | value
    detail: str = ""


@dataclass(frozen=True)
class Completions:
    start: int  # where the text being completed starts (it ends at the cursor)
    prefix: str
    items: list[Completion] = field(default_factory=list)
    context: str = ""  # what the cursor is in, for people: "fields of Case", "objects"...


_CLAUSES = {"SELECT": "select", "FROM": "from", "WHERE": "where", "HAVING": "where", "LIMIT": "limit",
            "OFFSET": "limit", "WITH": "with", "USING": "with", "FOR": "with", "RETURNING": "returning", "IN": "in"}
_AFTER_FROM = ("WHERE", "ORDER BY", "GROUP BY", "LIMIT", "OFFSET", "WITH", "USING SCOPE", "FOR VIEW")
_WHERE_WORDS = ("AND", "OR", "NOT", "IN", "NOT IN", "LIKE", "INCLUDES", "EXCLUDES", "NULL", "TRUE", "FALSE",
                "ORDER BY", "GROUP BY", "LIMIT")
_ORDER_WORDS = ("ASC", "DESC", "NULLS FIRST", "NULLS LAST", "LIMIT", "OFFSET")
_GROUP_WORDS = ("HAVING", "ORDER BY", "LIMIT", "ROLLUP(", "CUBE(")
_SELECT_FUNCTIONS = ("COUNT()", "COUNT(", "COUNT_DISTINCT(", "SUM(", "AVG(", "MIN(", "MAX(", "CALENDAR_YEAR(",
                     "CALENDAR_MONTH(", "DAY_ONLY(", "FIELDS(ALL)", "TYPEOF")
_SOSL_WORDS = ("IN ALL FIELDS", "IN NAME FIELDS", "IN EMAIL FIELDS", "IN PHONE FIELDS", "RETURNING", "LIMIT")
_COMPARISON = frozenset({"=", "!=", "<>", "<", ">", "<=", ">=", "LIKE", "INCLUDES", "EXCLUDES"})


def _field_detail(f: Field) -> str:
    text = f.type
    if f.reference_to:
        text += " → " + "/".join(f.reference_to)
    if f.sensitivity != "public":
        text += f" · {f.sensitivity}"
    return text


def _field_items(schema: OrgSchema, obj: SObject, functions: bool = False) -> list[Completion]:
    items = [Completion(f.name, f.name, "field", _field_detail(f)) for f in obj.fields.values()]
    for f in obj.references:
        if f.relationship_name:
            target = "/".join(f.reference_to)
            items.append(Completion(f.relationship_name + ".", f.relationship_name + ".", "relationship",
                                    f"→ {target}"))
    if functions:
        items += [Completion(fn, fn, "function") for fn in _SELECT_FUNCTIONS]
    return items


def _resolve_path(schema: OrgSchema, obj: SObject, path: list[str]) -> SObject | None:
    """Follow relationship names (`Account`, `Owner`...) from `obj`; None if one does not resolve."""
    for name in path:
        nxt = None
        for f in obj.references:
            if f.relationship_name and f.relationship_name.lower() == name.lower():
                nxt = schema.objects.get(f.reference_to[0])
                break
        if nxt is None:
            return None
        obj = nxt
    return obj


def _field_at(schema: OrgSchema, obj: SObject | None, path: str) -> Field | None:
    if obj is None:
        return None
    parts = path.split(".")
    target = _resolve_path(schema, obj, parts[:-1])
    return target.field(parts[-1]) if target else None


def _value_items(f: Field) -> list[Completion]:
    items: list[Completion] = []
    if f.values:
        items += [Completion(f"'{v}'", f"'{v}'", "value", f.name) for v in f.values]
    if f.type == "boolean":
        items += [Completion(v, v, "value") for v in ("TRUE", "FALSE")]
    if f.type in ("date", "datetime"):
        items += [Completion(v, v, "value", "date literal") for v in DATE_LITERALS]
    items.append(Completion("NULL", "NULL", "value"))
    return items


def _rank(items: list[Completion], prefix: str) -> list[Completion]:
    """Items starting with the prefix (case-insensitive), then those containing it; duplicates dropped."""
    p = prefix.lower().lstrip("'")
    starts, contains, seen = [], [], set()
    for it in items:
        key = (it.label, it.kind)
        if key in seen:
            continue
        seen.add(key)
        low = it.label.lower().lstrip("'")
        if low.startswith(p):
            starts.append(it)
        elif p and p in low:
            contains.append(it)
    exact = [it for it in starts if it.insert.lower() == prefix.lower()]
    if exact and len(starts) == len(exact) and not contains:
        return []  # the word is already complete
    return starts + contains


@dataclass
class _Group:
    open_index: int  # index of "(" in tokens, -1 for the whole text
    tokens: list[Token]  # tokens directly in this group (nested groups left out)
    parent: _Group | None
    head: str = ""  # upper-case word before "(" (IN, COUNT, an SOSL object...), or SELECT for a subquery


def _groups_at(tokens: list[Token], offset: int) -> list[_Group]:
    """The chain of parenthesised groups containing `offset`, innermost first."""
    root = _Group(-1, [], None)
    stack = [root]
    chain_at_cursor: list[_Group] | None = None
    for n, t in enumerate(tokens):
        if chain_at_cursor is None and t.start >= offset:
            chain_at_cursor = list(reversed(stack))
        if t.text == "(" and t.kind == "punct":
            head = tokens[n - 1].upper if n and tokens[n - 1].kind == "word" else ""
            if n + 1 < len(tokens) and tokens[n + 1].upper == "SELECT":
                head = "SELECT"
            stack[-1].tokens.append(t)
            g = _Group(n, [], stack[-1], head)
            stack.append(g)
            continue
        if t.text == ")" and t.kind == "punct" and len(stack) > 1:
            stack.pop()
        stack[-1].tokens.append(t)
    if chain_at_cursor is None:
        chain_at_cursor = list(reversed(stack))
    return chain_at_cursor


def _from_object(group: _Group) -> str | None:
    toks = group.tokens
    for n, t in enumerate(toks):
        if t.upper == "FROM" and n + 1 < len(toks) and toks[n + 1].kind == "word":
            return toks[n + 1].text
    return None


def _clause(tokens: list[Token], offset: int) -> tuple[str, Token | None]:
    """The clause the cursor is in (select/from/where/order/group/limit/with) and the token before it."""
    clause, prev = "start", None
    before = [t for t in tokens if t.end <= offset]
    for n, t in enumerate(before):
        up = t.upper
        if t.kind == "word" and up == "BY" and n and before[n - 1].upper in ("ORDER", "GROUP"):
            clause = "order" if before[n - 1].upper == "ORDER" else "group"
        elif t.kind == "word" and up in ("SELECT", "FROM", "WHERE", "HAVING", "LIMIT", "OFFSET", "WITH", "USING",
                                          "FOR"):
            clause = _CLAUSES[up]
    if before:
        prev = before[-1]
    return clause, prev


def complete(schema: OrgSchema, text: str, offset: int) -> Completions:
    """What may be typed at `offset` in a SOQL or SOSL `text`."""
    offset = max(0, min(offset, len(text)))
    head = text[:offset]
    m = re.search(r"'[^'\n]*$", head)
    in_string = m is not None and head.count("'") % 2 == 1
    if in_string:
        assert m is not None
        start = m.start()
    else:
        start = re.search(r"[A-Za-z0-9_.]*$", head).start()  # type: ignore[union-attr]
    word = text[start:offset]
    path, _, prefix = word.rpartition(".")
    prefix_start = offset - len(prefix) if not in_string else start
    tokens = [t for t in tokenize(text) if t.end <= start or t.start >= offset]

    def result(items: list[Completion], context: str, pfx: str = prefix) -> Completions:
        return Completions(prefix_start, pfx, _rank(items, pfx)[:200], context)

    if is_sosl(text):
        return _complete_sosl(schema, tokens, start, offset, path, prefix, prefix_start)

    chain = _groups_at(tokens, start)
    query_group = next((g for g in chain if g.head == "SELECT" or g.parent is None), chain[-1])
    base_name = _from_object(query_group)
    outer = None
    if query_group.parent is not None:  # a subquery: FROM names a child relationship of the outer object
        outer_group = next((g for g in _groups_at(tokens, tokens[query_group.open_index].start)
                            if g.head == "SELECT" or g.parent is None), None)
        outer_name = _from_object(outer_group) if outer_group else None
        outer = schema.object(outer_name) if outer_name else None
    base: SObject | None = None
    if base_name:
        if outer is not None:
            for rel, child, _f in schema.child_relationships(outer.name):
                if rel.lower() == base_name.lower():
                    base = child
        else:
            base = schema.object(base_name)
    clause, prev = _clause(query_group.tokens, start)
    prev_up = prev.upper if prev is not None else ""

    # the value side of a comparison: picklist values, booleans, date literals
    innermost = chain[0]
    field_tok: Token | None = None
    all_before = [t for t in tokens if t.end <= start]
    if prev is not None and prev_up in _COMPARISON:
        i = len(all_before) - 1
        field_tok = all_before[i - 1] if i >= 1 and all_before[i - 1].kind == "word" else None
        if field_tok is not None:
            # a dotted path: gather Word . Word . Word
            j, parts = i - 1, [all_before[i - 1].text]
            while j >= 2 and all_before[j - 1].text == "." and all_before[j - 2].kind == "word":
                parts.insert(0, all_before[j - 2].text)
                j -= 2
            f = _field_at(schema, base, ".".join(parts))
            if f is not None:
                return result(_value_items(f), f"values of {f.name}", word if in_string else prefix)
    if innermost.head in ("IN", "INCLUDES", "EXCLUDES") and innermost is not query_group:
        k = innermost.open_index
        ftoks = [t for t in tokens[:k] if t.end <= tokens[k].start]
        if len(ftoks) >= 2 and ftoks[-2].kind == "word":
            j, parts = len(ftoks) - 2, [ftoks[-2].text]
            if ftoks[-2].upper == "NOT" and len(ftoks) >= 3:
                j, parts = len(ftoks) - 3, [ftoks[-3].text]
            while j >= 2 and ftoks[j - 1].text == "." and ftoks[j - 2].kind == "word":
                parts.insert(0, ftoks[j - 2].text)
                j -= 2
            f = _field_at(schema, base, ".".join(parts))
            if f is not None:
                return result(_value_items(f), f"values of {f.name}", word if in_string else prefix)
    if in_string:
        return Completions(prefix_start, word, [], "")

    if clause == "start":
        return result([Completion(k, k + " ", "keyword") for k in ("SELECT", "FIND")], "a query")
    if clause == "from":
        if prev_up == "FROM":
            if outer is not None:
                items = [Completion(rel, rel, "child", f"{child.name} of {outer.name}")
                         for rel, child, _f in schema.child_relationships(outer.name)]
                return result(items, f"child relationships of {outer.name}")
            items = [Completion(o.name, o.name, "object", o.label) for o in schema.objects.values()]
            return result(items, "objects")
        return result([Completion(k, k + " ", "keyword") for k in _AFTER_FROM], "clauses")
    if clause in ("limit", "with"):
        return result([], "")
    target = base
    if base is not None and path:
        target = _resolve_path(schema, base, path.split("."))
        if target is None:
            return result([], f"unknown relationship path {path}")
    items: list[Completion] = []
    what = ""
    if target is not None:
        items = _field_items(schema, target, functions=clause == "select" and not path and outer is None)
        what = f"fields of {target.name}"
    elif path:
        return result([], "type FROM <object> to complete relationship paths")
    elif clause == "select" and not base_name:
        items = [Completion(fn, fn, "function") for fn in _SELECT_FUNCTIONS]
        what = "fields (type FROM <object> to complete them)"
    if not path:
        words = {"select": ("FROM",), "where": _WHERE_WORDS, "order": _ORDER_WORDS, "group": _GROUP_WORDS}
        keywords = [Completion(k, k + ("" if k.endswith("(") else " "), "keyword") for k in words.get(clause, ())]
        # right after a field name, the clause's keywords (ASC, AND, FROM...) come first
        after_field = prev is not None and prev.kind == "word" and prev_up not in KEYWORDS and not prefix
        items = keywords + items if after_field else items + keywords
        if clause == "select" and outer is None and base is not None:
            items += [Completion(f"(SELECT … FROM {rel})", f"(SELECT Id FROM {rel})", "child", child.name)
                      for rel, child, _f in schema.child_relationships(base.name)]
    return result(items, what)


def _complete_sosl(schema: OrgSchema, tokens: list[Token], start: int, offset: int, path: str, prefix: str,
                   prefix_start: int) -> Completions:
    chain = _groups_at(tokens, start)
    inner = chain[0]
    before = [t for t in tokens if t.end <= start]
    prev_up = before[-1].upper if before else ""

    def result(items: list[Completion], context: str) -> Completions:
        return Completions(prefix_start, prefix, _rank(items, prefix)[:200], context)

    if inner.parent is not None:
        obj = schema.object(inner.head) if inner.head else None
        if obj is not None:
            target = _resolve_path(schema, obj, path.split(".")) if path else obj
            if target is None:
                return result([], "")
            items = _field_items(schema, target)
            if not path:
                items += [Completion(k, k + " ", "keyword") for k in ("WHERE", "ORDER BY", "LIMIT")]
            return result(items, f"fields of {target.name}")
        return result([], "")
    returning = any(t.upper == "RETURNING" for t in before)
    if returning and prev_up in ("RETURNING", ","):
        items = [Completion(o.name, o.name, "object", o.label) for o in schema.objects.values()]
        return result(items, "objects")
    if not before:
        return result([Completion("FIND", "FIND ", "keyword")], "a search")
    return result([Completion(k, k + " ", "keyword") for k in _SOSL_WORDS], "search clauses")
