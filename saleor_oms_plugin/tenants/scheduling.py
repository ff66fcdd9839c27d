"""How the tenants domain hands work to its Celery tasks: by name, after the caller commits.

The tasks import the services, so the services never import the tasks; they call these.
"""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue_after_commit

TENANT_IMPORT_READ_MODELS = "saleor_oms_plugin.tenants.tasks.tenant_import_read_models"
TENANT_IMPORT_FOLLOWUPS = "saleor_oms_plugin.tenants.tasks.tenant_import_followups"


def import_read_models_after_commit(*, tenant_id: int, run_id: str) -> None:
    """Step 1 of the import run ``run_id``."""
    enqueue_after_commit(TENANT_IMPORT_READ_MODELS, tenant_id, run_id)


def import_followups_after_commit(*, tenant_id: int, run_id: str) -> None:
    """Step 2 of the import run ``run_id``."""
    enqueue_after_commit(TENANT_IMPORT_FOLLOWUPS, tenant_id, run_id)
