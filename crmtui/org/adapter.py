"""A requests transport adapter that serves the Salesforce REST API from the embedded engine.

Mount it on a `requests.Session` and hand that session to simple-salesforce: its own code paths
(URL building, pagination, exception mapping) run unchanged, no global patching involved.

    session = requests.Session()
    session.mount(EMBEDDED_URL, EmbeddedAdapter(engine))
    sf = Salesforce(instance_url=EMBEDDED_URL, session_id="embedded", session=session)

Served (GET): /services/data/, /services/data/vXX.X/, query, queryAll, query/<locator>, search,
sobjects/ (describeGlobal), sobjects/<obj>/, sobjects/<obj>/describe, sobjects/<obj>/<id>, limits.
Every write (POST, PATCH, PUT, DELETE) is refused with 403 INSUFFICIENT_ACCESS_OR_READONLY: orgs opened
for play are read-only so that gold answers stay valid.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from crmtui.org import rest
from crmtui.org.errors import SalesforceError, not_found, read_only
from crmtui.org.soql.engine import Engine

EMBEDDED_URL = "https://embedded.crmtui.invalid"
_DATA = re.compile(r"^/services/data/?$")
_VERSIONED = re.compile(r"^/services/data/v(\d+\.\d+)(/.*)?$")
_BATCH = re.compile(r"batchSize\s*=\s*(\d+)", re.IGNORECASE)
_REASONS = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 403: "Forbidden",
            404: "Not Found", 405: "Method Not Allowed", 500: "Server Error"}


class EmbeddedAdapter(BaseAdapter):
    """Answers Salesforce REST requests from an `Engine`."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        try:
            status, body = self.route(request)
        except SalesforceError as exc:
            status, body = exc.status, exc.to_json()
        return _response(request, status, body)

    def close(self) -> None:  # nothing pooled
        pass

    # -- routing
    def route(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        method = (request.method or "GET").upper()
        parts = urlsplit(request.url or "")
        path = unquote(parts.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        if _DATA.match(path):
            return 200, rest.versions()
        m = _VERSIONED.match(path)
        if not m:
            raise not_found()
        version, rest_path = m.group(1), (m.group(2) or "/").rstrip("/") or "/"
        segs = [s for s in rest_path.split("/") if s]
        if method != "GET":
            if method == "HEAD":
                return 200, None
            obj = segs[1] if len(segs) > 1 and segs[0] == "sobjects" else (segs[0] if segs else "this resource")
            op = {"POST": "create", "PATCH": "update", "PUT": "upsert", "DELETE": "delete"}.get(method, method)
            raise read_only(op, obj)
        eng = self.engine
        if not segs:
            return 200, rest.resources(version)
        head = segs[0]
        if head in ("query", "queryAll"):
            batch = _batch_size(request)
            if len(segs) == 1:
                q = (query.get("q") or [""])[0]
                if not q.strip():
                    raise SalesforceError("MALFORMED_QUERY", "A query string has to be specified")
                return 200, eng.query(q, include_deleted=head == "queryAll", api_version=version, batch_size=batch)
            if len(segs) == 2:
                return 200, eng.query_more(segs[1], api_version=version, batch_size=batch)
        elif head == "search" and len(segs) == 1:
            q = (query.get("q") or [""])[0]
            if not q.strip():
                raise SalesforceError("MALFORMED_SEARCH", "A search string has to be specified")
            return 200, eng.search(q, api_version=version)
        elif head == "limits" and len(segs) == 1:
            return 200, rest.limits()
        elif head == "sobjects":
            if len(segs) == 1:
                return 200, eng.describe_global(api_version=version)
            obj = eng.model.obj(segs[1])
            if obj is None:
                raise not_found()
            if len(segs) == 2:
                return 200, rest.sobject_basic_info(eng.model, obj, version)
            if len(segs) == 3 and segs[2] == "describe":
                return 200, eng.describe(obj.name, api_version=version)
            if len(segs) == 3:
                fields = (query.get("fields") or [""])[0]
                names = [f for f in fields.split(",") if f.strip()] or None
                return 200, eng.get(obj.name, segs[2], names, api_version=version)
        raise not_found()


def _batch_size(request: requests.PreparedRequest) -> int:
    opts = request.headers.get("Sforce-Query-Options", "") if request.headers else ""
    m = _BATCH.search(opts)
    return int(m.group(1)) if m else 2000


class EmbeddedResponse(requests.Response):
    """A Response whose JSON body is kept as Python data.

    `.content`/`.text` serialise it on first use; `.json()` rebuilds the same structure directly (honouring
    `object_pairs_hook` and `parse_float`, which is all simple-salesforce passes), skipping a JSON encode and
    decode of large pages. Any other `json()` argument falls back to decoding the serialised body.
    """

    _body: Any = None

    @property
    def content(self) -> bytes:  # type: ignore[override]
        if self._content is False:
            self._content = b"" if self._body is None else json.dumps(self._body, ensure_ascii=False).encode()
        return self._content  # type: ignore[return-value]

    def json(self, **kwargs: Any) -> Any:
        hook = kwargs.pop("object_pairs_hook", None)
        parse_float = kwargs.pop("parse_float", None)
        if kwargs or self._body is None:
            return super().json(object_pairs_hook=hook, parse_float=parse_float, **kwargs)
        return _rebuild(self._body, hook, parse_float)


def _rebuild(value: Any, hook: Any, parse_float: Any) -> Any:
    if parse_float is not None:
        return _rebuild_slow(value, hook, parse_float)
    make = hook if hook is not None else dict

    def conv(v: Any) -> Any:  # recursion only into containers: records are mostly scalars
        if type(v) is dict:
            return make([(k, conv(x)) if type(x) in _CONTAINERS else (k, x) for k, x in v.items()])
        return [conv(x) if type(x) in _CONTAINERS else x for x in v]

    return conv(value) if type(value) in _CONTAINERS else value


_CONTAINERS = (dict, list)


def _rebuild_slow(value: Any, hook: Any, parse_float: Any) -> Any:
    kind = type(value)
    if kind is dict:
        pairs = [(k, _rebuild_slow(v, hook, parse_float)) for k, v in value.items()]
        return hook(pairs) if hook is not None else dict(pairs)
    if kind is list:
        return [_rebuild_slow(v, hook, parse_float) for v in value]
    if kind is float:
        return parse_float(repr(value))
    return value


def _response(request: requests.PreparedRequest, status: int, body: Any) -> requests.Response:
    resp = EmbeddedResponse()
    resp.status_code = status
    resp.reason = _REASONS.get(status, "")
    resp.url = request.url or ""
    resp.request = request
    resp.encoding = "utf-8"
    resp.headers = CaseInsensitiveDict({"Content-Type": "application/json;charset=UTF-8"})
    resp._body = body
    return resp


def embedded_session(engine: Engine, base_url: str = EMBEDDED_URL) -> requests.Session:
    """A requests session whose calls to `base_url` are answered by `engine` (nothing else is mounted)."""
    session = requests.Session()
    session.mount(base_url, EmbeddedAdapter(engine))
    return session
