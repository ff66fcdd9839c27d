"""The stock ledger: levels per tenant × location × variant, and the movements that changed them.

Quantities and what they mean:

- ``on_hand``: units physically at the location, allocated ones included (Saleor's
  ``Stock.quantity`` means the same, plus what we reserved, see ``saleor_quantity``).
- ``allocated``: units Saleor allocated to its own orders (``quantityAllocated``). Mirrored, never
  originated here.
- ``reserved``: units held by our reservations for orders of outside channels (Saleor is told:
  it holds on hand − reserved).
- ``held``: units held by carts (soft reservations): offered to no channel, but Saleor is not
  told, since its own checkout counts them when it completes.
- ``safety_stock``: units never offered for sale.

Every column is ``>= 0`` by database constraint. There is deliberately **no** constraint
``allocated + reserved <= on_hand``: Saleor 3.23 over-allocates (2 on hand, 3 allocated was
observed), and the ledger must be able to record what Saleor says, or sync would fail and the
ledger would drift from the truth. The promise "never oversell" is kept where we make promises
instead: a reservation is a conditional UPDATE that only succeeds while
``on_hand - allocated - reserved - held - safety_stock >= n`` (see ``ledger.py``), and available-to-sell
is clamped at zero.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class StockLevel(models.Model):
    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.CASCADE, related_name="stock_levels"
    )
    variant_id = models.CharField(max_length=255, help_text="Saleor ProductVariant ID.")
    sku = models.CharField(max_length=255, blank=True)
    on_hand = models.IntegerField(default=0)
    allocated = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    # Units held by carts (soft reservations): promised to nobody yet, so Saleor is not told
    # (its own checkout counts the cart's units when that checkout completes), but what other
    # channels are offered drops at once.
    held = models.IntegerField(default=0)
    safety_stock = models.IntegerField(default=0)
    # What Saleor holds as Stock.quantity, as far as we know: the base of a three-way merge.
    # Saleor only has absolute stock writes, so a change made in Saleor is recognised as
    # (Saleor's quantity now - this), and what we want Saleor to hold is on_hand - reserved.
    # Null: Saleor has no stock row for this variant at this location.
    saleor_quantity = models.IntegerField(null=True, blank=True)
    saleor_synced_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change: lets readers and tests see that a row moved.
    version = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "location", "variant_id"], name="stock_level_unique"
            ),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_on_hand_gte_0"),
            models.CheckConstraint(condition=Q(allocated__gte=0), name="stock_allocated_gte_0"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_reserved_gte_0"),
            models.CheckConstraint(condition=Q(held__gte=0), name="stock_held_gte_0"),
            models.CheckConstraint(condition=Q(safety_stock__gte=0), name="stock_safety_gte_0"),
            models.CheckConstraint(
                condition=Q(saleor_quantity__isnull=True) | Q(saleor_quantity__gte=0),
                name="stock_saleor_quantity_gte_0",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "variant_id"], name="stock_tenant_variant")]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.location_id}"

    @property
    def available(self) -> int:
        """Units that may still be promised here (never negative)."""
        return max(0, self.on_hand - self.allocated - self.reserved - self.held - self.safety_stock)

    @property
    def saleor_target(self) -> int:
        """What Saleor's Stock.quantity should be: reserved units are promised elsewhere."""
        return max(0, self.on_hand - self.reserved)


class StockMovement(models.Model):
    """One change of one stock level. Append-only: never updated, deleted only with the tenant."""

    class Reason(models.TextChoices):
        SALEOR_SYNC = "SALEOR_SYNC"
        EXTERNAL_FEED = "EXTERNAL_FEED"
        FULFILMENT = "FULFILMENT"
        RETURN_RESTOCK = "RETURN_RESTOCK"
        MANUAL_ADJUSTMENT = "MANUAL_ADJUSTMENT"
        TRANSFER = "TRANSFER"
        RESERVATION = "RESERVATION"
        RESERVATION_RELEASE = "RESERVATION_RELEASE"
        SAFETY_STOCK = "SAFETY_STOCK"
        # Units a location could not find when picking: taken off until a count says otherwise.
        SHORT_PICK = "SHORT_PICK"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    stock = models.ForeignKey(StockLevel, on_delete=models.CASCADE, related_name="movements")
    reason = models.CharField(max_length=32, choices=Reason.choices)
    # Where the change started: "saleor", "oms", "api", "feed:<name>"… (reason says why).
    source = models.CharField(max_length=64)
    # What it is about: a reservation reference, an order id, a feed file, a transfer…
    reference = models.CharField(max_length=255, blank=True)
    on_hand_delta = models.IntegerField(default=0)
    allocated_delta = models.IntegerField(default=0)
    reserved_delta = models.IntegerField(default=0)
    held_delta = models.IntegerField(default=0)
    safety_stock_delta = models.IntegerField(default=0)
    # The level right after this movement: the log can be read without replaying it.
    on_hand_after = models.IntegerField()
    allocated_after = models.IntegerField()
    reserved_after = models.IntegerField()
    held_after = models.IntegerField(default=0)
    safety_stock_after = models.IntegerField()
    actor_type = models.CharField(max_length=16)
    actor_id = models.CharField(max_length=255, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["tenant", "stock", "created_at"], name="movement_stock_time"),
            models.Index(fields=["tenant", "reason", "created_at"], name="movement_reason_time"),
        ]


