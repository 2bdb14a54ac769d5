"""Keep credentials out of the transcript DB.

Every value the store writes passes through a Redactor built from the environment when the store opens: the
value of any variable whose name says it holds a credential (`*_API_KEY`, `*_TOKEN`, `*_SECRET`, `*_PASSWORD`,
`SALESFORCE_SECURITY_TOKEN`, ...) is replaced by `[REDACTED:<NAME>]` wherever it appears (an LLM echoing its
key, an authentication error quoting it, an imported transcript that leaked it). Values shorter than 8
characters are ignored (too likely to occur by chance, and too weak to be a real secret).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import Any

_SECRET_NAME = re.compile(
    r"(API_?KEY|ACCESS_?KEY|SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE_?KEY|AUTH(?!OR)|SESSION_?ID)",
    re.IGNORECASE)
MIN_SECRET_LENGTH = 8


class Redactor:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        found: dict[str, str] = {}
        for name, value in env.items():
            if _SECRET_NAME.search(name) and value and len(value) >= MIN_SECRET_LENGTH:
                found.setdefault(value, name)
        # longest first, so a secret containing another is replaced whole
        self.secrets: list[tuple[str, str]] = sorted(
            ((value, f"[REDACTED:{name}]") for value, name in found.items()), key=lambda p: -len(p[0]))
        # a secret as it appears inside JSON text (escaped), to test serialised values quickly
        self._json_forms = [json.dumps(value, ensure_ascii=False)[1:-1] for value, _ in self.secrets]
        self._json_ascii_forms = [json.dumps(value)[1:-1] for value, _ in self.secrets]

    def __bool__(self) -> bool:
        return bool(self.secrets)

    def text(self, value: str | None) -> str | None:
        if value is None or not self.secrets:
            return value
        for secret, mark in self.secrets:
            if secret in value:
                value = value.replace(secret, mark)
        return value

    def found_in_json(self, text: str | None) -> bool:
        """Whether serialised JSON (UTF-8 or ASCII-escaped) may contain a secret."""
        if text is None or not self.secrets:
            return False
        return any(f in text for f in self._json_forms) or any(f in text for f in self._json_ascii_forms)

    def value(self, value: Any) -> Any:
        """A copy of a JSON value with every secret replaced (in strings and object keys)."""
        if not self.secrets:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list | tuple):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {self.text(k) if isinstance(k, str) else k: self.value(v) for k, v in value.items()}
        return value
