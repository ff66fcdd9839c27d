from django.urls import path, re_path

from saleor_oms_plugin.capture.views import capture_webhook
from saleor_oms_plugin.core.views import health, metrics, ready
from saleor_oms_plugin.dashboard import views as dashboard_views
from saleor_oms_plugin.graphql.view import graphql_view
from saleor_oms_plugin.insights.views import insights_export
from saleor_oms_plugin.inventory.views import feed_csv_upload
from saleor_oms_plugin.purchasing.views import purchase_order_document
from saleor_oms_plugin.returns.views import return_label
from saleor_oms_plugin.tenants import views as tenant_views
from saleor_oms_plugin.warehouse.views import stored_document, warehouse_document
from saleor_oms_plugin.webhooks.views import webhook_intake, webhook_sync

urlpatterns = [
    path("api/manifest", tenant_views.manifest, name="manifest"),
    path("api/register", tenant_views.register, name="register"),
    path("api/webhooks/<slug:group>/", webhook_intake, name="webhook"),
    path("api/sync/<slug:hook>/", webhook_sync, name="webhook-sync"),
    path("api/feeds/<str:source>/csv", feed_csv_upload, name="feed-csv"),
    path("api/capture/<slug:code>/", capture_webhook, name="capture-webhook"),
    path("graphql/", graphql_view, name="graphql"),
    path("returns/label/<str:token>/", return_label, name="return-label"),
    path(
        "purchasing/documents/<str:token>/",
        purchase_order_document,
        name="purchase-order-document",
    ),
    path(
        "warehouse/stored/<str:token>/",
        stored_document,
        name="warehouse-stored-document",
    ),
    path("warehouse/documents/<str:token>/", warehouse_document, name="warehouse-document"),
    path("insights/exports/<str:token>/", insights_export, name="insights-export"),
    path("healthz", health, name="health"),
    path("readyz", ready, name="ready"),
    path("metrics", metrics, name="metrics"),
    path("", tenant_views.app_home, name="home"),
    # The Dashboard loads appUrl through url-join, which drops its trailing slash (`/app?…`):
    # every page of the extension answers with and without one.
    re_path(r"^app/?$", dashboard_views.index, name="app-home"),
    re_path(r"^app/assets/(?P<path>.+)$", dashboard_views.asset, name="dashboard-asset"),
    re_path(r"^app/(?P<route>.+)$", dashboard_views.index, name="dashboard-route"),
    re_path(r"^logo\.png/?$", tenant_views.logo, name="logo"),
    re_path(r"^privacy/?$", tenant_views.privacy, name="privacy"),
    re_path(r"^support/?$", tenant_views.support, name="support"),
]
