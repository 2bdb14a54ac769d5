"""Org specs as given to `--org`: `embedded:<kind>`, `embedded:<path to dump>`, or `salesforce`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crmtui.errors import CrmtuiError
from crmtui.org.generate import Progress
from crmtui.org.schema import ORG_KINDS

DEFAULT_ORG = "embedded:b2b"


class OrgSpecError(CrmtuiError, ValueError):
    """An --org value that names no org."""


@dataclass(frozen=True)
class OrgSpec:
    backend: str  # "embedded" or "salesforce"
    kind: str | None = None  # a default org kind, for embedded:<kind>
    path: Path | None = None  # an explicit dump, for embedded:<path>

    def dump_path(self, progress: Progress | None = None) -> Path:
        """The dump file of an embedded org, building a default org on first use."""
        if self.backend != "embedded":
            raise OrgSpecError("a real Salesforce org has no local dump")
        if self.path is not None:
            if not self.path.is_file():
                raise OrgSpecError(f"{self.path}: no such org dump")
            return self.path
        from crmtui.org.home import default_org_path

        return default_org_path(self.kind or "b2b", progress)


def parse_org_spec(text: str) -> OrgSpec:
    """Parse an --org value."""
    if text == "salesforce":
        return OrgSpec("salesforce")
    backend, sep, rest = text.partition(":")
    if backend != "embedded" or not sep or not rest:
        raise OrgSpecError(
            f"invalid --org {text!r}: expected embedded:<kind> ({', '.join(ORG_KINDS)}), "
            "embedded:<path to dump> or salesforce"
        )
    if rest in ORG_KINDS:
        return OrgSpec("embedded", kind=rest)
    return OrgSpec("embedded", path=Path(rest).expanduser())
