"""Salesforce record Ids: generation, validation and 15 -> 18 character normalisation.

A Salesforce Id is 15 case-sensitive characters (3-character key prefix naming the object, then the
instance/pod and a base-62 sequence). The API always returns the 18-character form: the 15 characters
plus a 3-character suffix that encodes, for each 5-character block, which characters are upper-case
letters. The suffix makes the Id safe to compare case-insensitively.
"""

from __future__ import annotations

import re

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ID15 = re.compile(r"^[0-9A-Za-z]{15}$")
_ID18 = re.compile(r"^[0-9A-Za-z]{18}$")


class InvalidIdError(ValueError):
    """Raised for a string that is not a well-formed 15- or 18-character Salesforce Id."""


def checksum_suffix(id15: str) -> str:
    """The 3-character case-checksum suffix of a 15-character Id."""
    suffix = []
    for block in range(3):
        bits = 0
        for i, ch in enumerate(id15[block * 5 : block * 5 + 5]):
            if "A" <= ch <= "Z":
                bits |= 1 << i
        suffix.append(_SUFFIX_ALPHABET[bits])
    return "".join(suffix)


def to18(value: str) -> str:
    """Normalise a 15- or 18-character Id to its canonical 18-character form.

    An 18-character Id whose case was lost (e.g. lower-cased by a spreadsheet) is repaired from its
    suffix, as Salesforce does. Raises InvalidIdError for anything else.
    """
    if _ID15.match(value):
        return value + checksum_suffix(value)
    if _ID18.match(value):
        head, suffix = value[:15], value[15:].upper()
        if checksum_suffix(head) == suffix:
            return head + suffix
        repaired = _restore_case(head, suffix)
        if repaired is None:
            raise InvalidIdError(f"invalid Id checksum: {value!r}")
        return repaired + suffix
    raise InvalidIdError(f"invalid Id: {value!r} (expected 15 or 18 alphanumeric characters)")


def _restore_case(head: str, suffix: str) -> str | None:
    """Rebuild the letter case of a 15-character head from the checksum suffix, if consistent."""
    chars = list(head)
    for block, code in enumerate(suffix):
        pos = _SUFFIX_ALPHABET.find(code)
        if pos < 0:
            return None
        for i in range(5):
            j = block * 5 + i
            upper = bool(pos & (1 << i))
            if upper and not chars[j].isalpha():
                return None
            chars[j] = chars[j].upper() if upper else chars[j].lower()
    return "".join(chars)


def is_valid(value: str) -> bool:
    """True when `value` is a 15-character Id or an 18-character Id with a correct suffix."""
    if _ID15.match(value):
        return True
    return bool(_ID18.match(value)) and checksum_suffix(value[:15]) == value[15:]


def key_prefix(value: str) -> str:
    """The object key prefix (first three characters) of an Id."""
    return value[:3]


def encode_base62(number: int, width: int) -> str:
    """`number` in base 62 (0-9, A-Z, a-z), left-padded with zeros to `width` characters."""
    if number < 0:
        raise ValueError("number must be non-negative")
    digits = []
    while number:
        number, rem = divmod(number, 62)
        digits.append(_BASE62[rem])
    text = "".join(reversed(digits)) or "0"
    if len(text) > width:
        raise ValueError(f"{number} does not fit in {width} base-62 digits")
    return text.rjust(width, "0")


class IdFactory:
    """Deterministic Id source for one org: prefix + 2-char instance + '0' + base-62 sequence.

    `start` offsets every object's sequence so that Ids look like those of a long-lived org
    (e.g. ``005Wt000003NIowIAG``) rather than starting at 1.
    """

    def __init__(self, instance: str, start: int = 0) -> None:
        if len(instance) != 2 or not instance.isalnum():
            raise ValueError("instance must be two alphanumeric characters")
        self.instance = instance
        self.start = start
        self._next: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        """The next Id for the object with key `prefix`."""
        if len(prefix) != 3:
            raise ValueError("key prefix must be three characters")
        seq = self._next.get(prefix, self.start)
        self._next[prefix] = seq + 1
        id15 = prefix + self.instance + encode_base62(seq, 10)
        return id15 + checksum_suffix(id15)
