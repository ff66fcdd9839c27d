"""Print documents of the warehouse's work behind short-lived signed links: a wave's pick
lists, packing slips of a wave or a release, shipping labels of a wave or a parcel (the
issued labels combined, ``label_documents.py``).

A link carries a ``TimestampSigner`` signature (salted for this use) of what it prints: the
tenant, the kind, the subject (wave, release or parcel) and its id, the format. Whoever holds
it gets that one document for ``LINK_MAX_AGE`` and nothing else. The bytes are rendered by the
pure ``labels`` package from stored rows only, so a reprint is byte-identical to the first
print while the rows are unchanged.

Pick order: a wave's pick lists by position, and its releases in the order the pick lists
put them in totes (first appearance), so packing slips come out in the order the totes reach
the pack station.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from saleor_oms_plugin.core.signed_links import LinkInvalid, link_read, link_sign
from saleor_oms_plugin.labels.errors import DocumentInvalid
from saleor_oms_plugin.labels.model import (
    Address,
    PackingSlip,
    SlipLine,
    ToteSplit,
)
from saleor_oms_plugin.labels.model import (
    PickList as PrintedPickList,
)
from saleor_oms_plugin.labels.model import (
    PickListLine as PrintedLine,
)
from saleor_oms_plugin.labels.pdf import documents_pdf
from saleor_oms_plugin.labels.validation import check_documents
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import OrderLine
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.label_documents import (
    IssuedLabel,
    labels_bytes,
    labels_check,
    parcel_label,
    wave_labels,
)
from saleor_oms_plugin.warehouse.models import (
    PickList,
    PickListLine,
    PickSplit,
    Release,
    Wave,
)

SALT = "oms.warehouse.document"
LINK_MAX_AGE = dt.timedelta(minutes=15)


class DocumentKind(StrEnum):
    PICK_LIST = "pick_list"
    PACKING_SLIPS = "packing_slips"
    LABELS = "labels"


class DocumentFormat(StrEnum):
    PDF = "pdf"
    ZPL = "zpl"


class Subject(StrEnum):
    WAVE = "wave"
    RELEASE = "release"
    PARCEL = "parcel"


CONTENT_TYPES = {DocumentFormat.PDF: "application/pdf", DocumentFormat.ZPL: "application/zpl"}
# What each kind may be printed for.
SUBJECTS = {
    DocumentKind.PICK_LIST: (Subject.WAVE,),
    DocumentKind.PACKING_SLIPS: (Subject.WAVE, Subject.RELEASE),
    DocumentKind.LABELS: (Subject.WAVE, Subject.PARCEL),
}


@dataclass(frozen=True)
class DocumentRequest:
    """One printable document: ``kind`` of ``subject`` ``subject_id``, in ``format``."""

    tenant_id: int
    kind: DocumentKind
    subject: Subject
    subject_id: int
    format: DocumentFormat

    def token_value(self) -> str:
        return ".".join(
            (str(self.tenant_id), self.kind, self.subject, str(self.subject_id), self.format)
        )

    @property
    def filename(self) -> str:
        return f"{self.kind.replace('_', '-')}-{self.subject}-{self.subject_id}.{self.format}"


@dataclass(frozen=True)
class DocumentLink:
    url: str
    filename: str
    content_type: str
    expires_at: dt.datetime


def document_request(
    *,
    tenant_id: int,
    kind: DocumentKind,
    format: DocumentFormat,
    wave_id: int | None = None,
    release_id: int | None = None,
    parcel_id: int | None = None,
) -> DocumentRequest:
    """What is asked for, checked: exactly one subject, one the kind prints for."""
    given = [
        (subject, pk)
        for subject, pk in (
            (Subject.WAVE, wave_id),
            (Subject.RELEASE, release_id),
            (Subject.PARCEL, parcel_id),
        )
        if pk is not None
    ]
    if len(given) != 1:
        raise WarehouseError(Code.INVALID, "Name exactly one of waveId, releaseId, parcelId.")
    subject, pk = given[0]
    if subject not in SUBJECTS[kind]:
        allowed = " or ".join(f"{s}Id" for s in SUBJECTS[kind])
        raise WarehouseError(
            Code.INVALID, f"{kind.name} prints for {allowed}.", field=f"{subject}_id"
        )
    if format is DocumentFormat.ZPL and kind is not DocumentKind.LABELS:
        raise WarehouseError(
            Code.INVALID,
            "ZPL is for shipping labels; pick lists and slips print as PDF.",
            field="format",
        )
    return DocumentRequest(tenant_id, kind, subject, pk, format)


def document_link(request: DocumentRequest) -> DocumentLink:
    """A signed link to the document, once it is known to render: a missing subject or a
    document the renderer would refuse (an address without a city, no label to print) is
    refused here."""
    if request.kind is DocumentKind.LABELS:
        _labels(request)
    else:
        _documents(request)
    token = link_sign(SALT, request.token_value())
    url = f"{settings.APP_URL.rstrip('/')}{reverse('warehouse-document', args=[token])}"
    return DocumentLink(
        url=url,
        filename=request.filename,
        content_type=CONTENT_TYPES[request.format],
        expires_at=timezone.now() + LINK_MAX_AGE,
    )


def request_of_token(token: str) -> DocumentRequest:
    """What a link was signed for; raises ``core.signed_links.LinkExpired`` / ``LinkInvalid``."""
    value = link_read(SALT, token, max_age=LINK_MAX_AGE)
    parts = value.split(".")
    if len(parts) != 5 or not parts[0].isdigit() or not parts[3].isdigit():
        raise LinkInvalid
    tenant, kind, subject, pk, form = parts
    try:
        return DocumentRequest(
            int(tenant), DocumentKind(kind), Subject(subject), int(pk), DocumentFormat(form)
        )
    except ValueError:
        raise LinkInvalid from None


def document_bytes(request: DocumentRequest) -> bytes:
    """The document's bytes (one PDF for a whole wave); the same rows give the same bytes."""
    title = f"{request.kind.name.replace('_', ' ').title()} {request.subject} {request.subject_id}"
    if request.kind is DocumentKind.LABELS:
        return labels_bytes(_labels(request), request.format.value, title=title)
    return documents_pdf(_documents(request), title=title)


