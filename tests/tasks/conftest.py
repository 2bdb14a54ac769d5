"""Shared fixtures: an isolated catalog and home, and a registry holding only a fake oracle.

Neither is autouse (oracle and generation tests in this directory need the real registry and catalog): the
modules that want them say `pytestmark = pytest.mark.usefixtures("fake_oracles", "isolated")`.
"""

from __future__ import annotations

import pytest

from crmtui.tasks import oracles
from tests.tasks.helpers import FakeOracle


@pytest.fixture
def fake_oracles(monkeypatch):
    """Only the fake oracle is registered, whatever the real registry holds."""
    registry = {"fake": FakeOracle()}
    monkeypatch.setattr(oracles, "ORACLES", registry)
    return registry


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """An empty task catalog ($CRMTUI_TASKS) and home ($CRMTUI_HOME) under tmp_path."""
    root = tmp_path / "catalog"
    root.mkdir()
    monkeypatch.setenv("CRMTUI_TASKS", str(root))
    monkeypatch.setenv("CRMTUI_HOME", str(tmp_path / "home"))
    return root


@pytest.fixture
def catalog(isolated):
    return isolated


@pytest.fixture
def imported(tmp_path):
    """Where imports land: $CRMTUI_HOME/tasks/instances."""
    return tmp_path / "home" / "tasks" / "instances"
