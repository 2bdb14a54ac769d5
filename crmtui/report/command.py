"""`crmtui report`: read the transcript DB, build the report, write it as rich tables, JSON, CSV or HTML; or write
the validated gold set (`--export-gold FILE`). The argument parser lives in crmtui/cli.py."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from crmtui.errors import CrmtuiError

FORMATS = ("table", "json", "csv", "html")


def _write_atomic(target: Path, write: Callable[[TextIO], Any]) -> Any:
    """Write a file through a temporary one in the same directory, so a reader never sees half of it."""
    if not target.parent.is_dir():
        raise CrmtuiError(f"cannot write {target}: directory {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            result = write(out)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def filters_from_args(args: argparse.Namespace) -> Any:
    from crmtui.report.data import Filters

    org = args.org.partition(":")[2] if args.org and args.org.startswith("embedded:") else args.org
    return Filters(suite=args.suite, org=org, task=args.task, skill=args.skill, domain=args.domain, turn=args.turn,
                   kind=args.kind)


def run_report(args: argparse.Namespace, default_db: str) -> int:
    from crmtui.report import make_report
    from crmtui.store import open_store

    path = Path(args.db or default_db)
    if not path.exists():
        raise CrmtuiError(f"no transcript DB at {path}: play or import episodes first (crmtui run, crmtui import)")
    with open_store(path, create=False) as store:
        if args.export_gold:
            from crmtui.report.gold import export_validated

            count = _write_atomic(Path(args.export_gold), lambda out: export_validated(store, out))
            print(f"exported {count:,} validated tasks (CRMArena task JSON) -> {args.export_gold}", file=sys.stderr)
            return 0
        from crmtui.tasks.instances import load_instances

        report = make_report(store, by=args.by, filters=filters_from_args(args), instances=load_instances())
    if args.format == "table":
        return _print_tables(report, args)
    writer = _writer(args.format)
    if args.output:
        _write_atomic(Path(args.output), lambda out: writer(report, out))
        print(f"wrote the report ({args.format}) -> {args.output}", file=sys.stderr)
    else:
        writer(report, sys.stdout)
    return 0


def _writer(fmt: str) -> Callable[[dict[str, Any], TextIO], Any]:
    if fmt == "json":
        from crmtui.report.render_json import write_json

        return write_json
    if fmt == "csv":
        from crmtui.report.render_csv import write_csv

        return write_csv
    from crmtui.report.html import render_html

    return lambda report, out: out.write(render_html(report))


def _print_tables(report: dict[str, Any], args: argparse.Namespace) -> int:
    from rich.console import Console

    from crmtui.report.render_rich import SECTIONS, renderables

    sections = tuple(args.section) if args.section else SECTIONS
    if args.output:
        def write(out: TextIO) -> None:
            console = Console(file=out, width=160, color_system=None, highlight=False)
            for item in renderables(report, sections):
                console.print(item)

        _write_atomic(Path(args.output), write)
        print(f"wrote the report (table) -> {args.output}", file=sys.stderr)
        return 0
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = max(console.width, 160)
    for item in renderables(report, sections):
        console.print(item)
    return 0
