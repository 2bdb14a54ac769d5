"""Build hook (used by setuptools only, never at run time): ship the top-level `tasks/` catalog in the wheel.

The catalog lives at the top of the repository (`tasks/<suite>/*.yaml`, `tasks/instances/*.jsonl`) so people
can read and review it; setuptools cannot map a directory outside the package as package data, so this
`build_py` copies it to `crmtui/_catalog/` in the build tree. `crmtui.tasks.paths.tasks_root()` finds it there
when crmtui is installed from a wheel. Wired in pyproject.toml:

    [tool.setuptools.cmdclass]
    build_py = "crmtui.tasks._build.BuildPyWithCatalog"

and MANIFEST.in (`graft tasks`) so an sdist carries the catalog too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py

CATALOG_SOURCE = "tasks"
CATALOG_TARGET = ("crmtui", "_catalog")


class BuildPyWithCatalog(build_py):
    def run(self) -> None:
        super().run()
        source = Path(__file__).resolve().parents[2] / CATALOG_SOURCE
        if not source.is_dir():
            return
        target = Path(self.build_lib).joinpath(*CATALOG_TARGET)
        shutil.copytree(source, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".*", "__pycache__", "*.pyc"))
