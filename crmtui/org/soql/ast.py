"""Typed syntax tree for SOQL and SOSL. Every node keeps the (line, column) where it starts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Pos = tuple[int, int]  # 1-based (line, column)


@dataclass(frozen=True)
class FieldRef:
    """A field or a relationship path such as `Account.Owner.Name` (segments as written)."""

    path: tuple[str, ...]
    pos: Pos
    seg_pos: tuple[Pos, ...] = ()


@dataclass(frozen=True)
class Func:
    """A function call: aggregate (`COUNT(Id)`), date function, `toLabel`, `FORMAT`... `name` upper-cased."""

    name: str
    args: tuple[FieldRef | Func, ...]
    pos: Pos
    raw_name: str = ""


Operand = FieldRef | Func


@dataclass(frozen=True)
class SelectField:
    expr: Operand
    alias: str | None = None
    alias_pos: Pos | None = None


@dataclass(frozen=True)
class SelectChild:
    query: Query
    pos: Pos


@dataclass(frozen=True)
class SelectTypeof:
    pos: Pos


SelectItem = SelectField | SelectChild | SelectTypeof


@dataclass(frozen=True)
class Literal:
    """A value in a condition. kind: string number date datetime null true false date_literal name."""

    kind: str
    value: Any
    raw: str
    pos: Pos
    n: int | None = None  # the N of `LAST_N_DAYS:N`


@dataclass(frozen=True)
class And:
    items: tuple[Cond, ...]
    pos: Pos


@dataclass(frozen=True)
class Or:
    items: tuple[Cond, ...]
    pos: Pos


@dataclass(frozen=True)
class Not:
    item: Cond
    pos: Pos


@dataclass(frozen=True)
class Compare:
    operand: Operand
    op: str  # = != < <= > >= (<> is normalised to !=)
    value: Literal
    pos: Pos


@dataclass(frozen=True)
class Like:
    operand: Operand
    value: Literal
    pos: Pos


@dataclass(frozen=True)
class InList:
    operand: Operand
    values: tuple[Literal, ...]
    negated: bool
    pos: Pos


@dataclass(frozen=True)
class SemiJoin:
    operand: Operand
    query: Query
    negated: bool
    pos: Pos


@dataclass(frozen=True)
class Includes:
    operand: Operand
    values: tuple[Literal, ...]
    exclude: bool
    pos: Pos


Cond = And | Or | Not | Compare | Like | InList | SemiJoin | Includes


@dataclass(frozen=True)
class OrderItem:
    expr: Operand
    desc: bool = False
    nulls_last: bool | None = None


@dataclass(frozen=True)
class Query:
    select: tuple[SelectItem, ...]
    from_path: FieldRef
    from_alias: str | None = None
    where: Cond | None = None
    group_by: tuple[Operand, ...] = ()
    group_pos: Pos | None = None
    having: Cond | None = None
    having_pos: Pos | None = None
    order_by: tuple[OrderItem, ...] = ()
    limit: int | None = None
    limit_pos: Pos | None = None
    offset: int | None = None
    offset_pos: Pos | None = None
    with_: str | None = None
    with_pos: Pos | None = None
    for_: tuple[str, ...] = ()
    for_pos: Pos | None = None
    pos: Pos = (1, 1)


@dataclass(frozen=True)
class Returning:
    """One object of a SOSL RETURNING clause with its optional field list and clauses."""

    name: str
    pos: Pos
    fields: tuple[SelectItem, ...] = ()
    where: Cond | None = None
    order_by: tuple[OrderItem, ...] = ()
    limit: int | None = None
    limit_pos: Pos | None = None
    offset: int | None = None
    offset_pos: Pos | None = None


@dataclass(frozen=True)
class Sosl:
    search: str  # the raw text between the braces (or quotes)
    search_pos: Pos  # position of the first character inside the braces
    scope: str = "ALL"
    scope_pos: Pos | None = None
    returning: tuple[Returning, ...] = ()
    limit: int | None = None
    limit_pos: Pos | None = None
    offset: int | None = None
    with_: tuple[tuple[str, Pos], ...] = field(default_factory=tuple)
