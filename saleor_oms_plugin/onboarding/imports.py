"""The checklist item about the import from Saleor: did the last run read the whole store?"""

from __future__ import annotations

from saleor_oms_plugin.onboarding.items import ChecklistItem, ChecklistItemCode
from saleor_oms_plugin.tenants.models import ImportRun, Tenant
from saleor_oms_plugin.tenants.selectors import import_run_get

TITLE = "Orders, locations and stock are imported from Saleor"
LINK = "/overview#import"


def import_item_detail(run: ImportRun) -> str:
    """What is wrong with the last run, in a line (empty when it read everything)."""
    State = ImportRun.State
    if run.state == State.SUCCEEDED:
        return ""
    if run.state == State.NOT_STARTED:
        return "The import has not run yet: run it from the Overview."
    if run.state in (State.RUNNING, State.RETRYING):
        return (
            "The import is still running."
            if run.state == State.RUNNING
            else (f"The import is retrying after a failure ({run.attempts} attempts so far).")
        )
    if run.state == State.COMPLETED_WITH_SKIPS:
        return f"{len(run.skipped)} records could not be read from Saleor and were skipped."
    last_error = run.errors[-1] if run.errors else "no message"
    return f"The import failed: {last_error}"


def onboarding_import_items(*, tenant: Tenant) -> list[ChecklistItem]:
    detail = import_item_detail(import_run_get(tenant_id=tenant.pk))
    return [
        ChecklistItem(
            code=ChecklistItemCode.IMPORT, done=not detail, title=TITLE, detail=detail, link=LINK
        )
    ]
