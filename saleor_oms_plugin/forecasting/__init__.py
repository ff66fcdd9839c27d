"""Demand forecasts: daily history in, a forecast per series out, chosen by backtest. No Django.

``engine.forecast_many(series, horizon=…)`` classifies each series (ADI/CV²), runs the candidate
methods of its class over rolling origins, keeps the one with the lowest backtest error, and
forecasts with it from the whole history. The methods are vectorised over many series at once
(``smoothing``, ``intermittent``, ``baselines``); ``cover`` turns a daily forecast into days
of cover and demand over a lead time. ``replenishment`` builds the history and stores results.
"""
