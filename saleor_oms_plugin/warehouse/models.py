"""Warehouse execution: the per-location switch, the layout (zones, bins, slotting, boxes,
product dimensions) and the work (releases, waves, pick lists).

Every row has its tenant. A release is one applied fulfilment shipment of an
execution-enabled location, copied from the facts fulfilment published (this domain never
imports fulfilment): ``shipment_id`` names fulfilment's shipment, unique per tenant, which
makes releasing idempotent.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class LocationExecution(models.Model):
    """Whether warehouse execution is on for a location, and how its waves are made."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.OneToOneField(
        "oms_locations.Location", on_delete=models.CASCADE, related_name="warehouse_execution"
    )
    enabled = models.BooleanField(default=False)
    # Waves: how many releases one may hold, and how many totes a batch cart carries.
    wave_size_cap = models.PositiveIntegerField(default=200)
    totes_per_cart = models.PositiveIntegerField(default=20)
    strategy = models.CharField(max_length=16, default="batch")
    # Automatic waves (beat): every N minutes while releases wait (null: by hand only), and at
    # each carrier cut-off ("HH:MM", in ``time_zone``).
    wave_interval_minutes = models.PositiveIntegerField(null=True, blank=True)
    cutoff_times = models.JSONField(default=list, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    last_auto_wave_at = models.DateTimeField(null=True, blank=True)
    # Packing: how far a closed parcel's weighed grams may be from the expected ones.
    weight_tolerance_g = models.PositiveIntegerField(default=50)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(wave_size_cap__gte=1), name="wh_exec_cap_gte_1"),
            models.CheckConstraint(condition=Q(totes_per_cart__gte=1), name="wh_exec_totes_gte_1"),
        ]


class Zone(models.Model):
    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["location", "code"], name="wh_zone_code_unique")
        ]


class Bin(models.Model):
    """A storage place: its zone, its place in the walking sequence, its floor position (m)."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.CASCADE, related_name="+"
    )
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="bins")
    code = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField()
    x = models.FloatField(default=0.0)
    y = models.FloatField(default=0.0)

    class Meta:
        ordering = ["sequence", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["location", "code"], name="wh_bin_code_unique"),
            models.UniqueConstraint(fields=["location", "sequence"], name="wh_bin_sequence_unique"),
        ]


class Slot(models.Model):
    """SKU → bin: where a location keeps a SKU (one bin per SKU and location)."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.CASCADE, related_name="+"
    )
    sku = models.CharField(max_length=255)
    bin = models.ForeignKey(Bin, on_delete=models.CASCADE, related_name="slots")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sku", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["location", "sku"], name="wh_slot_sku_unique")
        ]


class BoxType(models.Model):
    """A box a location packs in: inner dimensions (mm), weight limit of contents (g), cost."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=255, blank=True)
    inner_width_mm = models.PositiveIntegerField()
    inner_height_mm = models.PositiveIntegerField()
    inner_depth_mm = models.PositiveIntegerField()
    max_weight_g = models.PositiveIntegerField()
    cost = models.DecimalField(max_digits=10, decimal_places=4, default=0)
    currency = models.CharField(max_length=3, blank=True)
    tare_weight_g = models.PositiveIntegerField(default=0, help_text="The empty box's grams.")
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["location", "code"], name="wh_box_code_unique"),
            models.CheckConstraint(
                condition=Q(inner_width_mm__gte=1, inner_height_mm__gte=1, inner_depth_mm__gte=1)
                & Q(max_weight_g__gte=1),
                name="wh_box_positive",
            ),
        ]


class VariantDimensions(models.Model):
    """What packing knows about a variant: size (mm), weight (g), barcode; all optional.

    Null weight: the weight Saleor sent with the variant's order lines is used. Rows come from
    the import of Saleor's weights and dimension attributes/metadata (``imported_at``) or are
    edited here (``edited_here``); the import never overwrites a row edited here."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    variant_id = models.CharField(max_length=255, help_text="Saleor ProductVariant ID.")
    sku = models.CharField(max_length=255, blank=True)
    barcode = models.CharField(max_length=128, blank=True)
    width_mm = models.PositiveIntegerField(null=True, blank=True)
    height_mm = models.PositiveIntegerField(null=True, blank=True)
    depth_mm = models.PositiveIntegerField(null=True, blank=True)
    weight_g = models.PositiveIntegerField(null=True, blank=True)
    keep_upright = models.BooleanField(default=False)
    edited_here = models.BooleanField(default=False)
    imported_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sku", "variant_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "variant_id"], name="wh_dims_unique"),
            models.CheckConstraint(
                condition=Q(width_mm__isnull=True, height_mm__isnull=True, depth_mm__isnull=True)
                | Q(width_mm__gte=1, height_mm__gte=1, depth_mm__gte=1),
                name="wh_dims_all_or_none",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "sku"], name="wh_dims_sku"),
            models.Index(fields=["tenant", "barcode"], name="wh_dims_barcode"),
        ]


