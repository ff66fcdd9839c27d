"""Fulfilment routing: rule sets, per-location routing settings, plans and their shipments.

A plan is the persisted intent of a routing decision; its shipments are the calls we make to
Saleor (``orderFulfill`` per location). Both move through transition tables (``transitions``)
so a plan can never be applied twice or revived once superseded.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce


class RoutingRuleSet(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft"
        PUBLISHED = "published"
        ARCHIVED = "archived"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    # Saleor channel slug; null: the tenant's default for channels without a rule set of their
    # own (null rather than "" so the engine's RuleSet.channel maps one to one).
    channel = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    name = models.CharField(max_length=120)
    version = models.PositiveIntegerField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    # ``rules`` and ``solver`` as routing.ruleset_document.parse_ruleset accepts them; name,
    # version, state and channel live in the columns above.
    document = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "-version", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name", "version"], name="ruleset_version_unique"
            ),
            # One published set per channel scope; Coalesce so the default (null) counts too.
            models.UniqueConstraint(
                models.F("tenant"),
                Coalesce("channel", Value("")),
                condition=Q(state="published"),
                name="ruleset_one_published_per_channel",
            ),
        ]


class LocationRoutingSettings(models.Model):
    """What routing needs to know about a location beyond Saleor's warehouse."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.OneToOneField(
        "oms_locations.Location", on_delete=models.CASCADE, related_name="routing_settings"
    )
    tags = models.JSONField(default=list, blank=True)
    ships = models.BooleanField(default=True)
    # None: follow the warehouse's click & collect option in Saleor.
    pickup = models.BooleanField(null=True, blank=True)
    daily_parcel_capacity = models.PositiveIntegerField(null=True, blank=True)
    cutoff_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    priority = models.IntegerField(default=0)
    parcel_fixed_cost = models.DecimalField(max_digits=10, decimal_places=4, default=0)
    handling_cost_per_unit = models.DecimalField(max_digits=10, decimal_places=4, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]


class RoutingPlan(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed"  # waiting for staff approval
        APPLYING = "applying"  # its shipments are being sent to Saleor
        APPLIED = "applied"  # every shipment is a fulfilment in Saleor
        FAILED = "failed"  # given up: refused for good or out of attempts
        SUPERSEDED = "superseded"  # what it did not achieve moved to a newer plan

    class Trigger(models.TextChoices):
        CREATED = "created"
        CONFIRMED = "confirmed"
        FULLY_PAID = "fully_paid"
        MANUAL = "manual"
        REROUTE = "reroute"
        BACKORDER = "backorder"  # waiting units routed by themselves once stock arrived

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(
        "oms_orders.Order", on_delete=models.CASCADE, related_name="routing_plans"
    )
    # Null: decided by the built-in default rule set (the tenant has none published).
    ruleset = models.ForeignKey(
        RoutingRuleSet, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ruleset_name = models.CharField(max_length=120)
    ruleset_version = models.PositiveIntegerField()
    state = models.CharField(max_length=16, choices=State.choices)
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    attempt = models.PositiveIntegerField(default=1)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    # Saleor warehouse IDs this plan (and its re-routes) must not use.
    excluded_location_ids = models.JSONField(default=list, blank=True)
    decision = models.JSONField(default=dict)
    reasons = models.JSONField(default=list, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    approved_by = models.CharField(max_length=255, blank=True)
    # While set and in the future, one worker is sending this plan to Saleor and no other may:
    # orderFulfill has no idempotency key, so two concurrent appliers could both send.
    apply_lease_until = models.DateTimeField(null=True, blank=True)
    # How many times the stalled-plan sweep sent this plan again: each time it waits twice as
    # long before another copy (fulfilment.selectors.plan_stall_after).
    resends = models.PositiveIntegerField(default=0)
    # When the engine decided the plan (the decision's ``decided_at``): what the order's story
    # shows as "routed", however long approval and applying took after it.
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # At most one plan per order is waiting or being applied: concurrent triggers
            # (a duplicate webhook, staff clicking twice) cannot both create one.
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(state__in=["proposed", "applying"]),
                name="routing_plan_one_live_per_order",
            )
        ]
        indexes = [models.Index(fields=["tenant", "state", "created_at"])]


class PlanShipment(models.Model):
    class State(models.TextChoices):
        PENDING = "pending"  # not (known to be) in Saleor yet
        APPLIED = "applied"  # Saleor created the fulfilment
        FAILED = "failed"  # Saleor refused it
        CANCELLED = "cancelled"  # its fulfilment was cancelled in Saleor
        SHORT_PICKED = "short_picked"  # the location could not pick all of it
        SUPERSEDED = "superseded"  # never sent: the plan was re-routed first

    plan = models.ForeignKey(RoutingPlan, on_delete=models.CASCADE, related_name="shipments")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.PROTECT, related_name="+"
    )
    # [{"line_id": Saleor OrderLine id, "variant_id", "sku", "quantity"}]
    lines = models.JSONField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    saleor_fulfillment_id = models.CharField(max_length=255, blank=True)
    # Names the intended fulfilment in logs and audit events; unique across all tenants.
    idempotency_key = models.CharField(max_length=64, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    distance_km = models.FloatField(default=0)
    cost = models.FloatField(default=0)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    short_lines = models.JSONField(default=dict, blank=True)  # line id -> units missing
    applied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["location", "state", "applied_at"])]

    @property
    def units(self) -> int:
        return sum(int(line["quantity"]) for line in self.lines)


