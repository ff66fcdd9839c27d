"""The LABELS print document: every issued label of a wave's parcels in pick order, or one
parcel's label, as one PDF or one ZPL job.

The pages are the stored labels as the carrier issued them (``ShippingLabel.label``), combined
by ``labels.combine``; nothing is re-drawn, so each page is the label the carrier has on
record and a reprint is byte-identical. Voided labels, and parcels not labelled yet, are left
out. Pick order: the releases in the order the wave's pick lists put them into totes
(``documents.releases_in_pick_order``), each release's parcels in the order they were packed.

A label prints only in the format it was issued in: a PDF label cannot become ZPL here, nor
the reverse, so a request naming the other format is refused with the parcels concerned
rather than printing some labels and silently leaving others out.
"""

from __future__ import annotations

from dataclasses import dataclass

from saleor_oms_plugin.labels.combine import pdfs_combine, zpl_combine
from saleor_oms_plugin.labels.errors import DocumentInvalid
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.models import Parcel, Release, ShippingLabel


@dataclass(frozen=True)
class IssuedLabel:
    parcel_id: int
    tracking_number: str
    label_format: str  # "pdf" or "zpl"
    label_id: int


def wave_labels(releases: list[Release]) -> list[IssuedLabel]:
    """The issued labels of ``releases`` (the wave's, in pick order), parcels in packing order."""
    position = {release.pk: index for index, release in enumerate(releases)}
    rows = (
        ShippingLabel.objects.filter(
            parcel__release_id__in=list(position),
            state=ShippingLabel.State.ISSUED,
            parcel__state__in=[Parcel.State.LABELLED, Parcel.State.SHIPPED],
        )
        .order_by("parcel_id")
        .values_list("pk", "parcel_id", "parcel__release_id", "tracking_number", "label_format")
    )
    found = [
        (position[release_id], IssuedLabel(parcel_id, number, form, pk))
        for pk, parcel_id, release_id, number, form in rows
    ]
    return [label for _, label in sorted(found, key=lambda item: (item[0], item[1].parcel_id))]


def parcel_label(tenant_id: int, parcel_id: int) -> IssuedLabel:
    """The parcel's issued label; NOT_FOUND without the parcel, NOT_AVAILABLE without a label
    to print (not labelled yet, or voided)."""
    parcel = Parcel.objects.filter(tenant_id=tenant_id, pk=parcel_id).first()
    if parcel is None:
        raise WarehouseError(Code.NOT_FOUND, "No such parcel.", field="parcel_id")
    row = (
        ShippingLabel.objects.filter(parcel_id=parcel_id, state=ShippingLabel.State.ISSUED)
        .values_list("pk", "tracking_number", "label_format")
        .first()
    )
    if row is None or parcel.state not in (Parcel.State.LABELLED, Parcel.State.SHIPPED):
        why = "its label was voided" if parcel.state == Parcel.State.VOIDED else "not labelled yet"
        raise WarehouseError(
            Code.NOT_AVAILABLE, f"This parcel has no label to print: {why}.", field="parcel_id"
        )
    pk, number, form = row
    return IssuedLabel(parcel_id, number, form, pk)


def labels_check(labels: list[IssuedLabel], form: str, *, field: str) -> None:
    """Refuse an empty document, or labels issued in another format than ``form``."""
    if not labels:
        raise WarehouseError(
            Code.NOT_AVAILABLE,
            "Nothing to print: no parcel of this wave has an issued label yet.",
            field=field,
        )
    other = [label.parcel_id for label in labels if label.label_format != form]
    if other:
        issued = "ZPL" if form == "pdf" else "PDF"
        raise WarehouseError(
            Code.INVALID,
            f"Parcels {', '.join(map(str, other))} have {issued} labels: print them as {issued}.",
            field="format",
        )


def labels_bytes(labels: list[IssuedLabel], form: str, *, title: str) -> bytes:
    """The labels' stored bytes combined, in the order given."""
    stored = dict(
        ShippingLabel.objects.filter(pk__in=[label.label_id for label in labels]).values_list(
            "pk", "label"
        )
    )
    parts = [bytes(stored[label.label_id]) for label in labels]
    if form == "zpl":
        return zpl_combine(parts)
    if len(parts) == 1:
        return parts[0]  # one label: exactly as the carrier issued it
    try:
        return pdfs_combine(parts, title=title)
    except DocumentInvalid as exc:
        bad = [labels[int(issue.path.strip("[]"))].parcel_id for issue in exc.issues]
        raise WarehouseError(
            Code.DOCUMENT_INVALID,
            f"Cannot print: the stored labels of parcels {', '.join(map(str, bad))} are not "
            "readable PDFs.",
        ) from None
