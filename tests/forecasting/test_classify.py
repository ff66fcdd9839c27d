import numpy as np
import pytest

from saleor_oms_plugin.forecasting.classify import DemandClass, adi_cv2, classify


def test_adi_and_cv2_of_a_known_series():
    # Given demand on 2 of 4 days, sizes 1 and 3 (mean 2, variance 1)
    history = np.array([1.0, 0.0, 3.0, 0.0])

    # Then ADI = 4 / 2 and CV² = 1 / 2²
    assert adi_cv2(history) == (2.0, 0.25)


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([5, 6, 5, 4, 5, 6, 5], DemandClass.SMOOTH),
        ([1, 20, 2, 30, 1, 25, 1], DemandClass.ERRATIC),
        ([2, 0, 0, 2, 0, 3, 0, 0], DemandClass.INTERMITTENT),
        ([1, 0, 0, 40, 0, 0, 2, 0], DemandClass.LUMPY),
        ([0, 0, 0], DemandClass.NONE),
        ([], DemandClass.NONE),
    ],
)
def test_classes_follow_the_adi_and_cv2_cut_offs(history, expected):
    assert classify(np.array(history, dtype=float)) == expected
