"""Semantic analysis and SQL generation: a parsed SOQL query becomes a parameterised SQLite plan.

Names are resolved case-insensitively against the org model and reported with their canonical casing;
unknown names, type mismatches and grouping mistakes raise Salesforce errors positioned on the
offending token. Only identifiers taken from the model are quoted into SQL; every value from the query
text (strings, numbers, date-literal bounds, Ids, LIMIT/OFFSET) is a bound parameter.

Plan shapes:
- records: one SELECT with a LEFT JOIN per parent path (plus a hidden Id column per parent, so that a
  missing parent reads as `null`) and, per child subquery, a second query batched over the page's parent
  Ids with a per-parent ROW_NUMBER() window for the child LIMIT;
- aggregate: GROUP BY/HAVING in SQL, rows become `AggregateResult` records keyed by alias, field name
  or `exprN`;
- count: `SELECT COUNT()`, answered in `totalSize` only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crmtui.org.errors import (
    CUSTOM_FIELD_HINT,
    CUSTOM_OBJECT_HINT,
    CUSTOM_REL_HINT,
    SalesforceError,
    query_error,
)
from crmtui.org.ids import InvalidIdError, to18
from crmtui.org.schema import Field
from crmtui.org.soql import ast
from crmtui.org.soql.dates import (
    DATE_FUNCTIONS,
    DATETIME_ONLY_FUNCTIONS,
    DateLiteralError,
    OrgClock,
    date_function_sql,
    day_bound,
    is_date_literal,
    literal_range,
    parse_date_literal,
    parse_datetime_literal,
)
from crmtui.org.soql.model import ID_TYPES, TEXT_TYPES, FieldMeta, ObjMeta, OrgModel, quote

MAX_OFFSET = 2000
MAX_LIMIT = 2**31 - 1
_MAX_INT = 2**63 - 1
MAX_PARENT_DEPTH = 5
AGGREGATES = frozenset({"COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX"})
IDENTITY_FUNCS = frozenset({"TOLABEL", "FORMAT", "CONVERTCURRENCY"})
NUMBER_TYPES = frozenset({"int", "double", "currency", "percent"})
FLOAT_TYPES = frozenset({"double", "currency", "percent"})
_CURRENCY = re.compile(r"^[A-Za-z]{3}(\d+(?:\.\d+)?)$")
_WITH_OK = frozenset({"SECURITY_ENFORCED", "USER_MODE", "SYSTEM_MODE"})
_FOR_OK = frozenset({"VIEW", "REFERENCE", "UPDATE"})

# Type names Salesforce uses in "must be of type X" messages.
_TYPE_WORD = {
    "string": "string", "textarea": "string", "longtext": "string", "picklist": "string", "email": "string",
    "phone": "string", "id": "id", "reference": "id", "boolean": "boolean", "int": "int", "double": "double",
    "currency": "currency", "percent": "percent", "date": "date", "datetime": "dateTime",
}


def _text_out(v: Any) -> Any:
    return v or None  # Salesforce has no empty strings: '' reads as null


def _bool_out(v: Any) -> bool:
    return bool(v)


def _int_out(v: Any) -> Any:
    return v if v is None or type(v) is int else int(v)


def _float_out(v: Any) -> Any:
    return None if v is None else float(v)


def _sum_out(v: Any) -> Any:
    """SUM over fractional fields: Salesforce adds decimals exactly; drop binary float noise."""
    return None if v is None else round(float(v), 9)


def converter(ftype: str) -> Callable[[Any], Any] | None:
    """How a stored value of a Salesforce type becomes its JSON value (None: unchanged)."""
    if ftype == "boolean":
        return _bool_out
    if ftype == "int":
        return _int_out
    if ftype in FLOAT_TYPES:
        return _float_out
    return _text_out  # text, ids, dates and datetimes: '' -> null


# -- result shapes -------------------------------------------------------------------------------------------


@dataclass
class RecShape:
    """How one record (root, parent or child) is assembled from a result row."""

    type_name: str | None  # None for a polymorphic parent: the type comes from the Id prefix
    id_idx: int
    entries: list[tuple[int, str, Any, Any]] = field(default_factory=list)  # (kind, key, a, b)
    parents: dict[tuple[str, ...], RecShape] = field(default_factory=dict)

    FIELD, PARENT, CHILD = 0, 1, 2

    def make(self, row: tuple, url_base: str, type_of_id: Callable[[str], str | None], kids: list) -> Any:
        """The record for `row` (None for a missing parent); `kids` holds each child plan's results."""
        return self.builder()(row, url_base, type_of_id, kids)

    def builder(self) -> Callable[..., Any]:
        """The compiled record builder `(row, url_base, type_of_id, kids) -> record` (built once)."""
        fn = self.__dict__.get("_fn")
        if fn is None:
            fn = self._fn = self._compile()
        return fn

    def _compile(self) -> Callable[..., Any]:
        """A function specialised to this shape (one dict literal per record: shaping is the hot loop).

        Only `repr()` literals of schema names/aliases and integer row indexes enter the generated code.
        """
        consts: dict[str, Any] = {}

        def const(value: Any) -> str:
            name = f"_c{len(consts)}"
            consts[name] = value
            return name

        def expr(shape: RecShape, rid: str) -> str:
            if shape.type_name is None:
                attrs = f"_poly(base, {rid}, type_of)"
            else:
                prefix = repr(shape.type_name + "/")
                attrs = f"{{'type': {shape.type_name!r}, 'url': base + {prefix} + {rid}}}"
            items = [f"'attributes': {attrs}"]
            for kind, key, a, b in shape.entries:
                if kind == 0:
                    if b is None:
                        value = f"row[{a}]"
                    elif b is _text_out:
                        value = f"(row[{a}] or None)"
                    elif b is _bool_out:
                        value = f"(row[{a}] is not None and bool(row[{a}]))"
                    else:
                        value = f"{const(b)}(row[{a}])"
                elif kind == 1:
                    value = f"(None if row[{a.id_idx}] is None else {expr(a, f'row[{a.id_idx}]')})"
                else:
                    value = f"kids[{int(a)}].get({rid})"
                items.append(f"{key!r}: {value}")
            return "{" + ", ".join(items) + "}"

        body = expr(self, f"row[{int(self.id_idx)}]")
        src = (f"def _build(row, base, type_of, kids):\n"
               f"    if row[{int(self.id_idx)}] is None:\n        return None\n"
               f"    return {body}\n")
        namespace: dict[str, Any] = {"_poly": _poly_attributes, **consts}
        exec(compile(src, "<soql-shape>", "exec"), namespace)  # generated from schema names and integer indexes only
        return namespace["_build"]


