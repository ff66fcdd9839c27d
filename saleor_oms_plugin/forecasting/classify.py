"""Demand classes by ADI and CV² (Syntetos & Boylan): which methods suit a series.

ADI is the average number of days between days with demand; CV² the squared coefficient of
variation of the non-zero demand sizes. The cut-offs 1.32 and 0.49 are the usual ones.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49


class DemandClass(StrEnum):
    SMOOTH = "smooth"  # frequent, regular sizes
    ERRATIC = "erratic"  # frequent, sizes vary a lot
    INTERMITTENT = "intermittent"  # many empty days, regular sizes
    LUMPY = "lumpy"  # many empty days, sizes vary a lot
    NONE = "none"  # no demand at all


def adi_cv2(history: NDArray[np.float64]) -> tuple[float, float]:
    """(ADI, CV²) of one series; ADI is inf and CV² 0 when nothing sold."""
    sizes = history[history > 0]
    if sizes.size == 0:
        return float("inf"), 0.0
    adi = history.size / sizes.size
    mean = float(sizes.mean())
    cv2 = float(sizes.var() / (mean * mean)) if sizes.size > 1 else 0.0
    return adi, cv2


def classify(history: NDArray[np.float64]) -> DemandClass:
    adi, cv2 = adi_cv2(history)
    if adi == float("inf"):
        return DemandClass.NONE
    if adi < ADI_CUTOFF:
        return DemandClass.SMOOTH if cv2 < CV2_CUTOFF else DemandClass.ERRATIC
    return DemandClass.INTERMITTENT if cv2 < CV2_CUTOFF else DemandClass.LUMPY
