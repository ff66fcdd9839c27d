"""Writes of routing configuration: rule sets (draft → published → archived) and the routing
settings of locations. Re-exported by ``services``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.fulfilment.error_codes import FulfilmentErrorCode
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.events import FulfilmentEvent
from saleor_oms_plugin.fulfilment.locks import (
    lock_or_create_routing_settings,
    lock_published_rulesets,
    lock_ruleset,
    lock_rulesets_named,
)
from saleor_oms_plugin.fulfilment.models import LocationRoutingSettings, RoutingRuleSet
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.routing.errors import RuleSetInvalid
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset

_DOCUMENT_KEYS = {"rules", "solver"}
RS = RoutingRuleSet.State


def _validated_document(document: Any) -> dict[str, Any]:
    """The rules and solver of a rule set, checked by the engine's own parser."""
    if not isinstance(document, Mapping):
        raise FulfilmentError(
            FulfilmentErrorCode.INVALID_RULESET, "the document must be an object", field="document"
        )
    unknown = sorted(set(document) - _DOCUMENT_KEYS)
    if unknown:
        raise FulfilmentError(
            FulfilmentErrorCode.INVALID_RULESET,
            f"unknown key {unknown[0]!r}: a document holds rules and solver",
            field=f"document.{unknown[0]}",
        )
    try:
        parse_ruleset({"name": "check", **document})
    except RuleSetInvalid as exc:
        first = exc.issues[0]
        raise FulfilmentError(
            FulfilmentErrorCode.INVALID_RULESET,
            str(exc),
            field=f"document.{first.path}" if first.path else "document",
        ) from None
    return dict(document)


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise FulfilmentError(
            FulfilmentErrorCode.INVALID_RULESET,
            "a rule set needs a name of 1 to 120 characters",
            field="name",
        )
    return name


def _lock_ruleset(tenant_id: int, ruleset_id: int) -> RoutingRuleSet:
    ruleset = lock_ruleset(tenant_id, ruleset_id)
    if ruleset is None:
        raise FulfilmentError(FulfilmentErrorCode.NOT_FOUND, "no such rule set", field="id")
    return ruleset


def ruleset_create(
    *, tenant_id: int, name: str, channel: str | None, document: Any, actor: Actor
) -> RoutingRuleSet:
    """A new draft; its version follows the newest of the same name (drafts of a published
    set are new versions, the published one stays frozen)."""
    name = _clean_name(name)
    cleaned = _validated_document(document)
    with transaction.atomic():
        # Rule sets of a tenant are few: locking them all keeps version numbers unique.
        lock_rulesets_named(tenant_id, name)
        newest = RoutingRuleSet.objects.filter(tenant_id=tenant_id, name=name).aggregate(
            v=Max("version")
        )["v"]
        ruleset = RoutingRuleSet.objects.create(
            tenant_id=tenant_id,
            name=name,
            channel=(channel or "").strip() or None,
            version=(newest or 0) + 1,
            document=cleaned,
        )
        audit_record(
            tenant_id=tenant_id,
            subject=ruleset,
            verb=FulfilmentEvent.RULESET_CREATED,
            actor=actor,
            data={"name": name, "version": ruleset.version, "channel": ruleset.channel},
        )
    return ruleset


def ruleset_update(
    *,
    tenant_id: int,
    ruleset_id: int,
    actor: Actor,
    document: Any = None,
    channel: str | None = None,
) -> RoutingRuleSet:
    """Change a draft. Published and archived sets are frozen: plans refer to them."""
    cleaned = _validated_document(document) if document is not None else None
    with transaction.atomic():
        ruleset = _lock_ruleset(tenant_id, ruleset_id)
        if ruleset.state != RS.DRAFT:
            raise FulfilmentError(
                FulfilmentErrorCode.RULESET_NOT_DRAFT,
                f"version {ruleset.version} is {ruleset.state}; create a new draft to change it",
                field="id",
            )
        if cleaned is not None:
            ruleset.document = cleaned
        if channel is not None:
            ruleset.channel = channel.strip() or None
        ruleset.save()
        audit_record(
            tenant_id=tenant_id,
            subject=ruleset,
            verb=FulfilmentEvent.RULESET_UPDATED,
            actor=actor,
            data={"version": ruleset.version, "channel": ruleset.channel},
        )
    return ruleset