def _poly_attributes(base: str, rid: str, type_of: Callable[[str], str | None]) -> dict[str, str]:
    tname = type_of(rid) or "Name"
    return {"type": tname, "url": f"{base}{tname}/{rid}"}


@dataclass
class AggShape:
    keys: list[tuple[str, int, Callable[[Any], Any] | None]]

    def make(self, row: tuple) -> dict[str, Any]:
        rec: dict[str, Any] = {"attributes": {"type": "AggregateResult"}}
        for key, idx, conv in self.keys:
            v = row[idx]
            rec[key] = conv(v) if conv is not None else v
        return rec


@dataclass
class ChildPlan:
    """A child subquery: `head + (?,?,...) + tail`, executed per page over the parents' Ids."""

    key: str
    head: str
    tail: str
    params: tuple
    shape: RecShape
    pid_idx: int
    children: list[ChildPlan]


@dataclass
class Plan:
    mode: str  # records | aggregate | count
    obj: ObjMeta
    sql: str
    params: tuple
    shape: RecShape | AggShape | None = None
    children: list[ChildPlan] = field(default_factory=list)
    limit: int | None = None
    offset: int | None = None


# -- name resolution -----------------------------------------------------------------------------------------


@dataclass
class JoinNode:
    key: tuple[str, ...]
    rel_name: str  # canonical relationship name
    targets: list[tuple[ObjMeta, str]]  # (object, SQL alias)

    @property
    def poly(self) -> bool:
        return len(self.targets) > 1

    def id_sql(self) -> str:
        ids = [f"{alias}.\"Id\"" for _, alias in self.targets]
        return ids[0] if len(ids) == 1 else f"COALESCE({', '.join(ids)})"


@dataclass
class Resolved:
    fm: FieldMeta
    sql: str
    chain: list[JoinNode]
    canonical: str  # canonical dotted path, e.g. Account.Owner.Name

    @property
    def key(self) -> tuple:
        return ("f", self.canonical.lower())


@dataclass
class Expr:
    """A compiled operand: SQL text, Salesforce type and what it came from."""

    sql: str
    type: str
    label: str
    pos: ast.Pos
    fm: FieldMeta | None = None
    agg: bool = False
    key: tuple = ()
    func: str | None = None
    resolved: Resolved | None = None

    @property
    def is_text(self) -> bool:
        return self.type in TEXT_TYPES

    @property
    def null_sql(self) -> str:
        """The value with '' read as NULL (Salesforce has no empty strings), for sorting and grouping."""
        if self.is_text and not self.agg:
            return f"NULLIF({self.sql}, '')"
        return self.sql


class Scope:
    """One SELECT level: its object, SQL alias and the parent joins it needed."""

    def __init__(self, comp: Compiler, obj: ObjMeta, soql_alias: str | None) -> None:
        self.comp = comp
        self.obj = obj
        self.alias = comp.new_alias()
        self.soql_alias = soql_alias
        self.joins: dict[tuple[str, ...], JoinNode] = {}
        self.join_sql: list[str] = []

    def from_sql(self) -> str:
        return f"{quote(self.obj.table)} {self.alias}" + "".join(self.join_sql)

    def resolve(self, ref: ast.FieldRef) -> Resolved:
        comp = self.comp
        segs = list(ref.path)
        poss = list(ref.seg_pos) or [ref.pos] * len(segs)
        if len(segs) > 1:
            first = segs[0].lower()
            if (self.soql_alias and first == self.soql_alias.lower()) or (
                first == self.obj.name.lower() and first not in self.obj.rels
            ):
                segs, poss = segs[1:], poss[1:]
        if len(segs) - 1 > MAX_PARENT_DEPTH:
            comp.fail(
                "MALFORMED_QUERY",
                f"A relationship path can traverse at most {MAX_PARENT_DEPTH} parent relationships: "
                f"{'.'.join(ref.path)}",
                ref.pos,
            )
        node: JoinNode | None = None
        cur: ObjMeta = self.obj
        chain: list[JoinNode] = []
        canon: list[str] = []
        key: tuple[str, ...] = ()
        for seg, pos in zip(segs[:-1], poss[:-1], strict=True):
            fm = None if (node is not None and node.poly) else cur.rels.get(seg.lower())
            if fm is None:
                comp.fail(
                    "INVALID_FIELD", f"Didn't understand relationship '{seg}' in field path. {CUSTOM_REL_HINT}", pos
                )
            key = (*key, seg.lower())
            node = self.joins.get(key)
            parent_col = fm.sql(node_alias(chain[-1]) if chain else self.alias)
            if node is None:
                targets = []
                for tname in fm.targets:
                    tobj = comp.model.objects.get(tname)
                    if tobj is None:
                        continue
                    alias = comp.new_alias()
                    targets.append((tobj, alias))
                    self.join_sql.append(
                        f" LEFT JOIN {quote(tobj.table)} {alias} ON {alias}.\"Id\" = {parent_col}"
                    )
                node = JoinNode(key, fm.field.relationship_name or seg, targets)
                self.joins[key] = node
            chain.append(node)
            canon.append(node.rel_name)
            cur = node.targets[0][0]
        last, last_pos = segs[-1], poss[-1]
        if node is not None and node.poly and last.lower() == "type":
            # the polymorphic `Name` object's Type: which object the Id points to (schema names, not query text)
            whens = " ".join(f"WHEN {alias}.\"Id\" IS NOT NULL THEN '{tobj.name}'" for tobj, alias in node.targets)
            names = tuple(t.name for t, _ in node.targets)
            fm = FieldMeta("Type", "picklist", Field("Type", "picklist", "Object type", values=names), "Name", "Type")
            return Resolved(fm, f"CASE {whens} END", chain, ".".join([*canon, "Type"]))
        if node is not None and node.poly:
            parts, fm0 = [], None
            for tobj, alias in node.targets:
                fm = tobj.field(last)
                if fm is None and last.lower() == "name" and tobj.name_field:
                    fm = tobj.fields[tobj.name_field]
                if fm is not None:
                    parts.append(fm.sql(alias))
                    fm0 = fm0 or fm
            if fm0 is None:
                comp.fail("INVALID_FIELD", f"No such column '{last}' on entity 'Name'. {CUSTOM_FIELD_HINT}", last_pos)
            name = "Name" if last.lower() == "name" else fm0.name
            sql = parts[0] if len(parts) == 1 else f"COALESCE({', '.join(parts)})"
            return Resolved(fm0, sql, chain, ".".join([*canon, name]))
        fm = cur.field(last)
        if fm is None:
            comp.fail(
                "INVALID_FIELD", f"No such column '{last}' on entity '{cur.name}'. {CUSTOM_FIELD_HINT}", last_pos
            )
        alias = chain[-1].targets[0][1] if chain else self.alias
        return Resolved(fm, fm.sql(alias), chain, ".".join([*canon, fm.name]))