class Wave(models.Model):
    class State(models.TextChoices):
        OPEN = "open"  # releases gathered, not planned yet
        RELEASED = "released"  # pick lists planned, handed to pickers
        PICKING = "picking"  # the first pick was scanned
        DONE = "done"  # every pick list is done
        CANCELLED = "cancelled"

    class Strategy(models.TextChoices):
        DISCRETE = "discrete"
        BATCH = "batch"
        ZONE = "zone"

    class Trigger(models.TextChoices):
        MANUAL = "manual"
        SCHEDULE = "schedule"
        CUTOFF = "cutoff"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    strategy = models.CharField(max_length=16, choices=Strategy.choices)
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    size_cap = models.PositiveIntegerField()
    totes = models.PositiveIntegerField()
    walk_distance_m = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Numbered per location, under the lock of its execution settings.
            models.UniqueConstraint(fields=["location", "number"], name="wh_wave_number_unique")
        ]
        indexes = [models.Index(fields=["tenant", "location", "state"], name="wh_wave_state")]


class Release(models.Model):
    """An applied shipment handed to its location's warehouse to pick, pack and ship."""

    class State(models.TextChoices):
        RELEASED = "released"  # waiting for (or in) a wave
        PICKING = "picking"  # its wave was released
        PICKED = "picked"  # every unit picked
        SHORT_PICKED = "short_picked"  # some unit could not be picked; fulfilment re-routes
        PACKED = "packed"
        SHIPPED = "shipped"
        CANCELLED = "cancelled"  # its fulfilment was cancelled in Saleor

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.PROTECT, related_name="+"
    )
    order = models.ForeignKey("oms_orders.Order", on_delete=models.CASCADE, related_name="+")
    # fulfilment's PlanShipment primary key (no foreign key: sibling domains stay apart).
    shipment_id = models.BigIntegerField()
    saleor_fulfillment_id = models.CharField(max_length=255, blank=True)
    # [{"line_id": Saleor OrderLine id, "variant_id", "sku", "quantity"}]
    lines = models.JSONField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.RELEASED)
    wave = models.ForeignKey(
        Wave, on_delete=models.SET_NULL, null=True, blank=True, related_name="releases"
    )
    short_lines = models.JSONField(default=dict, blank=True)  # line id -> units missing
    # Shipping (releaseShip): the carrier and service chosen, the tracking number staff gave
    # (manual carriers), and the last refusal of Saleor or the carrier ("" when none).
    ship_carrier = models.CharField(max_length=64, blank=True)
    ship_service = models.CharField(max_length=64, blank=True)
    ship_tracking_number = models.CharField(max_length=64, blank=True)
    ship_requested_at = models.DateTimeField(null=True, blank=True)
    ship_error = models.TextField(blank=True)
    # One worker asks Saleor to approve at a time (released when done, or when it runs out).
    ship_lease_until = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    # The day its last parcel arrived, once every parcel has (fulfillment.delivered published).
    delivered_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "shipment_id"], name="wh_release_one_per_shipment"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "location", "state"], name="wh_release_state"),
        ]

    @property
    def units(self) -> int:
        return sum(int(line["quantity"]) for line in self.lines)


class PickList(models.Model):
    class State(models.TextChoices):
        OPEN = "open"
        PICKING = "picking"
        DONE = "done"  # every line picked or reported short
        CANCELLED = "cancelled"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="pick_lists")
    position = models.PositiveIntegerField()  # its place in the wave
    strategy = models.CharField(max_length=16, choices=Wave.Strategy.choices)
    zone = models.CharField(max_length=64, blank=True)  # zone picking: the list's zone
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    # Release ids in tote order: tote n holds releases[n - 1].
    releases = models.JSONField(default=list)
    walk_distance_m = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["wave_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "position"], name="wh_pick_list_position")
        ]


