"""Parse SOQL and SOSL text into the typed tree of `ast.py`; syntax errors become Salesforce errors.

Parse errors are MALFORMED_QUERY (SOQL) or MALFORMED_SEARCH (SOSL) with Salesforce's
`ERROR at Row:R:Column:C` excerpt and an `unexpected token: 'X'` style message.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

import lark
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from crmtui.org.errors import SalesforceError, query_error
from crmtui.org.soql import ast
from crmtui.org.soql.grammar import GRAMMAR

_lock = threading.Lock()
_parser: Lark | None = None

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_DATE_N = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):\s*([+-]?\d+)$")
_OPS = {"=": "=", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def _cache_file() -> str | bool:
    """Where the built parser is cached: a per-user directory, never a shared one such as /tmp (Lark's
    cache is a pickle). `$CRMTUI_HOME/cache` when set, else the platform's user cache directory."""
    try:
        home = os.environ.get("CRMTUI_HOME")
        if home:
            base = Path(home).expanduser() / "cache"
        else:
            from platformdirs import user_cache_dir

            base = Path(user_cache_dir("crmtui", appauthor=False))
        base.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(GRAMMAR.encode()).hexdigest()[:16]
        return str(base / f"soql-grammar-lark{lark.__version__}-{digest}.cache")
    except (OSError, ImportError):
        return False


def _get_parser() -> Lark:
    global _parser
    if _parser is None:
        with _lock:
            if _parser is None:
                options = dict(start=["query", "sosl"], parser="lalr", lexer="contextual", propagate_positions=True,
                               maybe_placeholders=False)
                try:
                    _parser = Lark(GRAMMAR, cache=_cache_file(), **options)
                except Exception:  # an unreadable or stale cache file: build without it
                    _parser = Lark(GRAMMAR, **options)
    return _parser


def _token_text(tok: Token) -> str:
    return "<EOF>" if tok.type == "$END" else str(tok)


def _end_pos(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def _syntax_error(exc: UnexpectedInput, text: str, code: str) -> SalesforceError:
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        if tok.type == "$END":
            line, col = _end_pos(text)
            return query_error(code, "unexpected token: <EOF>", text, line, col)
        return query_error(code, f"unexpected token: '{_token_text(tok)}'", text, tok.line, tok.column)
    if isinstance(exc, UnexpectedCharacters):
        ch = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        if code == "MALFORMED_SEARCH" and ch in "{'":
            line, col = _end_pos(text)
            return query_error(
                code, f"line {exc.line}:{exc.column - 1} mismatched character '<EOF>' expecting '}}'",
                text, exc.line, exc.column,
            )
        return query_error(code, f"unexpected char: '{ch}'", text, exc.line, exc.column)
    if isinstance(exc, UnexpectedEOF):
        line, col = _end_pos(text)
        return query_error(code, "unexpected token: <EOF>", text, line, col)
    return query_error(code, "unexpected token", text, 1, 1)  # pragma: no cover


def decode_string(raw: str, text: str, pos: ast.Pos, *, like: bool = False) -> str:
    """The value of a quoted SOQL string literal; in `like` mode `\\%`/`\\_` stay escaped (as `\\%`, `\\_`).

    An unknown escape is MALFORMED_QUERY, as in Salesforce.
    """
    body = raw[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if nxt in _ESCAPES:
            val = _ESCAPES[nxt]
            out.append("\\\\" if like and val == "\\" else val)
            i += 2
        elif nxt in "%_":
            out.append("\\" + nxt if like else nxt)
            i += 2
        elif nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2 : i + 6]):
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        else:
            seq = "\\" + nxt
            raise query_error(
                "MALFORMED_QUERY",
                f"Invalid string literal '{body}'. Illegal character sequence '{seq}' in string literal.",
                text, pos[0], pos[1],
            )
    return "".join(out)


