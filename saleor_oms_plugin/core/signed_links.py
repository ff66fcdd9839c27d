"""Short-lived signed links: one scheme for every document reached without a session.

A token is Django's ``TimestampSigner`` signature of a value (``link_sign``) or of a small JSON
object (``link_dumps``, compressed), salted per use so a token of one kind never opens
another. Reading it back (``link_read`` / ``link_loads``) with a ``max_age`` either gives the
signed value or raises :class:`LinkExpired` (ours, but too old: answer 410) or
:class:`LinkInvalid` (not ours, tampered with, or signed for another salt: answer 403). A
caller that finds a well-signed value it cannot parse raises :class:`LinkInvalid` too.

The token formats are Django's own, so links already handed out keep verifying.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core import signing

_ID = re.compile(r"[0-9]{1,18}")


class LinkInvalid(Exception):
    """The link was not signed by us (tampered with, made up, or for another use)."""


class LinkExpired(Exception):
    """The link was ours but is older than its ``max_age``."""


def link_id(text: str) -> int:
    """A row id read from a link's value: ASCII digits that fit a bigint, else LinkInvalid
    (``str.isdigit`` also says yes to "²", which ``int`` refuses)."""
    if not _ID.fullmatch(text):
        raise LinkInvalid
    return int(text)


def link_sign(salt: str, value: str) -> str:
    """The token of ``value``: ``<value>:<timestamp>:<signature>``."""
    return signing.TimestampSigner(salt=salt).sign(value)


def link_read(salt: str, token: str, *, max_age: dt.timedelta) -> str:
    """The value a token was signed for with ``salt``; raises if tampered with or expired."""
    with _refused_as_link_errors():
        return signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)


def link_dumps(salt: str, value: dict[str, Any]) -> str:
    """The token of a JSON object (compressed when that is shorter), as ``signing.dumps``."""
    return signing.dumps(value, salt=salt, compress=True)


def link_loads(salt: str, token: str, *, max_age: dt.timedelta) -> Any:
    """The object a token was signed for with ``salt``; raises if tampered with or expired,
    or when what was signed is no object of ours (not base64, not JSON)."""
    with _refused_as_link_errors():
        try:
            return signing.loads(token, salt=salt, max_age=max_age)
        except (ValueError, zlib.error):
            raise LinkInvalid from None


@contextmanager
def _refused_as_link_errors() -> Iterator[None]:
    # SignatureExpired is a BadSignature: it is caught first.
    try:
        yield
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
