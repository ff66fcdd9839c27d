"""The two baselines every forecast is measured against: today's EWMA and the seasonal naive.

Every method here and in ``smoothing``/``intermittent`` takes a batch ``Y`` (series × days,
all of one length), the ``origins`` to forecast from (an origin ``o`` sees ``Y[:, :o]`` only)
and a horizon, and returns forecasts shaped (series × origins × horizon).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

# The product's sales velocity (replenishment/velocity.py): closed day buckets fold into decayed
# sums ``units = d·units + bucket``, ``days = d·days + 1`` with ``d = 0.5 ** (1 / 7)``, and the
# velocity is ``units / days``. Restated here (a foundation imports no domain) as a flat forecast.
EWMA_HALF_LIFE_DAYS = 7.0
EWMA_DECAY = 0.5 ** (1 / EWMA_HALF_LIFE_DAYS)
SEASON = 7


def ewma_rate(Y: Array, origin: int) -> NDArray[np.float64]:
    """Units per day of each series as of ``origin`` (its days before ``origin`` closed)."""
    if origin <= 0:
        return np.zeros(Y.shape[0])
    weights = EWMA_DECAY ** np.arange(origin - 1, -1, -1, dtype=np.float64)
    return np.asarray(Y[:, :origin] @ weights / weights.sum(), dtype=np.float64)


def ewma(Y: Array, origins: Sequence[int], horizon: int) -> Array:
    out = np.empty((Y.shape[0], len(origins), horizon))
    for i, origin in enumerate(origins):
        out[:, i, :] = ewma_rate(Y, origin)[:, None]
    return out


def seasonal_naive(Y: Array, origins: Sequence[int], horizon: int) -> Array:
    """Each weekday as it was the last week before the origin (or the last day, if shorter)."""
    out = np.empty((Y.shape[0], len(origins), horizon))
    steps = np.arange(horizon)
    for i, origin in enumerate(origins):
        if origin >= SEASON:
            out[:, i, :] = Y[:, origin - SEASON + steps % SEASON]
        elif origin > 0:
            out[:, i, :] = Y[:, origin - 1 : origin]
        else:
            out[:, i, :] = 0.0
    return out
