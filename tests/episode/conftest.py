"""An embedded B2B org built once per test session in a temporary directory (about a second)."""

from __future__ import annotations

import pytest

from crmtui.org.backends import EmbeddedBackend
from crmtui.org.generate import build_org
from crmtui.org.soql.engine import Engine


@pytest.fixture(scope="session")
def b2b_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("episode-org") / "b2b.db"
    build_org("b2b", seed=1, out=path)
    return path


@pytest.fixture(scope="session")
def backend(b2b_path):
    return EmbeddedBackend(Engine.open(b2b_path))


@pytest.fixture(scope="session")
def org_backend(tmp_path_factory, backend):
    """The embedded backend of an org kind built with seed 1 (the generated instances' orgs), built on demand."""
    cache = {"b2b": backend}

    def get(kind: str) -> EmbeddedBackend:
        if kind not in cache:
            path = tmp_path_factory.mktemp(f"episode-org-{kind}") / f"{kind}.db"
            build_org(kind, seed=1, out=path)
            cache[kind] = EmbeddedBackend(Engine.open(path))
        return cache[kind]

    return get


@pytest.fixture(scope="session")
def catalog():
    """Every generated instance of the catalog, by org."""
    from crmtui.tasks.instances import load_instances

    out: dict[str, list] = {}
    for instance in load_instances(include_imported=False):
        out.setdefault(instance.org, []).append(instance)
    return out


@pytest.fixture
def store(tmp_path):
    from crmtui.store import open_store

    with open_store(tmp_path / "episodes.db") as s:
        yield s
