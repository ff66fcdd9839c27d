"""Forecast errors: WAPE (absolute errors over actual demand) and MASE (over seasonal naive)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

SEASON = 7


def wape(actual: NDArray[np.float64], forecast: NDArray[np.float64]) -> float | None:
    """Σ|actual − forecast| / Σ actual; None when nothing was sold (undefined)."""
    total = float(np.abs(actual).sum())
    if total <= 0:
        return None
    return float(np.abs(actual - forecast).sum()) / total


def naive_scale(history: NDArray[np.float64], season: int = SEASON) -> float | None:
    """The in-sample mean absolute error of the seasonal naive forecast (MASE's denominator);
    the one-step naive's when the seasonal one is perfect; None when both are."""
    for lag in (season, 1):
        if history.size > lag:
            scale = float(np.abs(history[lag:] - history[:-lag]).mean())
            if scale > 0:
                return scale
    return None


def mase(
    actual: NDArray[np.float64], forecast: NDArray[np.float64], scale: float | None
) -> float | None:
    if scale is None or actual.size == 0:
        return None
    return float(np.abs(actual - forecast).mean()) / scale
