"""The `crmtui` command: parses arguments, calls the core, prints with rich.

Heavy modules (rich, the generator, Textual, litellm) are imported inside the commands that need them,
so `crmtui --help` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from crmtui import __version__
from crmtui.errors import CrmtuiError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crmtui",
        description="A terminal workbench for CRMArena-style CRM agent tasks.",
    )
    parser.add_argument("--version", action="version", version=f"crmtui {__version__}")
    groups = parser.add_subparsers(dest="group", metavar="COMMAND")

    org = groups.add_parser("org", help="build and inspect embedded CRM orgs")
    org_cmds = org.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)

    build = org_cmds.add_parser("build", help="generate an org dump (SQLite)")
    build.add_argument("--kind", required=True, help="org kind: original, b2b or b2c")
    build.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    build.add_argument("--out", "-o", help="output path (default <kind>.db)")
    build.add_argument("--now", help="the org clock, e.g. 2025-06-30T18:00:00Z (default fixed per version)")
    build.add_argument("--force", action="store_true", help="overwrite an existing file")
    build.set_defaults(handler=cmd_org_build)

    info = org_cmds.add_parser("info", help="show an org's clock and record counts")
    info.add_argument("path", nargs="?", help="an org dump (default: the --org org)")
    info.add_argument("--org", default=None, help="embedded:<kind>, embedded:<path> (default embedded:b2b)")
    info.add_argument("--format", choices=("table", "json"), default="table")
    info.set_defaults(handler=cmd_org_info)

    query = org_cmds.add_parser("query", help="run SOQL or SOSL against an org and print the records")
    query.add_argument("text", help="a SOQL query, or SOSL starting with FIND")
    query.add_argument("--org", default="embedded:b2b", help="embedded:<kind>, embedded:<path> or salesforce")
    query.add_argument("--now", help="the org clock for a dump without one (an official CRMArena dump)")
    query.add_argument("--kind", help="the org kind of a dump without one (detected from its tables otherwise)")
    query.add_argument("--json", action="store_true", help="print the REST JSON instead of a table")
    query.add_argument("--all", action="store_true", help="follow nextRecordsUrl to fetch every page")
    query.set_defaults(handler=cmd_org_query)
    return parser


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _progress_bar():
    """A rich progress bar on stderr (shown only on a terminal) and the callback the core reports to."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = _console(stderr=True)
    bar = Progress(TextColumn("{task.description:<24}"), BarColumn(), TimeElapsedColumn(),
                   console=console, transient=True, disable=not console.is_terminal)
    task = bar.add_task("starting", total=1)

    def report(label: str, done: int, total: int) -> None:
        bar.update(task, description=label, completed=done, total=total)

    return bar, report


def cmd_org_build(args: argparse.Namespace) -> int:
    from crmtui.org.generate import build_org

    bar, report = _progress_bar()
    with bar:
        result = build_org(args.kind, args.seed, args.out, now=args.now, force=args.force, progress=report)
    total = sum(result.counts.values())
    _console().print(f"Built {result.kind} org (seed {result.seed}, now {result.now}): "
                     f"{total:,} records in {len(result.counts)} objects -> {result.path}", soft_wrap=True)
    return 0


def cmd_org_info(args: argparse.Namespace) -> int:
    from pathlib import Path

    from crmtui.org.dump import dump_info
    from crmtui.org.spec import DEFAULT_ORG, parse_org_spec

    if args.path:
        path = Path(args.path)
    else:
        bar, report = _progress_bar()
        with bar:
            path = parse_org_spec(args.org or DEFAULT_ORG).dump_path(progress=report)
    info = dump_info(path)
    if args.format == "json":
        print(json.dumps({"path": str(info.path), "meta": info.meta, "counts": info.counts,
                          "total": info.total}, indent=2))
        return 0
    from rich.table import Table

    table = Table(title=f"{info.path}", title_justify="left")
    table.add_column("object")
    table.add_column("records", justify="right")
    for name, count in info.counts.items():
        table.add_row(name, f"{count:,}")
    table.add_section()
    table.add_row("total", f"{info.total:,}")
    console = _console()
    clock = info.now or "unknown (official dump: pass --now where a clock is needed)"
    console.print(f"kind: {info.kind or 'unknown'}   seed: {info.meta.get('seed', '-')}   "
                  f"generator: {info.meta.get('generator_version', '-')}   now: {clock}")
    console.print(table)
    return 0


def cmd_org_query(args: argparse.Namespace) -> int:
    from crmtui.org.soql import SalesforceError, format_table, run_query

    try:
        result = run_query(args.org, args.text, now=args.now, kind=args.kind, query_all=args.all)
    except SalesforceError as exc:
        print(f"{exc.error_code}: {exc.message}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _console().print(format_table(result))
    return 0


def cmd_default(args: argparse.Namespace) -> int:
    """`crmtui` alone: the main job. Until the app lands, summarise the default org."""
    args.path, args.org, args.format = None, None, "table"
    code = cmd_org_info(args)
    _console().print("Run [bold]crmtui --help[/] for commands.")
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", cmd_default)
    try:
        return handler(args)
    except CrmtuiError as exc:
        print(f"crmtui: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("crmtui: interrupted", file=sys.stderr)
        return 130
