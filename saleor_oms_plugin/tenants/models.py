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
    created_by = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
