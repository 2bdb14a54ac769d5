"""The base of every error a user can cause (bad input, missing file): the CLI prints it as one line."""


class CrmtuiError(Exception):
    """A user-facing error whose message names what was wrong and where."""
