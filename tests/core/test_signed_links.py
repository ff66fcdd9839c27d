"""Signed links: a token opens only what it was signed for, with its salt, while it is young;
the file answers and refusals carry the headers every signed-link view relies on."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import signing

from saleor_oms_plugin.core.http import file_response, refusal
from saleor_oms_plugin.core.signed_links import (
    LinkExpired,
    LinkInvalid,
    link_dumps,
    link_loads,
    link_read,
    link_sign,
)

SALT = "oms.test.link"
HOUR = dt.timedelta(hours=1)


def _signed_ago(monkeypatch, seconds: int):
    """Sign as if ``seconds`` ago (the signer stamps with the clock of its ``timestamp``)."""
    monkeypatch.setattr(
        signing.TimestampSigner,
        "timestamp",
        lambda self: signing.b62_encode(int(time.time()) - seconds),
    )


def test_a_token_reads_back_as_the_value_it_was_signed_for():
    assert link_read(SALT, link_sign(SALT, "parcel:42"), max_age=HOUR) == "parcel:42"


def test_a_token_made_before_this_module_still_verifies():
    # Links handed out earlier were signed by the signer directly: same format, same salt.
    old = signing.TimestampSigner(salt=SALT).sign("17.pdf")
    assert link_read(SALT, old, max_age=HOUR) == "17.pdf"
    assert link_sign(SALT, "17.pdf").rsplit(":", 2)[0] == "17.pdf"
    old_object = signing.dumps({"t": 3}, salt=SALT, compress=True)
    assert link_loads(SALT, old_object, max_age=HOUR) == {"t": 3}


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token.replace("42", "43", 1),  # another value, same signature
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "parcel:42",  # no signature at all
        lambda token: "",
    ],
)
def test_a_tampered_token_is_invalid(tamper):
    token = link_sign(SALT, "parcel:42")
    with pytest.raises(LinkInvalid):
        link_read(SALT, tamper(token), max_age=HOUR)


def test_a_token_of_another_salt_is_invalid():
    with pytest.raises(LinkInvalid):
        link_read(SALT, link_sign("oms.test.other", "parcel:42"), max_age=HOUR)
    with pytest.raises(LinkInvalid):
        link_loads(SALT, link_dumps("oms.test.other", {"t": 1}), max_age=HOUR)


def test_an_old_token_is_expired_and_a_young_one_is_not(monkeypatch):
    _signed_ago(monkeypatch, 3601)
    old = link_sign(SALT, "7")
    old_object = link_dumps(SALT, {"t": 7})
    monkeypatch.undo()
    with pytest.raises(LinkExpired):
        link_read(SALT, old, max_age=HOUR)
    with pytest.raises(LinkExpired):
        link_loads(SALT, old_object, max_age=HOUR)
    assert link_read(SALT, old, max_age=dt.timedelta(hours=2)) == "7"


def test_an_expired_token_that_was_tampered_with_is_invalid(monkeypatch):
    _signed_ago(monkeypatch, 7200)
    token = link_sign(SALT, "7")
    monkeypatch.undo()
    with pytest.raises(LinkInvalid):
        link_read(SALT, token.replace("7", "8", 1), max_age=HOUR)


def test_an_object_token_reads_back_and_a_tampered_one_is_invalid():
    token = link_dumps(SALT, {"t": 1, "c": None, "s": "2026-01-01"})
    assert link_loads(SALT, token, max_age=HOUR) == {"t": 1, "c": None, "s": "2026-01-01"}
    with pytest.raises(LinkInvalid):
        link_loads(SALT, "x" + token, max_age=HOUR)


def test_a_file_response_is_named_private_and_not_sniffed():
    response = file_response(b"%PDF-", "application/pdf", "R-1.pdf")
    assert response.content == b"%PDF-"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="R-1.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    download = file_response(b"a,b\n", "text/csv", "x.csv", disposition="attachment")
    assert download["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_a_refusal_is_short_plain_text_and_not_stored():
    response = refusal(410, "This link has expired.")
    assert response.status_code == 410
    assert response.content == b"This link has expired."
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