class _Builder:
    """Turns the Lark tree into `ast` nodes."""

    def __init__(self, text: str) -> None:
        self.text = text

    # -- helpers
    @staticmethod
    def _pos(node: Tree | Token) -> ast.Pos:
        if isinstance(node, Token):
            return (node.line or 1, node.column or 1)
        meta = node.meta
        return (getattr(meta, "line", 1) or 1, getattr(meta, "column", 1) or 1)

    @staticmethod
    def _sub(tree: Tree, name: str) -> Tree | None:
        for ch in tree.children:
            if isinstance(ch, Tree) and ch.data == name:
                return ch
        return None

    # -- operands
    def field_ref(self, t: Tree) -> ast.FieldRef:
        toks = [c for c in t.children if isinstance(c, Token)]
        return ast.FieldRef(
            tuple(str(x) for x in toks), self._pos(toks[0]), tuple(self._pos(x) for x in toks)
        )

    def operand(self, t: Tree) -> ast.Operand:
        if t.data == "field_ref":
            return self.field_ref(t)
        name = t.children[0]
        args = tuple(self.operand(c) for c in t.children[2:] if isinstance(c, Tree))
        return ast.Func(str(name).upper(), args, self._pos(name), str(name))

    # -- values
    def value(self, t: Tree) -> ast.Literal:
        tok = t.children[0]
        raw = str(tok)
        pos = self._pos(tok)
        kind = tok.type
        if kind == "STRING":
            return ast.Literal("string", decode_string(raw, self.text, pos), raw, pos)
        if kind == "NUMBER":
            num = float(raw) if re.search(r"[.eE]", raw) else int(raw)
            return ast.Literal("number", num, raw, pos)
        if kind == "DATETIME":
            return ast.Literal("datetime", raw, raw, pos)
        if kind == "DATE":
            return ast.Literal("date", raw, raw, pos)
        if kind == "NULL":
            return ast.Literal("null", None, raw, pos)
        if kind in ("TRUE", "FALSE"):
            return ast.Literal("boolean", kind == "TRUE", raw, pos)
        if kind == "DATE_N":
            m = _DATE_N.match(raw)
            assert m
            return ast.Literal("date_literal", m.group(1).upper(), raw, pos, n=int(m.group(2)))
        return ast.Literal("name", raw, raw, pos)

    # -- conditions
    def cond(self, t: Tree) -> ast.Cond:
        data = t.data
        pos = self._pos(t)
        if data in ("and_cond", "or_cond"):
            items = tuple(self.cond(c) for c in t.children if isinstance(c, Tree))
            return ast.And(items, pos) if data == "and_cond" else ast.Or(items, pos)
        if data == "not_cond":
            return ast.Not(self.cond(t.children[1]), pos)
        ch = t.children
        operand = self.operand(ch[0])
        if data == "cmp":
            op = _OPS[str(ch[1])]
            return ast.Compare(operand, op, self.value(ch[2]), self._pos(ch[1]))
        if data == "like":
            return ast.Like(operand, self.value(ch[2]), self._pos(ch[1]))
        if data in ("in_list", "not_in_list", "includes", "excludes"):
            vl = next(c for c in ch if isinstance(c, Tree) and c.data == "value_list")
            values = tuple(self.value(v) for v in vl.children)
            if data in ("includes", "excludes"):
                return ast.Includes(operand, values, data == "excludes", self._pos(ch[1]))
            return ast.InList(operand, values, data == "not_in_list", self._pos(ch[1]))
        if data in ("semi_join", "anti_join"):
            q = next(c for c in ch if isinstance(c, Tree) and c.data == "query")
            return ast.SemiJoin(operand, self.query(q), data == "anti_join", self._pos(ch[1]))
        raise AssertionError(data)  # pragma: no cover

    # -- select list
    def select_item(self, t: Tree) -> ast.SelectItem:
        if t.data == "sel_child":
            lpar = t.children[0]
            return ast.SelectChild(self.query(t.children[1]), self._pos(lpar))
        if t.data == "sel_typeof":
            return ast.SelectTypeof(self._pos(t.children[0]))
        expr = self.operand(t.children[0])
        alias = alias_pos = None
        if len(t.children) > 1:
            atok = t.children[1].children[0]
            alias, alias_pos = str(atok), self._pos(atok)
        return ast.SelectField(expr, alias, alias_pos)

    def order_items(self, t: Tree) -> tuple[ast.OrderItem, ...]:
        out = []
        for item in t.children:
            if not isinstance(item, Tree):
                continue
            desc = False
            nulls_last = None
            for sub in item.children[1:]:
                if sub.data == "direction":
                    desc = sub.children[0].type == "DESC"
                elif sub.data == "nulls":
                    nulls_last = sub.children[1].type == "LAST"
            out.append(ast.OrderItem(self.operand(item.children[0]), desc, nulls_last))
        return tuple(out)

    def query(self, t: Tree) -> ast.Query:
        kw: dict = {}
        select: tuple = ()
        for clause in t.children:
            data = clause.data
            ch = clause.children
            if data == "select_clause":
                select = tuple(self.select_item(c) for c in ch[1:])
            elif data == "from_clause":
                kw["from_path"] = self.field_ref(ch[1])
                if len(ch) > 2:
                    kw["from_alias"] = str(ch[2].children[0])
            elif data == "where_clause":
                kw["where"] = self.cond(ch[1])
            elif data == "having_clause":
                kw["having"] = self.cond(ch[1])
                kw["having_pos"] = self._pos(ch[0])
            elif data == "group_clause":
                kw["group_by"] = tuple(self.operand(c) for c in ch[2:])
                kw["group_pos"] = self._pos(ch[0])
            elif data == "order_clause":
                kw["order_by"] = self.order_items(clause)
            elif data == "limit_clause":
                kw["limit"] = int(ch[1])
                kw["limit_pos"] = self._pos(ch[1])
            elif data == "offset_clause":
                kw["offset"] = int(ch[1])
                kw["offset_pos"] = self._pos(ch[1])
            elif data == "with_clause":
                kw["with_"] = str(ch[1])
                kw["with_pos"] = self._pos(ch[1])
            elif data == "for_clause":
                kw["for_"] = tuple(str(c).upper() for c in ch[1:])
                kw["for_pos"] = self._pos(ch[1])
        return ast.Query(select=select, pos=self._pos(t), **kw)

    def sosl(self, t: Tree) -> ast.Sosl:
        kw: dict = {}
        search_tok = t.children[1]
        raw = str(search_tok)
        kw["search"] = raw[1:-1]
        kw["search_pos"] = (search_tok.line, search_tok.column + 1)
        withs = []
        for clause in t.children[2:]:
            if not isinstance(clause, Tree):
                continue
            ch = clause.children
            if clause.data == "in_fields":
                scope, fields_kw = ch[1], ch[2]
                if str(fields_kw).upper() != "FIELDS":
                    raise query_error(
                        "MALFORMED_SEARCH", f"unexpected token: '{fields_kw}'", self.text, *self._pos(fields_kw)
                    )
                if str(scope).upper() not in ("ALL", "NAME", "EMAIL", "PHONE", "SIDEBAR"):
                    raise query_error(
                        "MALFORMED_SEARCH", f"unexpected token: '{scope}'", self.text, *self._pos(scope)
                    )
                kw["scope"] = str(scope).upper()
                kw["scope_pos"] = self._pos(scope)
            elif clause.data == "returning":
                kw["returning"] = tuple(self.ret_item(c) for c in ch[1:])
            elif clause.data == "sosl_limit":
                kw["limit"] = int(ch[1])
                kw["limit_pos"] = self._pos(ch[1])
            elif clause.data == "sosl_offset":
                kw["offset"] = int(ch[1])
            elif clause.data == "sosl_with":
                withs.append((str(ch[1]).upper(), self._pos(ch[1])))
        kw["with_"] = tuple(withs)
        return ast.Sosl(**kw)

    def ret_item(self, t: Tree) -> ast.Returning:
        name_tok = t.children[0]
        kw: dict = {}
        for clause in t.children[1:]:
            if not isinstance(clause, Tree):
                continue
            ch = clause.children
            if clause.data == "ret_fields":
                kw["fields"] = tuple(self.select_item(c) for c in ch)
            elif clause.data == "where_clause":
                kw["where"] = self.cond(ch[1])
            elif clause.data == "order_clause":
                kw["order_by"] = self.order_items(clause)
            elif clause.data == "limit_clause":
                kw["limit"] = int(ch[1])
                kw["limit_pos"] = self._pos(ch[1])
            elif clause.data == "offset_clause":
                kw["offset"] = int(ch[1])
                kw["offset_pos"] = self._pos(ch[1])
        return ast.Returning(str(name_tok), self._pos(name_tok), **kw)


def _parse(text: str, start: str, code: str) -> Tree:
    if not text.strip():
        raise SalesforceError(code, "empty query" if start == "query" else "empty search")
    try:
        return _get_parser().parse(text, start=start)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, code) from None
    except RecursionError:
        raise SalesforceError(code, "query is too deeply nested") from None


@lru_cache(maxsize=512)
def parse_soql(text: str) -> ast.Query:
    """Parse one SOQL statement (cached by text: the tree is immutable)."""
    tree = _parse(text, "query", "MALFORMED_QUERY")
    try:
        return _Builder(text).query(tree)
    except RecursionError:
        raise SalesforceError("MALFORMED_QUERY", "query is too deeply nested") from None


@lru_cache(maxsize=256)
def parse_sosl(text: str) -> ast.Sosl:
    """Parse the outer structure of one SOSL statement; the search expression is parsed by `sosl.py`."""
    tree = _parse(text, "sosl", "MALFORMED_SEARCH")
    try:
        return _Builder(text).sosl(tree)
    except RecursionError:
        raise SalesforceError("MALFORMED_SEARCH", "search is too deeply nested") from None


def looks_like_sosl(text: str) -> bool:
    return text.lstrip()[:4].upper() == "FIND"
