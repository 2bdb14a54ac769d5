"""Read big JSON files one record at a time: a top-level JSON array, or JSON Lines.

CRMArena's result files are one JSON array that can reach hundreds of MB; `iter_json_array` keeps in memory only
the record being decoded (plus one read chunk), using the C decoder of the standard library on a sliding window.
Errors name the record (0-based position in the array) and the line and column.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER_TAIL = re.compile(r"[0-9eE+\-.]*\Z")
_DECODER = json.JSONDecoder()
CHUNK = 1 << 20


class JsonStreamError(ValueError):
    def __init__(self, message: str, record: int | None, line: int | None, column: int | None = None) -> None:
        self.message, self.record, self.line, self.column = message, record, line, column
        where = f"line {line}" + (f" column {column}" if column is not None else "") if line is not None else ""
        super().__init__(f"{message} ({where})" if where else message)


def sniff(fp: BinaryIO) -> str:
    """'array' if the file's first non-blank character is `[`, 'lines' if `{`, 'empty' or 'other'; rewinds."""
    start = fp.tell()
    head = fp.read(4096)
    fp.seek(start)
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    text = head.lstrip(b" \t\r\n")
    while not text and len(head) == 4096:  # a long run of blank space
        head = fp.read(4096)
        text = head.lstrip(b" \t\r\n")
    fp.seek(start)
    if not text:
        return "empty"
    return {ord("["): "array", ord("{"): "lines"}.get(text[0], "other")


class _Window:
    """A sliding window of decoded text over a binary file."""

    def __init__(self, fp: BinaryIO, chunk: int, progress: Callable[[int], None] | None) -> None:
        self.fp, self.chunk, self.progress = fp, chunk, progress
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf, self.pos, self.eof, self.line = "", 0, False, 1
        self.read_bytes = 0

    def fill(self, at_least: int = 0) -> bool:
        """Read more text (at least `at_least` bytes when given); False at the end of the file."""
        if self.eof:
            return False
        if self.pos:
            self.buf = self.buf[self.pos:]
            self.pos = 0
        data = self.fp.read(max(self.chunk, at_least))
        self.read_bytes += len(data)
        if not data:
            self.eof = True
        try:
            self.buf += self.decoder.decode(data, final=self.eof)
        except UnicodeDecodeError as exc:
            raise JsonStreamError(f"the file is not valid UTF-8 ({exc.reason})", None, self.line) from None
        if self.progress is not None:
            self.progress(self.read_bytes)
        return True

    def skip_ws(self) -> bool:
        """Skip blank space; False if the file ends first."""
        while True:
            end = _WS.match(self.buf, self.pos).end()
            self.line += self.buf.count("\n", self.pos, end)
            self.pos = end
            if self.pos < len(self.buf):
                return True
            if not self.fill():
                return False

    def where(self, pos: int) -> tuple[int, int]:
        line = self.line + self.buf.count("\n", self.pos, pos)
        column = pos - self.buf.rfind("\n", 0, pos)
        return line, column

    def advance(self, end: int) -> None:
        self.line += self.buf.count("\n", self.pos, end)
        self.pos = end


def iter_json_array(fp: BinaryIO, *, chunk: int = CHUNK,
                    progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, Any, int]]:
    """Yield `(index, value, line)` for each element of the JSON array the file holds."""
    w = _Window(fp, chunk, progress)
    if not w.skip_ws() or w.buf[w.pos] != "[":
        raise JsonStreamError("the file does not hold a JSON array", None, w.line)
    w.advance(w.pos + 1)
    index = 0
    if not w.skip_ws():
        raise JsonStreamError("the JSON array is not closed (the file ends)", index, w.line)
    if w.buf[w.pos] == "]":
        w.advance(w.pos + 1)
        _expect_end(w, index)
        return
    while True:
        if not w.skip_ws():
            raise JsonStreamError("the file ends where a record was expected", index, w.line)
        line = w.line
        value, end = _decode_one(w, index)
        w.advance(end)
        yield index, value, line
        index += 1
        if not w.skip_ws():
            raise JsonStreamError("the JSON array is not closed (the file ends after this record)", index - 1,
                                  w.line)
        ch = w.buf[w.pos]
        if ch == ",":
            w.advance(w.pos + 1)
            continue
        if ch == "]":
            w.advance(w.pos + 1)
            _expect_end(w, index - 1)
            return
        line, column = w.where(w.pos)
        raise JsonStreamError(f"expected ',' or ']' after the record, found {ch!r}", index - 1, line, column)


def _decode_one(w: _Window, index: int) -> tuple[Any, int]:
    while True:
        try:
            value, end = _DECODER.raw_decode(w.buf, w.pos)
        except json.JSONDecodeError as exc:
            needs_more = exc.pos >= len(w.buf) - 32 or exc.msg.startswith("Unterminated string")
            if needs_more and w.fill(at_least=len(w.buf) - w.pos):
                continue  # the record runs past the window: read more (doubling) and decode it again
            line, column = w.where(exc.pos)
            raise JsonStreamError(f"invalid JSON: {exc.msg}", index, line, column) from None
        except RecursionError:
            raise JsonStreamError("invalid JSON: nested too deeply", index, w.line) from None
        if not w.eof and _NUMBER_TAIL.match(w.buf, end) and w.fill():
            continue  # what follows could still be part of a number: read on before trusting the end
        return value, end


def _expect_end(w: _Window, index: int) -> None:
    if w.skip_ws():
        line, column = w.where(w.pos)
        raise JsonStreamError("unexpected data after the closing ']' of the array", index, line, column)


def iter_json_lines(fp: BinaryIO, *, progress: Callable[[int], None] | None = None,
                    every: int = 1 << 20) -> Iterator[tuple[int, Any, int]]:
    """Yield `(index, value, line)` for each non-blank line of a JSON Lines file."""
    index, read, reported = 0, 0, 0
    for lineno, raw in enumerate(fp, 1):
        read += len(raw)
        if progress is not None and read - reported >= every:
            progress(read)
            reported = read
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonStreamError(f"the line is not valid UTF-8 ({exc.reason})", index, lineno) from None
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise JsonStreamError(f"invalid JSON: {exc.msg}", index, lineno, exc.colno) from None
        except RecursionError:
            raise JsonStreamError("invalid JSON: nested too deeply", index, lineno) from None
        yield index, value, lineno
        index += 1
    if progress is not None:
        progress(read)