class CountTask(models.Model):
    """A request to count one bin (a variant at a location) whose ledger figure proved wrong.

    Staff see and close it as a :class:`~saleor_oms_plugin.rules.models.StaffTask` (the Tasks
    page); this row ties that task to the stock level and to what opened it. One open task per
    stock level: further reasons to count the same bin join it. ``reference`` makes opening
    idempotent (a repeated short-pick report opens nothing new).
    """

    class Reason(models.TextChoices):
        SHORT_PICK = "SHORT_PICK"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    stock = models.ForeignKey(StockLevel, on_delete=models.CASCADE, related_name="count_tasks")
    staff_task = models.ForeignKey(
        "oms_rules.StaffTask", on_delete=models.CASCADE, related_name="count_tasks"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    reference = models.CharField(max_length=255)
    units_missing = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stock", "reason", "reference"], name="count_task_once_per_reference"
            )
        ]


class Channel(models.Model):
    """A sales channel: one of Saleor's (imported) or an outside one (a marketplace, a shop)."""

    class BufferKind(models.TextChoices):
        NONE = "NONE"
        FIXED = "FIXED"
        PERCENT = "PERCENT"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    slug = models.CharField(max_length=255)
    name = models.CharField(max_length=255, blank=True)
    saleor_id = models.CharField(max_length=255, blank=True, help_text="Empty: outside channel.")
    buffer_kind = models.CharField(
        max_length=8, choices=BufferKind.choices, default=BufferKind.NONE
    )
    # Units (FIXED) or percent (PERCENT, 0-100) held back from what the channel is shown.
    buffer_value = models.IntegerField(default=0)
    locations = models.ManyToManyField(
        "oms_locations.Location", through="ChannelLocation", related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "slug"], name="channel_unique_slug"),
            models.CheckConstraint(condition=Q(buffer_value__gte=0), name="channel_buffer_gte_0"),
            models.CheckConstraint(
                condition=~Q(buffer_kind="PERCENT") | Q(buffer_value__lte=100),
                name="channel_buffer_percent_lte_100",
            ),
        ]


class ChannelLocation(models.Model):
    """A location serving a channel; ``priority`` is Saleor's channel warehouse order."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="channel_locations")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.CASCADE, related_name="+"
    )
    priority = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["priority", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "location"], name="channel_location_unique")
        ]


class Reservation(models.Model):
    class State(models.TextChoices):
        RESERVED = "RESERVED"
        RELEASED = "RELEASED"
        CONVERTED = "CONVERTED"
        EXPIRED = "EXPIRED"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="reservations")
    # The caller's idempotency key (e.g. the marketplace order id): one reservation per key.
    reference = models.CharField(max_length=255)
    # The Saleor order these units were held for, if the outside order is fulfilled through
    # Saleor: its fulfilment (webhook) converts the reservation.
    order_saleor_id = models.CharField(max_length=255, blank=True, db_index=True)
    # A cart's hold: its units are ``held``, not ``reserved`` (never written back to Saleor).
    soft = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=State.choices, default=State.RESERVED)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    actor_type = models.CharField(max_length=16)
    actor_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "reference"], name="reservation_unique_ref")
        ]
        indexes = [
            models.Index(fields=["state", "expires_at"], name="reservation_expiry"),
            models.Index(fields=["tenant", "state", "created_at"], name="reservation_state"),
        ]


class ReservationLine(models.Model):
    """Units of one variant held at one location (a requested line may span locations)."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="lines")
    stock = models.ForeignKey(StockLevel, on_delete=models.PROTECT, related_name="+")
    variant_id = models.CharField(max_length=255)
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]


