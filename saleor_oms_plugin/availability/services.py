"""Subscriptions of outside channels to available-to-sell: create, change, delete."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.availability.error_codes import AvailabilityErrorCode as Code
from saleor_oms_plugin.availability.errors import AvailabilityError
from saleor_oms_plugin.availability.events import AvailabilityEvent
from saleor_oms_plugin.availability.locks import lock_subscription
from saleor_oms_plugin.availability.models import AvailabilitySubscription
from saleor_oms_plugin.availability.scheduling import subscription_sync_after_commit
from saleor_oms_plugin.core.crypto import encrypt_secret
from saleor_oms_plugin.core.outbound_urls import UnsafeUrl, check_url
from saleor_oms_plugin.inventory.models import Channel


def _name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 120:
        raise AvailabilityError(Code.INVALID_NAME, "1 to 120 characters.", field="name")
    return name


def _url(url: str) -> str:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise AvailabilityError(Code.INVALID_URL, "An http(s) URL.", field="url") from None
    if len(url) > 1000:
        raise AvailabilityError(Code.INVALID_URL, "At most 1000 characters.", field="url")
    try:
        check_url(url)
    except UnsafeUrl as exc:
        raise AvailabilityError(Code.URL_NOT_ALLOWED, exc.reason, field="url") from None
    return url


def _channels(tenant_id: int, slugs: Iterable[str]) -> list[str]:
    wanted = sorted(set(slugs))
    known = set(
        Channel.objects.filter(tenant_id=tenant_id, slug__in=wanted).values_list("slug", flat=True)
    )
    missing = [slug for slug in wanted if slug not in known]
    if not wanted or missing:
        raise AvailabilityError(
            Code.CHANNEL_NOT_FOUND,
            f"No channel {', '.join(missing)}." if missing else "At least one channel.",
            field="channels",
        )
    return wanted


def _sync_after_commit(subscription: AvailabilitySubscription) -> None:
    if subscription.is_active:
        subscription_sync_after_commit(
            tenant_id=subscription.tenant_id, subscription_id=subscription.pk
        )


def subscription_create(
    *,
    tenant_id: int,
    name: str,
    url: str,
    channel_slugs: Iterable[str],
    actor: Actor,
    secret: str | None = None,
) -> tuple[AvailabilitySubscription, str]:
    """A subscription and its HMAC secret (returned once, stored encrypted); everything it
    should know is sent after commit."""
    name, url = _name(name), _url(url)
    slugs = _channels(tenant_id, channel_slugs)
    secret = secret or secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            subscription = AvailabilitySubscription.objects.create(
                tenant_id=tenant_id,
                name=name,
                url=url,
                channel_slugs=slugs,
                secret_encrypted=encrypt_secret(secret),
            )
            audit_record(
                tenant_id=tenant_id,
                subject=subscription,
                verb=AvailabilityEvent.SUBSCRIPTION_CREATED,
                actor=actor,
                data={"name": name, "url": url, "channels": slugs},
            )
            _sync_after_commit(subscription)
    except IntegrityError:
        raise AvailabilityError(
            Code.NAME_IN_USE, f"A subscription {name!r} exists.", field="name"
        ) from None
    return subscription, secret


def subscription_update(
    *,
    tenant_id: int,
    pk: int,
    actor: Actor,
    name: str | None = None,
    url: str | None = None,
    channel_slugs: Iterable[str] | None = None,
    is_active: bool | None = None,
) -> AvailabilitySubscription:
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = _name(name)
    if url is not None:
        changes["url"] = _url(url)
    if channel_slugs is not None:
        changes["channel_slugs"] = _channels(tenant_id, channel_slugs)
    if is_active is not None:
        changes["is_active"] = is_active
    try:
        with transaction.atomic():
            subscription = lock_subscription(tenant_id, pk)
            if subscription is None:
                raise AvailabilityError(
                    Code.SUBSCRIPTION_NOT_FOUND, "No such subscription.", field="id"
                )
            for key, value in changes.items():
                setattr(subscription, key, value)
            subscription.save()
            audit_record(
                tenant_id=tenant_id,
                subject=subscription,
                verb=AvailabilityEvent.SUBSCRIPTION_UPDATED,
                actor=actor,
                data={k: v for k, v in changes.items()},
            )
            _sync_after_commit(subscription)
    except IntegrityError:
        raise AvailabilityError(
            Code.NAME_IN_USE, f"A subscription {name!r} exists.", field="name"
        ) from None
    return subscription


def subscription_delete(*, tenant_id: int, pk: int, actor: Actor) -> None:
    with transaction.atomic():
        subscription = AvailabilitySubscription.objects.filter(tenant_id=tenant_id, pk=pk).first()
        if subscription is None:
            raise AvailabilityError(
                Code.SUBSCRIPTION_NOT_FOUND, "No such subscription.", field="id"
            )
        audit_record(
            tenant_id=tenant_id,
            subject=subscription,
            verb=AvailabilityEvent.SUBSCRIPTION_DELETED,
            actor=actor,
            data={"name": subscription.name},
        )
        subscription.delete()
