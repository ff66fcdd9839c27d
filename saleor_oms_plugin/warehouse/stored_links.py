"""Signed, short-lived links to what shipping stored: a parcel's label as the carrier made it,
and a closed manifest's hand-over list.

A link is a ``TimestampSigner`` signature of ``parcel:<id>`` or ``manifest:<id>`` (salted for
this use); it opens that one document for ``LINK_MAX_AGE`` and nothing else. The Dashboard
asks for the link afresh (the fields ``labelUrl`` and ``documentUrl``) each time it prints.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from saleor_oms_plugin.core.signed_links import LinkInvalid, link_id, link_read, link_sign

SALT = "oms.warehouse.stored"
LINK_MAX_AGE = dt.timedelta(hours=1)
KINDS = frozenset({"parcel", "manifest"})


def stored_url(kind: str, pk: int) -> str:
    """The absolute link to a parcel's label or a manifest's list."""
    path = reverse("warehouse-stored-document", args=[link_sign(SALT, f"{kind}:{pk}")])
    return f"{settings.APP_URL.rstrip('/')}{path}"


def stored_of_token(token: str) -> tuple[str, int]:
    """(kind, id) a link was signed for; raises ``core.signed_links.LinkExpired`` /
    ``LinkInvalid`` if expired or tampered with."""
    value = link_read(SALT, token, max_age=LINK_MAX_AGE)
    kind, _, pk = value.partition(":")
    if kind not in KINDS:
        raise LinkInvalid
    return kind, link_id(pk)
