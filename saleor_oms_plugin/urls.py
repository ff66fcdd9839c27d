from django.urls import path

from saleor_oms_plugin.core.views import health
from saleor_oms_plugin.graphql.view import graphql_view
from saleor_oms_plugin.tenants import views as tenant_views
from saleor_oms_plugin.webhooks.views import webhook_intake

urlpatterns = [
    path("api/manifest", tenant_views.manifest, name="manifest"),
    path("api/register", tenant_views.register, name="register"),
    path("api/webhooks/<slug:group>/", webhook_intake, name="webhook"),
    path("graphql/", graphql_view, name="graphql"),
    path("healthz", health, name="health"),
    path("", tenant_views.app_home, name="home"),
    path("app/", tenant_views.app_home, name="app-home"),
    path("logo.png", tenant_views.logo, name="logo"),
    path("privacy", tenant_views.privacy, name="privacy"),
    path("support", tenant_views.support, name="support"),
]
