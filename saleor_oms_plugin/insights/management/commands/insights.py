"""``saleor-oms insights rebuild --api-url URL``: recompute a tenant's rollups (orders, then
returns and refunds) from scratch."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from saleor_oms_plugin.core.commands import domain_errors
from saleor_oms_plugin.insights.rebuild import rollups_rebuild
from saleor_oms_plugin.insights.returns_rollups import return_rollups_rebuild
from saleor_oms_plugin.tenants.cli import tenant_from_argument


class Command(BaseCommand):
    help = "Rebuild the insights rollups of a tenant from its orders."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rebuild = actions.add_parser("rebuild", help="recompute every rollup row of a tenant")
        rebuild.add_argument("--api-url", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        with domain_errors():
            tenant = tenant_from_argument(options["api_url"])
            started = time.perf_counter()
            rows = rollups_rebuild(tenant_id=tenant.pk)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{rows} rollup rows for {tenant.saleor_api_url} in {elapsed:.1f} s")
            started = time.perf_counter()
            returns = return_rollups_rebuild(tenant_id=tenant.pk)
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"{returns.rollups} return rows, {returns.reasons} reason rows and "
                f"{returns.refunds} refund rows in {elapsed:.1f} s"
            )
