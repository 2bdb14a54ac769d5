"""Per-user data: where default orgs live and building them on first use."""

from __future__ import annotations

from pathlib import Path

from crmtui.home import crmtui_home
from crmtui.org.generate import DEFAULT_SEED, GENERATOR_VERSION, Progress, build_org
from crmtui.org.schema import ORG_KINDS, SchemaError


def default_org_path(kind: str, progress: Progress | None = None) -> Path:
    """The default org of `kind`, built into the user's data directory the first time it is asked for."""
    if kind not in ORG_KINDS:
        raise SchemaError(f"unknown org kind {kind!r} (expected one of {', '.join(ORG_KINDS)})")
    orgs = crmtui_home() / "orgs"
    path = orgs / f"{kind}-seed{DEFAULT_SEED}-gen{GENERATOR_VERSION}.db"
    if not path.exists():
        orgs.mkdir(parents=True, exist_ok=True)
        # Another process may be building the same org: both produce identical files and the
        # rename is atomic, so whichever lands last wins harmlessly.
        build_org(kind, DEFAULT_SEED, path, force=True, progress=progress)
    return path
