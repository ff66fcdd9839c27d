"""Trigger rules, their firings and action runs, order flags, staff tasks, outbound webhooks.

Exactly-once is held by constraints, not by checks: a rule fires at most once per subject and
window (``rule_fires_once_per_window``), an action runs at most once per firing and position,
a flag is active at most once per order and label, a task or outbound delivery exists at most
once per action run. What is still to be evaluated is stored too (``PendingEvaluation``), so no
event is lost between its commit and its evaluation.
"""

from __future__ import annotations

from django.db import models


class Rule(models.Model):
    class Refire(models.TextChoices):
        NEVER = "never"  # at most once per order, ever
        REENTRY = "reentry"  # again after the condition stopped holding and holds again
        EVERY = "every"  # at most once per order per `refire_hours` window

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    enabled = models.BooleanField(default=True)
    # Lower runs first among the rules of one trigger.
    priority = models.IntegerField(default=100)
    # A domain event (``order.paid``) or ``schedule`` (time rules, evaluated by beat).
    trigger = models.CharField(max_length=64)
    conditions = models.JSONField(default=dict)
    actions = models.JSONField(default=list)
    refire = models.CharField(max_length=16, choices=Refire.choices, default=Refire.NEVER)
    refire_hours = models.PositiveIntegerField(null=True, blank=True)
    # Incremented by every change of the definition; firings record the version they ran.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority", "pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="rule_name_unique")]
        indexes = [models.Index(fields=["tenant", "trigger", "enabled"])]

    def __str__(self) -> str:
        return self.name


class RuleFiring(models.Model):
    """One firing: the facts it saw (input snapshot) and the actions it started."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="firings")
    rule_version = models.PositiveIntegerField()
    order = models.ForeignKey(
        "oms_orders.Order", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # "order:<pk>" or "stock:<sku>@<warehouse>": what the rule fired about.
    subject_key = models.CharField(max_length=300)
    window_key = models.CharField(max_length=64)
    trigger = models.CharField(max_length=64)
    facts = models.JSONField(default=dict)
    actions = models.JSONField(default=list)
    fired_at = models.DateTimeField()
    # Set when the condition stopped holding (REENTRY rules open a new window after that).
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-fired_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject_key", "window_key"], name="rule_fires_once_per_window"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "fired_at"]),
            # "Has this rule fired for this order (in this window)?" of every time-rule pass.
            models.Index(fields=["rule", "order", "window_key"], name="rule_firing_order_idx"),
        ]


class PendingEvaluation(models.Model):
    """An evaluation a published event asked for, stored in the publisher's transaction and
    deleted in the one that evaluates it. A task lost on the way (the broker down at commit, a
    worker killed mid-evaluation) leaves the row behind, and the sweep sends it again."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    trigger = models.CharField(max_length=64)
    # An order event names its order; any other subject comes with its key and facts.
    order = models.ForeignKey(
        "oms_orders.Order", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject_key = models.CharField(max_length=300, blank=True)
    # The event's data (order events) or the subject's facts (others).
    facts = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    # When its task is overdue (resending.py), and how many times it was handed to Celery.
    resend_at = models.DateTimeField()
    sends = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["resend_at"], name="rule_pending_resend_idx")]


class ActionRun(models.Model):
    class State(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"  # permanently (bad input, refused, out of retries)
        UNAVAILABLE = "unavailable"  # no provider for this action type (yet)

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    firing = models.ForeignKey(RuleFiring, on_delete=models.CASCADE, related_name="action_runs")
    position = models.PositiveIntegerField()
    type = models.CharField(max_length=64)
    params = models.JSONField(default=dict)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    outcome = models.JSONField(default=dict, blank=True)
    last_error = models.TextField(blank=True)
    # Sent along with every external effect, so receivers (and we) can recognise a repeat.
    idempotency_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # While unfinished: when its task is overdue (resending.py) — after it was created, after
    # the retry it asked for, after its claim went stale — and how often the sweep sent it.
    resend_at = models.DateTimeField(null=True, blank=True)
    resends = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["firing_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["firing", "position"], name="action_run_unique")
        ]
        indexes = [
            models.Index(
                fields=["resend_at"],
                name="action_run_resend_idx",
                condition=models.Q(state__in=["pending", "running"]),
            ),
        ]


class OrderFlag(models.Model):
    class Colour(models.TextChoices):
        RED = "red"
        ORANGE = "orange"
        YELLOW = "yellow"
        GREEN = "green"
        BLUE = "blue"
        PURPLE = "purple"
        GREY = "grey"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey("oms_orders.Order", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=64)
    colour = models.CharField(max_length=16, choices=Colour.choices)
    rule = models.ForeignKey(
        Rule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "label"],
                name="order_flag_active_unique",
                condition=models.Q(cleared_at__isnull=True),
            )
        ]


class StaffTask(models.Model):
    class Status(models.TextChoices):
        OPEN = "open"
        DONE = "done"
        CANCELLED = "cancelled"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(
        "oms_orders.Order", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    role = models.CharField(max_length=64, blank=True)
    assignee = models.CharField(max_length=255, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    action_run = models.OneToOneField(
        ActionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff_task"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["tenant", "status", "due_at"])]


class OutboundWebhookEndpoint(models.Model):
    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    url = models.URLField(max_length=1000)
    # The HMAC key, Fernet-encrypted like app tokens.
    secret_encrypted = models.TextField()
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="outbound_endpoint_unique")
        ]


class OutboundWebhookDelivery(models.Model):
    """The delivery log of outbound webhooks; DEAD rows are the dead letter queue."""

    class State(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        DEAD = "dead"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    endpoint = models.ForeignKey(
        OutboundWebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    action_run = models.OneToOneField(
        ActionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhook_delivery"
    )
    event = models.CharField(max_length=64)
    idempotency_key = models.CharField(max_length=64, unique=True)
    payload = models.JSONField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["tenant", "state", "created_at"])]
