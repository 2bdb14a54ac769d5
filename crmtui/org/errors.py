"""Salesforce API errors as the REST API reports them: an HTTP status and `[{"message", "errorCode"}]`.

Query and search errors carry Salesforce's position excerpt: the message starts with a newline, an
excerpt of the offending line, a caret under the error column and `ERROR at Row:R:Column:C`, then the
error text (for example ``"\\nSELECT Id, Foo FROM Case\\n           ^\\nERROR at Row:1:Column:12\\nNo such
column 'Foo' on entity 'Case'. ..."``).
"""

from __future__ import annotations

from typing import Any

# Text Salesforce appends to unknown-name errors.
CUSTOM_FIELD_HINT = (
    "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. "
    "Please reference your WSDL or the describe call for the appropriate names."
)
CUSTOM_REL_HINT = (
    "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom "
    "relationship name. Please reference your WSDL or the describe call for the appropriate names."
)
CUSTOM_OBJECT_HINT = (
    "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. "
    "Please reference your WSDL or the describe call for the appropriate names."
)

# How much of a long query line the excerpt shows around the error column.
_EXCERPT_BEFORE = 30
_EXCERPT_AFTER = 50


class SalesforceError(Exception):
    """A Salesforce API error: `status` (HTTP), `error_code` (e.g. MALFORMED_QUERY) and `message`."""

    def __init__(self, error_code: str, message: str, status: int = 400) -> None:
        super().__init__(f"{error_code}: {message}")
        self.error_code = error_code
        self.message = message
        self.status = status

    def to_json(self) -> list[dict[str, Any]]:
        """The REST body: a JSON array with one error object."""
        return [{"message": self.message, "errorCode": self.error_code}]

    def __repr__(self) -> str:
        return f"SalesforceError({self.error_code!r}, {self.message!r}, status={self.status})"


def excerpt(text: str, line: int, column: int) -> str:
    """Salesforce's position prefix: `\\n<excerpt>\\n<caret>\\nERROR at Row:R:Column:C\\n`.

    `line` and `column` are 1-based. Long lines are cut to a window around the column, as Salesforce
    does, so the caret stays close to the start of the excerpt.
    """
    lines = text.split("\n") or [""]
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    idx = max(column - 1, 0)
    start = 0
    if idx > _EXCERPT_BEFORE:
        start = idx - _EXCERPT_BEFORE
        # Begin the window at a word boundary, never after the error column.
        while start < idx and src[start - 1 : start].strip() and src[start - 1] not in ",(":
            start += 1
        while start < idx and src[start] == " ":
            start += 1
    end = min(len(src), idx + _EXCERPT_AFTER)
    window = src[start:end].rstrip("\r")
    caret = " " * (idx - start) + "^"
    return f"\n{window}\n{caret}\nERROR at Row:{line}:Column:{column}\n"


def query_error(error_code: str, body: str, text: str, line: int, column: int) -> SalesforceError:
    """A query/search error whose message has the position excerpt before `body`."""
    return SalesforceError(error_code, excerpt(text, line, column) + body)


def not_found(message: str = "The requested resource does not exist") -> SalesforceError:
    return SalesforceError("NOT_FOUND", message, status=404)


def read_only(operation: str, sobject: str) -> SalesforceError:
    """The refusal every write to an embedded org gets: it is opened read-only for play."""
    return SalesforceError(
        "INSUFFICIENT_ACCESS_OR_READONLY",
        f"insufficient access rights on object id: the embedded org is read-only, {operation} on {sobject} "
        "is not permitted",
        status=403,
    )
