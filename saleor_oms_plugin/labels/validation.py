"""Checks a document before any of it is rendered; every problem is collected."""

from __future__ import annotations

from .errors import DocumentInvalid, LabelIssue
from .model import Address, Document, PackingSlip, PickList, ShippingLabel

MAX_TRACKING_LENGTH = 40
MAX_QR_BYTES = 1200  # well inside a QR code's capacity at error correction M


def tracking_number_problem(value: str) -> str | None:
    """Why ``value`` cannot be a tracking number (Code 128 set B), or None."""
    if not value or not value.strip():
        return "must not be empty"
    if len(value) > MAX_TRACKING_LENGTH:
        return f"must be at most {MAX_TRACKING_LENGTH} characters"
    if any(not (32 < ord(c) < 127) for c in value):
        return "must be printable ASCII without spaces"
    return None


def _address(issues: list[LabelIssue], address: Address, path: str) -> None:
    if not address.name.strip() and not address.company.strip():
        issues.append(LabelIssue(f"{path}.name", "a name or a company is required"))
    if not address.city.strip():
        issues.append(LabelIssue(f"{path}.city", "is required"))
    if not (len(address.country) == 2 and address.country.isascii() and address.country.isalpha()):
        issues.append(LabelIssue(f"{path}.country", "must be an ISO 3166 alpha-2 code"))


def _label(issues: list[LabelIssue], label: ShippingLabel, path: str) -> None:
    problem = tracking_number_problem(label.tracking_number)
    if problem:
        issues.append(LabelIssue(f"{path}tracking_number", problem))
    if label.weight_grams < 0:
        issues.append(LabelIssue(f"{path}weight_grams", "must not be negative"))
    if label.parcel_count < 1 or not 1 <= label.parcel_index <= label.parcel_count:
        issues.append(LabelIssue(f"{path}parcel_index", "must be between 1 and parcel_count"))
    if len(label.qr_payload.encode(errors="replace")) > MAX_QR_BYTES:
        issues.append(LabelIssue(f"{path}qr_data", f"must be at most {MAX_QR_BYTES} bytes"))
    _address(issues, label.ship_from, f"{path}ship_from")
    _address(issues, label.ship_to, f"{path}ship_to")


def _slip(issues: list[LabelIssue], slip: PackingSlip, path: str) -> None:
    problem = tracking_number_problem(slip.order)
    if problem:
        issues.append(LabelIssue(f"{path}order", problem))
    _address(issues, slip.ship_from, f"{path}ship_from")
    _address(issues, slip.ship_to, f"{path}ship_to")
    for index, line in enumerate(slip.lines):
        if line.quantity < 1:
            issues.append(LabelIssue(f"{path}lines[{index}].quantity", "must be at least 1"))


def _pick_list(issues: list[LabelIssue], pick: PickList, path: str) -> None:
    for index, line in enumerate(pick.lines):
        at = f"{path}lines[{index}]"
        if line.quantity < 1:
            issues.append(LabelIssue(f"{at}.quantity", "must be at least 1"))
        if line.splits and sum(s.quantity for s in line.splits) != line.quantity:
            issues.append(LabelIssue(f"{at}.splits", "must add up to the line's quantity"))
        if any(s.quantity < 1 or s.tote < 1 for s in line.splits):
            issues.append(LabelIssue(f"{at}.splits", "totes and quantities must be at least 1"))


def check_documents(documents: list[Document] | tuple[Document, ...]) -> None:
    """Raise ``DocumentInvalid`` listing every problem of every document (paths prefixed
    ``[n].`` when there are several)."""
    issues: list[LabelIssue] = []
    for index, document in enumerate(documents):
        path = f"[{index}]." if len(documents) > 1 else ""
        if isinstance(document, ShippingLabel):
            _label(issues, document, path)
        elif isinstance(document, PackingSlip):
            _slip(issues, document, path)
        elif isinstance(document, PickList):
            _pick_list(issues, document, path)
        else:
            issues.append(LabelIssue(f"[{index}]", f"not a document: {type(document).__name__}"))
    if issues:
        raise DocumentInvalid(issues)