def node_alias(node: JoinNode) -> str:
    return node.targets[0][1]


# -- the compiler -------------------------------------------------------------------------------------------


class Compiler:
    def __init__(self, model: OrgModel, clock: OrgClock, text: str, *, include_deleted: bool = False) -> None:
        self.model = model
        self.clock = clock
        self.text = text
        self.include_deleted = include_deleted
        self._n = 0

    def new_alias(self) -> str:
        alias = f"t{self._n}"
        self._n += 1
        return alias

    def fail(self, code: str, body: str, pos: ast.Pos | None) -> Any:
        line, col = pos or (1, 1)
        raise query_error(code, body, self.text, line, col)

    # -- entry points
    def compile(self, q: ast.Query) -> Plan:
        obj = self.object_for(q.from_path)
        self.check_clauses(q, obj)
        scope = Scope(self, obj, q.from_alias)
        if q.having is not None and not q.group_by:
            self.fail("MALFORMED_QUERY", "Must use GROUP BY with HAVING", q.having_pos)
        items = q.select
        count_only = any(
            isinstance(i, ast.SelectField) and isinstance(i.expr, ast.Func) and i.expr.name == "COUNT"
            and not i.expr.args for i in items
        )
        if count_only:
            return self.compile_count(scope, q)
        if q.group_by or any(
            isinstance(i, ast.SelectField) and isinstance(i.expr, ast.Func)
            and (i.expr.name in AGGREGATES or i.expr.name in DATE_FUNCTIONS) for i in items
        ):
            return self.compile_aggregate(scope, q)
        return self.compile_records(scope, q)

    def object_for(self, ref: ast.FieldRef) -> ObjMeta:
        obj = self.model.obj(ref.path[0]) if len(ref.path) == 1 else None
        if obj is None:
            name = ".".join(ref.path)
            self.fail("INVALID_TYPE", f"sObject type '{name}' is not supported. {CUSTOM_OBJECT_HINT}", ref.pos)
        return obj

    def check_clauses(self, q: ast.Query, obj: ObjMeta) -> None:
        if q.limit is not None and q.limit > MAX_LIMIT:
            self.fail("MALFORMED_QUERY", f"LIMIT must be a whole number between 0 and {MAX_LIMIT}", q.limit_pos)
        if q.offset is not None and q.offset > MAX_OFFSET:
            raise SalesforceError(
                "NUMBER_OUTSIDE_VALID_RANGE", f"Maximum SOQL offset allowed for apiName {obj.name} is {MAX_OFFSET}"
            )
        if q.with_ is not None and q.with_.upper() not in _WITH_OK:
            self.fail("MALFORMED_QUERY", f"unexpected token: '{q.with_}'", q.with_pos)
        for word in q.for_:
            if word not in _FOR_OK:
                self.fail("MALFORMED_QUERY", f"unexpected token: '{word}'", q.for_pos)
        for item in q.select:
            if isinstance(item, ast.SelectTypeof):
                self.fail("MALFORMED_QUERY", "TYPEOF is not supported by the embedded org", item.pos)

    def deleted_filter(self, scope: Scope) -> list[str]:
        if self.include_deleted or not scope.obj.has_is_deleted:
            return []
        return [f"COALESCE({scope.obj.fields['IsDeleted'].sql(scope.alias)}, 0) = 0"]

    # -- COUNT()
    def compile_count(self, scope: Scope, q: ast.Query) -> Plan:
        for item in q.select:
            if not (isinstance(item, ast.SelectField) and isinstance(item.expr, ast.Func)
                    and item.expr.name == "COUNT" and not item.expr.args):
                pos = item.expr.pos if isinstance(item, ast.SelectField) else item.pos
                self.fail("MALFORMED_QUERY", "COUNT() must be the only element in the SELECT list", pos)
        if len(q.select) > 1:
            self.fail("MALFORMED_QUERY", "duplicate field selected: COUNT()", q.select[1].expr.pos)  # type: ignore[union-attr]
        if q.group_by:
            self.fail("MALFORMED_QUERY", "COUNT() and GROUP BY may not be used together", q.group_pos)
        if q.order_by:
            self.fail("MALFORMED_QUERY", "ORDER BY may not be used with COUNT()", q.order_by[0].expr.pos)
        where, params = self.where_sql(scope, q.where)
        sql = f"SELECT COUNT(*) FROM {scope.from_sql()}" + (f" WHERE {where}" if where else "")
        return Plan("count", scope.obj, sql, tuple(params), limit=q.limit, offset=q.offset)

    # -- plain records (with parents and children)
    def compile_records(self, scope: Scope, q: ast.Query) -> Plan:
        cols, shape, children = self.record_select(scope, q.select)
        where, params = self.where_sql(scope, q.where)
        order = self.order_sql(scope, q.order_by, aggregate=None)
        sql = f"SELECT {', '.join(cols)} FROM {scope.from_sql()}"
        if where:
            sql += f" WHERE {where}"
        if order:
            sql += f" ORDER BY {order}"
        sql, params = self.limit_sql(sql, params, q.limit, q.offset)
        return Plan("records", scope.obj, sql, tuple(params), shape, children)

    @staticmethod
    def limit_sql(sql: str, params: list, limit: int | None, offset: int | None) -> tuple[str, list]:
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, -1 if limit is None else limit, offset or 0]
        return sql, params

    def record_select(
        self, scope: Scope, items: tuple[ast.SelectItem, ...]
    ) -> tuple[list[str], RecShape, list[ChildPlan]]:
        cols: list[str] = [f"{scope.alias}.\"Id\""]
        shape = RecShape(scope.obj.name, 0)
        children: list[ChildPlan] = []
        seen: set[str] = set()
        for item in items:
            if isinstance(item, ast.SelectChild):
                plan = self.child_plan(scope, item)
                if plan.key.lower() in seen:
                    self.fail("MALFORMED_QUERY", f"duplicate field selected: {plan.key}", item.pos)
                seen.add(plan.key.lower())
                shape.entries.append((RecShape.CHILD, plan.key, len(children), None))
                children.append(plan)
                continue
            assert isinstance(item, ast.SelectField)
            expr = item.expr
            if isinstance(expr, ast.Func):
                if expr.name not in IDENTITY_FUNCS:
                    if expr.name in AGGREGATES or expr.name in DATE_FUNCTIONS:  # pragma: no cover - routed earlier
                        self.fail("MALFORMED_QUERY", "Aggregate query required", expr.pos)
                    self.fail("MALFORMED_QUERY", f"Unknown function: {expr.raw_name}", expr.pos)
                if len(expr.args) != 1 or not isinstance(expr.args[0], ast.FieldRef):
                    self.fail("MALFORMED_QUERY", f"{expr.raw_name}() takes exactly one field", expr.pos)
                ref = expr.args[0]
            else:
                ref = expr
                if item.alias is not None:
                    self.fail("MALFORMED_QUERY", "Only aggregate expressions use field aliasing", item.alias_pos)
            res = scope.resolve(ref)
            canon = res.canonical.lower()
            if canon in seen and item.alias is None:
                self.fail("MALFORMED_QUERY", f"duplicate field selected: {res.canonical}", ref.pos)
            seen.add(canon)
            node_shape = shape
            for node in res.chain:
                sub = node_shape.parents.get(node.key)
                if sub is None:
                    cols.append(node.id_sql())
                    sub = RecShape(None if node.poly else node.targets[0][0].name, len(cols) - 1)
                    node_shape.parents[node.key] = sub
                    node_shape.entries.append((RecShape.PARENT, node.rel_name, sub, None))
                node_shape = sub
            cols.append(res.sql)
            key = item.alias or res.canonical.rsplit(".", 1)[-1]
            node_shape.entries.append((RecShape.FIELD, key, len(cols) - 1, converter(res.fm.type)))
        return cols, shape, children

    def child_plan(self, parent: Scope, item: ast.SelectChild) -> ChildPlan:
        q = item.query
        path = list(q.from_path.path)
        if len(path) == 2 and path[0].lower() in {parent.obj.name.lower(), (parent.soql_alias or "").lower()}:
            path = path[1:]
        entry = parent.obj.children.get(path[0].lower()) if len(path) == 1 else None
        if entry is None:
            self.fail(
                "INVALID_TYPE",
                f"Didn't understand relationship '{'.'.join(q.from_path.path)}' in FROM part of query call. "
                f"{CUSTOM_REL_HINT}",
                q.from_path.pos,
            )
        child_name, fk = entry
        rel_name = parent.obj.child_names[path[0].lower()]
        if q.group_by or q.having is not None:
            self.fail("MALFORMED_QUERY", "Aggregate functions are not allowed in a child relationship query",
                      q.group_pos or q.having_pos)
        for sel in q.select:
            if isinstance(sel, ast.SelectField) and isinstance(sel.expr, ast.Func) and (
                sel.expr.name in AGGREGATES or sel.expr.name in DATE_FUNCTIONS
            ):
                self.fail("MALFORMED_QUERY", "Aggregate functions are not allowed in a child relationship query",
                          sel.expr.pos)
            if isinstance(sel, ast.SelectTypeof):
                self.fail("MALFORMED_QUERY", "TYPEOF is not supported by the embedded org", sel.pos)
        child = self.model.objects[child_name]
        if q.limit is not None and q.limit > MAX_LIMIT:
            self.fail("MALFORMED_QUERY", f"LIMIT must be a whole number between 0 and {MAX_LIMIT}", q.limit_pos)
        if q.offset is not None and q.offset > MAX_OFFSET:
            raise SalesforceError(
                "NUMBER_OUTSIDE_VALID_RANGE", f"Maximum SOQL offset allowed for apiName {child.name} is {MAX_OFFSET}"
            )
        scope = Scope(self, child, q.from_alias)
        cols, shape, children = self.record_select(scope, q.select)
        fk_sql = fk.sql(scope.alias)
        cols.append(fk_sql)
        pid_idx = len(cols) - 1
        where, params = self.where_sql(scope, q.where)
        order = self.order_sql(scope, q.order_by, aggregate=None)
        head = f"SELECT {', '.join(cols)} FROM {scope.from_sql()} WHERE {fk_sql} IN "
        tail = f" AND ({where})" if where else ""
        if q.limit is not None or q.offset:
            window = order or f"{scope.alias}.rowid"
            head = (
                f"SELECT * FROM (SELECT {', '.join(cols)}, ROW_NUMBER() OVER (PARTITION BY {fk_sql} "
                f"ORDER BY {window}) AS _rn FROM {scope.from_sql()} WHERE {fk_sql} IN "
            )
            tail += ") WHERE _rn > ? AND _rn <= ? ORDER BY _rn"
            off = q.offset or 0
            params = [*params, off, off + q.limit if q.limit is not None else 1 << 62]
        elif order:
            tail += f" ORDER BY {order}"
        return ChildPlan(rel_name, head, tail, tuple(params), shape, pid_idx, children)

    # -- aggregates
    def compile_aggregate(self, scope: Scope, q: ast.Query) -> Plan:
        for item in q.select:  # report errors in the SELECT list first, as they come first in the text
            if isinstance(item, ast.SelectField):
                self.operand(scope, item.expr, "select")
        groups: list[Expr] = []
        for g in q.group_by:
            if isinstance(g, ast.Func) and g.name in ("ROLLUP", "CUBE"):
                self.fail("MALFORMED_QUERY", f"GROUP BY {g.name} is not supported by the embedded org", g.pos)
            e = self.operand(scope, g, "group")
            if e.agg:
                self.fail("MALFORMED_QUERY", f"Grouped field should not be aggregated: {e.label}", g.pos)
            if e.fm is not None and e.func is None and not e.fm.groupable:
                self.fail("MALFORMED_QUERY", f"field '{e.fm.name}' can not be grouped in a query call", g.pos)
            groups.append(e)
        group_keys = {e.key for e in groups}
        cols: list[str] = []
        keys: list[tuple[str, int, Callable[[Any], Any] | None]] = []
        n_expr = 0
        used: set[str] = set()
        for item in q.select:
            if isinstance(item, ast.SelectChild):
                self.fail("MALFORMED_QUERY", "Grouped query cannot use child relationships in the SELECT list",
                          item.pos)
            assert isinstance(item, ast.SelectField)
            e = self.operand(scope, item.expr, "select")
            if not e.agg and e.key not in group_keys:
                self.fail("MALFORMED_QUERY", f"Field must be grouped or aggregated: {e.label}", item.expr.pos)
            if item.alias is not None:
                key = item.alias
            elif isinstance(item.expr, ast.FieldRef) or e.func in IDENTITY_FUNCS:
                key = e.resolved.canonical.rsplit(".", 1)[-1] if e.resolved else e.label
            else:
                key = f"expr{n_expr}"
                n_expr += 1
            if key.lower() in used:
                self.fail("MALFORMED_QUERY", f"duplicate alias: {key}", item.alias_pos or item.expr.pos)
            used.add(key.lower())
            cols.append(e.null_sql)
            keys.append((key, len(cols) - 1, self.agg_converter(e)))
        where, params = self.where_sql(scope, q.where)
        sql = f"SELECT {', '.join(cols)} FROM {scope.from_sql()}"
        if where:
            sql += f" WHERE {where}"
        if groups:
            sql += " GROUP BY " + ", ".join(e.null_sql + (" COLLATE NOCASE" if e.is_text else "") for e in groups)
        if q.having is not None:
            hsql, hparams = self.cond_sql(scope, q.having, "having", group_keys)
            sql += f" HAVING {hsql}"
            params += hparams
        order = self.order_sql(scope, q.order_by, aggregate=group_keys)
        if order:
            sql += f" ORDER BY {order}"
        sql, params = self.limit_sql(sql, params, q.limit, q.offset)
        return Plan("aggregate", scope.obj, sql, tuple(params), AggShape(keys))

    @staticmethod
    def agg_converter(e: Expr) -> Callable[[Any], Any] | None:
        if e.func in ("COUNT", "COUNT_DISTINCT"):
            return _int_out
        if e.func == "AVG":
            return _float_out
        if e.func == "SUM":
            return _sum_out if e.type in FLOAT_TYPES else _int_out
        if e.type == "int":
            return _int_out
        return converter(e.type)

    # -- operands
    def operand(self, scope: Scope, node: ast.Operand, ctx: str) -> Expr:
        """Compile a field path or function. ctx: select | where | having | order | group."""
        if isinstance(node, ast.FieldRef):
            res = scope.resolve(node)
            fm = res.fm
            if ctx in ("where", "having") and not fm.filterable:
                self.fail("INVALID_FIELD", f"field '{fm.name}' can not be filtered in a query call", node.pos)
            if ctx == "order" and not fm.sortable:
                self.fail("INVALID_FIELD", f"field '{fm.name}' can not be sorted in a query call", node.pos)
            return Expr(res.sql, fm.type, ".".join(node.path), node.pos, fm, key=res.key, resolved=res)
        name = node.name
        label = f"{node.raw_name}({', '.join(_label(a) for a in node.args)})"
        if name in AGGREGATES:
            if ctx in ("where", "group"):
                self.fail("MALFORMED_QUERY", f"Aggregate functions are not allowed in {ctx.upper()}: {label}",
                          node.pos)
            return self.aggregate(scope, node, label)
        if name in DATE_FUNCTIONS:
            return self.date_function(scope, node, label)
        if name in IDENTITY_FUNCS:
            if len(node.args) != 1 or not isinstance(node.args[0], ast.FieldRef):
                self.fail("MALFORMED_QUERY", f"{node.raw_name}() takes exactly one field", node.pos)
            inner = self.operand(scope, node.args[0], ctx)
            inner.func = name
            return inner
        if name in ("ROLLUP", "CUBE", "GROUPING"):
            self.fail("MALFORMED_QUERY", f"{node.raw_name} is not supported by the embedded org", node.pos)
        return self.fail("MALFORMED_QUERY", f"Unknown function: {node.raw_name}", node.pos)

    def aggregate(self, scope: Scope, node: ast.Func, label: str) -> Expr:
        name = node.name
        if not node.args:
            if name == "COUNT":  # COUNT() mixed with other fields
                self.fail("MALFORMED_QUERY", "COUNT() must be the only element in the SELECT list", node.pos)
            self.fail("MALFORMED_QUERY", f"{node.raw_name}() needs a field", node.pos)
        if len(node.args) != 1 or not isinstance(node.args[0], ast.FieldRef):
            self.fail("MALFORMED_QUERY", f"{node.raw_name}() takes exactly one field", node.pos)
        ref = node.args[0]
        res = scope.resolve(ref)
        fm = res.fm
        ok = fm.type != "longtext"
        if name in ("SUM", "AVG"):
            ok = fm.type in NUMBER_TYPES
        elif name in ("MIN", "MAX"):
            ok = ok and fm.type != "boolean"
        if not ok:
            self.fail("MALFORMED_QUERY", f"field {fm.name} does not support aggregate operator {name}", ref.pos)
        col = f"NULLIF({res.sql}, '')" if fm.is_text else res.sql
        if name == "COUNT":
            sql = f"COUNT({col})" if fm.name != "Id" or res.chain else "COUNT(*)"
            rtype = "int"
        elif name == "COUNT_DISTINCT":
            sql = f"COUNT(DISTINCT {col}{' COLLATE NOCASE' if fm.is_text else ''})"
            rtype = "int"
        elif name in ("MIN", "MAX"):
            sql = f"{name}({col}{' COLLATE NOCASE' if fm.is_text else ''})"
            rtype = fm.type
        else:
            sql = f"{name}({col})"
            rtype = "double" if name == "AVG" else fm.type
        return Expr(sql, rtype, label, node.pos, fm, agg=True, key=("a", name, res.key), func=name)

    def date_function(self, scope: Scope, node: ast.Func, label: str) -> Expr:
        if len(node.args) != 1:
            self.fail("MALFORMED_QUERY", f"{node.raw_name}() takes exactly one field", node.pos)
        arg = node.args[0]
        if isinstance(arg, ast.Func) and arg.name == "CONVERTTIMEZONE" and len(arg.args) == 1:
            arg = arg.args[0]
        if not isinstance(arg, ast.FieldRef):
            self.fail("MALFORMED_QUERY", f"{node.raw_name}() takes exactly one field", node.pos)
        res = scope.resolve(arg)
        fm = res.fm
        allowed = ("datetime",) if node.name in DATETIME_ONLY_FUNCTIONS else ("date", "datetime")
        if fm.type not in allowed:
            self.fail("MALFORMED_QUERY", f"Invalid field type for function {node.name}: {fm.name}", arg.pos)
        sql, rtype = date_function_sql(node.name, res.sql, self.clock.fiscal_start_month)
        return Expr(sql, rtype, label, node.pos, fm, key=("d", node.name, res.key), func=node.name)

    # -- WHERE / HAVING
    def where_sql(self, scope: Scope, cond: ast.Cond | None) -> tuple[str, list]:
        parts = self.deleted_filter(scope)
        params: list = []
        if cond is not None:
            sql, params = self.cond_sql(scope, cond, "where", None)
            parts.append(sql)
        return " AND ".join(f"({p})" if len(parts) > 1 else p for p in parts), params

    def cond_sql(self, scope: Scope, cond: ast.Cond, ctx: str, groups: set | None,
                 under: str | None = None, in_semi: bool = False) -> tuple[str, list]:
        """SQL for a condition. `under` names an enclosing OR/NOT (semi-joins are not allowed there)."""
        if isinstance(cond, ast.And | ast.Or):
            parts, params = [], []
            for c in cond.items:
                sql, p = self.cond_sql(scope, c, ctx, groups, under or ("OR" if isinstance(cond, ast.Or) else None),
                                       in_semi)
                parts.append(f"({sql})")
                params += p
            return (" AND " if isinstance(cond, ast.And) else " OR ").join(parts), params
        if isinstance(cond, ast.Not):
            sql, p = self.cond_sql(scope, cond.item, ctx, groups, under or "NOT", in_semi)
            return f"NOT COALESCE(({sql}), 0)", p
        if isinstance(cond, ast.SemiJoin):
            if ctx != "where":
                self.fail("MALFORMED_QUERY", "Semi join sub-selects are only allowed in WHERE", cond.pos)
            if under:
                self.fail("MALFORMED_QUERY", f"Semi join sub-selects are not allowed with the '{under}' operator",
                          cond.pos)
            if in_semi:
                self.fail("MALFORMED_QUERY", "Nesting of semi join sub-selects is not supported", cond.pos)
            return self.semi_join(scope, cond)
        lhs = self.operand(scope, cond.operand, ctx)
        if ctx == "having" and not lhs.agg and groups is not None and lhs.key not in groups:
            self.fail("MALFORMED_QUERY", f"Field must be grouped or aggregated: {lhs.label}", cond.operand.pos)
        if ctx == "where" and lhs.agg:  # pragma: no cover - rejected in operand()
            self.fail("MALFORMED_QUERY", "Aggregate functions are not allowed in WHERE", cond.operand.pos)
        if isinstance(cond, ast.Compare):
            return self.compare(lhs, cond.op, cond.value)
        if isinstance(cond, ast.Like):
            return self.like(lhs, cond)
        if isinstance(cond, ast.InList):
            return self.in_list(lhs, cond)
        if isinstance(cond, ast.Includes):
            self.fail("INVALID_QUERY_FILTER_OPERATOR",
                      "includes or excludes operator only valid on multipicklist field", cond.pos)
        raise AssertionError(cond)  # pragma: no cover

    def _type_error(self, lhs: Expr, lit: ast.Literal) -> Any:
        word = _TYPE_WORD.get(lhs.type, lhs.type)
        quoted = "be" if lhs.type in TEXT_TYPES else "not be"
        name = lhs.fm.name if lhs.fm is not None and lhs.func is None else lhs.label
        return self.fail(
            "INVALID_FIELD",
            f"value of filter criterion for field '{name}' must be of type {word} and should {quoted} enclosed "
            "in quotes",
            lit.pos,
        )

    def value(self, lhs: Expr, lit: ast.Literal) -> tuple[str, Any]:
        """('null', None) | ('scalar', v) | ('range', (lo, hi)) for a literal compared with `lhs`."""
        t = lhs.type
        kind = lit.kind
        if kind == "null":
            return "null", None
        if t in TEXT_TYPES:
            if kind != "string":
                if kind == "name" and not is_date_literal(lit.value):
                    self.fail("MALFORMED_QUERY", f"unexpected token: '{lit.raw}'", lit.pos)
                self._type_error(lhs, lit)
            return ("null", None) if lit.value == "" else ("scalar", lit.value)
        if t in ID_TYPES:
            if kind != "string":
                if kind == "name":
                    self.fail("MALFORMED_QUERY", f"unexpected token: '{lit.raw}'", lit.pos)
                self._type_error(lhs, lit)
            if lit.value == "":
                return "null", None
            try:
                return "scalar", to18(lit.value)
            except InvalidIdError:
                return self.fail("INVALID_QUERY_FILTER_OPERATOR", f"invalid ID field: {lit.value}", lit.pos)
        if t == "boolean":
            if kind != "boolean":
                if kind == "name":
                    self.fail("MALFORMED_QUERY", f"unexpected token: '{lit.raw}'", lit.pos)
                self._type_error(lhs, lit)
            return "scalar", lit.value
        if t in NUMBER_TYPES:
            if kind == "number":
                v = lit.value
                return "scalar", float(v) if isinstance(v, int) and abs(v) > _MAX_INT else v
            if kind == "name":
                m = _CURRENCY.match(lit.value)
                if m and t == "currency":
                    return "scalar", float(m.group(1))
                if not is_date_literal(lit.value):
                    self.fail("MALFORMED_QUERY", f"unexpected token: '{lit.raw}'", lit.pos)
            return self._type_error(lhs, lit)
        if t in ("date", "datetime"):
            if kind in ("name", "date_literal"):
                if not is_date_literal(lit.value):
                    self.fail("MALFORMED_QUERY", f"unexpected token: '{lit.raw}'", lit.pos)
                try:
                    lo, hi = literal_range(lit.value, lit.n, self.clock)
                except DateLiteralError as exc:
                    return self.fail("MALFORMED_QUERY", f"{exc}: '{lit.raw}'", lit.pos)
                return "range", (day_bound(lo, t), day_bound(hi, t))
            if kind == "date" and t == "date":
                try:
                    return "scalar", parse_date_literal(lit.value)
                except ValueError:
                    return self.fail("MALFORMED_QUERY", f"invalid date: {lit.raw}", lit.pos)
            if kind == "datetime" and t == "datetime":
                try:
                    return "scalar", parse_datetime_literal(lit.value)
                except ValueError:
                    return self.fail("MALFORMED_QUERY", f"invalid dateTime: {lit.raw}", lit.pos)
            return self._type_error(lhs, lit)
        return self._type_error(lhs, lit)  # pragma: no cover

    def compare(self, lhs: Expr, op: str, lit: ast.Literal) -> tuple[str, list]:
        kind, val = self.value(lhs, lit)
        col = lhs.sql
        if lhs.type == "boolean":
            if op not in ("=", "!="):
                self.fail("INVALID_QUERY_FILTER_OPERATOR", f"invalid operator on boolean field: {lhs.label}", lit.pos)
            truth = bool(val)  # null compares like false: boolean fields are never null
            if op == "!=":
                truth = not truth
            return (f"{col} = 1", []) if truth else (f"COALESCE({col}, 0) = 0", [])
        if kind == "null":
            empty = lhs.is_text or lhs.type in ID_TYPES
            if op == "=":
                return (f"({col} IS NULL OR {col} = '')" if empty else f"{col} IS NULL"), []
            if op == "!=":
                return (f"({col} IS NOT NULL AND {col} != '')" if empty else f"{col} IS NOT NULL"), []
            return "0", []
        if kind == "range":
            lo, hi = val
            if op == "=":
                return f"({col} >= ? AND {col} < ?)", [lo, hi]
            if op == "!=":
                return f"({col} IS NULL OR {col} < ? OR {col} >= ?)", [lo, hi]
            return {"<": (f"{col} < ?", [lo]), "<=": (f"{col} < ?", [hi]), ">": (f"{col} >= ?", [hi]),
                    ">=": (f"{col} >= ?", [lo])}[op]
        coll = ""
        if lhs.is_text:
            if _ascii(val):
                coll = " COLLATE NOCASE"
            else:
                col, val = f"sf_fold({col})", val.casefold()
        if op == "!=":
            return f"({col} IS NULL OR {col} != ?{coll})", [val]
        if op != "=" and lhs.is_text:
            col = f"NULLIF({col}, '')"
        return f"{col} {op} ?{coll}", [val]

    def like(self, lhs: Expr, cond: ast.Like) -> tuple[str, list]:
        lit = cond.value
        if not (lhs.is_text or lhs.type in ID_TYPES):
            self.fail("INVALID_QUERY_FILTER_OPERATOR",
                      f"invalid operator on field '{lhs.label}': LIKE is only valid on string fields", cond.pos)
        if lit.kind == "null":
            return "0", []
        if lit.kind != "string":
            self._type_error(lhs, lit)
        from crmtui.org.soql.parser import decode_string

        pattern = decode_string(lit.raw, self.text, lit.pos, like=True)
        if _ascii(pattern):
            return f"{lhs.sql} LIKE ? ESCAPE '\\'", [pattern]
        return f"sf_like({lhs.sql}, ?)", [pattern]

    def in_list(self, lhs: Expr, cond: ast.InList) -> tuple[str, list]:
        col = lhs.sql
        scalars: list = []
        ranges: list[tuple[str, str]] = []
        has_null = False
        for lit in cond.values:
            kind, val = self.value(lhs, lit)
            if kind == "null":
                has_null = True
            elif kind == "range":
                ranges.append(val)
            else:
                scalars.append(val)
        if lhs.type == "boolean":
            scalars = [1 if v else 0 for v in scalars]
            col = f"COALESCE({col}, 0)"
            if has_null:
                scalars.append(0)
                has_null = False
        terms: list[str] = []
        params: list = []
        if scalars:
            if lhs.is_text and not all(_ascii(v) for v in scalars):
                terms.append(f"sf_fold({col}) IN ({', '.join('?' * len(scalars))})")
                params += [v.casefold() for v in scalars]
            else:
                coll = " COLLATE NOCASE" if lhs.is_text else ""
                terms.append(f"{col}{coll} IN ({', '.join('?' * len(scalars))})")
                params += scalars
        for lo, hi in ranges:
            terms.append(f"({col} >= ? AND {col} < ?)")
            params += [lo, hi]
        if has_null:
            terms.append(f"{col} IS NULL" + (f" OR {col} = ''" if lhs.is_text or lhs.type in ID_TYPES else ""))
        positive = " OR ".join(f"({t})" for t in terms) if len(terms) > 1 else (terms[0] if terms else "0")
        if not cond.negated:
            return positive, params
        if has_null:
            return f"NOT COALESCE(({positive}), 0)", params
        return f"({col} IS NULL OR NOT ({positive}))", params

    def semi_join(self, scope: Scope, cond: ast.SemiJoin) -> tuple[str, list]:
        lhs = self.operand(scope, cond.operand, "where")
        q = cond.query
        if lhs.type not in ID_TYPES:
            self.fail("MALFORMED_QUERY", f"semi join sub selects are only allowed on id fields, cannot use: "
                      f"'{lhs.label}'", cond.operand.pos)
        sub_obj = self.object_for(q.from_path)
        if len(q.select) != 1 or not isinstance(q.select[0], ast.SelectField) \
                or not isinstance(q.select[0].expr, ast.FieldRef):
            item = q.select[0]
            pos = item.expr.pos if isinstance(item, ast.SelectField) else item.pos
            self.fail("MALFORMED_QUERY", "semi join sub selects can only query one id field", pos)
        if q.group_by or q.having is not None:
            self.fail("MALFORMED_QUERY", "semi join sub selects can not use GROUP BY or HAVING", q.group_pos)
        self.check_clauses(q, sub_obj)
        sub = Scope(self, sub_obj, q.from_alias)
        ref = q.select[0].expr  # type: ignore[union-attr]
        res = sub.resolve(ref)
        if res.fm.type not in ID_TYPES:
            self.fail("MALFORMED_QUERY",
                      f"semi join sub selects can only query id fields, cannot use: '{res.canonical}'", ref.pos)
        parts = self.deleted_filter(sub)
        params: list = []
        if q.where is not None:
            wsql, params = self.cond_sql(sub, q.where, "where", None, in_semi=True)
            parts.append(f"({wsql})")
        if cond.negated:
            parts.append(f"{res.sql} IS NOT NULL")
        sql = f"SELECT {res.sql} FROM {sub.from_sql()}" + (f" WHERE {' AND '.join(parts)}" if parts else "")
        if q.limit is not None or q.offset:
            sql, params = self.limit_sql(sql, params, q.limit, q.offset)
        if cond.negated:
            return f"({lhs.sql} IS NULL OR {lhs.sql} NOT IN ({sql}))", params
        return f"{lhs.sql} IN ({sql})", params

    # -- ORDER BY
    def order_sql(self, scope: Scope, items: tuple[ast.OrderItem, ...], aggregate: set | None) -> str:
        parts = []
        for item in items:
            e = self.operand(scope, item.expr, "order")
            if aggregate is None and e.agg:
                self.fail("MALFORMED_QUERY", f"Aggregate functions need GROUP BY: {e.label}", item.expr.pos)
            if aggregate is None and e.func in DATE_FUNCTIONS:
                self.fail("MALFORMED_QUERY", f"Ordered field must be grouped or aggregated: {e.label}",
                          item.expr.pos)
            if aggregate is not None and not e.agg and e.key not in aggregate:
                self.fail("MALFORMED_QUERY", f"Ordered field must be grouped or aggregated: {e.label}",
                          item.expr.pos)
            coll = " COLLATE NOCASE" if e.is_text else ""
            nulls = "LAST" if item.nulls_last else "FIRST"
            parts.append(f"{e.null_sql}{coll} {'DESC' if item.desc else 'ASC'} NULLS {nulls}")
        return ", ".join(parts)


def _label(node: ast.Operand) -> str:
    if isinstance(node, ast.FieldRef):
        return ".".join(node.path)
    return f"{node.raw_name}({', '.join(_label(a) for a in node.args)})"


def _ascii(v: Any) -> bool:
    return not isinstance(v, str) or v.isascii()


def compile_query(model: OrgModel, clock: OrgClock, text: str, q: ast.Query, *,
                  include_deleted: bool = False) -> Plan:
    return Compiler(model, clock, text, include_deleted=include_deleted).compile(q)
