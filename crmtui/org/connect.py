"""One entry point for a simple-salesforce client, embedded or real.

    sf = connect("embedded:b2b")               # the default B2B org (built on first use)
    sf = connect("embedded:/path/to/dump.db")  # any dump; an official CRMArena dump needs now=...
    sf = connect("salesforce")                 # a real org, credentials from the environment
    sf.query("SELECT Id, Name FROM Account LIMIT 5")

Embedded orgs are answered in-process by the SOQL/SOSL engine through a requests transport adapter, so
the returned object is a genuine `simple_salesforce.Salesforce` either way.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from simple_salesforce import Salesforce

from crmtui.errors import CrmtuiError
from crmtui.org.adapter import EMBEDDED_URL, embedded_session
from crmtui.org.soql.engine import DEFAULT_API_VERSION, Engine

_lock = threading.Lock()
_engines: dict[tuple, Engine] = {}


class ConnectError(CrmtuiError):
    """An org spec that cannot be connected to (bad spec, missing credentials)."""


def open_engine(spec: str, *, now: str | None = None, kind: str | None = None,
                api_version: str = DEFAULT_API_VERSION) -> Engine:
    """The (shared, read-only) engine of an embedded org spec: `embedded:<kind>` or `embedded:<path>`."""
    from crmtui.org.spec import parse_org_spec

    try:
        parsed = parse_org_spec(spec)
    except ValueError as exc:
        raise ConnectError(str(exc)) from exc
    if parsed.backend != "embedded":
        raise ConnectError(f"{spec!r} is not an embedded org")
    if parsed.kind is not None:
        from crmtui.org.home import default_org_path

        path = Path(default_org_path(parsed.kind))
        kind = kind or parsed.kind
    else:
        assert parsed.path is not None
        path = parsed.path
    key = (str(path.resolve()), now, kind, api_version)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = Engine.open(path, kind=kind, now=now, api_version=api_version)
            _engines[key] = engine
    return engine


def embedded_client(engine: Engine, api_version: str | None = None) -> Salesforce:
    """A simple-salesforce client whose session is served by `engine`."""
    sf = Salesforce(
        instance_url=EMBEDDED_URL,
        session_id="embedded",
        session=embedded_session(engine),
        version=api_version or engine.api_version,
    )
    sf.embedded_engine = engine  # type: ignore[attr-defined]
    return sf


def salesforce_client(api_version: str = DEFAULT_API_VERSION) -> Salesforce:
    """A client for a real org from `SALESFORCE_USERNAME/PASSWORD/SECURITY_TOKEN` (optionally
    `SALESFORCE_DOMAIN`, e.g. `test`) or `SALESFORCE_INSTANCE_URL/SESSION_ID`."""
    env = os.environ
    if env.get("SALESFORCE_INSTANCE_URL") and env.get("SALESFORCE_SESSION_ID"):
        return Salesforce(instance_url=env["SALESFORCE_INSTANCE_URL"], session_id=env["SALESFORCE_SESSION_ID"],
                          version=api_version)
    if env.get("SALESFORCE_USERNAME") and env.get("SALESFORCE_PASSWORD"):
        return Salesforce(
            username=env["SALESFORCE_USERNAME"],
            password=env["SALESFORCE_PASSWORD"],
            security_token=env.get("SALESFORCE_SECURITY_TOKEN", ""),
            domain=env.get("SALESFORCE_DOMAIN") or None,
            version=api_version,
        )
    raise ConnectError(
        "no Salesforce credentials: set SALESFORCE_USERNAME, SALESFORCE_PASSWORD and SALESFORCE_SECURITY_TOKEN "
        "(or SALESFORCE_INSTANCE_URL and SALESFORCE_SESSION_ID)"
    )


def connect(spec: str = "embedded:b2b", *, now: str | None = None, kind: str | None = None,
            api_version: str = DEFAULT_API_VERSION) -> Salesforce:
    """A `simple_salesforce.Salesforce` for `embedded:<kind>`, `embedded:<path>` or `salesforce`.

    `now` sets the org clock of a dump without one (an official CRMArena dump); `kind` overrides the
    schema kind detected for such a dump.
    """
    if spec == "salesforce":
        return salesforce_client(api_version)
    return embedded_client(open_engine(spec, now=now, kind=kind, api_version=api_version))
