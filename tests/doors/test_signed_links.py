"""The signed links (return labels, purchase order documents, warehouse documents made on
request and stored, insights exports) fed garbage: made-up tokens, real tokens with one
character changed, tokens of one kind sent to another, and tokens signed with the link's own
key around values that are no link (another script's digits, ids beyond any column, objects of
the wrong shape). Each is refused with a short fixed text (403 or 410: a probe learns nothing),
never a 5xx, and nothing is written."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saleor_oms_plugin.core.signed_links import link_dumps, link_sign
from saleor_oms_plugin.insights import exports
from saleor_oms_plugin.purchasing import documents as purchase_documents
from saleor_oms_plugin.returns import label
from saleor_oms_plugin.warehouse import documents as warehouse_documents
from saleor_oms_plugin.warehouse import stored_links
from tests.fixtures.garbage import NASTY_CHARACTERS, hostile_text, json_values
from tests.fixtures.hypothesis_profiles import door_settings
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.writes import nothing_written

# Each door's path prefix, the salt its tokens are signed with, and whether they hold JSON.
DOORS = {
    "/returns/label/": (label.SALT, False),
    "/purchasing/documents/": (purchase_documents.SALT, False),
    "/warehouse/documents/": (warehouse_documents.SALT, False),
    "/warehouse/stored/": (stored_links.SALT, False),
    "/insights/exports/": (exports.SALT, True),
}
# Well-formed values of each kind, so tokens of one kind can be tried at another door.
VALUES = {
    label.SALT: "1",
    purchase_documents.SALT: "1.pdf",
    warehouse_documents.SALT: "1.pick_list.wave.1.pdf",
    stored_links.SALT: "parcel:1",
}
# Values no link is made for: other scripts' digits (str.isdigit says yes, int() says no),
# ids beyond any column, separators in the wrong places.
garbage_values = st.one_of(
    hostile_text,
    st.sampled_from(["²", "١", "1²", "9" * 30, "-1", "parcel:²", "manifest:" + "9" * 30]),
    st.sampled_from(["1.²", "².pdf", "1.pick_list.wave.².pdf", "².pick_list.wave.1.pdf"]),
    st.sampled_from(NASTY_CHARACTERS).map(lambda c: f"1{c}"),
)
garbage_objects = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {
            "t": st.one_of(st.just(1), json_values),
            "s": st.one_of(st.just("2026-01-01"), json_values),
            "e": st.one_of(st.just("2026-01-31"), json_values),
            "g": st.one_of(st.just("day"), json_values),
            "f": st.one_of(st.just("csv"), json_values),
            "c": json_values,
            "k": json_values,
        }
    ),
)


@pytest.fixture
def tenant(transactional_db):
    return make_capture_tenant()


def _altered(token: str, position: int, character: str) -> str:
    index = position % len(token)
    return token[:index] + character + token[index + 1 :]


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@st.composite
def tokens(draw):
    door = draw(st.sampled_from(sorted(DOORS)))
    salt, holds_json = DOORS[door]
    kind = draw(st.sampled_from(["made-up", "altered", "other-kind", "signed-garbage"]))
    if kind == "made-up":
        token = draw(hostile_text)
    elif kind == "altered":
        token = _altered(
            link_sign(salt, VALUES.get(salt, "1")),
            draw(st.integers(0)),
            draw(st.sampled_from(["A", "0", ":", "\x00", "é"])),
        )
    elif kind == "other-kind":
        other = draw(st.sampled_from(sorted(set(VALUES) - {salt})))
        token = link_sign(other, VALUES[other])
    elif holds_json:
        value = draw(garbage_objects)
        token = link_dumps(salt, value if isinstance(value, dict) else {"v": value})
    else:
        # Only values our own code could have signed: a lone surrogate cannot be signed.
        token = link_sign(salt, draw(garbage_values.filter(_encodable)))
    return door + quote(token, safe="", errors="surrogatepass") + "/"


@door_settings()
@given(path=tokens())
def test_a_link_that_is_not_a_link_is_refused(client, tenant, path):
    with nothing_written():
        response = client.get(path)
    assert response.status_code in {403, 404, 410}, (path, response.status_code)
    if response.status_code != 404:  # 404: an empty token matches no route at all
        assert response["Content-Type"].startswith("text/plain"), response["Content-Type"]
        assert len(response.content) < 100


@pytest.mark.parametrize(
    ("door", "value"),
    [
        # str.isdigit() says yes to "²", int() says no: ValueError answered 500.
        ("/returns/label/", "²"),
        ("/purchasing/documents/", "².pdf"),
        ("/warehouse/stored/", "parcel:²"),
        ("/warehouse/documents/", "².pick_list.wave.1.pdf"),
        # An id beyond any column.
        ("/returns/label/", "9" * 30),
        ("/warehouse/stored/", "manifest:" + "9" * 30),
    ],
)
def test_a_signed_value_that_is_no_id_is_an_invalid_link(client, tenant, door, value):
    salt, _ = DOORS[door]
    with nothing_written():
        response = client.get(f"{door}{link_sign(salt, value)}/")
    assert response.status_code == 403


@pytest.mark.parametrize("value", ["1", "e30", ".eJw"])
def test_an_export_link_whose_signed_value_is_no_object_is_an_invalid_link(client, tenant, value):
    # A well-signed value that is not base64 (binascii.Error was answered 500), not JSON, or
    # claims compression over bytes that are not zlib's.
    with nothing_written():
        response = client.get(f"/insights/exports/{link_sign(exports.SALT, value)}/")
    assert response.status_code == 403
