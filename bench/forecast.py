"""Demand forecast benchmark: 10,000 seeded synthetic series, forecast and scored on held-out days.

    .venv/bin/python bench/forecast.py [--series 10000] [--seed 17] [--workers 2] [--json]

The history is synthetic and seeded (the same seed gives the same series and the same figures).
Every series has ``--days`` days (default 756 = two years of 364 days + the 28 held out); the
mix, in order of the series:

- 35 % smooth, weekly seasonal: level 3…60 a day, weekday factors (weekend peak or trough,
  amplitude 10…50 %), Poisson noise;
- 20 % trending: the same with a linear trend of −40 %…+80 % over the history;
- 10 % yearly seasonal: the weekly pattern times a yearly wave (amplitude 30…60 %, random
  phase), ≥ two years long;
- 10 % new products: only the last 84…364 days exist (a shorter history);
- 15 % intermittent: demand on 5…40 % of the days, sizes 1 + Poisson(0.5…3);
- 10 % lumpy: demand on 3…20 % of the days, sizes 1 + geometric with a heavy tail.

The last ``--horizon`` (28) days of each series are held out. ``forecasting.engine
.forecast_many`` sees the rest (it classifies, backtests the candidates on up to 3 rolling
28-day windows and picks one per series) and forecasts the held-out days. Figures:

- ``forecast_seconds``: wall time of ``forecast_many`` for all series (target ≤ 120 s on 2 cores);
  ``forecast_cpu_seconds`` the CPU time it took (pool workers included), less disturbed by
  neighbours on a shared machine;
- ``wape``: Σ|actual − forecast| / Σ actual over all series' held-out days, chosen methods;
- ``ewma_wape``, ``naive_wape``: the same for the product's EWMA velocity and seasonal naive;
- ``wape_vs_ewma``: wape / ewma_wape (target ≤ 0.90); ``wape_vs_ewma_by_kind`` per kind of
  series above, and ``mse_vs_ewma_by_kind`` the same for squared errors (for sparse series WAPE
  rewards forecasting too little, see bench/README.md);
- ``mase``: mean over series of the held-out MAE / the in-sample seasonal naive MAE;
- ``method_mix``, ``class_mix``: series per chosen method and per demand class;
- ``statsmodels_fit_seconds``: one statsmodels ExponentialSmoothing fit (weekly seasonal,
  damped trend, 2 years), averaged over ``--statsmodels-fits`` series; what the own vectorised
  implementation replaces (0 fits skips it).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from saleor_oms_plugin.forecasting.baselines import ewma, seasonal_naive  # noqa: E402
from saleor_oms_plugin.forecasting.engine import Settings, forecast_many  # noqa: E402
from saleor_oms_plugin.forecasting.metrics import naive_scale  # noqa: E402

MIX = (
    ("smooth", 0.35),
    ("trend", 0.20),
    ("yearly", 0.10),
    ("new", 0.10),
    ("intermittent", 0.15),
    ("lumpy", 0.10),
)


def _weekly(rng: np.random.Generator, days: int) -> np.ndarray:
    amplitude = rng.uniform(0.1, 0.5)
    shape = rng.normal(0, 1, 7)
    shape = (shape - shape.mean()) / (np.abs(shape).max() + 1e-9)
    return 1 + amplitude * shape[np.arange(days) % 7]


def synthetic_series(kind: str, rng: np.random.Generator, days: int) -> np.ndarray:
    t = np.arange(days)
    if kind in ("smooth", "trend", "yearly", "new"):
        mean = rng.uniform(3, 60) * _weekly(rng, days)
        if kind == "trend":
            mean = mean * (1 + rng.uniform(-0.4, 0.8) * t / days)
        if kind == "yearly":
            phase = rng.uniform(0, 2 * np.pi)
            mean = mean * (1 + rng.uniform(0.3, 0.6) * np.sin(2 * np.pi * t / 364 + phase))
        series = rng.poisson(np.maximum(mean, 0)).astype(float)
        if kind == "new":
            series = series[days - int(rng.integers(84, 365)) :]
        return series
    if kind == "intermittent":
        sold = rng.random(days) < rng.uniform(0.05, 0.4)
        return np.where(sold, 1 + rng.poisson(rng.uniform(0.5, 3), days), 0).astype(float)
    sold = rng.random(days) < rng.uniform(0.03, 0.2)
    sizes = rng.geometric(rng.uniform(0.05, 0.3), days) * rng.choice([1, 1, 1, 4], days)
    return np.where(sold, sizes, 0).astype(float)


def synthetic_history(count: int, seed: int, days: int) -> list[tuple[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    kinds = [kind for kind, share in MIX for _ in range(round(count * share))][:count]
    kinds += ["smooth"] * (count - len(kinds))
    return [(kind, synthetic_series(kind, rng, days)) for kind in kinds]


def statsmodels_fit_seconds(series: list[np.ndarray], fits: int) -> float | None:
    if fits <= 0:
        return None
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    sample = [s for s in series if s.size >= 728][:fits]
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for s in sample:
            ExponentialSmoothing(
                s, trend="add", damped_trend=True, seasonal="add", seasonal_periods=7
            ).fit()
    return round((time.perf_counter() - started) / len(sample), 4)


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the pool's workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(options: argparse.Namespace) -> dict[str, Any]:
    h = options.horizon
    history = synthetic_history(options.series, options.seed, options.days)
    train = [s[:-h] for _, s in history]
    held = np.stack([s[-h:] for _, s in history])
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    results = forecast_many(train, settings=Settings(horizon=h), workers=options.workers)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    chosen = np.array([r.daily for r in results])
    ewma_f = np.array([ewma(s[None], [s.size], h)[0, 0] for s in train])
    naive_f = np.array([seasonal_naive(s[None], [s.size], h)[0, 0] for s in train])
    sold = held.sum()
    mases = []
    for i, s in enumerate(train):
        scale = naive_scale(s)
        if scale is not None:
            mases.append(float(np.abs(held[i] - chosen[i]).mean()) / scale)

    def total_wape(f: np.ndarray) -> float:
        return float(np.abs(held - f).sum() / sold)

    wape, ewma_wape = total_wape(chosen), total_wape(ewma_f)
    by_kind, mse_by_kind = {}, {}
    for kind, _ in MIX:
        rows = np.array([k == kind for k, _ in history])
        if rows.any():
            errors = [np.abs(held[rows] - f[rows]).sum() for f in (chosen, ewma_f)]
            by_kind[kind] = round(float(errors[0] / errors[1]), 4)
            squared = [((held[rows] - f[rows]) ** 2).sum() for f in (chosen, ewma_f)]
            mse_by_kind[kind] = round(float(squared[0] / squared[1]), 4)
    return {
        "series": options.series,
        "seed": options.seed,
        "days": options.days,
        "horizon": h,
        "workers": options.workers,
        "forecast_seconds": round(seconds, 2),
        "forecast_cpu_seconds": round(cpu, 2),
        "wape": round(wape, 4),
        "ewma_wape": round(ewma_wape, 4),
        "naive_wape": round(total_wape(naive_f), 4),
        "wape_vs_ewma": round(wape / ewma_wape, 4),
        "mase": round(float(np.mean(mases)), 4),
        "wape_vs_ewma_by_kind": by_kind,
        "mse_vs_ewma_by_kind": mse_by_kind,
        "method_mix": dict(sorted(Counter(r.method for r in results).items())),
        "class_mix": dict(sorted(Counter(str(r.demand_class) for r in results).items())),
        "series_mix": dict(Counter(kind for kind, _ in history)),
        "statsmodels_fit_seconds": statsmodels_fit_seconds(train, options.statsmodels_fits),
    }


def parse_options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--days", type=int, default=756)
    parser.add_argument("--horizon", type=int, default=28)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--statsmodels-fits", type=int, default=20)
    parser.add_argument("--json", dest="as_json", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = parse_options(sys.argv[1:] if argv is None else argv)
    result = measure(options)
    result["targets_met"] = result["forecast_seconds"] <= 120 and result["wape_vs_ewma"] <= 0.90
    if options.as_json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
