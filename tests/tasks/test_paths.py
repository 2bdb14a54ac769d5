"""Where the catalog is found: $CRMTUI_TASKS, the source checkout, or the copy inside the installed package."""

from __future__ import annotations

from pathlib import Path

from crmtui.tasks import paths


def test_env_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMTUI_TASKS", str(tmp_path / "cat"))
    assert paths.tasks_root() == tmp_path / "cat"
    assert paths.instance_path("b2c") == tmp_path / "cat" / "instances" / "b2c.jsonl"


def test_source_checkout(monkeypatch):
    monkeypatch.delenv("CRMTUI_TASKS", raising=False)
    repo = Path(paths.__file__).resolve().parents[2]
    assert paths.tasks_root() == repo / "tasks"


def test_installed_copy(tmp_path, monkeypatch):
    monkeypatch.delenv("CRMTUI_TASKS", raising=False)
    package = tmp_path / "site-packages" / "crmtui"
    package.mkdir(parents=True)
    (tmp_path / "site-packages" / "tasks").mkdir()  # someone else's top-level `tasks` package: not ours
    monkeypatch.setattr(paths, "_package_dir", lambda: package)
    assert paths.tasks_root() == package / "_catalog"


def test_imports_go_to_the_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMTUI_HOME", str(tmp_path / "h"))
    assert paths.imported_dir() == tmp_path / "h" / "tasks" / "instances"
