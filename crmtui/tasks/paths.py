"""Where the task catalog lives.

- `tasks_root()`: the catalog of task specs (`<root>/<suite>/<task>.yaml`) and generated instances
  (`<root>/instances/<org>.jsonl`). `$CRMTUI_TASKS` if set; else the top-level `tasks/` of the source
  checkout this package runs from; else the copy shipped inside the installed package (`crmtui/_catalog`).
- `imported_dir()`: where `crmtui tasks import` writes CRMArena's own task files after normalising them:
  `$CRMTUI_HOME/tasks/instances/` (default: the platform's per-user data directory). Imports are kept out of
  the source tree on purpose: the official files are CC BY-NC 4.0 and must not be committed by accident.
"""

from __future__ import annotations

import os
from pathlib import Path

from crmtui.home import crmtui_home

INSTANCES_DIR = "instances"
CATALOG_PACKAGE_DIR = "_catalog"  # tasks/ as shipped inside the wheel: crmtui/_catalog/


def _package_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def tasks_root() -> Path:
    """The task catalog directory (see the module docstring for the lookup order)."""
    env = os.environ.get("CRMTUI_TASKS")
    if env:
        return Path(env).expanduser()
    package = _package_dir()
    repo = package.parent
    if (repo / "pyproject.toml").is_file() and (repo / "tasks").is_dir():
        return repo / "tasks"
    return package / CATALOG_PACKAGE_DIR


def instances_dir(root: Path | None = None) -> Path:
    """`<root>/instances`: the generated instance files, one per org."""
    return (root if root is not None else tasks_root()) / INSTANCES_DIR


def instance_path(org: str, root: Path | None = None) -> Path:
    """`<root>/instances/<org>.jsonl`: where `tasks generate` writes the instances of one org."""
    return instances_dir(root) / f"{org}.jsonl"


def imported_dir() -> Path:
    """`$CRMTUI_HOME/tasks/instances`: instance files written by `crmtui tasks import`."""
    return crmtui_home() / "tasks" / INSTANCES_DIR
