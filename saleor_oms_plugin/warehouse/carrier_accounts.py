"""The carriers a tenant ships with: the built-in own fleet (always there, its defaults unless
configured) and every active ``CarrierAccount`` (a rate table, an HTTP carrier…), each built
by the adapter registered under its ``adapter`` key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from saleor_oms_plugin.carriers import own_fleet, rate_table
from saleor_oms_plugin.carriers.errors import CarrierError
from saleor_oms_plugin.carriers.interface import CarrierAdapter
from saleor_oms_plugin.carriers.registry import carrier_build
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.models import CarrierAccount

# Adapters whose tracking numbers staff may type (a courier booked by phone).
MANUAL_TRACKING = frozenset({own_fleet.KEY})
# Adapters without a tracking feed (their ``tracking`` always answers ``unknown``): the
# tracking sweep never asks them; staff record their deliveries (``parcelDelivered``).
NO_TRACKING_FEED = frozenset({own_fleet.KEY, rate_table.KEY})


@dataclass(frozen=True)
class CarrierChoice:
    code: str
    name: str
    adapter_key: str
    config: dict[str, Any]
    services: tuple[str, ...]

    @property
    def manual_tracking(self) -> bool:
        return self.adapter_key in MANUAL_TRACKING

    @property
    def tracking_feed(self) -> bool:
        return self.adapter_key not in NO_TRACKING_FEED


def _services(adapter_key: str, config: dict[str, Any]) -> tuple[str, ...]:
    if adapter_key == own_fleet.KEY:
        return (str(config.get("service", "standard")),)
    if adapter_key == rate_table.KEY:
        try:
            table = rate_table.rate_table_parse(config)
        except (CarrierError, ValueError):
            return ()
        return tuple(service.service for service in table.services)
    return tuple(str(s) for s in config.get("services", ()) if s) or ("standard",)


def carriers_available(*, tenant_id: int) -> list[CarrierChoice]:
    """Own fleet first, then the configured carriers by code."""
    accounts = list(CarrierAccount.objects.filter(tenant_id=tenant_id, is_active=True))
    choices: dict[str, CarrierChoice] = {
        own_fleet.KEY: CarrierChoice(
            own_fleet.KEY, "Own fleet", own_fleet.KEY, {}, _services(own_fleet.KEY, {})
        )
    }
    for account in accounts:
        choices[account.code] = CarrierChoice(
            account.code,
            account.name or account.code,
            account.adapter,
            dict(account.config),
            _services(account.adapter, account.config),
        )
    return list(choices.values())


def carrier_choice(*, tenant_id: int, code: str) -> CarrierChoice:
    for choice in carriers_available(tenant_id=tenant_id):
        if choice.code == code:
            return choice
    raise WarehouseError(Code.UNKNOWN_CARRIER, f"No carrier {code!r}.", field="carrier")


def carrier_adapter(choice: CarrierChoice) -> CarrierAdapter:
    try:
        return carrier_build(choice.adapter_key, choice.config)
    except CarrierError as error:
        raise WarehouseError(
            Code.UNKNOWN_CARRIER, f"Carrier {choice.code}: {error.message}", field="carrier"
        ) from None
