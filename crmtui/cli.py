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
    app = parser.add_argument_group("the app (crmtui with no command)")
    app.add_argument("--org", dest="app_org", metavar="KIND_OR_PATH",
                     help="default org of the query workbench: b2b, b2c, original, an org dump (used for every "
                          "task of its kind), or embedded:<kind|path> (default embedded:b2b)")
    app.add_argument("--db", dest="app_db", metavar="PATH",
                     help="the transcript DB (default transcripts/crmtui.db, created on first use)")
    app.add_argument("--blind", dest="app_blind", action="store_true",
                     help="start in blind mode: gold answers and reference solutions hidden")
    app.add_argument("--annotator", dest="app_annotator", metavar="NAME",
                     help="who is at the keyboard, for episodes, labels and gold reviews "
                          "(default $CRMTUI_ANNOTATOR, else the login name)")
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

    _add_tasks_group(groups)
    _add_store_commands(groups)
    _add_episode_commands(groups)
    _add_report_command(groups)
    return parser


def _add_tasks_group(groups: argparse._SubParsersAction) -> None:
    from crmtui.tasks.model import ORGS, SUITES

    tasks = groups.add_parser("tasks", help="list, show, validate and import task instances")
    tasks_cmds = tasks.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)
    generate = tasks_cmds.add_parser("generate", help="instantiate task specs against an org (gold answers computed)")
    generate.add_argument("--org", action="append", choices=("original", "b2b", "b2c"),
                          help="org kind (repeatable; default: every org a spec applies to)")
    generate.add_argument("--per-task", type=int, metavar="N", help="instances per task type (default: the papers')")
    generate.add_argument("--seed", type=int, default=1, help="generation seed (default 1)")
    generate.add_argument("--out", metavar="DIR", help="directory for <org>.jsonl (default: tasks/instances)")
    generate.set_defaults(handler=cmd_tasks_generate)

    listing = tasks_cmds.add_parser("list", help="task types with instance counts, or the instances themselves")
    listing.add_argument("--tasks", metavar="FILTER",
                         help="key=value terms, comma-separated: org, suite, task, domain, skill, audience, metric, "
                              "kind, id (values may use | for alternatives and * ? patterns)")
    listing.add_argument("--org", help=f"only this org: {', '.join(ORGS)} (or embedded:<kind>)")
    listing.add_argument("--suite", choices=SUITES, help="only this suite")
    listing.add_argument("--domain", help="only this domain: service, sales, cpq or confidentiality")
    listing.add_argument("--instances", action="store_true", help="list instances instead of task types")
    listing.add_argument("--limit", type=int, metavar="N", help="with --instances: at most N rows")
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")
    listing.set_defaults(handler=cmd_tasks_list)

    show = tasks_cmds.add_parser("show", help="one task instance: query, persona, context, gold, solution")
    show.add_argument("id", help="instance id, e.g. b2b/handle_time/0003")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.add_argument("--full", action="store_true", help="also show the domain details (metadata.optional)")
    show.set_defaults(handler=cmd_tasks_show)

    validate = tasks_cmds.add_parser("validate", help="check task specs (.yaml) and instance files (.jsonl)")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="files or directories (default: the task catalog and imported instances)")
    validate.set_defaults(handler=cmd_tasks_validate)

    imp = tasks_cmds.add_parser("import", help="import CRMArena task files (original, Pro, HF JSON/JSONL)")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--suite", required=True, choices=SUITES, help="the suite the files belong to")
    imp.add_argument("--org", choices=ORGS, default="external",
                     help="org of the imported instances (default external: gold Ids of the official orgs)")
    imp.add_argument("--name", help="dataset name used in ids and the stored file name (default: the suite)")
    imp.add_argument("--out", "-o", help="write here instead of $CRMTUI_HOME/tasks/instances/")
    imp.add_argument("--format", choices=("table", "json"), default="table")
    imp.set_defaults(handler=cmd_tasks_import)


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


def _instance_filters(args: argparse.Namespace) -> list:
    """The --tasks filter and the --org/--suite/--domain shortcuts, each of which must match."""
    from crmtui.tasks.instances import parse_filter

    filters = [parse_filter(args.tasks)]
    org = args.org
    if org and org.startswith("embedded:"):
        org = org.partition(":")[2]
    for key, value in (("org", org), ("suite", args.suite), ("domain", args.domain)):
        if value:
            filters.append(parse_filter(f"{key}={value}"))
    return [f for f in filters if f]


