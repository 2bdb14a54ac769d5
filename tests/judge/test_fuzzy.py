"""fuzzy_match: SQuAD-style normalisation and token F1."""

from __future__ import annotations

import pytest

from crmtui.judge.fuzzy import compare, exact, f1, normalize_answer


@pytest.mark.parametrize(("text", "expected"), [
    ("The 90-day window.", "90 day window"),
    ("An apple_pie", "apple pie"),
    ("It\u2019s `fine`", "it s fine"),
    ("  A  the an  ", ""),
    (None, ""),
])
def test_normalisation(text, expected):
    assert normalize_answer(text) == expected


def test_f1_exact_and_partial():
    assert f1("90 days.", "90 days") == 1.0
    assert exact("Security and compliance.", "security and compliance")
    result = compare("security", "Security and compliance.")
    assert result.precision == 1.0 and result.recall == pytest.approx(1 / 3)
    assert result.f1 == pytest.approx(0.5)
    assert f1("nothing alike", "security and compliance") == 0.0


def test_token_multisets():
    # repeated tokens count once per occurrence on each side
    assert compare("days days days", "90 days").common == 1


def test_empty_sides():
    assert f1("", "") == 1.0
    assert f1("", "90 days") == 0.0
    assert f1("the", "90 days") == 0.0