class PickListLine(models.Model):
    """One stop: take ``quantity`` of ``sku`` from ``bin``, split over totes (``splits``)."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    pick_list = models.ForeignKey(PickList, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()  # its place along the walking sequence
    bin = models.ForeignKey(Bin, on_delete=models.PROTECT, related_name="+")
    sku = models.CharField(max_length=255)
    quantity = models.PositiveIntegerField()
    picked = models.PositiveIntegerField(default=0)
    short = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pick_list_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pick_list", "position"], name="wh_pick_line_position"),
            models.CheckConstraint(
                condition=Q(picked__lte=models.F("quantity") - models.F("short")),
                name="wh_pick_line_within_quantity",
            ),
        ]

    @property
    def open_quantity(self) -> int:
        return self.quantity - self.picked - self.short


class PickSplit(models.Model):
    """The part of a pick list line that goes into one release's tote."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    line = models.ForeignKey(PickListLine, on_delete=models.CASCADE, related_name="splits")
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="pick_splits")
    tote = models.PositiveIntegerField()
    quantity = models.PositiveIntegerField()
    picked = models.PositiveIntegerField(default=0)
    short = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["line_id", "tote", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(picked__lte=models.F("quantity") - models.F("short")),
                name="wh_pick_split_within_quantity",
            ),
        ]


class Manifest(models.Model):
    """The end-of-day hand-over list of one carrier at a location: the parcels labelled since
    the last one, not voided. ``document`` is its PDF."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.PROTECT, related_name="+"
    )
    carrier = models.CharField(max_length=64)
    parcel_count = models.PositiveIntegerField(default=0)
    document = models.BinaryField(default=bytes)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "location", "carrier"], name="wh_manifest_carrier")
        ]


class Parcel(models.Model):
    """One box of a release: the units packed in it (``items``: Saleor order line id →
    units), the box, the weighed grams, and once shipped its carrier and tracking number.

    A release has at most one open parcel, the one its scans go into."""

    class State(models.TextChoices):
        OPEN = "open"  # being packed
        CLOSED = "closed"  # box chosen and weighed
        LABELLED = "labelled"  # its label was issued
        SHIPPED = "shipped"  # Saleor approved the fulfilment
        VOIDED = "voided"  # its label was voided

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.PROTECT, related_name="+"
    )
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="parcels")
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    items = models.JSONField(default=dict, blank=True)
    box_code = models.CharField(max_length=64, blank=True)
    weight_g = models.PositiveIntegerField(null=True, blank=True)
    expected_weight_g = models.PositiveIntegerField(null=True, blank=True)
    weight_override = models.BooleanField(default=False)
    carrier = models.CharField(max_length=64, blank=True)
    service = models.CharField(max_length=64, blank=True)
    tracking_number = models.CharField(max_length=64, blank=True)
    manifest = models.ForeignKey(
        Manifest, on_delete=models.SET_NULL, null=True, blank=True, related_name="parcels"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    labelled_at = models.DateTimeField(null=True, blank=True)
    # Tracking (``tracking.py``, ``deliveries.py``): the carrier's last word (a
    # ``carriers.model.TrackingState`` value, "" before the first), when it was asked, the lease
    # of the run asking now, and the delivery: the carrier's moment and its local day.
    tracking_state = models.CharField(max_length=32, blank=True)
    tracking_checked_at = models.DateTimeField(null=True, blank=True)
    tracking_lease_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivered_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["release"], condition=Q(state="open"), name="wh_parcel_one_open"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "location", "state"], name="wh_parcel_state"),
            models.Index(fields=["tenant", "carrier", "labelled_at"], name="wh_parcel_labelled"),
            # The tracking sweep's queue: shipped, not delivered, least recently asked first.
            models.Index(
                fields=["tenant", "tracking_checked_at", "labelled_at"],
                condition=Q(state="shipped", delivered_at__isnull=True),
                name="wh_parcel_to_track",
            ),
        ]

    @property
    def units(self) -> int:
        return sum(int(n) for n in self.items.values())


class ShippingLabel(models.Model):
    """A parcel's label: one per parcel, ever (the unique parcel makes a second impossible).

    Created ``pending`` and committed before the carrier is asked (the intent); ``issued``
    once the carrier answered. A retry finds the pending row and asks the carrier again with
    the same ``reference`` (its idempotency key) instead of buying another label."""

    class State(models.TextChoices):
        PENDING = "pending"
        ISSUED = "issued"
        FAILED = "failed"  # the carrier refused; a new releaseShip asks again
        VOIDED = "voided"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    parcel = models.OneToOneField(Parcel, on_delete=models.CASCADE, related_name="label")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    carrier = models.CharField(max_length=64)
    service = models.CharField(max_length=64)
    reference = models.CharField(max_length=64, unique=True)
    tracking_number = models.CharField(max_length=64, blank=True)
    label_format = models.CharField(max_length=8, default="pdf")
    label = models.BinaryField(default=bytes)
    cost = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]


class CarrierAccount(models.Model):
    """A carrier the tenant configured: ``code`` (what staff choose) built by the registered
    adapter ``adapter`` with ``config`` (e.g. a rate table, an HTTP carrier's endpoint)."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64)
    adapter = models.CharField(max_length=64)
    name = models.CharField(max_length=255, blank=True)
    config = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="wh_carrier_code_unique")
        ]
