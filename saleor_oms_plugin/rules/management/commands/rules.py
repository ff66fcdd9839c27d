"""``saleor-oms rules export|import|test|templates``: rule sets as documents, for agencies;
``saleor-oms rules pending``: evaluations waiting to run, for operators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.core.commands import domain_errors, text_read, text_write
from saleor_oms_plugin.rules.dry_run import rule_dry_run
from saleor_oms_plugin.rules.errors import RuleValidationError
from saleor_oms_plugin.rules.library import TEMPLATES, template_names
from saleor_oms_plugin.rules.models import Rule
from saleor_oms_plugin.rules.pending import evaluations_send_again, evaluations_waiting
from saleor_oms_plugin.rules.portability import (
    document_dump,
    document_load,
    document_validate,
    rules_export,
    rules_import,
    templates_document,
)
from saleor_oms_plugin.tenants.cli import tenant_from_argument


class Command(BaseCommand):
    help = "Export, import and test trigger rules."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="print a tenant's rules as a document")
        export.add_argument("--api-url", required=True)
        export.add_argument("--format", choices=["json", "yaml"], default="json")
        export.add_argument("--output", type=Path, help="write here instead of stdout")
        export.add_argument("--name", action="append", help="only rules with this name")

        load = actions.add_parser("import", help="create or update rules from a document")
        load.add_argument("--api-url", required=True)
        load.add_argument("file", nargs="?", type=Path, help="a document ('-' for stdin)")
        load.add_argument(
            "--template", action="append", default=[], help="a template of the library (repeatable)"
        )
        load.add_argument("--dry-run", action="store_true", help="validate and report only")

        test = actions.add_parser("test", help="validate a document; with --api-url, dry-run it")
        test.add_argument("file", type=Path)
        test.add_argument("--api-url")
        test.add_argument("--limit", type=int, default=500, help="past orders per event rule")

        actions.add_parser("templates", help="list the template library")

        pending = actions.add_parser(
            "pending", help="list rule evaluations waiting to run (oldest first)"
        )
        pending.add_argument("--api-url", help="only this tenant's")
        pending.add_argument(
            "--given-up", action="store_true", help="only those sent too often without running"
        )
        pending.add_argument("--limit", type=int, default=100)
        pending.add_argument(
            "--send-again",
            action="store_true",
            help="send the evaluations given up on again (once their cause is fixed)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with domain_errors():
            try:
                getattr(self, f"_{options['action']}")(options)
            except RuleValidationError as exc:
                # Every issue of the document at once (one line each), then the summary.
                for issue in exc.issues:
                    self.stderr.write(f"{issue.path}: {issue.code.value}: {issue.message}")
                raise CommandError(f"{len(exc.issues)} issue(s)") from None

    def _read(self, path: Path) -> dict[str, Any]:
        text = text_read(path, what="the rules document")
        return document_load(text, fmt="yaml" if path.suffix in {".yaml", ".yml"} else None)

    def _export(self, options: dict[str, Any]) -> None:
        tenant = tenant_from_argument(options["api_url"])
        text = document_dump(
            rules_export(tenant_id=tenant.pk, names=options["name"]), fmt=options["format"]
        )
        if options["output"]:
            text_write(options["output"], text, what="the rules document")
        else:
            self.stdout.write(text, ending="")

    def _import(self, options: dict[str, Any]) -> None:
        tenant = tenant_from_argument(options["api_url"])
        if options["file"] is None and not options["template"]:
            raise CommandError("give a document, or --template names")
        document = (
            self._read(options["file"])
            if options["file"] is not None
            else templates_document(options["template"])
        )
        report = rules_import(
            tenant_id=tenant.pk,
            document=document,
            actor=Actor.operator("cli"),
            dry_run=options["dry_run"],
        )
        self.stdout.write(
            json.dumps(
                {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "dry_run": options["dry_run"],
                }
            )
        )

    def _test(self, options: dict[str, Any]) -> None:
        definitions = document_validate(self._read(options["file"]))
        results: list[dict[str, Any]] = []
        tenant = tenant_from_argument(options["api_url"]) if options["api_url"] else None
        for definition in definitions:
            entry: dict[str, Any] = {"name": definition.name, "valid": True}
            if tenant is not None:
                stored = Rule.objects.filter(tenant=tenant, name=definition.name).first()
                report = rule_dry_run(
                    tenant_id=tenant.pk,
                    definition=definition,
                    rule=stored,
                    limit=options["limit"],
                    sample=10,
                )
                entry.update(
                    evaluated=report.evaluated,
                    matched=report.matched,
                    orders=[m.number for m in report.matches],
                    event_fields_unavailable=report.event_fields_unavailable,
                )
            results.append(entry)
        self.stdout.write(json.dumps({"rules": results}))

    def _pending(self, options: dict[str, Any]) -> None:
        tenant = tenant_from_argument(options["api_url"]) if options["api_url"] else None
        tenant_id = tenant.pk if tenant is not None else None
        if options["send_again"]:
            sent = evaluations_send_again(tenant_id=tenant_id)
            self.stdout.write(json.dumps({"sent_again": sent}))
            return
        for pending in evaluations_waiting(
            tenant_id=tenant_id, given_up=options["given_up"], limit=options["limit"]
        ):
            subject = f"order {pending.order_id}" if pending.order_id else pending.subject_key
            self.stdout.write(
                f"{pending.pk}\ttenant {pending.tenant_id}\t{pending.trigger}\t{subject}\t"
                f"{pending.created_at.isoformat()}\tsent {pending.sends}x"
            )

    def _templates(self, options: dict[str, Any]) -> None:
        for name in template_names():
            self.stdout.write(f"{name}: {TEMPLATES[name]['description']}")
