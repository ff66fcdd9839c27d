"""``saleor-oms deliveries list|retry``: the webhook inbox for operators (dead letters)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saleor_oms_plugin.webhooks.dead_letters import deliveries_list, deliveries_retry
from saleor_oms_plugin.webhooks.models import Delivery


class Command(BaseCommand):
    help = "List stored webhook deliveries by status; process failed ones (dead letters) again."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="deliveries in a status, oldest first")
        listing.add_argument(
            "--status",
            choices=[status.value for status in Delivery.Status],
            default=Delivery.Status.FAILED.value,
        )
        listing.add_argument("--tenant", type=int, help="a tenant's id (saleor-oms tenant list)")
        listing.add_argument("--limit", type=int, default=50)

        retry = actions.add_parser("retry", help="process failed deliveries again")
        retry.add_argument("ids", nargs="*", type=int, help="delivery ids")
        retry.add_argument("--all-failed", action="store_true", help="every failed delivery")
        retry.add_argument("--tenant", type=int, help="with --all-failed: one tenant's only")

    def handle(self, *args, **options) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _list(self, options: dict) -> None:
        rows = list(
            deliveries_list(
                status=options["status"], tenant_id=options["tenant"], limit=options["limit"]
            )
        )
        if not rows:
            self.stdout.write(f"no {options['status']} deliveries")
        for row in rows:
            error = (row.last_error.splitlines() or ["-"])[0][:200]
            self.stdout.write(
                f"{row.pk}\ttenant={row.tenant_id}\t{row.event}\t{row.status}\t"
                f"attempts={row.attempts}\treceived={row.received_at:%Y-%m-%dT%H:%M:%SZ}\t{error}"
            )

    def _retry(self, options: dict) -> None:
        ids: list[int] = list(options["ids"])
        if not ids and not options["all_failed"]:
            raise CommandError("name delivery ids, or pass --all-failed")
        if options["all_failed"]:
            ids += [
                row.pk
                for row in deliveries_list(
                    status=Delivery.Status.FAILED, tenant_id=options["tenant"], limit=100_000
                )
            ]
        retried = deliveries_retry(delivery_ids=ids)
        self.stdout.write(f"queued {len(retried)} failed deliveries again")
