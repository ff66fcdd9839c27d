"""``saleor-oms tenant add|list|remove|rekey|import``: provisioning for operators."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.core.commands import confirm, domain_errors, text_read
from saleor_oms_plugin.core.rekey import stored_secrets_rekey
from saleor_oms_plugin.tenants.cli import tenant_from_argument
from saleor_oms_plugin.tenants.import_runs import import_run_through, tenant_import_start
from saleor_oms_plugin.tenants.models import ImportRun
from saleor_oms_plugin.tenants.selectors import tenant_list
from saleor_oms_plugin.tenants.services import tenant_add, tenant_remove


class Command(BaseCommand):
    help = "Manage tenants (Saleor installations) by hand."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)

        add = actions.add_parser("add", help="provision a tenant from an API URL and app token")
        add.add_argument("--api-url", required=True, help="the Saleor GraphQL API URL")
        add.add_argument("--token", required=True, help="the app token issued by Saleor")
        add.add_argument(
            "--jwks",
            type=Path,
            help="a JWKS file; with it nothing is fetched from Saleor (offline provisioning)",
        )
        add.add_argument("--app-id", default="", help="the app's ID in Saleor (offline mode)")
        add.add_argument("--name", default="")
        add.add_argument(
            "--no-import", action="store_true", help="skip the initial import of orders/warehouses"
        )

        actions.add_parser("list", help="list tenants")

        remove = actions.add_parser("remove", help="delete a tenant and all of its data")
        remove.add_argument("--api-url", required=True)
        remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")

        actions.add_parser(
            "rekey",
            help="re-encrypt every stored secret (app tokens, webhook and feed signing "
            "secrets) under the first TOKEN_ENCRYPTION_KEYS key",
        )

        run_import = actions.add_parser(
            "import",
            help="import warehouses, orders and stock from Saleor again (here, waiting for it)",
        )
        run_import.add_argument("--api-url", required=True, help="the tenant's Saleor API URL")
        run_import.add_argument(
            "--queue", action="store_true", help="hand the run to the worker instead of waiting"
        )

    def handle(self, *args, **options) -> None:
        with domain_errors():
            getattr(self, f"_{options['action']}")(options)

    def _add(self, options: dict) -> None:
        jwks = None
        if options["jwks"] is not None:
            text = text_read(options["jwks"], what="the JWKS file")
            try:
                jwks = json.loads(text)
            except ValueError as exc:
                raise CommandError(f"the JWKS file {options['jwks']} is not JSON: {exc}") from None
        tenant = tenant_add(
            api_url=options["api_url"],
            token=options["token"],
            jwks=jwks,
            app_id=options["app_id"],
            name=options["name"],
            run_import=not options["no_import"],
            operator="cli",
        )
        self.stdout.write(f"tenant {tenant.pk} active for {tenant.saleor_api_url}")

    def _list(self, options: dict) -> None:
        rows = list(tenant_list())
        if not rows:
            self.stdout.write("no tenants")
        for tenant in rows:
            state = "active" if tenant.is_active else "inactive"
            self.stdout.write(
                f"{tenant.pk}\t{state}\t{tenant.saleor_api_url}\t{tenant.name or '-'}\t"
                f"app={tenant.saleor_app_id or '-'}\tinstalled={tenant.installed_at:%Y-%m-%d}"
            )

    def _remove(self, options: dict) -> None:
        # Asking about a tenant that does not exist would only waste the operator's answer.
        tenant_from_argument(options["api_url"])
        if not options["yes"] and not confirm(
            f"Delete {options['api_url']} and all of its data?",
            without_terminal="not removed: no terminal to confirm on; pass --yes to remove "
            "without asking",
        ):
            raise CommandError("not removed")
        tenant_remove(api_url=options["api_url"])
        self.stdout.write(f"removed {options['api_url']}")

    def _rekey(self, options: dict) -> None:
        # Every secret at rest, not only the tenants' tokens: the old key can then be dropped.
        counts = stored_secrets_rekey()
        detail = ", ".join(f"{field} {count}" for field, count in counts.items())
        self.stdout.write(f"re-encrypted {sum(counts.values())} secret(s): {detail}")

    def _import(self, options: dict) -> None:
        tenant = tenant_from_argument(options["api_url"])
        api_url = tenant.saleor_api_url
        run = tenant_import_start(
            tenant_id=tenant.pk, actor=Actor.operator("cli"), queue=options["queue"]
        )
        if options["queue"]:
            self.stdout.write(f"import queued for {api_url}")
            return
        ended = import_run_through(tenant_id=tenant.pk, run_id=str(run.run_id))
        if ended is None:
            raise CommandError("the import was superseded by another run")
        self.stdout.write(
            f"{ended.state}: {ended.orders} orders, {ended.locations} locations, "
            f"{ended.stock_rows} stock rows, {ended.attempts} attempt(s)"
        )
        for record in ended.skipped:
            self.stdout.write(f"skipped {record['kind']} {record['saleor_id']}: {record['reason']}")
        if ended.state == ImportRun.State.FAILED:
            raise CommandError("import failed: " + "; ".join(ended.errors))
