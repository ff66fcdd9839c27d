import numpy as np
import pytest

from saleor_oms_plugin.forecasting.intermittent import ALPHAS, croston, tsb


def test_croston_forecasts_size_over_interval_and_sba_removes_its_bias():
    # 4 units every other day: size 4, interval 2, so 2 a day
    y = np.tile([0.0, 4.0], 30)[None, :]

    found = croston(y, [60], 5)

    assert found["croston"][0, 0] == pytest.approx([2.0] * 5)
    # SBA: (1 − α/2)·z/p with the α that fits best; every α fits this series exactly, the
    # first (smallest) is kept
    assert found["sba"][0, 0] == pytest.approx([2.0 * (1 - ALPHAS[0] / 2)] * 5)


def test_croston_before_any_demand_forecasts_nothing():
    y = np.zeros((1, 30))
    assert not croston(y, [30], 3)["croston"].any()


def test_tsb_decays_when_an_item_stops_selling_and_croston_does_not():
    sold_then_stopped = np.concatenate([np.tile([3.0, 0.0], 30), np.zeros(60)])[None, :]

    before = tsb(sold_then_stopped, [60], 1)[0, 0, 0]
    after = tsb(sold_then_stopped, [120], 1)[0, 0, 0]

    assert before == pytest.approx(1.5, rel=0.2)
    assert after < before / 3
    assert croston(sold_then_stopped, [120], 1)["croston"][0, 0, 0] == pytest.approx(1.5, rel=1e-3)


def test_each_origin_sees_only_the_days_before_it():
    y = np.tile([0.0, 2.0, 0.0, 6.0], 20)[None, :]
    changed = y.copy()
    changed[0, 40:] *= 10

    a, b = croston(y, [40], 3), croston(changed, [40], 3)

    assert np.array_equal(a["sba"], b["sba"])
    assert np.array_equal(tsb(y, [40], 3), tsb(changed, [40], 3))