class RoutingHold(models.Model):
    """An order that automatic routing must leave alone until the hold is released (set by
    trigger rules, e.g. "high value → manual review"). Staff can still route it by hand."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField(
        "oms_orders.Order", on_delete=models.CASCADE, related_name="routing_hold"
    )
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Backorder(models.Model):
    """Units of one order line that routing could place nowhere, waiting for stock.

    One live row per order line (``waiting`` or ``preorder``) holds the units still waiting;
    when stock arrives for its variant (``woken_at``) a task routes it by itself, oldest paid
    order first, in a plan of its own (trigger ``backorder``) applied like any plan. A line of a
    Saleor pre-order variant waits as ``preorder`` until the pre-order ends (``release_at``).
    """

    class State(models.TextChoices):
        WAITING = "waiting"  # no location can ship these units yet
        PREORDER = "preorder"  # a Saleor pre-order variant: held until release_at
        ROUTED = "routed"  # every unit is in a plan now
        CANCELLED = "cancelled"  # the order no longer needs them (cancelled, fulfilled elsewhere)

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(
        "oms_orders.Order", on_delete=models.CASCADE, related_name="backorders"
    )
    line_id = models.CharField(max_length=255, help_text="Saleor OrderLine ID.")
    variant_id = models.CharField(max_length=255, help_text="Saleor ProductVariant ID.")
    sku = models.CharField(max_length=255, blank=True)
    quantity = models.PositiveIntegerField(help_text="Units still waiting.")
    state = models.CharField(max_length=16, choices=State.choices, default=State.WAITING)
    reason_code = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    # The plan whose decision left the units unplaced, and the last plan that routed some.
    plan = models.ForeignKey(
        RoutingPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    routed_plan = models.ForeignKey(
        RoutingPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Saleor's pre-order end date (state ``preorder``); null: until staff end the pre-order.
    release_at = models.DateTimeField(null=True, blank=True)
    # Whether Saleor was asked if the variant is a pre-order (once, before routing it).
    preorder_checked = models.BooleanField(default=False)
    # Set when stock of the variant changed since the last try; cleared by the routing task.
    woken_at = models.DateTimeField(null=True, blank=True)
    # While set and in the future one task routes this row and no other may (``claim_token``
    # names the task), so two stock events at once never route the same units twice.
    claim_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=36, blank=True)
    # The promise given when (some of) its units were routed: the day they leave.
    promised_ship_date = models.DateField(null=True, blank=True)
    routed_units = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "line_id"],
                condition=Q(state__in=["waiting", "preorder"]),
                name="backorder_one_live_per_line",
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "state", "variant_id"], name="backorder_state_variant"),
            models.Index(fields=["tenant", "state", "release_at"], name="backorder_release"),
        ]
