"""Exponential smoothing with weekly seasonality (additive Holt-Winters, optionally with a
damped trend), run for many series and many parameter sets at once.

The recursion is statsmodels' ``ExponentialSmoothing(trend="add", damped_trend=True,
seasonal="add", seasonal_periods=7)`` in error-correction form (a test checks the two agree
for fixed parameters):

    ŷ_t   = l + φb + s_t                    e = y_t − ŷ_t
    l'    = l + φb + αe                     b' = φb + β(l' − l − φb)
    s_t'  = s_t + γe

Instead of a numerical optimiser per series (statsmodels needs ~0.1 s a fit, far too slow for
10,000 series times several backtest origins; see README "Demand forecasts"), every series runs
a small grid of (α, β, γ, φ) side by side in numpy, and at each origin the set with the lowest
one-step squared error so far is chosen per family (no trend; damped trend). One pass over the
days serves every origin, and each choice uses only the days before its origin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
SEASON = 7
INIT_WEEKS = 4

ALPHAS = (0.03, 0.1, 0.2, 0.35, 0.55)
GAMMAS = (0.01, 0.1, 0.25)
BETAS = (0.02, 0.1)
PHIS = (0.9, 0.98)


@dataclass(frozen=True)
class Grid:
    alpha: Array
    beta: Array
    gamma: Array
    phi: Array
    families: dict[str, NDArray[np.intp]]  # family name → its columns


def default_grid(*, trend: bool = True) -> Grid:
    """The level/season grid without trend (``ets``) and with a damped trend (``ets_damped``)."""
    rows: list[tuple[str, float, float, float, float]] = [
        ("ets", a, 0.0, g, 1.0) for a, g in product(ALPHAS, GAMMAS)
    ]
    if trend:
        rows += [("ets_damped", a, b, g, p) for a, b, g, p in product(ALPHAS, BETAS, GAMMAS, PHIS)]
    names = [r[0] for r in rows]
    return Grid(
        alpha=np.array([r[1] for r in rows]),
        beta=np.array([r[2] for r in rows]),
        gamma=np.array([r[3] for r in rows]),
        phi=np.array([r[4] for r in rows]),
        families={
            name: np.array([i for i, n in enumerate(names) if n == name], dtype=np.intp)
            for name in dict.fromkeys(names)
        },
    )


def initial_states(Y: Array) -> tuple[Array, Array]:
    """(level, season) before the first day: the mean and weekday offsets of the first weeks."""
    weeks = max(1, min(INIT_WEEKS, Y.shape[1] // SEASON))
    head = Y[:, : weeks * SEASON].reshape(Y.shape[0], weeks, SEASON)
    level = head.mean(axis=(1, 2))
    season = head.mean(axis=1) - level[:, None]
    return level, season


def holt_winters(
    Y: Array,
    origins: Sequence[int],
    horizon: int,
    grid: Grid,
    *,
    level0: Array | None = None,
    trend0: Array | None = None,
    season0: Array | None = None,
    burn_in: int = SEASON,
) -> dict[str, Array]:
    """Forecasts per family, (series × origins × horizon), from the best set of each family.

    ``origins`` ascend; an origin sees the days before it. Squared errors count from day
    ``burn_in`` (the initial season is read off the first weeks).
    """
    n, _ = Y.shape
    if level0 is None or season0 is None:
        level0, season0 = initial_states(Y)
    g = grid.alpha.size
    level = np.repeat(level0[:, None], g, axis=1)
    trend = np.zeros((n, g)) if trend0 is None else np.repeat(trend0[:, None], g, axis=1)
    season = np.repeat(season0[:, None, :], g, axis=1)  # series × sets × weekday slot
    sse = np.zeros((n, g))
    alpha, beta, gamma, phi = grid.alpha, grid.beta, grid.gamma, grid.phi
    out = {name: np.empty((n, len(origins), horizon)) for name in grid.families}
    steps = np.arange(1, horizon + 1)
    rows = np.arange(n)
    pending = list(enumerate(origins))
    for t in range(max(origins) + 1):
        while pending and pending[0][1] == t:
            i, origin = pending.pop(0)
            for name, cols in grid.families.items():
                best = cols[np.argmin(sse[:, cols], axis=1)]
                damp = np.cumsum(phi[best][:, None] ** steps[None, :], axis=1)
                slots = (origin + steps - 1) % SEASON
                out[name][:, i, :] = (
                    level[rows, best][:, None]
                    + damp * trend[rows, best][:, None]
                    + season[rows[:, None], best[:, None], slots[None, :]]
                )
        if t == Y.shape[1] or not pending:
            break
        y = Y[:, t][:, None]
        slot = t % SEASON
        s = season[:, :, slot]
        base = level + phi * trend
        err = y - base - s
        if t >= burn_in:
            sse += err * err
        new_level = base + alpha * err
        trend = phi * trend + beta * (new_level - level - phi * trend)
        season[:, :, slot] = s + gamma * err
        level = new_level
    return out


def yearly_effect(Y: Array, length: int) -> Array:
    """An additive effect of the time of year for days ``0 … length-1`` (series × days).

    For day ``t`` it is the mean over earlier years ``k`` of (the 28-day mean around
    ``t − 364k`` − the year's mean around it): 364 keeps weekdays aligned, and both windows
    end 182 days before ``t``, so the effect of a day uses only days well before it.
    """
    n, days = Y.shape
    csum = np.concatenate([np.zeros((n, 1)), np.cumsum(Y, axis=1)], axis=1)

    def centred(x: NDArray[np.intp], half: int) -> Array:
        return np.asarray((csum[:, x + half] - csum[:, x - half]) / (2 * half), dtype=np.float64)

    effect = np.zeros((n, length))
    count = np.zeros(length)
    t = np.arange(length)
    for k in (1, 2, 3):
        x = t - 364 * k
        ok = (x >= 182) & (x + 182 <= days)
        if not ok.any():
            continue
        xs = x[ok]
        effect[:, ok] += centred(xs, 14) - centred(xs, 182)
        count[ok] += 1
    return np.divide(effect, count, out=np.zeros_like(effect), where=count > 0)


def holt_winters_yearly(Y: Array, origins: Sequence[int], horizon: int, grid: Grid) -> Array:
    """Weekly Holt-Winters (no trend) on the history less its yearly effect, effect added back."""
    effect = yearly_effect(Y, Y.shape[1] + horizon)
    flat = holt_winters(Y - effect[:, : Y.shape[1]], origins, horizon, grid)["ets"]
    ahead = np.arange(horizon)
    for i, origin in enumerate(origins):
        flat[:, i, :] += effect[:, origin + ahead]
    return flat