def _wide_console():
    """A console for wide tables: at least 120 columns when the output is not a terminal (pipes, files)."""
    console = _console()
    if not console.is_terminal:
        console.width = max(console.width, 120)
    return console


def _short(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[:width - 1] + "…"


def _answer_text(answer: list) -> str:
    return ", ".join("None" if a is None else a for a in answer)


def cmd_tasks_list(args: argparse.Namespace) -> int:
    import csv

    from crmtui.tasks.instances import load_instances
    from crmtui.tasks.model import ORGS

    filters = _instance_filters(args)
    instances = [i for i in load_instances() if all(f.matches(i) for f in filters)]
    if args.instances:
        if args.limit is not None:
            instances = instances[:max(args.limit, 0)]
        if args.format == "json":
            print(json.dumps([i.to_json() for i in instances], ensure_ascii=False, indent=2))
            return 0
        header = ["id", "org", "suite", "task", "domain", "skill", "audience", "reward_metric", "answer_kind",
                  "answer", "query"]
        rows = [[i.id, i.org, i.suite, i.task, i.domain, i.skill, i.audience, i.reward_metric, i.answer_kind,
                 json.dumps(i.answer, ensure_ascii=False), i.query] for i in instances]
        if args.format == "csv":
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
            return 0
        from rich import box
        from rich.table import Table

        console = _wide_console()
        answers = [_short(_answer_text(i.answer), 24) for i in instances]
        id_width = max((len(i.id) for i in instances), default=2)
        answer_width = max((len(a) for a in answers), default=6)
        query_width = max(console.width - id_width - answer_width - 11, 20)  # 11: edges, separators, padding
        table = Table(title=f"{len(instances):,} instances", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("id", no_wrap=True, width=id_width)
        table.add_column("answer", no_wrap=True, width=answer_width)
        table.add_column("query", no_wrap=True, width=query_width)
        for i, answer in zip(instances, answers, strict=True):
            table.add_row(i.id, answer, _short(i.query, query_width))
        console.print(table)
        return 0

    # task types: counts per (org, suite, task), including specs that have no instances yet
    from crmtui.tasks.specs import load_specs

    rows_by_key: dict[tuple[str, str, str], dict] = {}

    def row(org: str, suite: str, task: str, domain: str, skill: str, audience: str, metric: str,
            kind: str) -> dict:
        return rows_by_key.setdefault((org, suite, task), {
            "org": org, "suite": suite, "task": task, "domain": domain, "skill": skill, "audience": audience,
            "reward_metric": metric, "answer_kind": kind, "instances": 0, "unanswerable": 0})

    for i in instances:
        entry = row(i.org, i.suite, i.task, i.domain, i.skill, i.audience, i.reward_metric, i.answer_kind)
        entry["instances"] += 1
        entry["unanswerable"] += not i.answerable
    for spec in load_specs():
        for org in spec.orgs:
            fields = {"org": org, "suite": spec.suite, "task": spec.name, "domain": spec.domain,
                      "skill": spec.skill, "audience": spec.audience, "metric": spec.reward_metric,
                      "kind": spec.answer_kind}
            if all(f.matches_fields(fields) for f in filters):
                row(org, spec.suite, spec.name, spec.domain, spec.skill, spec.audience, spec.reward_metric,
                    spec.answer_kind)
    rows = sorted(rows_by_key.values(), key=lambda r: (ORGS.index(r["org"]), r["suite"], r["task"]))
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["org"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return 0
    from rich import box
    from rich.table import Table

    console = _wide_console()
    if not rows:
        console.print("No task types match.")
        return 0
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        groups.setdefault((r["org"], r["suite"]), []).append(r)
    for (org, suite), group in groups.items():
        total = sum(r["instances"] for r in group)
        table = Table(title=f"org {org} · suite {suite}: {len(group)} task types, {total:,} instances",
                      title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("task", no_wrap=True)
        for name in ("domain", "skill", "metric"):
            table.add_column(name)
        table.add_column("instances", justify="right")
        table.add_column("no answer", justify="right")
        for r in group:
            table.add_row(r["task"], r["domain"], r["skill"], r["reward_metric"], f"{r['instances']:,}",
                          f"{r['unanswerable']:,}")
        console.print(table)
    return 0


def cmd_tasks_show(args: argparse.Namespace) -> int:
    import inspect

    from crmtui.tasks.instances import find_instance, load_instances

    instance = find_instance(load_instances(), args.id)
    if args.format == "json":
        print(json.dumps(instance.to_json(), ensure_ascii=False, indent=2))
        return 0
    from rich.console import Group
    from rich.panel import Panel
    from rich.syntax import Syntax
    from rich.text import Text

    i = instance
    parts: list = [
        Text.assemble((i.id, "bold"), f"  (idx {i.idx})"),
        Text(f"{i.task} · {i.suite} · org {i.org} · {i.domain} · {i.skill} · {i.audience} · "
             f"{i.reward_metric} · answer: {i.answer_kind}", style="dim"),
    ]
    if i.persona:
        parts.append(Panel(Text(i.persona), title="Persona", title_align="left"))
    parts.append(Panel(Text(i.query), title="Query", title_align="left"))
    parts.append(Panel(Text(inspect.cleandoc(i.required) or "(none)"), title="Context (metadata.required)",
                       title_align="left"))
    if i.optional.strip():
        if args.full:
            parts.append(Panel(Text(inspect.cleandoc(i.optional)), title="Domain details (metadata.optional)",
                               title_align="left"))
        else:
            parts.append(Text(f"Domain details: {len(i.optional):,} characters (--full shows them)", style="dim"))
    gold = Text("\n".join("None (not answerable)" if a is None else a for a in i.answer))
    parts.append(Panel(gold, title="Gold answer", title_align="left", border_style="green"))
    if i.reveal:
        parts.append(Panel(Text("\n".join(f"{n}. {r}" for n, r in enumerate(i.reveal, 1))),
                           title="Reveal (scripted user, turn by turn)", title_align="left"))
    if i.solution is not None:
        sol = i.solution
        body: list = []
        for n, q in enumerate(sol.queries, 1):
            body.append(Text(f"query {n}", style="dim"))
            body.append(Syntax(q, "sql", word_wrap=True, background_color="default"))
        derive = sol.derive + (f" {json.dumps(sol.params, ensure_ascii=False)}" if sol.params else "")
        body.append(Text.assemble(("derive: ", "dim"), derive or "-"))
        body.append(Text.assemble(("answer: ", "dim"), _answer_text(sol.answer)))
        parts.append(Panel(Group(*body), title="Reference solution", title_align="left"))
    if i.source:
        parts.append(Text("source: " + ", ".join(f"{k} {v}" for k, v in i.source.items()), style="dim"))
    _console().print(Group(*parts))
    return 0


def cmd_tasks_validate(args: argparse.Namespace) -> int:
    from crmtui.tasks.validate import validate_paths

    report = validate_paths(args.paths)
    for error in report.errors:
        print(error, file=sys.stderr)
    checked = (f"{report.specs} specs, {report.instance_files} instance files "
               f"({report.instances:,} instances) valid")
    if report.errors:
        print(f"{checked}; {len(report.errors)} with errors")
        return 1
    print(checked)
    return 0


def cmd_tasks_import(args: argparse.Namespace) -> int:
    from crmtui.tasks.importer import import_tasks

    result = import_tasks(args.files, args.suite, org=args.org, name=args.name, out=args.out)
    counts, unanswerable = result.counts, result.unanswerable
    if args.format == "json":
        print(json.dumps({"path": str(result.path), "total": len(result.instances),
                          "tasks": {t: {"instances": n, "unanswerable": unanswerable[t]} for t, n in counts.items()}},
                         indent=2))
        return 0
    from rich.table import Table

    table = Table()
    table.add_column("task")
    table.add_column("instances", justify="right")
    table.add_column("not answerable", justify="right")
    for task, n in counts.items():
        table.add_row(task, f"{n:,}", f"{unanswerable[task]:,}")
    console = _console()
    console.print(f"Imported {len(result.instances):,} tasks across {len(counts)} types from "
                  f"{len(args.files)} file{'s' if len(args.files) > 1 else ''} -> {result.path}", soft_wrap=True)
    console.print(table)
    return 0


def cmd_tasks_generate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from crmtui.tasks.generate import generate_org
    from crmtui.tasks.instances import instance_path, write_instances
    from crmtui.tasks.specs import load_specs

    specs = load_specs()
    orgs = args.org or sorted({org for spec in specs for org in spec.orgs})
    console = _console()
    for org in orgs:
        bar, report = _progress_bar()
        with bar:
            instances = generate_org(org, specs, per_task=args.per_task, seed=args.seed, progress=report)
        path = Path(args.out) / f"{org}.jsonl" if args.out else instance_path(org)
        write_instances(path, instances)
        kinds = len({i.task for i in instances})
        console.print(f"{org}: {len(instances):,} instances of {kinds} task types -> {path}", soft_wrap=True)
    return 0


# -- transcript store: import, export, verify ------------------------------------------------------------------

_DEFAULT_DB = "transcripts/crmtui.db"


def _add_store_commands(groups: argparse._SubParsersAction) -> None:
    imp = groups.add_parser("import", help="import CRMArena result files or crmtui JSONL into the transcript DB")
    imp.add_argument("files", nargs="+", metavar="FILE", help="CRMArena run_tasks.py result files (JSON arrays) or "
                     "crmtui JSONL exports; one transaction per file, re-importing adds nothing")
    imp.add_argument("--db", metavar="PATH", help=f"the transcript DB (default {_DEFAULT_DB}, created on first use)")
    imp.set_defaults(handler=cmd_import)

    exp = groups.add_parser("export", help="export the transcript DB as JSONL, CRMArena results or task JSON")
    exp.add_argument("--format", choices=("jsonl", "crmarena", "tasks-json"), default="jsonl",
                     help="jsonl: episodes with steps and annotations; crmarena: run_tasks.py result records; "
                     "tasks-json: reviewed tasks with their validation (default jsonl)")
    exp.add_argument("-o", "--output", metavar="PATH", help="write here (atomically) instead of stdout")
    exp.add_argument("--db", metavar="PATH", help=f"the transcript DB (default {_DEFAULT_DB})")
    exp.set_defaults(handler=cmd_export)

    ver = groups.add_parser("verify", help="check every episode's hash chain; exit 1 on any break")
    ver.add_argument("db_path", nargs="?", metavar="DB", help=f"the transcript DB (default {_DEFAULT_DB})")
    ver.add_argument("--db", metavar="PATH", help="the transcript DB (same as DB)")
    ver.add_argument("--format", choices=("table", "json"), default="table")
    ver.set_defaults(handler=cmd_verify)


def cmd_import(args: argparse.Namespace) -> int:
    from crmtui.store import open_store
    from crmtui.store.importer import import_file

    console = _console()
    with open_store(args.db or _DEFAULT_DB) as store:
        for path in args.files:
            bar, report = _progress_bar()
            with bar:
                result = import_file(store, path, progress=report)
            linked = f", {result.tasks_linked:,} linked to task instances" if result.tasks_linked else ""
            more = "".join(f", {n:,} {what}" for n, what in (
                (result.tasks_added, "task instances added"), (result.annotations_added, "annotations added"),
                (result.scores_added, "scores added"),
                (result.reviews_added, "gold reviews added")) if n)
            console.print(f"{path}: {result.records:,} records ({result.format}): {result.episodes_added:,} episodes "
                          f"added, {result.episodes_present:,} already present{linked}{more}", soft_wrap=True)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import os
    import tempfile
    from pathlib import Path

    from crmtui.store import open_store
    from crmtui.store.export import export

    with open_store(args.db or _DEFAULT_DB, create=False) as store:
        if not args.output:
            export(store, args.format, sys.stdout)
            return 0
        target = Path(args.output)
        if not target.parent.is_dir():
            raise CrmtuiError(f"cannot write {target}: directory {target.parent} does not exist")
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                count = export(store, args.format, out)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    what = "tasks" if args.format == "tasks-json" else "episodes"
    _console(stderr=True).print(f"exported {count:,} {what} ({args.format}) -> {target}", soft_wrap=True)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from crmtui.store import open_store

    path = args.db_path or args.db or _DEFAULT_DB
    with open_store(path, create=False) as store:
        report = store.verify()
    if args.format == "json":
        print(json.dumps({"db": str(path), **report.to_json()}, indent=2))
    else:
        for item in report.breaks:
            print(item)
        if report.ok:
            print(f"{path}: {report.episodes:,} episodes, {report.steps:,} steps: every hash chain verifies")
    if report.ok:
        return 0
    broken = len(report.broken_episodes)
    print(f"crmtui: error: {path}: {len(report.breaks)} breaks in {broken} episode{'s' * (broken != 1)}",
          file=sys.stderr)
    return 1


# -- episodes: run, score ----------------------------------------------------------------------------------------

def _add_episode_commands(groups: argparse._SubParsersAction) -> None:
    run = groups.add_parser("run", help="play episodes headless: an agent over task instances, scored and stored")
    run.add_argument("--agent", default="oracle",
                     help="oracle, react:<model>, functions:<model>, functions-fixed:<model> or replay:<episode> "
                          "(litellm model names; default oracle)")
    run.add_argument("--tasks", metavar="FILTER", help="key=value terms, comma-separated: org, suite, task, domain, "
                     "skill, audience, metric, kind, id (values may use | and * ?)")
    run.add_argument("--trials", type=int, default=1, metavar="K", help="episodes per instance (default 1)")
    run.add_argument("--turns", choices=("single", "multi"), default="single",
                     help="single-turn, or multi-turn with a user (default single)")
    run.add_argument("--user", metavar="SPEC",
                     help="multi-turn user: scripted, llm:<model> or replay:<episode> (default scripted)")
    run.add_argument("--concurrency", type=int, default=1, metavar="N", help="episodes played at once (default 1)")
    run.add_argument("--db", metavar="PATH", help=f"the transcript DB (default {_DEFAULT_DB})")
    run.add_argument("--org", metavar="SPEC", help="play every instance on this org: embedded:<dump> or salesforce "
                     "(default: embedded:<the instance's org>)")
    run.add_argument("--cassette", metavar="PATH", help="record or replay every model call with this file")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--record", action="store_true", help="with --cassette: call the models and record them")
    mode.add_argument("--replay", action="store_true", help="with --cassette: replay offline (the default)")
    run.add_argument("--privacy-aware", action="store_true", help="add the confidentiality guidelines to prompts")
    run.add_argument("--aided", action="store_true", help="add the tasks' domain details to prompts")
    run.add_argument("--max-turns", type=int, default=20, metavar="N",
                     help="agent actions per user turn (default 20)")
    run.add_argument("--max-user-turns", type=int, default=10, metavar="N",
                     help="user messages per conversation (default 10)")
    run.add_argument("--judge", metavar="llm:MODEL",
                     help="also ask an LLM extractor/judge, stored beside the deterministic score")
    run.add_argument("--limit", type=int, metavar="N", help="at most N instances")
    run.add_argument("--format", choices=("table", "json"), default="table")
    run.set_defaults(handler=cmd_run)

    score = groups.add_parser("score", help="re-score stored episodes with the current judge (old scores kept)")
    score.add_argument("episodes", nargs="*", metavar="EPISODE", help="episode ids (default: every finished one)")
    score.add_argument("--db", metavar="PATH", help=f"the transcript DB (default {_DEFAULT_DB})")
    score.add_argument("--tasks", metavar="FILTER", help="only episodes of instances matching this filter")
    score.add_argument("--judge", metavar="llm:MODEL", help="also ask an LLM extractor/judge")
    score.add_argument("--dry-run", action="store_true", help="show the new scores without recording them")
    score.add_argument("--format", choices=("table", "json"), default="table")
    score.set_defaults(handler=cmd_score)


def _run_instances(args: argparse.Namespace) -> list:
    from crmtui.tasks.instances import load_instances, parse_filter

    flt = parse_filter(args.tasks)
    instances = [i for i in load_instances() if flt.matches(i)]
    if args.limit is not None:
        instances = instances[:max(args.limit, 0)]
    if not instances:
        raise CrmtuiError(f"no task instances match {args.tasks or '(all)'}")
    return instances


def cmd_run(args: argparse.Namespace) -> int:
    import time

    from crmtui.episode.batch import BatchRunner, RunConfig, summarize
    from crmtui.episode.engine import Limits
    from crmtui.store import open_store

    if args.agent.partition(":")[0] == "human" or (args.user or "").partition(":")[0] == "human":
        raise CrmtuiError("a person plays in the app (crmtui), not in a batch run")
    if args.trials < 1 or args.concurrency < 1 or args.max_turns < 1 or args.max_user_turns < 1:
        raise CrmtuiError("--trials, --concurrency, --max-turns and --max-user-turns must be at least 1")
    if (args.record or args.replay) and not args.cassette:
        raise CrmtuiError("--record and --replay need --cassette PATH")
    user = args.user or ("scripted" if args.turns == "multi" else None)
    if args.user and args.turns == "single":
        raise CrmtuiError("--user needs --turns multi")
    cassette = None
    if args.cassette:
        from crmtui.episode.cassette import Cassette

        cassette = Cassette(args.cassette, "record" if args.record else "replay")
    instances = _run_instances(args)
    config = RunConfig(agent=args.agent, user=user, trials=args.trials, privacy_aware=args.privacy_aware,
                       aided=args.aided, limits=Limits(args.max_turns, args.max_user_turns), judge=args.judge,
                       org=args.org, cassette=cassette)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = _console(stderr=True)
    with open_store(args.db or _DEFAULT_DB) as store:
        runner = BatchRunner(config, store)
        todo, done = runner.plan(instances)
        if done:
            console.print(f"{len(done):,} episodes already finished in an earlier run: skipped", soft_wrap=True)
        bar = Progress(TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("success {task.fields[success]}"), TimeElapsedColumn(), console=console,
                       transient=True, disable=not console.is_terminal)
        task = bar.add_task("starting", total=len(todo), success="-")
        wins = 0

        def report(result, count, total):
            nonlocal wins
            wins += result.success
            bar.update(task, completed=count, description=f"{result.instance_id}"[:40],
                       success=f"{wins}/{count}")

        started = time.perf_counter()
        try:
            with bar:
                results = runner.run(instances, concurrency=args.concurrency, progress=report, planned=(todo, done))
        except KeyboardInterrupt:  # a second Ctrl-C while stopping
            runner.stop.set()
            results = done
        elapsed = time.perf_counter() - started
    summary = summarize(results)
    summary["seconds"] = elapsed
    interrupted = runner.stop.is_set()
    if args.format == "json":
        print(json.dumps({"summary": summary, "episodes": [r.to_json() for r in results]}, indent=2))
    else:
        _print_run_summary(summary)
        if interrupted:
            _console(stderr=True).print("interrupted: finished episodes are kept; run again to resume")
    return 130 if interrupted else 0


def _print_run_summary(summary: dict) -> None:
    from rich import box
    from rich.table import Table

    console = _wide_console()

    def table(title: str, rows: list[dict]) -> Table:
        t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
        t.add_column(title.split()[0].lower(), no_wrap=True)
        for name in ("episodes", "success", "mean reward", "cost $", "time s"):
            t.add_column(name, justify="right")
        for r in rows:
            t.add_row(r["name"], f"{r['episodes']:,}", f"{r['success']:.1%}", f"{r['mean_reward']:.3f}",
                      f"{r['cost']:.4f}", f"{r['seconds']:.1f}")
        return t

    if summary["tasks"]:
        console.print(table("Task results", summary["tasks"]))
        console.print(table("Skill results", summary["skills"]))
    overall = summary["overall"]
    parts = [f"{summary['finished']:,} played", f"{summary['skipped']:,} skipped"]
    if summary["interrupted"]:
        parts.append(f"{summary['interrupted']:,} interrupted")
    if summary["failed"]:
        parts.append(f"{summary['failed']:,} failed")
    line = ", ".join(parts) + f" in {summary['seconds']:.1f}s"
    if overall:
        line += (f"; success {overall['success']:.1%} over {overall['episodes']:,} episodes, "
                 f"cost ${overall['cost']:.4f}")
    console.print(line, soft_wrap=True)


def cmd_score(args: argparse.Namespace) -> int:
    from crmtui.episode.rescore import rescore_episode
    from crmtui.judge.llm import judge_from_spec
    from crmtui.store import open_store
    from crmtui.tasks.instances import parse_filter

    flt = parse_filter(args.tasks)
    judge = judge_from_spec(args.judge) if args.judge else None
    results = []
    schemas: dict = {}
    with open_store(args.db or _DEFAULT_DB, create=False) as store:
        if args.episodes:
            episodes = [store.get_episode(e, steps=True) for e in args.episodes]
        else:
            episodes = store.episodes(status="finished", steps=True)
        for ep in episodes:
            if flt and ep.task_id:
                instance = store.get_task(ep.task_id)
                if instance is None or not flt.matches(instance):
                    continue
            results.append(rescore_episode(store, ep, judge=judge, record=not args.dry_run, schemas=schemas))
    if args.format == "json":
        print(json.dumps([r.__dict__ for r in results], indent=2))
        return 0
    from rich import box
    from rich.table import Table

    changed = [r for r in results if r.changed and r.skipped is None]
    skipped = [r for r in results if r.skipped is not None]
    console = _wide_console()
    if changed:
        t = Table(title="Scores that changed", title_justify="left", box=box.SIMPLE_HEAD)
        for name in ("episode", "task", "old", "new"):
            t.add_column(name)
        for r in changed:
            t.add_row(r.episode_id, r.task_id or "-", "-" if r.previous is None else f"{r.previous:.3f}",
                      f"{r.reward:.3f}")
        console.print(t)
    scored = len(results) - len(skipped)
    verb = "would record" if args.dry_run else "recorded"
    console.print(f"{scored:,} episodes re-scored ({verb} beside the old scores), {len(changed):,} changed, "
                  f"{len(skipped):,} skipped", soft_wrap=True)
    return 0


# -- report ------------------------------------------------------------------------------------------------------

def _add_report_command(groups: argparse._SubParsersAction) -> None:
    rep = groups.add_parser("report", help="baselines: human vs agent outcomes, pass^k, effort, confidentiality, "
                            "gold validation, agreement")
    rep.add_argument("--db", metavar="PATH", help=f"the transcript DB (default {_DEFAULT_DB})")
    rep.add_argument("--format", choices=("table", "json", "csv", "html"), default="table",
                     help="table (rich, default), json (stable structure), csv (one statistic per row) or html "
                     "(one self-contained file with charts)")
    rep.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    rep.add_argument("--by", choices=("type", "skill", "domain", "org", "turn"), default="skill",
                     help="break outcomes down by task type, skill, domain, org or turn mode (default skill)")
    rep.add_argument("--suite", choices=("crmarena", "crmarena_pro"), help="only this suite")
    rep.add_argument("--org", help="only this org: original, b2b, b2c, external (or embedded:<kind>)")
    rep.add_argument("--task", metavar="NAME", help="only this task type, e.g. handle_time")
    rep.add_argument("--skill", help="only this skill, e.g. database_querying")
    rep.add_argument("--domain", help="only this domain: service, sales, cpq or confidentiality")
    rep.add_argument("--turn", choices=("single", "multi"), help="only single- or multi-turn episodes")
    rep.add_argument("--kind", choices=("human", "agent", "imported", "takeover"), help="only this kind of actor")
    rep.add_argument("--section", action="append",
                     choices=("outcomes", "pass_k", "effort", "confidentiality", "gold", "agreement", "judges"),
                     help="with --format table: only these sections (repeatable)")
    rep.add_argument("--export-gold", metavar="FILE", help="instead of the report, write the validated gold set "
                     "(validated and corrected tasks) as CRMArena task JSON with a validation block")
    rep.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from crmtui.report.command import run_report

    return run_report(args, _DEFAULT_DB)


_APP_OPTIONS = {"app_org": "--org", "app_db": "--db", "app_blind": "--blind", "app_annotator": "--annotator"}


def cmd_default(args: argparse.Namespace) -> int:
    """`crmtui` alone: open the app (Textual is imported here, never for --help or other commands)."""
    from crmtui.app import run_app

    given = {"org": args.app_org, "db_path": args.app_db, "blind": args.app_blind, "annotator": args.app_annotator}
    return run_app(**{name: value for name, value in given.items() if value not in (None, False)})


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", cmd_default)
    if handler is not cmd_default:
        given = [flag for dest, flag in _APP_OPTIONS.items() if getattr(args, dest)]
        if given:
            parser.error(f"{', '.join(given)} before a command applies to the app only: "
                         f"put {'it' if len(given) == 1 else 'them'} after the command")
    try:
        return handler(args)
    except CrmtuiError as exc:
        print(f"crmtui: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("crmtui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`crmtui tasks list | head`): stop quietly, without a second error at exit
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
