from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    """One state change: who did what to which subject, when, and with what data."""

    class ActorType(models.TextChoices):
        SYSTEM = "system"
        SALEOR = "saleor"
        STAFF = "staff"
        CUSTOMER = "customer"
        API_KEY = "api_key"
        OPERATOR = "operator"

    tenant = models.ForeignKey(
        "oms_tenants.Tenant", on_delete=models.CASCADE, related_name="audit_events"
    )
    subject_type = models.CharField(max_length=64)
    subject_id = models.CharField(max_length=255)
    verb = models.CharField(max_length=96)
    actor_type = models.CharField(max_length=16, choices=ActorType.choices)
    actor_id = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["tenant", "subject_type", "subject_id", "created_at"]),
            models.Index(fields=["tenant", "verb", "created_at"]),
        ]
