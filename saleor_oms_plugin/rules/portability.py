"""Rule sets as documents: export and import as JSON (YAML when PyYAML is installed).

A document names its format and format version, and carries each rule's definition with the
version it had when exported. Import validates every rule first (all issues, with paths such
as ``rules[2].conditions.all[0].op``) and then writes all of them in one transaction: rules
are matched by name; a changed definition becomes a new version, an equal one is left alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.rules.definitions import RuleDefinition, definition_validate
from saleor_oms_plugin.rules.error_codes import ConditionErrorCode, RuleErrorCode
from saleor_oms_plugin.rules.errors import Issue, RuleError, RuleValidationError
from saleor_oms_plugin.rules.library import template_definition
from saleor_oms_plugin.rules.models import Rule
from saleor_oms_plugin.rules.scheduling import rules_schedule_sync
from saleor_oms_plugin.rules.services import rule_definition, rule_upsert

FORMAT = "saleor-oms-rules"
FORMAT_VERSION = 1

yaml: Any
try:  # PyYAML is optional: without it documents are JSON only.
    import yaml
except ImportError:  # pragma: no cover - depends on the environment
    yaml = None


def yaml_available() -> bool:
    return yaml is not None


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def document_build(rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "rules": rules,
    }


def rules_export(*, tenant_id: int, names: list[str] | None = None) -> dict[str, Any]:
    rules = Rule.objects.filter(tenant_id=tenant_id).order_by("priority", "name")
    if names:
        rules = rules.filter(name__in=names)
    return document_build([{**rule_definition(rule), "version": rule.version} for rule in rules])


def templates_document(names: list[str]) -> dict[str, Any]:
    rules = []
    for name in names:
        definition = template_definition(name)
        if definition is None:
            raise RuleError(RuleErrorCode.UNKNOWN_TEMPLATE, f"No template {name!r}.", field=name)
        rules.append(definition)
    return document_build(rules)


def document_dump(document: dict[str, Any], *, fmt: str = "json") -> str:
    if fmt == "yaml":
        if yaml is None:
            raise RuleError(RuleErrorCode.INVALID_DOCUMENT, "YAML needs PyYAML installed.")
        return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def document_load(text: str, *, fmt: str | None = None) -> dict[str, Any]:
    """Parse a document; ``fmt`` None tries JSON, then YAML when available."""
    try:
        if fmt == "yaml" or (fmt is None and not text.lstrip().startswith(("{", "["))):
            if yaml is None:
                raise RuleError(
                    RuleErrorCode.INVALID_DOCUMENT, "Not JSON, and YAML needs PyYAML installed."
                )
            loaded = yaml.safe_load(text)
        else:
            loaded = json.loads(text)
    except ValueError as exc:  # json.JSONDecodeError; yaml.YAMLError is not a ValueError
        raise RuleError(RuleErrorCode.INVALID_DOCUMENT, f"Unreadable document: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - yaml.YAMLError, only when PyYAML is present
        if yaml is not None and isinstance(exc, yaml.YAMLError):
            raise RuleError(RuleErrorCode.INVALID_DOCUMENT, f"Unreadable YAML: {exc}") from None
        raise
    if not isinstance(loaded, dict):
        raise RuleError(RuleErrorCode.INVALID_DOCUMENT, "A document is an object.")
    return loaded


def document_validate(document: dict[str, Any]) -> list[RuleDefinition]:
    """Every rule of the document, cleaned; RuleValidationError lists every issue."""
    issues: list[Issue] = []
    if document.get("format") != FORMAT:
        issues.append(Issue("format", ConditionErrorCode.INVALID_VALUE, f"expected {FORMAT!r}"))
    version = document.get("format_version")
    if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        issues.append(
            Issue(
                "format_version",
                ConditionErrorCode.INVALID_VALUE,
                f"a format version from 1 to {FORMAT_VERSION}",
            )
        )
    raw_rules = document.get("rules")
    if not isinstance(raw_rules, list):
        issues.append(Issue("rules", ConditionErrorCode.INVALID_VALUE, "a list of rules"))
        raw_rules = []
    cleaned: list[RuleDefinition] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_rules):
        try:
            definition = definition_validate(raw, path=f"rules[{index}]")
        except RuleValidationError as exc:
            issues.extend(exc.issues)
            continue
        if definition.name in seen:
            issues.append(
                Issue(
                    f"rules[{index}].name",
                    ConditionErrorCode.INVALID_VALUE,
                    f"the name {definition.name!r} appears twice",
                )
            )
        seen.add(definition.name)
        cleaned.append(definition)
    if issues:
        raise RuleValidationError(issues)
    return cleaned


def rules_import(
    *, tenant_id: int, document: dict[str, Any], actor: Actor, dry_run: bool = False
) -> ImportReport:
    definitions = document_validate(document)
    report = ImportReport()
    with transaction.atomic():
        for definition in definitions:
            _, result = rule_upsert(tenant_id=tenant_id, cleaned=definition, actor=actor)
            getattr(report, result).append(definition.name)
        rules_schedule_sync(tenant_id=tenant_id)
        if dry_run:
            transaction.set_rollback(True)
    return report
