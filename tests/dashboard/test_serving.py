"""The Dashboard extension's build served at /app/: pages, assets, and a missing build."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

INDEX = (
    '<!doctype html><html><head><script type="module" src="/app/assets/index-abc123.js">'
    '</script></head><body><div id="root"></div></body></html>'
)


@pytest.fixture
def dist(tmp_path, settings):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log('oms');")
    (tmp_path / "assets" / "index-abc123.css").write_text("body{}")
    (tmp_path / "secret.txt").write_text("not an asset")
    settings.DASHBOARD_DIST_DIR = str(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "path", ["/app/", "/app/orders", "/app/widgets/order?orderId=T3JkZXI6MQ==", "/app/a/b/c"]
)
def test_every_client_side_route_answers_with_the_built_page(client, dist, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode() == INDEX
    # a new build must reach the browser at once
    assert response["Cache-Control"] == "no-cache"


def test_hashed_assets_are_served_with_their_type_and_cached_for_a_year(client, dist):
    response = client.get("/app/assets/index-abc123.js")
    assert response.status_code == 200
    assert response["Content-Type"] in {"text/javascript", "application/javascript"}
    assert b"".join(response.streaming_content) == b"console.log('oms');"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    css = client.get("/app/assets/index-abc123.css")
    assert css["Content-Type"] == "text/css"


@pytest.mark.parametrize(
    "path", ["/app/assets/missing.js", "/app/assets/../secret.txt", "/app/assets/%2e%2e/secret.txt"]
)
def test_unknown_assets_and_paths_outside_the_assets_folder_are_not_found(client, dist, path):
    assert client.get(path).status_code == 404


def test_a_missing_build_says_how_to_build_it(client, tmp_path, settings):
    settings.DASHBOARD_DIST_DIR = str(tmp_path / "nothing-here")
    response = client.get("/app/orders")
    assert response.status_code == 200
    body = response.content.decode()
    assert "not built" in body
    assert "npm ci &amp;&amp; npm run build" in body or "npm ci && npm run build" in body


def test_pages_are_read_only(client, dist):
    assert client.post("/app/orders").status_code == 405
    assert client.post("/app/assets/index-abc123.js").status_code == 405


def test_the_build_can_live_outside_the_repository(client, tmp_path, settings):
    # given an installed deployment pointing at its build (DASHBOARD_DIST_DIR)
    (tmp_path / "index.html").write_text("<!doctype html><title>elsewhere</title>")
    settings.DASHBOARD_DIST_DIR = str(tmp_path)
    # then that build is served
    assert client.get("/app/overview").content == b"<!doctype html><title>elsewhere</title>"
