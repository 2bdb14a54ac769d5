"""Backends: the one interface tools and the app use to talk to an org, embedded or real.

    query(soql) / query_more(locator) / query_all(soql) / search(sosl) / get(object, id) /
    describe(object) / describe_global()

Each returns Salesforce REST JSON (plain dicts) and raises `crmtui.org.errors.SalesforceError` with the
errorCode and message Salesforce uses. `EmbeddedBackend` runs the SOQL/SOSL engine on an org dump;
`SalesforceBackend` forwards to a real org through simple-salesforce.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any, Protocol, runtime_checkable

from crmtui.org.errors import SalesforceError
from crmtui.org.soql.engine import Engine


@runtime_checkable
class Backend(Protocol):
    name: str
    read_only: bool

    def query(self, soql: str) -> dict[str, Any]: ...
    def query_more(self, locator: str) -> dict[str, Any]: ...
    def query_all(self, soql: str) -> dict[str, Any]: ...
    def search(self, sosl: str) -> dict[str, Any]: ...
    def get(self, sobject: str, record_id: str) -> dict[str, Any]: ...
    def describe(self, sobject: str) -> dict[str, Any]: ...
    def describe_global(self) -> dict[str, Any]: ...


class EmbeddedBackend:
    """The SOQL/SOSL engine over a read-only org dump; `now` is the org clock."""

    read_only = True

    def __init__(self, engine: Engine, name: str = "embedded") -> None:
        self.engine = engine
        self.name = name

    @property
    def now(self) -> str:
        return self.engine.clock.wire()

    def query(self, soql: str) -> dict[str, Any]:
        return self.engine.query(soql)

    def query_more(self, locator: str) -> dict[str, Any]:
        return self.engine.query_more(locator)

    def query_all(self, soql: str) -> dict[str, Any]:
        return self.engine.query_all(soql)

    def search(self, sosl: str) -> dict[str, Any]:
        return self.engine.search(sosl)

    def get(self, sobject: str, record_id: str) -> dict[str, Any]:
        return self.engine.get(sobject, record_id)

    def describe(self, sobject: str) -> dict[str, Any]:
        return self.engine.describe(sobject)

    def describe_global(self) -> dict[str, Any]:
        return self.engine.describe_global()

    def client(self):
        """A simple-salesforce client served by the same engine."""
        from crmtui.org.connect import embedded_client

        return embedded_client(self.engine)


def _from_simple_salesforce(exc: Exception) -> SalesforceError:
    status = getattr(exc, "status", 500)
    content = getattr(exc, "content", None)
    if isinstance(content, bytes | str):
        with contextlib.suppress(ValueError):
            content = json.loads(content)
    if isinstance(content, list) and content and isinstance(content[0], dict):
        first = content[0]
        return SalesforceError(str(first.get("errorCode", "UNKNOWN_EXCEPTION")), str(first.get("message", "")),
                               status=int(status or 500))
    return SalesforceError("UNKNOWN_EXCEPTION", str(content or exc), status=int(status or 500))


class SalesforceBackend:
    """A real org through simple-salesforce (read and write as the credentials allow)."""

    read_only = False

    def __init__(self, sf: Any, name: str = "salesforce") -> None:
        self.sf = sf
        self.name = name

    def _call(self, fn, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from simple_salesforce.exceptions import SalesforceError as SimpleSalesforceError

        try:
            result = fn(*args, **kwargs)
        except SimpleSalesforceError as exc:
            raise _from_simple_salesforce(exc) from None
        return _plain(result)

    def query(self, soql: str) -> dict[str, Any]:
        return self._call(self.sf.query, soql)

    def query_more(self, locator: str) -> dict[str, Any]:
        return self._call(self.sf.query_more, locator, identifier_is_url=locator.startswith("/"))

    def query_all(self, soql: str) -> dict[str, Any]:
        return self._call(self.sf.query_all, soql)

    def search(self, sosl: str) -> dict[str, Any]:
        return self._call(self.sf.search, sosl) or {"searchRecords": []}

    def get(self, sobject: str, record_id: str) -> dict[str, Any]:
        return self._call(self.sf.restful, f"sobjects/{sobject}/{record_id}")

    def describe(self, sobject: str) -> dict[str, Any]:
        return self._call(self.sf.restful, f"sobjects/{sobject}/describe")

    def describe_global(self) -> dict[str, Any]:
        return self._call(self.sf.describe)


def _plain(value: Any) -> Any:
    """OrderedDicts (simple-salesforce's default JSON hook) to plain dicts, recursively."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def open_backend(spec: str = "embedded:b2b", *, now: str | None = None, kind: str | None = None) -> Backend:
    """The backend for an `--org` spec: `embedded:<kind>`, `embedded:<path>` or `salesforce`."""
    from crmtui.org.connect import open_engine, salesforce_client

    if spec == "salesforce":
        return SalesforceBackend(salesforce_client())
    return EmbeddedBackend(open_engine(spec, now=now, kind=kind), name=spec)
