"""Forecast many daily series: classify, backtest the candidates, keep the best, forecast.

Per series: the candidates of its demand class (``CANDIDATES``) forecast ``horizon`` days from
up to ``folds`` rolling origins inside the history (each sees only the days before it); the
candidate with the lowest total absolute error over those windows (= backtest WAPE) wins, ties
going to the earlier one in ``METHODS`` (the product's EWMA first), and forecasts from the end
of the history. A series too short for one backtest window keeps the EWMA.

Series are batched by length so the methods run vectorised; to make batches, a long series
drops its oldest days down to a whole number of 4-week blocks. ``workers > 1`` spreads the
batches over a process pool (not from inside a daemonic worker such as Celery's prefork).
Everything is deterministic: the same input gives the same output.
"""

from __future__ import annotations

import math
import multiprocessing
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from saleor_oms_plugin.forecasting.baselines import ewma, seasonal_naive
from saleor_oms_plugin.forecasting.classify import DemandClass, classify
from saleor_oms_plugin.forecasting.errors import ForecastInputError
from saleor_oms_plugin.forecasting.intermittent import croston, tsb
from saleor_oms_plugin.forecasting.metrics import naive_scale
from saleor_oms_plugin.forecasting.smoothing import (
    default_grid,
    holt_winters,
    holt_winters_yearly,
)

Array = NDArray[np.float64]

METHODS = ("ewma", "naive", "ets", "ets_damped", "ets_yearly", "croston", "sba", "tsb")
_FREQUENT = frozenset({"ewma", "naive", "ets", "ets_damped", "ets_yearly"})
# Sparse series choose among estimators of the mean rate only: a mostly-zero forecast (the
# seasonal naive's, a weekly pattern's) wins on absolute errors by selling nothing, which is
# no use for reordering (bench/forecast.py: it doubled the squared error of lumpy series).
_SPARSE = frozenset({"ewma", "croston", "sba", "tsb"})
CANDIDATES: dict[DemandClass, frozenset[str]] = {
    DemandClass.SMOOTH: _FREQUENT,
    DemandClass.ERRATIC: _FREQUENT,
    DemandClass.INTERMITTENT: _SPARSE,
    DemandClass.LUMPY: _SPARSE,
    DemandClass.NONE: frozenset({"ewma"}),
}
YEARLY_MIN_DAYS = 2 * 364
BLOCK_DAYS = 28
MAX_HORIZON = 366


@dataclass(frozen=True)
class Settings:
    horizon: int = 28
    folds: int = 3
    min_train: int = 28

    def check(self) -> None:
        if not 1 <= self.horizon <= MAX_HORIZON:
            raise ForecastInputError(f"The horizon must be 1…{MAX_HORIZON} days.")
        if self.folds < 1 or self.min_train < 14:
            raise ForecastInputError("At least one fold and 14 days of training.")


@dataclass(frozen=True)
class SeriesForecast:
    method: str
    demand_class: DemandClass
    daily: tuple[float, ...]  # the next ``horizon`` days, from the day after the history
    history_days: int  # days of history used
    folds: int  # backtest windows behind the choice (0: too short, EWMA kept)
    wape: float | None  # backtest WAPE of the chosen method
    mase: float | None
    ewma_wape: float | None
    naive_wape: float | None


def origins_for(days: int, settings: Settings) -> list[int]:
    """The backtest origins of a history of ``days`` days, ascending."""
    h = settings.horizon
    return [
        days - k * h for k in range(settings.folds, 0, -1) if days - k * h >= settings.min_train
    ]


def _methods(Y: Array, origins: list[int], horizon: int, wanted: set[str]) -> dict[str, Array]:
    found: dict[str, Array] = {
        "ewma": ewma(Y, origins, horizon),
        "naive": seasonal_naive(Y, origins, horizon),
    }
    if wanted & {"ets", "ets_damped"}:
        found |= holt_winters(Y, origins, horizon, default_grid(trend="ets_damped" in wanted))
    if "ets_yearly" in wanted and Y.shape[1] >= YEARLY_MIN_DAYS:
        found["ets_yearly"] = holt_winters_yearly(Y, origins, horizon, default_grid(trend=False))
    if wanted & {"croston", "sba"}:
        found |= croston(Y, origins, horizon)
    if "tsb" in wanted:
        found["tsb"] = tsb(Y, origins, horizon)
    return {name: np.maximum(f, 0.0) for name, f in found.items()}


