"""SOSL: `FIND {terms} [IN ALL|NAME|EMAIL|PHONE FIELDS] [RETURNING Obj(fields WHERE ... ORDER BY ... LIMIT n), ...]
[LIMIT n]` over the dump's FTS5 index, answered as `{"searchRecords": [...]}`.

Search terms: words (implicit AND), `"quoted phrases"`, AND / OR / AND NOT and parentheses, `*` (any
characters) and `?` (one character) wildcards in the middle or at the end of a term, `\\` escapes.
Matching is case- and diacritic-insensitive. Trailing `*` becomes an FTS5 prefix query; other wildcards
run as a relaxed FTS5 query whose candidates are re-checked in Python with an exact pattern.

Results follow RETURNING order, each object's records by relevance unless it has its own ORDER BY. The
overall LIMIT (at most 2,000) is consumed object by object: an object gets min(its LIMIT, what is left).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crmtui.org.errors import CUSTOM_OBJECT_HINT, SalesforceError, query_error
from crmtui.org.search_index import FIELD_BREAK, searchable_objects
from crmtui.org.soql import ast
from crmtui.org.soql.compiler import AGGREGATES, MAX_OFFSET, Compiler, RecShape, Scope
from crmtui.org.soql.dates import DATE_FUNCTIONS
from crmtui.org.soql.model import quote
from crmtui.org.soql.parser import parse_sosl

if TYPE_CHECKING:
    from crmtui.org.soql.engine import Engine

MAX_SEARCH_LIMIT = 2000
_SCOPE_COLUMN = {"ALL": "all_f", "SIDEBAR": "all_f", "NAME": "name_f", "EMAIL": "email_f", "PHONE": "phone_f"}
_RESERVED = set("&|!{}[]^~")
_TOKEN = re.compile(r"[^\W_]", re.UNICODE)


# -- the search expression ---------------------------------------------------------------------------------


@dataclass
class Term:
    """A word or phrase: its tokens as lists of (char, is_wildcard), and where it starts."""

    tokens: list[list[tuple[str, bool]]]
    offset: int
    phrase: bool

    @property
    def prefix_only(self) -> bool:
        """Only a trailing `*` on the last token: FTS5 can answer it exactly."""
        for i, tok in enumerate(self.tokens):
            for j, (ch, wild) in enumerate(tok):
                if wild and not (ch == "*" and i == len(self.tokens) - 1 and j == len(tok) - 1):
                    return False
        return True

    @property
    def exact(self) -> bool:
        return not any(w for tok in self.tokens for _, w in tok)

    def size(self) -> int:
        return sum(1 for tok in self.tokens for _, w in tok if not w)

    def fts(self) -> str:
        """The FTS5 query (a relaxed one when the term has inner or `?` wildcards)."""
        if self.prefix_only:
            words = ["".join(ch for ch, w in tok if not w) for tok in self.tokens]
            star = " *" if not self.exact else ""
            return f'"{" ".join(words)}"{star}'
        parts = []
        for tok in self.tokens:
            head = []
            for ch, wild in tok:
                if wild:
                    break
                head.append(ch)
            text = "".join(head)
            if len(head) < len(tok):
                parts.append(f'"{text}" *')
            else:
                parts.append(f'"{text}"')
        return "(" + " AND ".join(parts) + ")"

    def regex(self) -> re.Pattern[str]:
        pieces = []
        for tok in self.tokens:
            out = []
            for ch, wild in tok:
                if wild:
                    out.append(r"[^\W_]*" if ch == "*" else r"[^\W_]")
                else:
                    out.append(re.escape(_fold(ch)))
            pieces.append("".join(out))
        gap = r"(?:(?!" + FIELD_BREAK + r")[\W_])+"
        return re.compile(r"(?<![^\W_])" + gap.join(pieces) + r"(?![^\W_])")


Node = Any  # Term | ("and", a, b) | ("or", a, b) | ("andnot", a, b)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _SearchParser:
    """Parses the text between the braces; offsets are relative to that text."""

    def __init__(self, text: str, fail, where) -> None:
        self.text = text
        self.fail = fail
        self.where = where
        self.toks = self._lex()
        self.i = 0
        self.first_short: int | None = None

    def _lex(self) -> list[tuple[str, Any, int]]:
        s = self.text
        out: list[tuple[str, Any, int]] = []
        i = 0
        while i < len(s):
            ch = s[i]
            if ch.isspace():
                i += 1
                continue
            if ch in "()":
                out.append((ch, None, i))
                i += 1
                continue
            if ch == '"':
                start = i
                i += 1
                chars: list[tuple[str, bool]] = []
                while i < len(s) and s[i] != '"':
                    if s[i] == "\\" and i + 1 < len(s):
                        chars.append((s[i + 1], False))
                        i += 2
                        continue
                    chars.append((s[i], s[i] in "*?"))
                    i += 1
                if i >= len(s):
                    self.fail("mismatched character '<EOF>' expecting '\"'", start)
                i += 1
                out.append(("term", self._term(chars, start, True), start))
                continue
            if ch in _RESERVED:
                self.fail(self.mismatch(ch, i), i)
            start = i
            chars = []
            while i < len(s) and not s[i].isspace() and s[i] not in '()"':
                c = s[i]
                if c == "\\" and i + 1 < len(s):
                    chars.append((s[i + 1], False))
                    i += 2
                    continue
                if c in _RESERVED:
                    self.fail(self.mismatch(c, i), i)
                chars.append((c, c in "*?"))
                i += 1
            word = "".join(c for c, _ in chars)
            if word.upper() in ("AND", "OR", "NOT") and "\\" not in s[start:i]:
                out.append((word.upper(), None, start))
            else:
                out.append(("term", self._term(chars, start, False), start))
        return out

    def mismatch(self, ch: str, offset: int) -> str:
        line, col = self.where(offset)
        return f"line {line}:{col - 1} mismatched character '{ch}' expecting '}}'"

    def _term(self, chars: list[tuple[str, bool]], offset: int, phrase: bool) -> Term:
        tokens: list[list[tuple[str, bool]]] = []
        cur: list[tuple[str, bool]] = []
        for ch, wild in chars:
            if wild or _TOKEN.match(ch):
                cur.append((ch, wild))
            elif cur:
                tokens.append(cur)
                cur = []
        if cur:
            tokens.append(cur)
        for tok in tokens:
            if tok[0][1]:
                self.fail("wildcards must be preceded by at least one character: " + "".join(c for c, _ in tok),
                          offset)
        return Term(tokens, offset, phrase)

    def peek(self) -> tuple[str, Any, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        if not self.toks:
            self.fail("search term must be longer than one character", 0)
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:
            self.fail(f"unexpected token: '{tok[0] if tok[0] != 'term' else self.text[tok[2]:].split()[0]}'",
                      tok[2])
        if node is None:
            self.fail("search term must be longer than one character", self.first_short or 0)
        return node

    def or_expr(self) -> Node:
        node = self.and_expr()
        while (tok := self.peek()) is not None and tok[0] == "OR":
            self.i += 1
            right = self.and_expr()
            node = right if node is None else node if right is None else ("or", node, right)
        return node

    def and_expr(self) -> Node:
        node = self.primary()
        while (tok := self.peek()) is not None and tok[0] not in ("OR", ")"):
            negate = False
            if tok[0] == "AND":
                self.i += 1
                nxt = self.peek()
                if nxt is not None and nxt[0] == "NOT":
                    self.i += 1
                    negate = True
            elif tok[0] == "NOT":
                self.i += 1
                negate = True
            right = self.primary()
            if right is None:
                continue
            if node is None:
                if negate:
                    self.fail("unexpected token: 'NOT'", tok[2])
                node = right
            else:
                node = ("andnot" if negate else "and", node, right)
        return node

    def primary(self) -> Node:
        tok = self.peek()
        if tok is None:
            self.fail("unexpected token: <EOF>", len(self.text))
        kind, val, off = tok
        if kind == "(":
            self.i += 1
            node = self.or_expr()
            close = self.peek()
            if close is None or close[0] != ")":
                self.fail("mismatched input expecting ')'", close[2] if close else len(self.text))
            self.i += 1
            return node
        if kind == "term":
            self.i += 1
            if val.size() < (1 if val.phrase else 2):
                if self.first_short is None:
                    self.first_short = off
                return None
            return val
        return self.fail(f"unexpected token: '{kind}'", off)


def _fts(node: Node) -> str:
    if isinstance(node, Term):
        return node.fts()
    op, a, b = node
    if op == "andnot":
        if _has_inexact(b):  # a relaxed NOT would drop true matches: filter it in Python instead
            return _fts(a)
        return f"({_fts(a)} NOT {_fts(b)})"
    return f"({_fts(a)} {'AND' if op == 'and' else 'OR'} {_fts(b)})"


def _has_inexact(node: Node) -> bool:
    if isinstance(node, Term):
        return not node.prefix_only
    return _has_inexact(node[1]) or _has_inexact(node[2])


def _eval(node: Node, text: str) -> bool:
    if isinstance(node, Term):
        return node.regex().search(text) is not None
    op, a, b = node
    if op == "and":
        return _eval(a, text) and _eval(b, text)
    if op == "or":
        return _eval(a, text) or _eval(b, text)
    return _eval(a, text) and not _eval(b, text)


# -- running a search ---------------------------------------------------------------------------------------


def _abs_offset(text: str, pos: ast.Pos) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: pos[0] - 1]) + pos[1] - 1


def _pos_of(text: str, offset: int) -> ast.Pos:
    before = text[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    return line, col


@dataclass
class _ObjectPlan:
    sql: str  # without LIMIT/OFFSET
    params: list
    shape: RecShape
    limit: int | None
    offset: int


@dataclass
class SearchPlan:
    """A compiled SOSL statement (cached per engine by text)."""

    expr: Node
    post: bool  # inexact wildcards: candidates are re-checked in Python
    limit: int
    objects: list[_ObjectPlan]


def compile_search(engine: Engine, text: str) -> SearchPlan:
    tree = parse_sosl(text)
    base = _abs_offset(text, tree.search_pos)

    def fail(body: str, offset: int) -> Any:
        line, col = _pos_of(text, base + offset)
        raise query_error("MALFORMED_SEARCH", body, text, line, col)

    expr = _SearchParser(tree.search, fail, lambda off: _pos_of(text, base + off)).parse()
    column = _SCOPE_COLUMN[tree.scope]
    # Matching name_f too (a subset of all_f) lets bm25 rank name hits first.
    match = f"{{{'name_f all_f' if column == 'all_f' else column}}} : ({_fts(expr)})"
    post = _has_inexact(expr)

    model = engine.model
    comp = Compiler(model, engine.clock, text)
    if tree.returning:
        items = []
        for ret in tree.returning:
            obj = model.obj(ret.name)
            if obj is None:
                comp.fail("INVALID_TYPE", f"sObject type '{ret.name}' is not supported. {CUSTOM_OBJECT_HINT}",
                          ret.pos)
            items.append((obj, ret))
    else:
        items = [(o, ast.Returning(o.name, (1, 1))) for o in searchable_objects(model)]

    index = engine.search_index()
    table_name = index.table.rsplit(".", 1)[-1]
    plans = []
    for obj, ret in items:
        if ret.offset is not None and ret.offset > MAX_OFFSET:
            raise SalesforceError(
                "NUMBER_OUTSIDE_VALID_RANGE", f"Maximum SOQL offset allowed for apiName {obj.name} is {MAX_OFFSET}"
            )
        scope = Scope(comp, obj, None)
        fields = ret.fields or (ast.SelectField(ast.FieldRef(("Id",), ret.pos, (ret.pos,))),)
        for f in fields:
            if isinstance(f, ast.SelectChild | ast.SelectTypeof) or (
                isinstance(f, ast.SelectField) and isinstance(f.expr, ast.Func)
                and (f.expr.name in AGGREGATES or f.expr.name in DATE_FUNCTIONS)
            ):
                comp.fail("MALFORMED_SEARCH", "only fields can be returned by a search", getattr(f, "pos", None)
                          or f.expr.pos)
        cols, shape, _ = comp.record_select(scope, fields)
        where, params = comp.where_sql(scope, ret.where)
        order = comp.order_sql(scope, ret.order_by, aggregate=None)
        txt = ", _txt" if post else ""
        txt_col = f", {column} AS _txt" if post else ""
        sub = (f"SELECT rid, bm25({table_name}, 0, 0, 10.0, 2.0, 2.0, 1.0) AS _r{txt_col} FROM {index.table} "
               f"WHERE {table_name} MATCH ? AND obj = ?")
        sql = (f"SELECT {', '.join(cols)}{txt} FROM ({sub}) s JOIN {quote(obj.table)} {scope.alias} "
               f"ON {scope.alias}.\"Id\" = s.rid{''.join(scope.join_sql)}")
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order + ', ' if order else ''}s._r"
        plans.append(_ObjectPlan(sql, [match, obj.name, *params], shape, ret.limit, ret.offset or 0))
    limit = MAX_SEARCH_LIMIT if tree.limit is None else min(tree.limit, MAX_SEARCH_LIMIT)
    return SearchPlan(expr, post, limit, plans)


def run_search(engine: Engine, text: str, version: str) -> dict[str, Any]:
    plan = engine.search_plan(text)
    budget = plan.limit
    url_base = f"/services/data/v{version}/sobjects/"
    type_of = engine.model.type_of_id
    out: list[dict[str, Any]] = []
    for op in plan.objects:
        if budget <= 0:
            break
        limit = budget if op.limit is None else min(op.limit, budget)
        if limit <= 0:
            continue
        sql, params = op.sql, op.params
        if not plan.post:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, limit, op.offset]
        try:
            rows = engine.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise SalesforceError("MALFORMED_SEARCH", f"search could not be run: {exc}") from None
        if plan.post:
            rows = [r for r in rows if r[-1] is not None and _eval(plan.expr, _fold(r[-1]))]
            rows = rows[op.offset : op.offset + limit]
        budget -= len(rows)
        build = op.shape.builder()
        out += [build(r, url_base, type_of, []) for r in rows]
    return {"searchRecords": out}
