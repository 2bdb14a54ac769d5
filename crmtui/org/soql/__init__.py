"""The SOQL/SOSL engine of the embedded org.

    from crmtui.org.soql import Engine, run_query, format_table
    engine = Engine.open("org.db")
    engine.query("SELECT Id, Subject FROM Case WHERE CreatedDate = LAST_N_DAYS:7")

Pipeline: Lark parser (`parser.py`, `grammar.py`) -> typed tree (`ast.py`) -> semantic pass and SQL
compiler against the org model (`compiler.py`, `model.py`, `dates.py`) -> parameterised SQLite ->
Salesforce REST JSON (`engine.py`). SOSL lives in `crmtui.org.sosl`, its FTS5 index in
`crmtui.org.search_index`.
"""

from __future__ import annotations

from typing import Any

from crmtui.org.errors import SalesforceError
from crmtui.org.soql.dates import OrgClock
from crmtui.org.soql.engine import Engine, OrgOpenError
from crmtui.org.soql.parser import looks_like_sosl
from crmtui.org.soql.table import format_table

__all__ = ["Engine", "OrgClock", "OrgOpenError", "SalesforceError", "format_table", "is_sosl", "run_query"]


def is_sosl(text: str) -> bool:
    """True when `text` is a SOSL search (starts with FIND) rather than a SOQL query."""
    return looks_like_sosl(text)


def run_query(target: Any, text: str, *, now: str | None = None, kind: str | None = None,
              query_all: bool = False) -> dict[str, Any]:
    """Run SOQL (`query`) or SOSL (`search`) on an org spec string, a backend or an Engine.

    Returns the REST JSON; raises `SalesforceError` (errorCode + message) for a bad query. With
    `query_all`, every batch of a SOQL result is collected. `now` (and optionally `kind`) open an official
    CRMArena dump, which has no `_org` table: `run_query("embedded:crmarena.db", q, now="2020-10-20")`.
    """
    if isinstance(target, str):
        from crmtui.org.backends import open_backend

        target = open_backend(target, now=now, kind=kind)
    if looks_like_sosl(text):
        return target.search(text)
    return target.query_all(text) if query_all else target.query(text)