def _ratio(num: float, den: float) -> float | None:
    return num / den if den > 0 else None


def forecast_batch(Y: Array, settings: Settings) -> list[SeriesForecast]:
    """Forecast a batch of series of one length (series × days)."""
    n, days = Y.shape
    h = settings.horizon
    classes = [classify(row) for row in Y]
    backtest = origins_for(days, settings)
    if not backtest:
        final = ewma(Y, [days], h)[:, 0, :]
        return [
            SeriesForecast("ewma", c, tuple(map(float, final[i])), days, 0, None, None, None, None)
            for i, c in enumerate(classes)
        ]
    wanted = set().union(*(CANDIDATES[c] for c in classes))
    forecasts = _methods(Y, [*backtest, days], h, wanted)
    names = [m for m in METHODS if m in forecasts]
    actual = np.stack([Y[:, o : o + h] for o in backtest], axis=1)  # series × folds × days
    abs_err = {
        m: np.abs(actual - forecasts[m][:, : len(backtest), :]).sum(axis=(1, 2)) for m in names
    }
    allowed = np.array([[m in CANDIDATES[c] for m in names] for c in classes])
    table = np.where(allowed, np.stack([abs_err[m] for m in names], axis=1), np.inf)
    chosen = np.argmin(table, axis=1)
    sold = actual.sum(axis=(1, 2))
    window = len(backtest) * h
    results = []
    for i in range(n):
        method = names[chosen[i]]
        scale = naive_scale(Y[i, : backtest[0]])
        error = float(abs_err[method][i])
        results.append(
            SeriesForecast(
                method=method,
                demand_class=classes[i],
                daily=tuple(float(x) for x in forecasts[method][i, -1, :]),
                history_days=days,
                folds=len(backtest),
                wape=_ratio(error, float(sold[i])),
                mase=None if scale is None else error / window / scale,
                ewma_wape=_ratio(float(abs_err["ewma"][i]), float(sold[i])),
                naive_wape=_ratio(float(abs_err["naive"][i]), float(sold[i])),
            )
        )
    return results


def _as_array(values: Iterable[float]) -> Array:
    row = np.asarray(list(values), dtype=np.float64)
    if row.ndim != 1 or not np.isfinite(row).all() or (row < 0).any():
        raise ForecastInputError("Daily demand must be finite numbers ≥ 0.")
    return row


def _batch_length(days: int, settings: Settings) -> int:
    blocked = days - days % BLOCK_DAYS
    return blocked if blocked >= settings.min_train + settings.horizon else days


def _run(job: tuple[Array, Settings]) -> list[SeriesForecast]:
    return forecast_batch(*job)


def forecast_many(
    series: Sequence[Iterable[float]],
    *,
    settings: Settings | None = None,
    workers: int = 1,
    chunk: int = 2000,
) -> list[SeriesForecast]:
    """A forecast for each daily series (oldest day first, the last one closed), in order."""
    settings = settings or Settings()
    settings.check()
    rows = [_as_array(s) for s in series]
    groups: dict[int, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[_batch_length(row.size, settings)].append(i)
    jobs: list[tuple[list[int], tuple[Array, Settings]]] = []
    for length, members in sorted(groups.items()):
        for start in range(0, len(members), chunk):
            part = members[start : start + chunk]
            Y = np.stack([rows[i][rows[i].size - length :] for i in part]) if length else None
            if Y is None:
                Y = np.zeros((len(part), 0))
            jobs.append((part, (Y, settings)))
    if workers > 1 and len(jobs) > 1:
        with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
            outputs = pool.map(_run, [job for _, job in jobs], chunksize=1)
    else:
        outputs = [_run(job) for _, job in jobs]
    result: list[SeriesForecast | None] = [None] * len(rows)
    for (part, _), output in zip(jobs, outputs, strict=True):
        for i, forecast in zip(part, output, strict=True):
            result[i] = forecast
    return [r for r in result if r is not None]


def rate_of(forecast: SeriesForecast) -> float:
    """Mean units per day over the horizon."""
    return math.fsum(forecast.daily) / len(forecast.daily) if forecast.daily else 0.0
