"""The carriers a tenant ships with: the built-in own fleet (always there, its defaults unless
configured) and every active ``CarrierAccount`` (a rate table, an HTTP carrier…), each built
by the adapter registered under its ``adapter`` key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.carriers import own_fleet, rate_table
from saleor_oms_plugin.carriers.errors import CarrierError
from saleor_oms_plugin.carriers.interface import CarrierAdapter
from saleor_oms_plugin.carriers.registry import carrier_build, carrier_keys
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
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


_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def carrier_account_save(
    *,
    tenant_id: int,
    code: str,
    adapter: str,
    config: Any,
    name: str,
    is_active: bool,
    actor: Actor,
) -> CarrierAccount:
    """Configure the carrier ``code`` (create or change it): ``adapter`` one of the registered
    carriers (``rate_table``, ``http_json``…), ``config`` its settings document, which the
    adapter must accept as it is (a rate table with every zone priced, an endpoint…). The own
    fleet keeps its code: a configured ``own_fleet`` replaces its defaults."""
    code = code.strip().lower()
    if not _CODE.match(code):
        raise WarehouseError(
            Code.INVALID, "Lower-case letters, digits, - and _ (at most 64).", field="code"
        )
    if adapter not in carrier_keys():
        raise WarehouseError(
            Code.UNKNOWN_CARRIER,
            f"No carrier adapter {adapter!r}: one of {', '.join(carrier_keys())}.",
            field="adapter",
        )
    if code == own_fleet.KEY and adapter != own_fleet.KEY:
        raise WarehouseError(Code.INVALID, "own_fleet is the own fleet's code.", field="code")
    if not isinstance(config, dict):
        raise WarehouseError(Code.INVALID, "A JSON object.", field="config")
    try:
        carrier_build(adapter, config)
    except CarrierError as error:
        raise WarehouseError(Code.INVALID, error.message, field="config") from None
    with transaction.atomic():
        account, _ = CarrierAccount.objects.update_or_create(
            tenant_id=tenant_id,
            code=code,
            defaults={
                "adapter": adapter,
                "config": config,
                "name": name.strip()[:255],
                "is_active": is_active,
            },
        )
        audit_record(
            tenant_id=tenant_id,
            subject=account,
            verb=WarehouseEvent.CARRIER_SAVED,
            actor=actor,
            # The settings may hold an HTTP carrier's credentials: never in the audit trail.
            data={"code": code, "adapter": adapter, "active": is_active},
        )
    return account


def carrier_account_delete(*, tenant_id: int, code: str, actor: Actor) -> None:
    """Forget a configured carrier; its parcels and manifests keep the code they shipped with."""
    with transaction.atomic():
        account = CarrierAccount.objects.filter(tenant_id=tenant_id, code=code).first()
        if account is None:
            raise WarehouseError(Code.NOT_FOUND, f"No configured carrier {code!r}.", field="code")
        audit_record(
            tenant_id=tenant_id,
            subject=account,
            verb=WarehouseEvent.CARRIER_DELETED,
            actor=actor,
            data={"code": code},
        )
        account.delete()
