"""Signed, short-lived links to what shipping stored: a parcel's label as the carrier made it,
and a closed manifest's hand-over list.

A link is a ``TimestampSigner`` signature of ``parcel:<id>`` or ``manifest:<id>`` (salted for
this use); it opens that one document for ``LINK_MAX_AGE`` and nothing else. The Dashboard
asks for the link afresh (the fields ``labelUrl`` and ``documentUrl``) each time it prints.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "oms.warehouse.stored"
LINK_MAX_AGE = dt.timedelta(hours=1)
KINDS = frozenset({"parcel", "manifest"})


class LinkInvalid(Exception):
    """Not signed by us (tampered with, or made up)."""


class LinkExpired(Exception):
    """Ours, but older than ``LINK_MAX_AGE``."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def stored_url(kind: str, pk: int) -> str:
    """The absolute link to a parcel's label or a manifest's list."""
    path = reverse("warehouse-stored-document", args=[_signer().sign(f"{kind}:{pk}")])
    return f"{settings.APP_URL.rstrip('/')}{path}"


def stored_of_token(token: str) -> tuple[str, int]:
    """(kind, id) a link was signed for; raises if tampered with or expired."""
    try:
        value = _signer().unsign(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    kind, _, pk = value.partition(":")
    if kind not in KINDS or not pk.isdigit():
        raise LinkInvalid
    return kind, int(pk)
