"""Carrier adapters by key: a factory per key builds an adapter from its settings document
(what the merchant saved for that carrier). The built-ins are registered here; a new carrier
registers its factory at start-up (in its domain's ``apps.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import http_json, own_fleet, rate_table
from .errors import CarrierError, CarrierErrorCode
from .interface import CarrierAdapter

Factory = Callable[[Mapping[str, Any]], CarrierAdapter]

_factories: dict[str, Factory] = {}


def register_carrier(key: str, factory: Factory) -> None:
    """Make ``key`` buildable; registering a key twice is a programming error."""
    if key in _factories and _factories[key] is not factory:
        raise ValueError(f"carrier {key!r} is already registered")
    _factories[key] = factory


def carrier_keys() -> list[str]:
    return sorted(_factories)


def carrier_build(key: str, config: Mapping[str, Any]) -> CarrierAdapter:
    """The adapter for ``key`` with the merchant's ``config``; ``CarrierError`` with
    ``UNKNOWN_CARRIER`` for a key nobody registered, ``INVALID_INPUT`` for bad settings."""
    factory = _factories.get(key)
    if factory is None:
        raise CarrierError(CarrierErrorCode.UNKNOWN_CARRIER, f"No carrier {key!r}.")
    adapter = factory(config)
    adapter.key = key
    return adapter


def _rate_table(config: Mapping[str, Any]) -> CarrierAdapter:
    try:
        return rate_table.rate_table_from_config(config)
    except rate_table.RateTableInvalid as error:
        raise CarrierError(CarrierErrorCode.INVALID_INPUT, str(error)) from None


register_carrier(own_fleet.KEY, own_fleet.own_fleet_from_config)
register_carrier(rate_table.KEY, _rate_table)
register_carrier(http_json.KEY, http_json.http_json_from_config)
