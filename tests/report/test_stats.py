"""Every statistic of the report against values computed by hand or published with the method."""

from __future__ import annotations

import math

import pytest

from crmtui.report.stats import Rate, mean, median, pass_hat_k, pass_hat_k_curve, quantile, spread, wilson


def test_wilson_interval_by_hand():
    # p = 0.8, n = 10, z = 1.96: centre (0.8 + z²/20) / (1 + z²/10), half-width z·sqrt(p(1-p)/n + z²/400) / (1 + z²/10)
    z = 1.959963984540054
    denom = 1 + z * z / 10
    centre = (0.8 + z * z / 20) / denom
    half = z * math.sqrt(0.016 + z * z / 400) / denom
    lo, hi = wilson(8, 10)
    assert lo == pytest.approx(centre - half) and hi == pytest.approx(centre + half)
    assert (round(lo, 4), round(hi, 4)) == (0.4902, 0.9433)  # the textbook interval for 8/10


def test_wilson_interval_at_the_edges():
    lo, hi = wilson(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.2775, abs=1e-4)
    lo, hi = wilson(10, 10)
    assert lo == pytest.approx(0.7225, abs=1e-4) and hi == 1.0
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(3, 2)


def test_rate_json():
    r = Rate(1, 4)
    assert r.value == 0.25
    assert r.to_json() == {"n": 4, "successes": 1, "rate": 0.25, "ci": [0.0456, 0.6994]}
    assert Rate(0, 0).to_json() == {"n": 0, "successes": 0, "rate": None, "ci": None}


def test_pass_hat_k_closed_form():
    # task A: 2 of 4 trials succeed; task B: 4 of 4
    trials = [(4, 2), (4, 4)]
    assert pass_hat_k(trials, 1) == (pytest.approx(0.75), 2)
    assert pass_hat_k(trials, 2) == (pytest.approx((1 / 6 + 1) / 2), 2)  # C(2,2)/C(4,2) = 1/6
    assert pass_hat_k(trials, 3) == (pytest.approx(0.5), 2)
    curve = pass_hat_k_curve(trials)
    assert [(k, round(v, 6), n) for k, v, n in curve] == [(1, 0.75, 2), (2, round(7 / 12, 6), 2), (3, 0.5, 2),
                                                          (4, 0.5, 2)]


def test_pass_hat_k_uneven_trials_and_monotone():
    # a task with fewer than k trials does not count towards pass^k
    trials = [(2, 1), (5, 3)]
    assert pass_hat_k(trials, 3) == (pytest.approx(math.comb(3, 3) / math.comb(5, 3)), 1)
    values = [v for _k, v, _n in pass_hat_k_curve([(5, 3), (5, 4), (5, 1)])]
    assert values == sorted(values, reverse=True)
    assert pass_hat_k([], 1) == (None, 0)
    with pytest.raises(ValueError):
        pass_hat_k(trials, 0)


def test_quantiles_type_7():
    values = [7, 1, 3, 5]  # sorted 1 3 5 7
    assert median(values) == 4.0
    assert quantile(values, 0.25) == 2.5  # position 0.75 between 1 and 3
    assert quantile(values, 0.75) == 5.5
    assert median([3]) == 3 and median([]) is None
    s = spread([10, 20, None, 30, 40, 50])
    assert (s.n, s.median, s.q1, s.q3, s.iqr, s.low, s.high, s.mean) == (5, 30, 20, 40, 20, 10, 50, 30)
    assert spread([None]).n == 0 and spread([]).median is None
    assert mean([1, 2]) == 1.5 and mean([]) is None
