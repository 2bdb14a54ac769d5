"""The store's CLI commands keep `crmtui --help` light and are registered with the shared options."""

from __future__ import annotations

import json

from crmtui.cli import _parser

from .conftest import run_python

HEAVY = ("sqlite_utils", "rich", "textual", "litellm", "crmtui.store")


def test_help_imports_nothing_heavy():
    code = ("import sys, contextlib, io\n"
            "from crmtui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    for argv in (['--help'], ['import', '--help'], ['export', '--help'], ['verify', '--help']):\n"
            "        try:\n"
            "            main(argv)\n"
            "        except SystemExit:\n"
            "            pass\n"
            f"print([m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m.startswith('crmtui.store')])")
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.replace("'", '"')) == []


def test_store_commands_parse():
    parser = _parser()
    args = parser.parse_args(["import", "a.json", "b.jsonl", "--db", "x.db"])
    assert (args.files, args.db) == (["a.json", "b.jsonl"], "x.db")
    args = parser.parse_args(["export", "--format", "tasks-json", "-o", "t.json"])
    assert (args.format, args.output, args.db) == ("tasks-json", "t.json", None)
    args = parser.parse_args(["verify"])
    assert (args.db_path, args.db, args.format) == (None, None, "table")
