"""Step 1 of an import run, the read models (warehouses, orders), done by the sync side.

That import writes the same rows as the webhooks and releases the deliveries that waited for
them, so it lives with them (``saleor_oms_plugin.webhooks.read_model_import``), above this
domain. The webhooks app registers it here from its ``AppConfig.ready``; the run calls it
without importing it (as with ``import_followups`` for step 2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from saleor_oms_plugin.tenants.import_results import ImportSummary

Progress = Callable[[ImportSummary], None]


class ReadModelsImport(Protocol):
    def __call__(self, *, tenant_id: int, progress: Progress | None = None) -> ImportSummary: ...


_registered: list[ReadModelsImport] = []


def register_read_models_import(run: ReadModelsImport) -> None:
    """The import step 1 runs (registering again replaces it)."""
    _registered[:] = [run]


def read_models_import_run(*, tenant_id: int, progress: Progress | None = None) -> ImportSummary:
    """Run the registered read-model import; ``progress`` is called after every page."""
    if not _registered:
        raise RuntimeError("no read-model import is registered (is the webhooks app installed?)")
    return _registered[0](tenant_id=tenant_id, progress=progress)
