"""Key rotation: every secret stored encrypted, moved to the first TOKEN_ENCRYPTION_KEYS key.

A secret at rest is a text field whose name ends in ``_encrypted`` (Saleor app tokens, the
signing secrets of outbound webhooks, availability feeds and capture sources); they are found
by that name across all installed models, so a new one is covered without being listed here.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction

from saleor_oms_plugin.core.crypto import reencrypt_secret
from saleor_oms_plugin.core.locks import lock_in_pk_order

ENCRYPTED_SUFFIX = "_encrypted"


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) holding a secret encrypted with TOKEN_ENCRYPTION_KEYS."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField | models.CharField)
        and field.name.endswith(ENCRYPTED_SUFFIX)
    ]


def stored_secrets_rekey() -> dict[str, int]:
    """Re-encrypt every stored secret under the current key, in one transaction; the count
    per field (``app_label.Model.field``). Rows are locked in primary-key order."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        for model, name in encrypted_fields():
            rows = lock_in_pk_order(model._default_manager.exclude(**{name: ""}).only("pk", name))
            count = 0
            for row in rows:
                setattr(row, name, reencrypt_secret(getattr(row, name)))
                row.save(update_fields=[name])
                count += 1
            counts[f"{model._meta.label}.{name}"] = count
    return counts
