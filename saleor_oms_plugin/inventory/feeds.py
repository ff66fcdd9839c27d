"""Inbound stock feeds: absolute or delta quantities per SKU from stores, 3PLs, marketplaces.

A run is identified twice over:

- its **idempotency key** (unique per tenant): a repeated key is answered with the stored run,
  changing nothing, whatever the repeat contains;
- its **sequence** per source: a run numbered at or below the last applied one of its source is
  recorded as STALE and changes nothing (an older snapshot arriving late must not win).

Runs of one source are serialized by a row lock on the source, so concurrent runs cannot
interleave or both pass the sequence check. Lines are applied independently: valid lines
apply, invalid ones are reported per line with a :class:`FeedLineCode` (status PARTIAL). A run
without a single valid line is REJECTED and changes nothing (the sequence does not advance). A
run that is malformed as a whole (no lines, too many, a bad key or sequence) raises and is not
stored. Every change is an EXTERNAL_FEED movement of the ledger, source ``feed:<name>``,
reference ``feed-run:<id>``; Saleor warehouses are written back, outside locations are not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.inventory.error_codes import FeedLineCode, InventoryErrorCode
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.events import InventoryEvent
from saleor_oms_plugin.inventory.ledger import (
    Change,
    Origin,
    stock_change,
    stock_ensure_many,
    write_back_mark,
)
from saleor_oms_plugin.inventory.locks import (
    lock_feed_source,
    lock_or_create_feed_source,
    lock_stock_levels,
)
from saleor_oms_plugin.inventory.models import FeedRun, FeedSource, StockMovement
from saleor_oms_plugin.inventory.services import MAX_QUANTITY
from saleor_oms_plugin.inventory.skus import skus_resolve
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorError
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client

Mode = FeedSource.Mode
Status = FeedRun.Status
MAX_LINES = 10_000
MAX_SEQUENCE = 2**63 - 1


@dataclass(frozen=True)
class FeedLine:
    """One line as submitted: values are checked by the service, not by the edges."""

    sku: str
    quantity: Any  # an int, or text from a CSV cell
    location: str = ""  # a location's slug; empty: the source's default location
    mode: str = ""  # ABSOLUTE or DELTA; empty: the source's mode


@dataclass(frozen=True)
class FeedResult:
    run: FeedRun
    replayed: bool  # the idempotency key had been used: this is the stored answer


@dataclass
class _Line:
    index: int
    sku: str
    location_slug: str
    mode: str
    quantity: int | None = None
    variant_id: str = ""
    location: Location | None = None
    status: str = "PENDING"
    code: str = ""
    message: str = ""
    delta: int = 0

    def fail(self, code: FeedLineCode, message: str) -> None:
        self.status, self.code, self.message = "FAILED", code.value, message

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.index,
            "sku": self.sku,
            "location": self.location.slug if self.location else self.location_slug,
            "mode": self.mode,
            "quantity": self.quantity,
            "variantId": self.variant_id,
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "delta": self.delta,
        }


# -- sources ---------------------------------------------------------------------------------


def feed_source_save(
    *,
    tenant_id: int,
    name: str,
    actor: Actor,
    mode: str = Mode.ABSOLUTE,
    default_location_id: int | None = None,
) -> FeedSource:
    """Create or change a feed source (by name)."""
    name = name.strip()
    if not 0 < len(name) <= 100 or any(c in name for c in "/?#"):
        raise InventoryError(
            InventoryErrorCode.INVALID_NAME, "A name of 1-100 characters, no / ? #.", field="name"
        )
    if mode not in Mode.values:
        raise InventoryError(InventoryErrorCode.INVALID_FEED, "Unknown mode.", field="mode")
    if (
        default_location_id is not None
        and not Location.objects.filter(
            tenant_id=tenant_id, pk=default_location_id, is_deleted=False
        ).exists()
    ):
        raise InventoryError(
            InventoryErrorCode.LOCATION_NOT_FOUND, "No such location.", field="defaultLocation"
        )
    now = timezone.now()
    with transaction.atomic():
        source, created = lock_or_create_feed_source(
            tenant_id,
            name,
            defaults={
                "mode": mode,
                "default_location_id": default_location_id,
                "created_at": now,
                "updated_at": now,
            },
        )
        if not created:
            source.mode, source.default_location_id, source.updated_at = (
                mode,
                default_location_id,
                now,
            )
            source.save(update_fields=["mode", "default_location", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=source,
            verb=InventoryEvent.FEED_SOURCE_CREATED
            if created
            else InventoryEvent.FEED_SOURCE_UPDATED,
            actor=actor,
            data={"mode": mode, "default_location": default_location_id},
        )
    return source


# -- runs ------------------------------------------------------------------------------------


def feed_submit(
    *,
    tenant_id: int,
    source_name: str,
    idempotency_key: str,
    sequence: int,
    lines: Sequence[FeedLine],
    actor: Actor,
    channel: str = "graphql",
    client: Callable[[], SaleorClient] | None = None,
) -> FeedResult:
    """Apply a feed run, or answer a repeated key with the stored run (see the module doc)."""
    key = (idempotency_key or "").strip()
    if not 0 < len(key) <= 255:
        raise InventoryError(
            InventoryErrorCode.INVALID_IDEMPOTENCY_KEY,
            "An idempotency key of 1-255 characters is required.",
            field="idempotencyKey",
        )
    stored = FeedRun.objects.filter(tenant_id=tenant_id, idempotency_key=key).first()
    if stored is not None:
        return FeedResult(stored, replayed=True)
    if (
        isinstance(sequence, bool)
        or not isinstance(sequence, int)
        or not 0 <= sequence <= MAX_SEQUENCE
    ):
        raise InventoryError(
            InventoryErrorCode.INVALID_SEQUENCE,
            "The sequence must be a whole number from 0 up.",
            field="sequence",
        )
    source = FeedSource.objects.filter(tenant_id=tenant_id, name=source_name).first()
    if source is None:
        raise InventoryError(
            InventoryErrorCode.FEED_SOURCE_NOT_FOUND,
            f"No feed source {source_name!r}.",
            field="source",
        )
    if not lines:
        raise InventoryError(
            InventoryErrorCode.INVALID_FEED, "The feed has no lines.", field="lines"
        )
    if len(lines) > MAX_LINES:
        raise InventoryError(
            InventoryErrorCode.FEED_TOO_LARGE, f"At most {MAX_LINES} lines.", field="lines"
        )
    parsed = _parsed(tenant_id, source, lines)
    if not _stale(source, sequence):
        # (A stale run is known before the lock already: the sequence only ever grows.)
        _resolve_skus(tenant_id, parsed, client)
    now = timezone.now()
    try:
        with transaction.atomic():
            source = lock_feed_source(source.pk)
            run = FeedRun.objects.create(
                tenant_id=tenant_id,
                source=source,
                idempotency_key=key,
                sequence=sequence,
                status=Status.STALE,
                lines_total=len(parsed),
                channel=channel,
                actor_type=actor.type,
                actor_id=actor.id,
                created_at=now,
            )
            if _stale(source, sequence):
                for line in parsed:
                    line.status = "IGNORED"
            else:
                _apply(run, source, parsed, actor)
            _finish(run, source, parsed, actor)
    except IntegrityError:
        # The same key was submitted concurrently (another source's lock): the winner answers.
        stored = FeedRun.objects.filter(tenant_id=tenant_id, idempotency_key=key).first()
        if stored is None:
            raise
        return FeedResult(stored, replayed=True)
    return FeedResult(run, replayed=False)


def _stale(source: FeedSource, sequence: int) -> bool:
    return source.last_sequence is not None and sequence <= source.last_sequence


def _parsed(tenant_id: int, source: FeedSource, lines: Sequence[FeedLine]) -> list[_Line]:
    slugs = {(line.location or "").strip() for line in lines} - {""}
    by_slug: dict[str, Location] = {}
    for location in Location.objects.filter(tenant_id=tenant_id, slug__in=slugs, is_deleted=False):
        # A slug shared by a Saleor warehouse and an outside location (whose slugs are unique)
        # names the outside one: that is what feeds are mostly about.
        if location.slug not in by_slug or not location.is_saleor_warehouse:
            by_slug[location.slug] = location
    default = (
        Location.objects.filter(pk=source.default_location_id, is_deleted=False).first()
        if source.default_location_id
        else None
    )
    parsed: list[_Line] = []
    seen: set[tuple[str, int]] = set()
    for index, raw in enumerate(lines, start=1):
        line = _Line(
            index=index,
            sku=str(raw.sku or "").strip(),
            location_slug=str(raw.location or "").strip(),
            mode=str(raw.mode or "").strip().upper() or str(source.mode),
        )
        parsed.append(line)
        line.quantity = _quantity(raw.quantity)
        if not line.sku:
            line.fail(FeedLineCode.MISSING_SKU, "The line has no SKU.")
        elif line.mode not in Mode.values:
            line.fail(FeedLineCode.INVALID_MODE, f"Mode {line.mode!r} is not ABSOLUTE or DELTA.")
        elif line.quantity is None or (line.mode == Mode.ABSOLUTE and line.quantity < 0):
            line.fail(
                FeedLineCode.INVALID_QUANTITY,
                f"Quantity {raw.quantity!r} is not a whole number"
                + (" of 0 or more." if line.mode == Mode.ABSOLUTE else "."),
            )
        elif line.location_slug and line.location_slug not in by_slug:
            line.fail(FeedLineCode.UNKNOWN_LOCATION, f"No location {line.location_slug!r}.")
        elif not line.location_slug and default is None:
            line.fail(FeedLineCode.NO_LOCATION, "No location given and the source has no default.")
        else:
            line.location = by_slug[line.location_slug] if line.location_slug else default
            assert line.location is not None
            if (line.sku, line.location.pk) in seen:
                line.fail(
                    FeedLineCode.DUPLICATE_LINE,
                    f"{line.sku} at {line.location.slug} appears more than once.",
                )
            seen.add((line.sku, line.location.pk))
    return parsed


def _quantity(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value or "").strip()
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", text):
            return None
        number = int(text)
    return number if abs(number) <= MAX_QUANTITY else None


def _resolve_skus(
    tenant_id: int, parsed: list[_Line], client: Callable[[], SaleorClient] | None
) -> None:
    pending = [line for line in parsed if line.status == "PENDING"]

    def saleor() -> SaleorClient:
        if client is not None:
            return client()
        return tenant_saleor_client(tenant=Tenant.objects.get(pk=tenant_id))

    try:
        variants = skus_resolve(
            tenant_id=tenant_id, skus=[line.sku for line in pending], client=saleor
        )
    except SaleorError as exc:
        raise InventoryError(
            InventoryErrorCode.SALEOR_UNAVAILABLE,
            f"Saleor could not be asked for unknown SKUs ({exc}); nothing was applied, "
            "submit again with the same key.",
        ) from None
    for line in pending:
        line.variant_id = variants.get(line.sku, "")
        if not line.variant_id:
            line.fail(FeedLineCode.UNKNOWN_SKU, f"No variant has SKU {line.sku!r}.")


def _apply(run: FeedRun, source: FeedSource, parsed: list[_Line], actor: Actor) -> None:
    origin = Origin(
        StockMovement.Reason.EXTERNAL_FEED,
        f"feed:{source.name}"[:64],
        actor,
        reference=f"feed-run:{run.pk}",
    )
    valid = [line for line in parsed if line.status == "PENDING"]
    # Rows created in one statement, in a fixed order: two runs creating the same new rows
    # cannot deadlock.
    ids = stock_ensure_many(
        tenant_id=run.tenant_id,
        wanted={(line.location.pk, line.variant_id): line.sku for line in valid if line.location},
    )
    stocks = {
        line.index: ids[(line.location.pk, line.variant_id)] for line in valid if line.location
    }
    # Locked in primary-key order (as every multi-row writer does): absolute quantities read
    # on hand, and nothing may change it between the read and the write.
    locked = {stock.pk: stock for stock in lock_stock_levels(stocks.values())}
    to_write_back: list[int] = []
    for line in sorted(valid, key=lambda item: stocks[item.index]):
        assert line.location is not None and line.quantity is not None
        stock = locked[stocks[line.index]]
        delta = line.quantity - stock.on_hand if line.mode == Mode.ABSOLUTE else line.quantity
        if not delta:
            line.status = "UNCHANGED"
            continue
        if stock.on_hand + delta > MAX_QUANTITY:
            line.fail(FeedLineCode.INVALID_QUANTITY, f"On hand would exceed {MAX_QUANTITY}.")
            continue
        try:
            stock_change(stock_id=stock.pk, change=Change(on_hand=delta), origin=origin)
        except InventoryError as exc:
            line.fail(FeedLineCode.NEGATIVE_STOCK, exc.message)
            continue
        stock.on_hand += delta
        line.status, line.delta = "APPLIED", delta
        if line.location.is_saleor_warehouse:
            to_write_back.append(stock.pk)
    if to_write_back:
        # One outbox write and one scheduling for the whole run, not one per line.
        write_back_mark(tenant_id=run.tenant_id, stock_ids=to_write_back)


def _finish(run: FeedRun, source: FeedSource, parsed: list[_Line], actor: Actor) -> None:
    failed = sum(1 for line in parsed if line.status == "FAILED")
    applied = sum(1 for line in parsed if line.status in ("APPLIED", "UNCHANGED"))
    if parsed and parsed[0].status == "IGNORED":
        run.status = Status.STALE
    elif not applied:
        run.status = Status.REJECTED
    else:
        run.status = Status.PARTIAL if failed else Status.APPLIED
        source.last_sequence = run.sequence
        source.updated_at = timezone.now()
        source.save(update_fields=["last_sequence", "updated_at"])
    run.lines_applied, run.lines_failed = applied, failed
    run.results = [line.as_dict() for line in parsed]
    run.save(update_fields=["status", "lines_applied", "lines_failed", "results"])
    audit_record(
        tenant_id=run.tenant_id,
        subject=run,
        verb=InventoryEvent(f"feed_run.{run.status.lower()}"),
        actor=actor,
        data={
            "source": source.name,
            "sequence": run.sequence,
            "applied": applied,
            "failed": failed,
        },
    )
