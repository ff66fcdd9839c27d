"""One task per tenant per window: a burst of changes schedules a single run.

The first call in a window queues the task ``seconds`` later (so the rest of the burst is
already committed when it runs); calls until then are absorbed by the shared cache's ``add``.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache


def schedule_debounced(task: Any, *, tenant_id: int, name: str, seconds: int) -> bool:
    """Queue ``task(tenant_id)`` unless one is queued for this tenant and ``name`` already;
    whether it was queued now."""
    if not cache.add(f"oms:{name}:{tenant_id}", 1, seconds):
        return False
    task.apply_async((tenant_id,), countdown=seconds)
    return True
