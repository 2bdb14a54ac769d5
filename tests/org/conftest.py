"""Generated orgs shared by the org tests (each kind is built once per test session)."""

from __future__ import annotations

import sqlite3

import pytest

from crmtui.org.generate import BuildResult, build_org


class BuiltOrg:
    """A built org: the build result (with latent variables) and a read-only connection to its dump."""

    def __init__(self, result: BuildResult) -> None:
        self.result = result
        self.latent = result.latent
        self.conn = sqlite3.connect(f"file:{result.path}?mode=ro", uri=True)

    def rows(self, sql: str, *params) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def value(self, sql: str, *params):
        return self.conn.execute(sql, params).fetchone()[0]


@pytest.fixture(scope="session")
def org_factory(tmp_path_factory):
    cache: dict[str, BuiltOrg] = {}

    def get(kind: str) -> BuiltOrg:
        if kind not in cache:
            path = tmp_path_factory.mktemp(f"org-{kind}") / f"{kind}.db"
            cache[kind] = BuiltOrg(build_org(kind, seed=1, out=path))
        return cache[kind]

    return get


@pytest.fixture(scope="session", params=["original", "b2b", "b2c"])
def any_org(request, org_factory) -> BuiltOrg:
    return org_factory(request.param)


@pytest.fixture(scope="session")
def original(org_factory) -> BuiltOrg:
    return org_factory("original")


@pytest.fixture(scope="session")
def b2b(org_factory) -> BuiltOrg:
    return org_factory("b2b")


@pytest.fixture(scope="session")
def b2c(org_factory) -> BuiltOrg:
    return org_factory("b2c")


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman rank correlation (no tie correction needed for continuous latent values)."""

    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=values.__getitem__)
        out = [0.0] * len(values)
        for rank, i in enumerate(order):
            out[i] = float(rank)
        return out

    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy)
