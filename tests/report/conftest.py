"""Fixtures of the report tests: an embedded B2B org and the small transcript DB of tests/report/fixture_db.py,
built once per session."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from crmtui.org.backends import EmbeddedBackend
from crmtui.org.generate import build_org
from crmtui.org.soql.engine import Engine
from tests.report.fixture_db import build_store, pick_instances


@pytest.fixture(scope="session")
def b2b_backend(tmp_path_factory):
    path = tmp_path_factory.mktemp("report-org") / "b2b.db"
    build_org("b2b", seed=1, out=path)
    return EmbeddedBackend(Engine.open(path))


@pytest.fixture(scope="session")
def report_db(tmp_path_factory, b2b_backend) -> SimpleNamespace:
    built = build_store(tmp_path_factory.mktemp("report-db") / "crmtui.db", b2b_backend, pick_instances())
    yield built
    built.store.close()
