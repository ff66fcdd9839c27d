"""Every URL of the manifest answers the way Saleor's Dashboard 3.23.27 requests it.

The Dashboard drops a trailing slash (`appUrl` `…/app/` is loaded as `…/app?…`) and appends a
long query (see tests/fixtures/dashboard.py); other clients keep the slash. Both must load.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.fixtures.dashboard import app_page_url, dashboard_frame_url

pytestmark = pytest.mark.django_db

INDEX = '<!doctype html><html><body><div id="root"></div></body></html>'
ORDER_ID = "T3JkZXI6MQ=="
PRODUCT_ID = "UHJvZHVjdDo3Mg=="


@pytest.fixture
def dist(tmp_path, settings):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    settings.DASHBOARD_DIST_DIR = str(tmp_path)
    return tmp_path


@pytest.fixture
def manifest(client):
    response = client.get("/api/manifest")
    assert response.status_code == 200
    return response.json()


def _frames(manifest: dict) -> list[tuple[str, str]]:
    """(what, frame URL) for every view of the app the Dashboard can open."""
    frames = [("app page", dashboard_frame_url(manifest["appUrl"], kind="APP_PAGE"))]
    for extension in manifest["extensions"]:
        target, mount, url = extension["target"], extension["mount"], extension["url"]
        if target == "APP_PAGE":
            frames.append(
                (mount, dashboard_frame_url(app_page_url(manifest["appUrl"], url), kind="APP_PAGE"))
            )
        elif mount == "ORDER_DETAILS_WIDGETS":
            frames.append(
                (mount, dashboard_frame_url(url, kind="WIDGET", mount={"orderId": ORDER_ID}))
            )
        elif mount == "PRODUCT_DETAILS_WIDGETS":
            context = {"productId": PRODUCT_ID, "productSlug": "juice"}
            frames.append((mount, dashboard_frame_url(url, kind="WIDGET", mount=context)))
        elif mount == "ORDER_DETAILS_MORE_ACTIONS":
            frames.append(
                (mount, dashboard_frame_url(url, kind="POPUP", mount={"orderId": ORDER_ID}))
            )
        elif mount == "ORDER_OVERVIEW_MORE_ACTIONS":
            # the order list opens its actions with its own query and no selection
            list_query = "asc=false&sort=number"
            frames.append((mount, dashboard_frame_url(url, kind="POPUP", page_query=list_query)))
        else:
            raise AssertionError(f"no Dashboard address known for {mount}")
    return frames


def _local(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "testserver", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _with_trailing_slash(path: str) -> str:
    route, _, query = path.partition("?")
    return f"{route.rstrip('/')}/?{query}"


def test_the_dashboard_address_of_every_view_has_no_trailing_slash_and_its_query(manifest):
    frames = dict(_frames(manifest))
    assert _local(frames["app page"]).startswith("/app?domain=127.0.0.1%3A8000&saleorApiUrl=")
    assert _local(frames["NAVIGATION_ORDERS"]).startswith("/app/overview?domain=")
    order_widget = _local(frames["ORDER_DETAILS_WIDGETS"])
    assert order_widget.startswith("/app/widgets/order?domain=")
    assert order_widget.count("saleorApiUrl=") == 2
    assert "&orderId=T3JkZXI6MQ%3D%3D&featureFlags%5B" in order_widget
    assert _local(frames["ORDER_OVERVIEW_MORE_ACTIONS"]).startswith(
        "/app/actions/route?asc=false&sort=number&domain="
    )


def test_every_view_loads_as_the_dashboard_requests_it_and_with_a_trailing_slash(
    client, dist, manifest
):
    frames = _frames(manifest)
    assert {what for what, _ in frames} == {
        "app page",
        "NAVIGATION_ORDERS",
        "ORDER_DETAILS_WIDGETS",
        "ORDER_DETAILS_MORE_ACTIONS",
        "ORDER_OVERVIEW_MORE_ACTIONS",
        "PRODUCT_DETAILS_WIDGETS",
    }
    for what, url in frames:
        for path in (_local(url), _with_trailing_slash(_local(url))):
            response = client.get(path)
            assert response.status_code == 200, (what, path)
            assert response.content.decode() == INDEX, (what, path)
            assert response["Cache-Control"] == "no-cache"
            # the Dashboard frames it from its own origin
            assert "X-Frame-Options" not in response, (what, path)


def test_the_app_root_answers_without_its_slash(client, dist):
    # the defect: `/app?…` answered 404 while `/app/` worked
    for path in ("/app", "/app/", "/app?theme=light", "/app/?theme=light"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.content.decode() == INDEX


def test_the_manifest_pages_outside_the_app_answer_with_and_without_a_slash(client, manifest):
    for key in ("dataPrivacyUrl", "supportUrl", "homepageUrl"):
        path = urlsplit(manifest[key]).path
        for variant in {path.rstrip("/") or "/", path.rstrip("/") + "/"}:
            response = client.get(variant)
            assert response.status_code == 200, (key, variant)
            assert response["Content-Type"].startswith("text/html")
    logo = urlsplit(manifest["brand"]["logo"]["default"]).path
    for variant in (logo, logo + "/"):
        response = client.get(variant)
        assert response.status_code == 200, variant
        assert response["Content-Type"] == "image/png"


def test_widgets_are_fetched_with_get_so_the_dashboard_never_posts_to_the_app(
    client, dist, manifest
):
    # Dashboard 3.23 posts a form (with the token) only to WIDGETs declaring
    # widgetTarget.method POST and to NEW_TAB extensions; popups are always framed with GET
    for extension in manifest["extensions"]:
        assert extension["target"] in {"APP_PAGE", "WIDGET", "POPUP"}
        if extension["target"] == "WIDGET":
            assert extension["options"]["widgetTarget"]["method"] == "GET"
    # so the pages stay read-only
    assert client.post("/app/widgets/order", {"accessToken": "x"}).status_code == 405
    assert client.post("/app", {"accessToken": "x"}).status_code == 405
