"""The Textual app. Textual is imported only under this package (and only when the app runs).

    from crmtui.app import run_app
    run_app(org="embedded:b2c", db_path="transcripts/lab.db", blind=True, annotator="ana")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crmtui.errors import CrmtuiError

__all__ = ["AppOptions", "app_options", "run_app"]


@dataclass
class AppOptions:
    """What `crmtui` (no command) passes to the app: the default org, its dump if given, the DB, blind mode, who."""

    default_org: str = "b2b"
    org_paths: dict[str, Path] = field(default_factory=dict)
    db_path: Path | None = None
    blind: bool = False
    annotator: str | None = None


def _dump_kind(path: Path) -> str:
    """The org kind of a dump: its `_org` meta, else detected from its tables (an official CRMArena dump)."""
    import sqlite3

    from crmtui.org.dump import DumpError, open_readonly, read_meta
    from crmtui.org.schema import ORG_KINDS, load_schema
    from crmtui.org.soql.model import detect_kind

    try:
        conn = open_readonly(path)
    except DumpError as exc:
        raise CrmtuiError(str(exc)) from None
    try:
        kind = read_meta(conn).get("kind") or detect_kind(conn, {k: load_schema(k) for k in ORG_KINDS})
    except sqlite3.DatabaseError as exc:
        raise CrmtuiError(f"{path}: not an SQLite org dump ({exc})") from None
    finally:
        conn.close()
    if kind not in ORG_KINDS:
        raise CrmtuiError(f"{path}: unknown org kind {kind!r}")
    return kind


def app_options(*, org: str | None = None, db_path: str | Path | None = None, blind: bool = False,
                annotator: str | None = None) -> AppOptions:
    """Resolve the app's command-line options (CrmtuiError with one clear line when one is wrong).

    `org` is an org kind (`b2c`), a dump path, or the CLI's spec (`embedded:<kind>`, `embedded:<path>`): the
    default org of the query workbench; a dump is also used for every task of its kind.
    """
    from crmtui.org.spec import parse_org_spec

    options = AppOptions(db_path=Path(db_path).expanduser() if db_path is not None else None, blind=blind)
    if annotator is not None:
        if not annotator.strip():
            raise CrmtuiError("--annotator needs a name")
        options.annotator = annotator.strip()
    if org is None:
        return options
    if org == "salesforce":
        raise CrmtuiError("the app plays tasks on embedded orgs only: --org embedded:<kind> or embedded:<dump>; "
                          "a real org is for `crmtui org query` and `crmtui run --org salesforce`")
    spec = parse_org_spec(org if org.startswith("embedded:") else f"embedded:{org}")
    if spec.kind is not None:
        options.default_org = spec.kind
        return options
    assert spec.path is not None
    path = spec.dump_path()
    kind = _dump_kind(path)
    options.default_org = kind
    options.org_paths[kind] = path
    return options


def run_app(*, org: str | None = None, db_path: str | Path | None = None, blind: bool = False,
            annotator: str | None = None) -> int:
    """Open the app on the Tasks screen; returns the exit code."""
    options = app_options(org=org, db_path=db_path, blind=blind, annotator=annotator)
    from crmtui.app.app import CrmtuiApp

    app = CrmtuiApp(org_paths=options.org_paths, db_path=options.db_path, blind=options.blind,
                    annotator=options.annotator, default_org=options.default_org)
    app.run()
    return app.return_code or 0
