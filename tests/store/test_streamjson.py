"""The streaming JSON array reader: same values as json.loads whatever the chunk size, errors with positions."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmtui.store.streamjson import JsonStreamError, iter_json_array, iter_json_lines, sniff

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12)


def read(data: bytes, chunk: int) -> list:
    return [value for _i, value, _line in iter_json_array(io.BytesIO(data), chunk=chunk)]


@settings(max_examples=60, deadline=None)
@given(values=st.lists(json_values, max_size=6), chunk=st.sampled_from([1, 2, 3, 7, 64, 1 << 20]),
       indent=st.sampled_from([None, 1]))
def test_same_values_as_json_loads(values, chunk, indent):
    data = json.dumps(values, indent=indent, ensure_ascii=False).encode()
    assert read(data, chunk) == json.loads(data)


@pytest.mark.parametrize("chunk", [1, 5, 4096])
def test_indexes_lines_bom_and_multibyte_characters_split_across_chunks(chunk):
    data = '\ufeff[\n {"a": "\u00e9\u4e2d\U0001f600"},\n\n 12345678901234567890,\n "]", [] ]\n'.encode()
    out = list(iter_json_array(io.BytesIO(data), chunk=chunk))
    assert out == [(0, {"a": "\u00e9\u4e2d\U0001f600"}, 2), (1, 12345678901234567890, 4), (2, "]", 5), (3, [], 5)]


def test_empty_array_and_progress():
    seen = []
    assert list(iter_json_array(io.BytesIO(b"  [ ]  "), progress=seen.append)) == []
    assert seen == [7, 7]


@pytest.mark.parametrize(("data", "record", "line", "message"), [
    (b'[{"a": 1}\n{"b": 2}]', 0, 2, "expected ',' or ']' after the record, found '{'"),
    (b'[1,\n2,\n]', 2, 3, "invalid JSON: Expecting value"),
    (b'[1, 2', 1, 1, "the JSON array is not closed (the file ends after this record)"),
    (b'[', 0, 1, "the JSON array is not closed (the file ends)"),
    (b'{"a": 1}', None, 1, "the file does not hold a JSON array"),
    (b'[1] [2]', 0, 1, "unexpected data after the closing ']' of the array"),
    (b'["abc', 0, 1, "invalid JSON: Unterminated string starting at"),
])
def test_errors_name_record_and_line(data, record, line, message):
    for chunk in (1, 3, 1 << 20):
        with pytest.raises(JsonStreamError) as err:
            list(iter_json_array(io.BytesIO(data), chunk=chunk))
        assert (err.value.record, err.value.line) == (record, line)
        assert err.value.message.startswith(message)


def test_a_record_larger_than_the_chunk_is_read_in_linear_reads():
    big = {"traj": ["x" * 1000] * 200}
    data = json.dumps([big, big]).encode()
    reads = []

    class Counting(io.BytesIO):
        def read(self, n=-1):
            reads.append(n)
            return super().read(n)

    assert [v for _i, v, _l in iter_json_array(Counting(data), chunk=1024)] == [big, big]
    assert len(reads) < 40  # doubling, not one read per kilobyte


def test_json_lines():
    data = b'{"a": 1}\n\n  \n[2]\n'
    assert list(iter_json_lines(io.BytesIO(data))) == [(0, {"a": 1}, 1), (1, [2], 4)]
    with pytest.raises(JsonStreamError) as err:
        list(iter_json_lines(io.BytesIO(b'{"a": 1}\n{"a": \n')))
    assert (err.value.record, err.value.line, err.value.message) == (1, 2, "invalid JSON: Expecting value")


@pytest.mark.parametrize(("data", "kind"), [
    (b"  \n [1]", "array"), (b'\xef\xbb\xbf{"a": 1}\n', "lines"), (b"", "empty"), (b" \n ", "empty"),
    (b"hello", "other"), (b" " * 5000 + b"[]", "array"),
])
def test_sniff(data, kind):
    fp = io.BytesIO(data)
    assert sniff(fp) == kind and fp.tell() == 0
