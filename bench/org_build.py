"""Org generation speed: seconds and records/second per kind, against a plain executemany baseline.

The baseline inserts the very same rows into the same tables with bare `executemany` (no generation,
no indexes, no search index): the ratio shows what generating the data costs on top of writing it.
Goal: B2B and B2C each <= 5 s on a 2-core machine.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from crmtui.org import dump
from crmtui.org.clock import parse_datetime
from crmtui.org.generate import DEFAULT_NOW, build_org, generate


def baseline_seconds(kind: str, out: Path) -> float:
    """Write the generated rows with plain executemany and nothing else."""
    b = generate(kind, 1, parse_datetime(DEFAULT_NOW))
    conn = sqlite3.connect(out)
    dump.create_tables(conn, b.schema)
    start = time.perf_counter()
    with conn:
        for name, rows in b.tables.items():
            cols = list(b.schema.objects[name].fields)
            sql = f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(cols))})'
            conn.executemany(sql, [[r.get(c) for c in cols] for r in rows])
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    print(f"{'kind':<9}{'records':>9}{'build s':>10}{'records/s':>12}{'executemany s':>15}{'ratio':>8}{'goal':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("original", "b2b", "b2c"):
            start = time.perf_counter()
            result = build_org(kind, 1, Path(tmp) / f"{kind}.db")
            seconds = time.perf_counter() - start
            records = sum(result.counts.values())
            base = baseline_seconds(kind, Path(tmp) / f"{kind}-baseline.db")
            goal = "<= 5 s" if kind != "original" else "-"
            print(f"{kind:<9}{records:>9,}{seconds:>10.2f}{records / seconds:>12,.0f}{base:>15.3f}"
                  f"{seconds / base:>8.1f}{goal:>8}")


if __name__ == "__main__":
    main()