class DirtyVariant(models.Model):
    """A variant whose Saleor stocks must be re-read (a stock, order or fulfilment event)."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    variant_id = models.CharField(max_length=255)
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "variant_id"], name="dirty_variant_unique")
        ]


class StockWriteBack(models.Model):
    """The intent to make Saleor's quantity of one stock level equal ours (an outbox row).

    At most one open intent per stock level: later changes fold into it, since what is sent is
    the absolute target read at sending time.
    """

    class State(models.TextChoices):
        PENDING = "PENDING"
        SENDING = "SENDING"
        DONE = "DONE"
        FAILED = "FAILED"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    stock = models.ForeignKey(StockLevel, on_delete=models.CASCADE, related_name="write_backs")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    # The quantity of the last attempt whose outcome is unknown (a timeout): if Saleor holds
    # exactly this, the attempt landed and is not sent again.
    sent_quantity = models.IntegerField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stock"],
                condition=Q(state__in=["PENDING", "SENDING"]),
                name="write_back_one_open_per_stock",
            )
        ]
        indexes = [models.Index(fields=["state", "updated_at"], name="write_back_state")]


class FeedSource(models.Model):
    """Where inbound stock comes from (a store system, a 3PL, a marketplace report).

    ``last_sequence`` is the newest run applied: a run numbered at or below it is stale. The
    row is locked while a run applies, so two runs of one source never interleave.
    """

    class Mode(models.TextChoices):
        ABSOLUTE = "ABSOLUTE"  # the quantity is the new on hand
        DELTA = "DELTA"  # the quantity is added to on hand (negative: removed)

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    default_location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.ABSOLUTE)
    last_sequence = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="feed_source_unique_name")
        ]


class FeedRun(models.Model):
    """One submitted feed: stored with its per-line results, answered again on a repeat."""

    class Status(models.TextChoices):
        APPLIED = "APPLIED"  # every line applied
        PARTIAL = "PARTIAL"  # the valid lines applied, the others reported
        REJECTED = "REJECTED"  # no line was valid: nothing changed
        STALE = "STALE"  # sequence not newer than the last applied: ignored

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(FeedSource, on_delete=models.CASCADE, related_name="runs")
    idempotency_key = models.CharField(max_length=255)
    sequence = models.BigIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices)
    lines_total = models.PositiveIntegerField(default=0)
    lines_applied = models.PositiveIntegerField(default=0)
    lines_failed = models.PositiveIntegerField(default=0)
    # [{"line", "sku", "location", "mode", "quantity", "status", "code", "message",
    #   "variantId", "delta"}] in input order.
    results = models.JSONField(default=list)
    channel = models.CharField(max_length=16, help_text="graphql or csv")
    actor_type = models.CharField(max_length=16)
    actor_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "idempotency_key"], name="feed_run_unique_key"
            )
        ]
        indexes = [models.Index(fields=["source", "created_at"], name="feed_run_source_time")]


class Transfer(models.Model):
    """Stock moving between two locations: REQUESTED → IN_TRANSIT → RECEIVED (or CANCELLED)."""

    class State(models.TextChoices):
        REQUESTED = "REQUESTED"
        IN_TRANSIT = "IN_TRANSIT"
        RECEIVED = "RECEIVED"
        CANCELLED = "CANCELLED"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    from_location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.PROTECT, related_name="+"
    )
    to_location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.REQUESTED)
    reference = models.CharField(max_length=255, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    actor_type = models.CharField(max_length=16)
    actor_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_location=models.F("to_location")),
                name="transfer_distinct_locations",
            )
        ]
        indexes = [models.Index(fields=["tenant", "state", "created_at"], name="transfer_state")]


class TransferLine(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    variant_id = models.CharField(max_length=255)
    quantity = models.PositiveIntegerField()
    # Null until received; below ``quantity`` is a shortfall (``discrepancy``).
    received_quantity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["transfer", "variant_id"], name="transfer_line_unique_variant"
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="transfer_line_quantity_gt_0"),
        ]

    @property
    def discrepancy(self) -> int:
        return 0 if self.received_quantity is None else self.quantity - self.received_quantity
