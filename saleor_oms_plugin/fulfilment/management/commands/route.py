"""``saleor-oms route replay --tenant <id|api url> --draft <rule set id> --last N [--json]``."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saleor_oms_plugin.core.commands import domain_errors
from saleor_oms_plugin.fulfilment.replay import ReplayOutcome, routing_replay
from saleor_oms_plugin.saleor.errors import SaleorError
from saleor_oms_plugin.tenants.cli import tenant_from_argument


def _cell(outcome: ReplayOutcome | None) -> str:
    if outcome is None:
        return "-"
    return f"{outcome.cost:.2f} / {outcome.shipments} / {outcome.distance_km:,.0f} km"


class Command(BaseCommand):
    help = "Fulfilment routing tools."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        replay = actions.add_parser(
            "replay", help="compare a draft rule set with the published one on recent orders"
        )
        replay.add_argument("--tenant", required=True, help="tenant id or Saleor API URL")
        replay.add_argument("--draft", required=True, type=int, help="rule set id")
        replay.add_argument("--last", type=int, default=100, help="how many newest orders")
        replay.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = tenant_from_argument(options["tenant"], by_id=True)
        try:
            with domain_errors():
                report = routing_replay(
                    tenant_id=tenant.pk, draft_id=options["draft"], last=options["last"]
                )
        except SaleorError as exc:
            raise CommandError(f"Saleor could not be read: {exc}") from None
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        **dataclasses.asdict(report),
                        "draft_total": dataclasses.asdict(report.draft_total),
                        "published_total": dataclasses.asdict(report.published_total),
                    },
                    indent=2,
                )
            )
            return
        self.stdout.write(f"draft {report.draft}: cost / shipments / distance")
        self.stdout.write("order\tdraft\tpublished")
        for row in report.orders:
            line = f"#{row.number}\t{_cell(row.draft)}\t{_cell(row.published)}"
            self.stdout.write(line + (f"\t{row.error}" if row.error else ""))
        draft, published = report.draft_total, report.published_total
        self.stdout.write(
            f"total ({draft.orders} orders)\t"
            f"{draft.cost:.2f} / {draft.shipments} / {draft.distance_km:,.0f} km\t"
            f"{published.cost:.2f} / {published.shipments} / {published.distance_km:,.0f} km"
        )
        self.stdout.write(
            f"difference\t{draft.cost - published.cost:+.2f} cost, "
            f"{draft.shipments - published.shipments:+d} shipments, "
            f"{draft.distance_km - published.distance_km:+,.0f} km"
        )
