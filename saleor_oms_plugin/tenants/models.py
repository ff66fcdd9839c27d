from __future__ import annotations

from django.db import models


class Tenant(models.Model):
    """One Saleor installation of the app. Every domain row belongs to exactly one tenant."""

    saleor_api_url = models.URLField(max_length=512, unique=True)
    saleor_domain = models.CharField(max_length=255)
    saleor_app_id = models.CharField(max_length=255, blank=True)
    # The app token, Fernet-encrypted with settings.TOKEN_ENCRYPTION_KEYS. Saleor keeps only a
    # hash of it, so we are its only keeper.
    token_encrypted = models.TextField()
    jwks = models.JSONField(default=dict)
    jwks_fetched_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    name = models.CharField(max_length=255, blank=True)
    settings = models.JSONField(default=dict, blank=True)
    saleor_version = models.CharField(max_length=32, blank=True)
    installed_at = models.DateTimeField()
    uninstalled_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.saleor_api_url


class ApiKey(models.Model):
    """A per-tenant key for an agency's or merchant's integration; only its hash is stored."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=120)
    # The first characters of the key, shown to staff so they can tell keys apart.
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    permissions = models.JSONField(default=list)
    # A key scoped to one location (a 3PL's or a store's) sees and acts on only its work.
    location = models.ForeignKey(
        "oms_locations.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]


class ImportRun(models.Model):
    """The last import of a tenant's data from Saleor: one row per tenant, reused by re-runs.

    A run has two steps, each its own task: the read models (warehouses, orders), then the
    follow-ups other domains registered (the stock import). ``run_id`` names the run; a task of
    an older run that wakes up after a re-run started finds another id and stops.
    """

    class State(models.TextChoices):
        NOT_STARTED = "NOT_STARTED"
        RUNNING = "RUNNING"
        RETRYING = "RETRYING"
        SUCCEEDED = "SUCCEEDED"
        COMPLETED_WITH_SKIPS = "COMPLETED_WITH_SKIPS"
        FAILED = "FAILED"

    class Step(models.TextChoices):
        READ_MODELS = "READ_MODELS"
        FOLLOWUPS = "FOLLOWUPS"

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="import_run")
    run_id = models.UUIDField()
    state = models.CharField(max_length=24, choices=State.choices, default=State.NOT_STARTED)
    step = models.CharField(max_length=16, choices=Step.choices, default=Step.READ_MODELS)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    orders = models.PositiveIntegerField(default=0)
    locations = models.PositiveIntegerField(default=0)
    stock_rows = models.PositiveIntegerField(default=0)
    # [{"kind": "ORDER", "saleor_id": "...", "reason": "..."}]: records Saleor could not return.
    skipped = models.JSONField(default=list, blank=True)
    # Messages of the failures met, oldest first (transient ones that were retried included).
    errors = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
