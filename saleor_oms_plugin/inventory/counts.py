"""Short picks: take the units a location could not find off the ledger, and ask for a count.

A short pick proves the ledger wrong at one bin (a variant at a location). Leaving the missing
units in stock would route the next order into the same hole, so they are taken off at once
(a ``SHORT_PICK`` movement, written back to Saleor through the write-back outbox) and a count
task is opened for the bin; the count (a stock adjustment) then sets the true figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.inventory.events import InventoryEvent
from saleor_oms_plugin.inventory.ledger import Change, Origin, stock_change, stock_ensure
from saleor_oms_plugin.inventory.locks import lock_stock_levels
from saleor_oms_plugin.inventory.models import CountTask, StockLevel, StockMovement
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.rules.models import StaffTask

COUNT_ROLE = "inventory"


@dataclass(frozen=True)
class MissingUnits:
    variant_id: str
    sku: str
    units: int


def short_pick_stock_take(
    *,
    tenant_id: int,
    location: Location,
    missing: list[MissingUnits],
    reference: str,
    actor: Actor,
    order_id: int | None = None,
) -> list[CountTask]:
    """Take ``missing`` units off ``location`` and open (or join) a count task per bin.

    Called by the short-pick task once Saleor's fulfilment is cancelled; runs its own
    transaction. Idempotent per ``reference``: a
    bin already handled for it is left alone. The ledger never goes below zero: when it holds
    fewer units than are missing, what it holds is taken (the count settles the rest).
    """
    wanted = {(location.pk, m.variant_id): m.sku for m in missing if m.units > 0}
    levels = {
        key: stock_ensure(tenant_id=tenant_id, location_id=key[0], variant_id=key[1], sku=sku)
        for key, sku in sorted(wanted.items())
    }
    counts: list[CountTask] = []
    with transaction.atomic():
        # Rows locked in pk order, as every multi-row ledger writer does.
        locked = {stock.pk: stock for stock in lock_stock_levels(s.pk for s in levels.values())}
        for item in sorted(missing, key=lambda m: levels[(location.pk, m.variant_id)].pk):
            stock = locked[levels[(location.pk, item.variant_id)].pk]
            if CountTask.objects.filter(
                stock=stock, reason=CountTask.Reason.SHORT_PICK, reference=reference
            ).exists():
                continue  # this report was handled already
            taken = min(item.units, stock.on_hand)
            if taken:
                stock_change(
                    stock_id=stock.pk,
                    change=Change(on_hand=-taken),
                    origin=Origin(
                        reason=StockMovement.Reason.SHORT_PICK,
                        source="oms",
                        actor=actor,
                        reference=reference,
                        note=f"{item.units} missing at pick",
                    ),
                    write_back=True,
                )
            counts.append(_count_open(tenant_id, stock, location, item, reference, actor, order_id))
    return counts


def _count_open(
    tenant_id: int,
    stock: StockLevel,
    location: Location,
    item: MissingUnits,
    reference: str,
    actor: Actor,
    order_id: int | None,
) -> CountTask:
    open_count = (
        CountTask.objects.select_related("staff_task")
        .filter(stock=stock, staff_task__status=StaffTask.Status.OPEN)
        .first()
    )
    if open_count is not None:
        task = open_count.staff_task
    else:
        task = StaffTask.objects.create(
            tenant_id=tenant_id,
            order_id=order_id,
            title=f"Count {item.sku or item.variant_id} at {location.name}"[:200],
            description=(
                f"{item.units} unit(s) could not be picked and were taken off stock. Count the "
                "bin and adjust the stock to what is there."
            ),
            role=COUNT_ROLE,
        )
        audit_record(
            tenant_id=tenant_id,
            subject=task,
            verb=InventoryEvent.COUNT_TASK_CREATED,
            actor=actor,
            data={"reason": "short_pick", "stock": stock.pk, "reference": reference},
        )
    return CountTask.objects.create(
        tenant_id=tenant_id,
        stock=stock,
        staff_task=task,
        reason=CountTask.Reason.SHORT_PICK,
        reference=reference,
        units_missing=item.units,
    )