def _labels(request: DocumentRequest) -> list[IssuedLabel]:
    if request.subject is Subject.WAVE:
        wave = _wave(request.tenant_id, request.subject_id)
        labels = wave_labels(releases_in_pick_order(wave))
        field = "wave_id"
    else:
        labels = [parcel_label(request.tenant_id, request.subject_id)]
        field = "parcel_id"
    labels_check(labels, request.format.value, field=field)
    return labels


# --- building the documents from stored rows ----------------------------------------------------


def _documents(request: DocumentRequest) -> list[Any]:
    if request.subject is Subject.WAVE:
        wave = _wave(request.tenant_id, request.subject_id)
        if request.kind is DocumentKind.PICK_LIST:
            documents: list[Any] = pick_lists_of(wave)
        else:
            documents = packing_slips_of(releases_in_pick_order(wave))
    else:
        release = (
            Release.objects.filter(tenant_id=request.tenant_id, pk=request.subject_id)
            .select_related("order", "location")
            .first()
        )
        if release is None:
            raise WarehouseError(Code.NOT_FOUND, "No such release.", field="release_id")
        documents = packing_slips_of([release])
    if not documents:
        raise WarehouseError(
            Code.DOCUMENT_INVALID,
            "Nothing to print: the wave has no pick lists yet.",
            field="wave_id",
        )
    try:
        check_documents(documents)
    except DocumentInvalid as exc:
        raise WarehouseError(Code.DOCUMENT_INVALID, f"Cannot print: {exc}") from None
    return documents


def _wave(tenant_id: int, pk: int) -> Wave:
    wave = Wave.objects.filter(tenant_id=tenant_id, pk=pk).select_related("location").first()
    if wave is None:
        raise WarehouseError(Code.NOT_FOUND, "No such wave.", field="wave_id")
    return wave


def _product_names(order_ids: Iterable[int]) -> tuple[dict[str, str], dict[str, str]]:
    """Names as printed, by Saleor order line id and by SKU."""
    by_line: dict[str, str] = {}
    by_sku: dict[str, str] = {}
    rows = OrderLine.objects.filter(order_id__in=list(order_ids)).order_by("pk")
    for saleor_id, sku, product, variant in rows.values_list(
        "saleor_id", "sku", "product_name", "variant_name"
    ):
        name = f"{product} ({variant})" if variant else product
        by_line[saleor_id] = name
        by_sku.setdefault(sku, name)
    return by_line, by_sku


