"""Croston-type forecasts for intermittent demand: Croston, SBA and TSB, vectorised.

Croston smooths the non-zero demand sizes ``z`` and the intervals between them ``p`` (both
updated only on a day with demand) and forecasts ``z / p`` a day; SBA multiplies that by
``1 − α/2`` to remove Croston's upward bias. TSB smooths the probability of demand ``π``
every day (towards 1 on a day with demand, towards 0 without) and the sizes on demand days,
and forecasts ``π·z``: unlike Croston it decays when an item stops selling. As in
``smoothing``, a small grid of smoothing constants runs side by side and each origin takes the
one with the lowest one-step squared error before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
ALPHAS = (0.05, 0.1, 0.2, 0.3)
TSB_BETAS = (0.02, 0.05, 0.1, 0.2)


def _best_flat(sse: Array, rate: Array) -> Array:
    """Each series' rate under its lowest-error constants."""
    best = np.argmin(sse, axis=1)
    return np.asarray(rate[np.arange(rate.shape[0]), best], dtype=np.float64)


def croston(Y: Array, origins: Sequence[int], horizon: int) -> dict[str, Array]:
    """``{"croston": …, "sba": …}`` forecasts (series × origins × horizon)."""
    n = Y.shape[0]
    alpha = np.array(ALPHAS)
    size = np.zeros((n, alpha.size))
    interval = np.ones((n, alpha.size))
    since = np.zeros(n)  # days since the last demand, this one included
    seen = np.zeros(n, dtype=bool)
    sse = {"croston": np.zeros((n, alpha.size)), "sba": np.zeros((n, alpha.size))}
    factor = {"croston": np.ones_like(alpha), "sba": 1 - alpha / 2}
    out = {name: np.empty((n, len(origins), horizon)) for name in sse}
    pending = list(enumerate(origins))
    for t in range(max(origins) + 1):
        while pending and pending[0][1] == t:
            i, _ = pending.pop(0)
            for name in out:
                rate = np.where(seen[:, None], size / interval * factor[name], 0.0)
                out[name][:, i, :] = _best_flat(sse[name], rate)[:, None]
        if t == Y.shape[1] or not pending:
            break
        y = Y[:, t]
        for name in sse:
            rate = np.where(seen[:, None], size / interval * factor[name], 0.0)
            sse[name] += (y[:, None] - rate) ** 2
        since += 1
        demand = y > 0
        first = demand & ~seen
        later = demand & seen
        size[first] = y[first, None]
        interval[first] = since[first, None]
        size[later] += alpha * (y[later, None] - size[later])
        interval[later] += alpha * (since[later, None] - interval[later])
        seen |= demand
        since[demand] = 0
    return out


def tsb(Y: Array, origins: Sequence[int], horizon: int) -> Array:
    n = Y.shape[0]
    pairs = list(product(ALPHAS, TSB_BETAS))
    alpha = np.array([a for a, _ in pairs])
    beta = np.array([b for _, b in pairs])
    head = Y[:, : min(Y.shape[1], 28)]
    sold = head > 0
    prob = np.repeat(sold.mean(axis=1)[:, None], len(pairs), axis=1)
    first_sizes = np.where(sold.any(axis=1), head.sum(axis=1) / np.maximum(sold.sum(axis=1), 1), 0)
    size = np.repeat(first_sizes[:, None], len(pairs), axis=1)
    sse = np.zeros((n, len(pairs)))
    out = np.empty((n, len(origins), horizon))
    pending = list(enumerate(origins))
    for t in range(max(origins) + 1):
        while pending and pending[0][1] == t:
            i, _ = pending.pop(0)
            out[:, i, :] = _best_flat(sse, prob * size)[:, None]
        if t == Y.shape[1] or not pending:
            break
        y = Y[:, t][:, None]
        sse += (y - prob * size) ** 2
        demand = y > 0
        prob += beta * (demand - prob)
        size = np.where(demand, size + alpha * (y - size), size)
    return out
