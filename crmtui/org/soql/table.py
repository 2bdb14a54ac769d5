"""Turning REST query/search results into a rich Table (what `crmtui org query` prints)."""

from __future__ import annotations

from typing import Any

from rich.table import Table


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if key == "attributes":
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict) and "records" in value and "totalSize" in value:
            out[name] = f"{value['totalSize']} record{'s' if value['totalSize'] != 1 else ''}"
        elif isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def _cell(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def format_table(result: dict[str, Any], *, title: str | None = None) -> Table:
    """A table of a query answer (`records`) or a search answer (`searchRecords`, with a Type column).

    `SELECT COUNT()` answers (no records, only totalSize) show a single `totalSize` cell. Parent fields
    appear as dotted columns (`Account.Name`), child subqueries as a record count.
    """
    search = "searchRecords" in result
    records = result.get("searchRecords" if search else "records") or []
    rows = []
    for rec in records:
        flat = _flatten(rec)
        if search:
            flat = {"Type": rec.get("attributes", {}).get("type"), **flat}
        rows.append(flat)
    columns: list[str] = []
    for flat in rows:
        for key in flat:
            if key not in columns:
                columns.append(key)
    if title is None and not search:
        total = result.get("totalSize", len(records))
        title = f"totalSize {total}" + ("" if result.get("done", True) else f", first {len(records)} shown")
    table = Table(title=title, show_lines=False)
    if not records and not search:
        table.add_column("totalSize")
        table.add_row(str(result.get("totalSize", 0)))
        return table
    for col in columns:
        table.add_column(col, overflow="fold")
    for flat in rows:
        table.add_row(*(_cell(flat.get(c)) if c in flat else "" for c in columns))
    return table
