"""The import of product weights and dimensions from Saleor into ``VariantDimensions``.

Every variant is read page by page (``queries/variant_dimensions_page``), mapped by
``dimension_source`` with the tenant's ``dimensions`` settings, and written in one transaction
per page: rows edited here are never touched (the condition is part of the update, so an edit
racing the import wins), other rows take Saleor's values, and variants with nothing known get
no row. Safe to repeat: unchanged rows are not written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get
from saleor_oms_plugin.tenants.services import tenant_saleor_client
from saleor_oms_plugin.warehouse.dimension_source import (
    DimensionSource,
    SaleorDimensions,
    dimensions_of_variant,
)
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.models import VariantDimensions
from saleor_oms_plugin.warehouse.scheduling import dimensions_import_after_commit

DOCUMENT = "queries/variant_dimensions_page"
PAGE_SIZE = 100
MAX_PROBLEMS_KEPT = 20


@dataclass
class DimensionsImportReport:
    variants: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edited_here: int = 0
    nothing_known: int = 0
    problems: list[str] = field(default_factory=list)  # the first few, "variant: why"

    def as_dict(self) -> dict[str, object]:
        return {
            "variants": self.variants,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept_edited_here": self.kept_edited_here,
            "nothing_known": self.nothing_known,
            "problems": self.problems,
        }


def dimension_source_of(tenant: Tenant) -> DimensionSource:
    dims = tenant_settings_get(tenant=tenant).dimensions
    return DimensionSource(
        source=dims.source,
        width_key=dims.width_key,
        height_key=dims.height_key,
        depth_key=dims.depth_key,
        unit=dims.unit,
    )


def _chunks(items: Iterable[SaleorDimensions], size: int) -> Iterator[list[SaleorDimensions]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def dimensions_apply(
    *,
    tenant_id: int,
    variants: Iterable[SaleorDimensions],
    sides_configured: bool,
    report: DimensionsImportReport | None = None,
) -> DimensionsImportReport:
    """Write what Saleor says of ``variants`` (one transaction per page of them). Sides are
    written only when the merchant configured where they live (``sides_configured``)."""
    report = report or DimensionsImportReport()
    for chunk in _chunks(variants, PAGE_SIZE):
        with transaction.atomic():
            _apply_page(tenant_id, chunk, sides_configured, report)
    return report


def _apply_page(
    tenant_id: int,
    chunk: list[SaleorDimensions],
    sides_configured: bool,
    report: DimensionsImportReport,
) -> None:
    now = timezone.now()
    stored = {
        row.variant_id: row
        for row in VariantDimensions.objects.filter(
            tenant_id=tenant_id, variant_id__in=[v.variant_id for v in chunk]
        )
    }
    new_rows = []
    for variant in chunk:
        report.variants += 1
        if variant.problem and len(report.problems) < MAX_PROBLEMS_KEPT:
            report.problems.append(f"{variant.sku or variant.variant_id}: {variant.problem}")
        values: dict[str, object] = {"sku": variant.sku[:255], "weight_g": variant.weight_g}
        if sides_configured:
            width, height, depth = variant.sides_mm or (None, None, None)
            values.update(width_mm=width, height_mm=height, depth_mm=depth)
        row = stored.get(variant.variant_id)
        if row is None:
            if variant.weight_g is None and variant.sides_mm is None:
                report.nothing_known += 1
                continue
            new_rows.append(
                VariantDimensions(
                    tenant_id=tenant_id, variant_id=variant.variant_id, imported_at=now, **values
                )
            )
            continue
        if row.edited_here:
            report.kept_edited_here += 1
            continue
        if all(getattr(row, name) == value for name, value in values.items()):
            report.unchanged += 1
            continue
        # Only while nobody edited it here since it was read.
        written = VariantDimensions.objects.filter(pk=row.pk, edited_here=False).update(
            imported_at=now, updated_at=now, **values
        )
        if written:
            report.updated += 1
        else:
            report.kept_edited_here += 1
    if new_rows:
        # A row created here meanwhile (an edit) wins: conflicts are ignored.
        VariantDimensions.objects.bulk_create(new_rows, ignore_conflicts=True)
        report.created += VariantDimensions.objects.filter(
            tenant_id=tenant_id,
            variant_id__in=[r.variant_id for r in new_rows],
            imported_at=now,
            edited_here=False,
        ).count()


def dimensions_import(
    *, tenant_id: int, actor: Actor, client: SaleorClient | None = None
) -> DimensionsImportReport:
    """Read every variant's weight and sides from Saleor and store them (see the module)."""
    tenant = Tenant.objects.get(pk=tenant_id, is_active=True)
    source = dimension_source_of(tenant)
    client = client or tenant_saleor_client(tenant=tenant)
    nodes = client.paginate(DOCUMENT, "productVariants", page_size=PAGE_SIZE)
    report = dimensions_apply(
        tenant_id=tenant_id,
        variants=(dimensions_of_variant(node, source) for node in nodes),
        sides_configured=source.configured,
    )
    audit_record(
        tenant_id=tenant_id,
        subject=tenant,
        verb=WarehouseEvent.DIMENSIONS_IMPORTED,
        actor=actor,
        data=report.as_dict(),
    )
    return report


def dimensions_import_request(*, tenant_id: int, actor: Actor) -> None:
    """Queue the import (after the caller commits); its outcome lands in the audit trail."""
    dimensions_import_after_commit(tenant_id=tenant_id, actor_type=actor.type, actor_id=actor.id)
