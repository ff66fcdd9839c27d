from django.apps import AppConfig
from django.db import connection


class InsightsConfig(AppConfig):
    name = "saleor_oms_plugin.insights"
    label = "oms_insights"

    def ready(self) -> None:
        from saleor_oms_plugin.core.events import listen
        from saleor_oms_plugin.insights.published import on_published
        from saleor_oms_plugin.insights.returns_rollups import (
            on_order_changed_returns,
            on_return_published,
        )
        from saleor_oms_plugin.insights.rollups import on_order_changed
        from saleor_oms_plugin.insights.time_zones import on_settings_changed
        from saleor_oms_plugin.orders.changes import order_changes_listen
        from saleor_oms_plugin.tenants.settings_changes import register_settings_listener

        if connection.vendor != "postgresql":
            # The rollups are kept by PostgreSQL statements (JSONB, arrays, advisory locks):
            # on the embedded SQLite default of a first run they are not kept, and the
            # figures read empty (README, Insights). Everything else works as on PostgreSQL.
            return
        order_changes_listen(on_order_changed)
        order_changes_listen(on_order_changed_returns)
        listen(on_return_published)
        # Plans, plan shipments, short picks and promises move figures too.
        listen(on_published)
        register_settings_listener(on_settings_changed)
