"""The base of every error a user can cause (bad input, missing file): the CLI prints it as one line."""


class CrmtuiError(Exception):
    """A user-facing error whose message names what was wrong and where."""


def location(path: str, line: int | None = None, record: int | None = None, field: str | None = None) -> str:
    """Where in a file a problem is: `path[:line][: record N][, field 'F']`."""
    where = path
    if line is not None:
        where += f":{line}"
    if record is not None:
        where += f": record {record}"
    if field is not None:
        where += f", field {field!r}"
    return where