def pick_lists_of(wave: Wave) -> list[PrintedPickList]:
    """The wave's pick lists as printed, by position, lines along the walk."""
    splits = PickSplit.objects.select_related("release__order").order_by("tote", "pk")
    lines = PickListLine.objects.select_related("bin").prefetch_related(Prefetch("splits", splits))
    stored = list(
        PickList.objects.filter(wave=wave)
        .exclude(state=PickList.State.CANCELLED)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("lines", lines.order_by("position", "pk")))
    )
    order_ids = {
        s.release.order_id for p in stored for ln in p.lines.all() for s in ln.splits.all()
    }
    _, by_sku = _product_names(order_ids)
    printed = []
    for pick in stored:
        printed.append(
            PrintedPickList(
                list_id=f"W{wave.number}-{pick.position}",
                location=wave.location.name,
                strategy=pick.strategy,
                note=f"Zone {pick.zone}" if pick.zone else "",
                lines=tuple(
                    PrintedLine(
                        sequence=line.position,
                        bin=line.bin.code,
                        sku=line.sku,
                        name=by_sku.get(line.sku, ""),
                        quantity=line.quantity,
                        splits=tuple(
                            ToteSplit(
                                s.tote, s.release.order.number or str(s.release_id), s.quantity
                            )
                            for s in line.splits.all()
                        ),
                    )
                    for line in pick.lines.all()
                ),
            )
        )
    return printed


def releases_in_pick_order(wave: Wave) -> list[Release]:
    """The wave's releases in the order its pick lists put them in totes (first appearance),
    then any others oldest first."""
    releases = {
        r.pk: r
        for r in Release.objects.filter(wave=wave)
        .exclude(state=Release.State.CANCELLED)
        .select_related("order", "location")
    }
    ordered: list[Release] = []
    seen: set[int] = set()
    for tote_order in (
        PickList.objects.filter(wave=wave)
        .order_by("position", "pk")
        .values_list("releases", flat=True)
    ):
        for pk in tote_order or []:
            if pk in releases and pk not in seen:
                seen.add(pk)
                ordered.append(releases[pk])
    rest = sorted(
        (r for pk, r in releases.items() if pk not in seen), key=lambda r: (r.created_at, r.pk)
    )
    return ordered + rest


def _ship_from(location: Location) -> Address:
    return Address(
        name=location.name,
        company=location.company_name,
        street_1=location.street_address_1,
        street_2=location.street_address_2,
        city=location.city,
        postal_code=location.postal_code,
        country=location.country,
        country_area=location.country_area,
        phone=location.phone,
    )


def _ship_to(address: dict[str, Any] | None) -> Address:
    address = address or {}
    name = " ".join(str(p) for p in (address.get("firstName"), address.get("lastName")) if p)
    return Address(
        name=name,
        company=str(address.get("companyName") or ""),
        street_1=str(address.get("streetAddress1") or ""),
        street_2=str(address.get("streetAddress2") or ""),
        city=str(address.get("city") or ""),
        postal_code=str(address.get("postalCode") or ""),
        country=str(address.get("country") or ""),
        country_area=str(address.get("countryArea") or ""),
        phone=str(address.get("phone") or ""),
    )


def packing_slips_of(releases: list[Release]) -> list[PackingSlip]:
    """One packing slip per release, in the order given."""
    by_line, by_sku = _product_names({r.order_id for r in releases})
    slips = []
    for release in releases:
        order = release.order
        slips.append(
            PackingSlip(
                order=order.number or str(order.pk),
                ship_from=_ship_from(release.location),
                ship_to=_ship_to(order.shipping_address),
                order_date=order.saleor_created_at.date().isoformat()
                if order.saleor_created_at
                else "",
                lines=tuple(
                    SlipLine(
                        sku=str(line.get("sku") or ""),
                        name=by_line.get(str(line.get("line_id")))
                        or by_sku.get(str(line.get("sku") or ""), ""),
                        quantity=int(line["quantity"]),
                    )
                    for line in release.lines
                ),
            )
        )
    return slips