def ruleset_publish(*, tenant_id: int, ruleset_id: int, actor: Actor) -> RoutingRuleSet:
    """Publish a draft; the set published for the same channel until now is archived."""
    with transaction.atomic():
        ruleset = _lock_ruleset(tenant_id, ruleset_id)
        if ruleset.state != RS.DRAFT:
            raise FulfilmentError(
                FulfilmentErrorCode.RULESET_NOT_DRAFT,
                f"version {ruleset.version} is already {ruleset.state}",
                field="id",
            )
        for old in lock_published_rulesets(tenant_id, ruleset.channel):
            old.state = RS.ARCHIVED
            old.save(update_fields=["state", "updated_at"])
            audit_record(
                tenant_id=tenant_id,
                subject=old,
                verb=FulfilmentEvent.RULESET_ARCHIVED,
                actor=actor,
                data={"replaced_by": ruleset.pk},
            )
        ruleset.state = RS.PUBLISHED
        ruleset.published_at = timezone.now()
        ruleset.save(update_fields=["state", "published_at", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=ruleset,
            verb=FulfilmentEvent.RULESET_PUBLISHED,
            actor=actor,
            data={"version": ruleset.version, "channel": ruleset.channel},
        )
    return ruleset


def ruleset_archive(*, tenant_id: int, ruleset_id: int, actor: Actor) -> RoutingRuleSet:
    with transaction.atomic():
        ruleset = _lock_ruleset(tenant_id, ruleset_id)
        if ruleset.state != RS.ARCHIVED:
            ruleset.state = RS.ARCHIVED
            ruleset.save(update_fields=["state", "updated_at"])
            audit_record(
                tenant_id=tenant_id,
                subject=ruleset,
                verb=FulfilmentEvent.RULESET_ARCHIVED,
                actor=actor,
            )
    return ruleset


# -- locations -------------------------------------------------------------------------------

_SETTINGS_FIELDS = (
    "tags",
    "ships",
    "pickup",
    "daily_parcel_capacity",
    "cutoff_time",
    "time_zone",
    "priority",
    "parcel_fixed_cost",
    "handling_cost_per_unit",
)


def _invalid(field: str, message: str) -> FulfilmentError:
    return FulfilmentError(FulfilmentErrorCode.INVALID_SETTINGS, message, field=field)


def _clean_settings(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(_SETTINGS_FIELDS))
    if unknown:
        raise _invalid(unknown[0], f"unknown setting {unknown[0]!r}")
    cleaned = dict(changes)
    if "tags" in cleaned:
        tags = cleaned["tags"]
        if not isinstance(tags, list | tuple) or not all(isinstance(t, str) and t for t in tags):
            raise _invalid("tags", "tags must be a list of non-empty strings")
        cleaned["tags"] = sorted({t.strip() for t in tags})
    capacity = cleaned.get("daily_parcel_capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 0):
        raise _invalid("daily_parcel_capacity", "the capacity must be a whole number from 0")
    cutoff = cleaned.get("cutoff_time")
    if isinstance(cutoff, str):
        try:
            cleaned["cutoff_time"] = dt.time.fromisoformat(cutoff)
        except ValueError:
            raise _invalid("cutoff_time", "the cut-off must be a time like 15:30") from None
    if "time_zone" in cleaned:
        try:
            ZoneInfo(str(cleaned["time_zone"]))
        except (ZoneInfoNotFoundError, ValueError):
            raise _invalid("time_zone", f"unknown time zone {cleaned['time_zone']!r}") from None
    for name in ("parcel_fixed_cost", "handling_cost_per_unit"):
        if name in cleaned:
            try:
                value = Decimal(str(cleaned[name]))
            except InvalidOperation:
                raise _invalid(name, f"{name} must be a number") from None
            if value < 0 or not value.is_finite():
                raise _invalid(name, f"{name} must not be negative")
            cleaned[name] = value
    return cleaned


def location_routing_update(
    *, tenant_id: int, location_id: int, changes: Mapping[str, Any], actor: Actor
) -> LocationRoutingSettings:
    """Set some routing settings of a location (the others keep their values)."""
    cleaned = _clean_settings(changes)
    with transaction.atomic():
        location = Location.objects.filter(tenant_id=tenant_id, pk=location_id).first()
        if location is None:
            raise FulfilmentError(FulfilmentErrorCode.NOT_FOUND, "no such location", field="id")
        settings, _ = lock_or_create_routing_settings(tenant_id, location)
        before = {name: getattr(settings, name) for name in cleaned}
        for name, value in cleaned.items():
            setattr(settings, name, value)
        settings.save()
        audit_record(
            tenant_id=tenant_id,
            subject=location,
            verb=FulfilmentEvent.LOCATION_ROUTING_SETTINGS_UPDATED,
            actor=actor,
            data={
                "changed": {
                    name: {"from": _plain(before[name]), "to": _plain(value)}
                    for name, value in cleaned.items()
                    if before[name] != value
                }
            },
        )
    return settings


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal | dt.time):
        return str(value)
    return value
