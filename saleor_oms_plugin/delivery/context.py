"""What a delivery answer reads, gathered once per tenant and channel and kept briefly.

A checkout asks Saleor for its shipping methods while the customer waits, and Saleor asks us
twice in a row (the list, then the filter). Locations, their routing settings and calendars,
the delivery services and the published rule set change rarely: they are read in four queries
and kept in this process for ``DELIVERY_CONTEXT_SECONDS``, so an answer costs one query for
the cart's stock. Stock is never cached.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, replace

from django.conf import settings

from saleor_oms_plugin.delivery.models import DeliveryService, LocationDeliveryCalendar
from saleor_oms_plugin.delivery.profiles import OfferedService, location_profile, offered_service
from saleor_oms_plugin.fulfilment.request_builder import candidate_location, channel_candidates
from saleor_oms_plugin.fulfilment.selectors import (
    builtin_ruleset,
    ruleset_engine,
    ruleset_published_for,
)
from saleor_oms_plugin.promising.model import LocationProfile
from saleor_oms_plugin.routing.model import CandidateLocation, RuleSet, SolverMode


@dataclass(frozen=True)
class DeliveryContext:
    tenant_id: int
    channel_slug: str
    candidates: tuple[CandidateLocation, ...]  # without stock: see with_stock
    location_pks: dict[str, int]  # Saleor warehouse id -> our Location pk
    profiles: dict[str, LocationProfile]  # by Saleor warehouse id
    services: tuple[OfferedService, ...]  # active, serving the channel, in position order
    ruleset: RuleSet

    def with_stock(self, stock: dict[str, dict[str, int]]) -> tuple[CandidateLocation, ...]:
        """The candidates that hold any of ``stock`` (variant id -> Saleor warehouse id ->
        units), each with its units. A location holding none of the cart cannot ship any of
        it: leaving it out changes no plan and spares the router the work."""
        holding: dict[str, dict[str, int]] = {}
        for variant_id, per_location in stock.items():
            for location_id, units in per_location.items():
                if units > 0:
                    holding.setdefault(location_id, {})[variant_id] = units
        return tuple(
            replace(
                candidate,
                stock={variant_id: held.get(variant_id, 0) for variant_id in stock},
            )
            for candidate in self.candidates
            if (held := holding.get(candidate.location_id))
        )


_cache: dict[tuple[int, str], tuple[float, DeliveryContext]] = {}
_cache_lock = threading.Lock()


def delivery_context(
    *, tenant_id: int, channel_slug: str, now: dt.datetime, cached: bool = True
) -> DeliveryContext:
    """The channel's context, kept for ``DELIVERY_CONTEXT_SECONDS`` for the answers while a
    customer waits; ``cached=False`` reads it afresh (work that can afford four queries and
    must not miss a service saved a moment ago in another process)."""
    ttl = settings.DELIVERY_CONTEXT_SECONDS if cached else 0
    key = (tenant_id, channel_slug)
    if ttl > 0:
        kept = _cache.get(key)
        if kept is not None and kept[0] > time.monotonic():
            return kept[1]
    context = _read(tenant_id, channel_slug, now)
    if ttl > 0:
        with _cache_lock:
            _cache[key] = (time.monotonic() + ttl, context)
    return context


def delivery_context_forget(*, tenant_id: int | None = None) -> None:
    """Drop what this process keeps (of one tenant, or all): after its settings changed here."""
    with _cache_lock:
        for key in [k for k in _cache if tenant_id is None or k[0] == tenant_id]:
            del _cache[key]


def _read(tenant_id: int, channel_slug: str, now: dt.datetime) -> DeliveryContext:
    found = channel_candidates(tenant_id=tenant_id, channel_slug=channel_slug, now=now)
    # routing settings come with the candidates; the calendars in one more query
    locations = list(found.locations)
    calendars = {
        c.location_id: c
        for c in LocationDeliveryCalendar.objects.filter(
            tenant_id=tenant_id, location_id__in=[location.pk for location in locations]
        )
    }
    profiles: dict[str, LocationProfile] = {}
    for location in locations:
        profile = location_profile(location, calendars.get(location.pk))
        if profile is not None:
            profiles[location.saleor_id] = profile
    services = tuple(
        offered
        for row in DeliveryService.objects.filter(tenant_id=tenant_id, is_active=True)
        if (offered := offered_service(row)) is not None and offered.serves(channel_slug)
    )
    published = ruleset_published_for(tenant_id=tenant_id, channel=channel_slug)
    return DeliveryContext(
        tenant_id=tenant_id,
        channel_slug=channel_slug,
        candidates=tuple(
            candidate_location(location, {}, found.shipped_today.get(location.pk, 0))
            for location in locations
        ),
        location_pks={location.saleor_id: location.pk for location in locations},
        profiles=profiles,
        services=services,
        ruleset=for_checkout(
            ruleset_engine(published) if published is not None else builtin_ruleset()
        ),
    )


def for_checkout(ruleset: RuleSet) -> RuleSet:
    """The rule set with its heuristic solver: the same rules, in a time a waiting customer
    can afford. The order is routed again, by the rule set as it is, once it exists."""
    return replace(ruleset, solver=replace(ruleset.solver, mode=SolverMode.HEURISTIC))
