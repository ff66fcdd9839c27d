"""The one error of the forecasting package: input it cannot forecast from."""

from __future__ import annotations


class ForecastInputError(ValueError):
    """A series or a setting the engine refuses (negative or non-finite demand, bad horizon)."""
