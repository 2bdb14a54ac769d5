"""Salesforce Ids: checksum suffix, 15 -> 18 normalisation, validation, generation."""

import pytest

from crmtui.org.ids import IdFactory, InvalidIdError, checksum_suffix, encode_base62, is_valid, to18

# Published examples (reference/soql.md §3).
PUBLISHED = [
    ("70130000001tcyI", "70130000001tcyIAAQ"),
    ("003G000001SUbc4", "003G000001SUbc4IAD"),
    ("00558000001N0Ke", "00558000001N0KeAAK"),
]


@pytest.mark.parametrize(("id15", "id18"), PUBLISHED)
def test_published_examples(id15, id18):
    assert checksum_suffix(id15) == id18[15:]
    assert to18(id15) == id18
    assert to18(id18) == id18
    assert is_valid(id15) and is_valid(id18)


def test_crmarena_ids_have_valid_checksums():
    for value in ("005Wt000003NIowIAG", "00QWt0000089AekMAE", "0Q0Wt000001WRAzKAO", "ka0Wt000000EnwvIAC",
                  "005Ws000001xadBIAQ", "003Wt00000JquxeIAB", "a03Wt00000JqnHwIAJ"):
        assert is_valid(value), value


def test_lowercased_18_char_id_is_repaired_from_suffix():
    assert to18("003g000001subc4iad") == "003G000001SUbc4IAD"


@pytest.mark.parametrize("bad", ["", "003", "003G000001SUbc4IA", "003G000001SUbc4IAX", "003G00000!SUbc4", "x" * 19])
def test_invalid_ids_rejected(bad):
    assert not is_valid(bad)
    with pytest.raises(InvalidIdError):
        to18(bad)


def test_wrong_checksum_is_invalid():
    assert not is_valid("003G000001SUbc4AAA")


def test_factory_is_sequential_valid_and_per_prefix():
    f = IdFactory("Wt", start=100)
    a, b = f.new("005"), f.new("005")
    c = f.new("001")
    assert a[:5] == "005Wt" and c[:5] == "001Wt"
    assert len(a) == 18 and is_valid(a) and is_valid(b) and is_valid(c)
    assert a != b and a[5:15] == encode_base62(100, 10) and b[5:15] == encode_base62(101, 10)
    assert c[5:15] == encode_base62(100, 10)


def test_factory_rejects_bad_arguments():
    with pytest.raises(ValueError):
        IdFactory("W")
    with pytest.raises(ValueError):
        IdFactory("Wt").new("05")


def test_base62():
    assert encode_base62(0, 3) == "000"
    assert encode_base62(61, 2) == "0z"
    assert encode_base62(62, 2) == "10"
    with pytest.raises(ValueError):
        encode_base62(62**3, 3)
