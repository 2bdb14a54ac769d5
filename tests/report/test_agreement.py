"""Agreement statistics on published tables."""

from __future__ import annotations

import pytest

from crmtui.report.agreement import (
    cohen_kappa,
    confusion,
    fleiss_from_units,
    fleiss_kappa,
    kappa_from_matrix,
    krippendorff_alpha,
    pairwise_cohen,
)

# Fleiss (1971): 30 patients, 6 psychiatrists, 5 diagnoses (R irr's `diagnoses`); kappa = 0.4302445
DIAGNOSES = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]

# Wikipedia's Fleiss' kappa example: 10 subjects, 14 raters, 5 categories; kappa = 0.210
WIKIPEDIA_COUNTS = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
                    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal example: 4 coders, 12 units, missing
# values as None; alpha = 0.743
KRIPPENDORFF = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def _units(by_rater: dict[str, list]) -> dict[int, dict[str, object]]:
    units: dict[int, dict[str, object]] = {}
    for rater, values in by_rater.items():
        for i, v in enumerate(values):
            if v is not None:
                units.setdefault(i, {})[rater] = v
    return units


def test_fleiss_1971():
    units = {i: {f"r{j}": v for j, v in enumerate(row)} for i, row in enumerate(DIAGNOSES)}
    result = fleiss_from_units(units)
    assert result.value == pytest.approx(0.4302445, abs=1e-7)
    assert (result.n, result.raters, result.pairable) == (30, 6, 180)


def test_fleiss_wikipedia_table():
    result = fleiss_kappa(WIKIPEDIA_COUNTS)
    assert result.value == pytest.approx(0.20993070442195522)
    assert result.observed == pytest.approx(0.378, abs=1e-3) and result.expected == pytest.approx(0.213, abs=1e-3)


def test_krippendorff_reliability_data():
    result = krippendorff_alpha(_units(KRIPPENDORFF))
    # unit 12 has a single value: not pairable; 11 units, 40 pairable values (Krippendorff's n..)
    assert (result.n, result.pairable, result.raters) == (11, 40, 4)
    assert round(result.value, 3) == 0.743


def test_krippendorff_binary_two_coders():
    # Krippendorff (2011) binary example, two observers, ten units: alpha = 0.095
    units = _units({"A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]})
    assert round(krippendorff_alpha(units).value, 3) == 0.095


def test_cohen_kappa_textbook():
    # Wikipedia: 50 proposals, both yes 20, A yes B no 5, A no B yes 10, both no 15: po 0.7, pe 0.5, kappa 0.4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    result = cohen_kappa(a, b)
    assert (result.value, result.observed, result.expected, result.n) == (pytest.approx(0.4), 0.7, 0.5, 50)
    # SAS's simple kappa example (statsmodels' table10): 0.4842
    assert kappa_from_matrix([[0, 4, 1], [0, 8, 0], [0, 1, 5]]).value == pytest.approx(0.4842, abs=1e-4)


def test_cohen_kappa_drops_missing_and_undefined_cases():
    result = cohen_kappa(["a", None, "b", "a"], ["a", "b", None, "a"])
    assert result.n == 2 and result.value is None  # one category only: chance agreement 1
    assert cohen_kappa([], []).value is None
    with pytest.raises(ValueError):
        cohen_kappa(["a"], [])


def test_pairwise_and_confusion():
    units = {1: {"ann": "x", "bob": "x", "cy": "y"}, 2: {"ann": "y", "bob": "y"}, 3: {"ann": "x", "cy": "x"}}
    pairs = {(a, b): r for a, b, r in pairwise_cohen(units)}
    assert set(pairs) == {("ann", "bob"), ("ann", "cy"), ("bob", "cy")}
    assert pairs[("ann", "bob")].value == 1.0 and pairs[("ann", "bob")].n == 2
    assert pairs[("bob", "cy")].n == 1
    table = confusion([("pass", "pass"), ("pass", "fail"), ("fail", "fail")], labels=("pass", "fail"))
    assert table.matrix() == [[1, 1], [0, 1]] and table.n == 3
    with pytest.raises(ValueError):
        confusion([("maybe", "pass")], labels=("pass", "fail"))
