"""What order capture records and publishes.

``capture.created`` is a rule trigger about the order, published once the OMS's read model
holds the order Saleor created (facts: source, external reference), so rules can treat
captured orders by their source. Accepted and refused orders have no Saleor order yet: they
are audited and published about ``captured_order:<source>:<reference>`` for whoever listens.
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class CaptureEvent(DomainEvent):
    ACCEPTED = "capture.accepted"
    CREATED = "capture.created"
    REFUSED = "capture.refused"
    # A refused order corrected by staff (sent again) or given up.
    RESUBMITTED = "capture.resubmitted"
    DISCARDED = "capture.discarded"
    # Audit only.
    SOURCE_CREATED = "capture_source.created"
    SOURCE_SECRET_ROTATED = "capture_source.secret_rotated"


CAPTURE_TRIGGERS: dict[CaptureEvent, str] = {
    CaptureEvent.CREATED: "An order captured from an outside channel was created in Saleor "
    "(facts: source, externalReference).",
}
