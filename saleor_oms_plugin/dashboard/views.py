"""The Dashboard extension's files: ``index.html`` for every client-side route, hashed assets.

The extension is a single-page app built by Vite with ``base: "/app/"``; its routes (``/app/orders``,
``/app/widgets/order``, …) all answer with the same ``index.html``, never cached, while the files
under ``/app/assets/`` carry a content hash in their names and are cached for a year.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

# The repository layout: saleor_oms_plugin/dashboard/views.py → <repo>/dashboard-extension/dist
DEFAULT_DIST_DIR = Path(__file__).resolve().parents[2] / "dashboard-extension" / "dist"
BUILD_COMMAND = "cd dashboard-extension && npm ci && npm run build"
ASSET_MAX_AGE = 365 * 24 * 3600

_MISSING_BUILD = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Saleor OMS: the Dashboard extension is not built</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto">
<h1>The Dashboard extension is not built</h1>
<p>The OMS is running, but this deployment has no build of its Dashboard pages.
Build it once (Node.js 20 or newer) and reload:</p>
<pre style="background:#f4f4f5;padding:1rem">{command}</pre>
<p>or run <code>scripts/test-dashboard</code>, which builds and tests it.</p></body></html>"""


def dist_dir() -> Path:
    """The build: the ``DASHBOARD_DIST_DIR`` setting (an installed package has no repository
    around it), else the repository's ``dashboard-extension/dist``."""
    configured = settings.DASHBOARD_DIST_DIR
    return Path(configured) if configured else DEFAULT_DIST_DIR


@xframe_options_exempt  # the Dashboard shows these pages in an iframe
@require_GET
def index(request: HttpRequest, route: str = "") -> HttpResponse:
    page = dist_dir() / "index.html"
    if not page.is_file():
        # 200: the Dashboard shows this page as it is, with the fix in plain words.
        response = HttpResponse(_MISSING_BUILD.format(command=BUILD_COMMAND))
    else:
        response = HttpResponse(page.read_bytes(), content_type="text/html; charset=utf-8")
    # A new build must be picked up at once: the page names the hashed assets it needs.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def asset(request: HttpRequest, path: str) -> FileResponse:
    try:
        file_path = Path(safe_join(str(dist_dir() / "assets"), path))
    except SuspiciousFileOperation:  # a path leading outside the assets folder
        raise Http404("No such asset.") from None
    if not file_path.is_file():
        raise Http404("No such asset.")
    content_type, _ = mimetypes.guess_type(file_path.name)
    response = FileResponse(
        file_path.open("rb"), content_type=content_type or "application/octet-stream"
    )
    response["Cache-Control"] = f"public, max-age={ASSET_MAX_AGE}, immutable"
    return response
