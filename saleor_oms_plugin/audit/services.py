"""The one way any domain records a state change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.core.events import DomainEvent


@dataclass(frozen=True)
class Actor:
    type: str
    id: str = ""

    @classmethod
    def system(cls) -> Actor:
        return cls(AuditEvent.ActorType.SYSTEM)

    @classmethod
    def saleor(cls) -> Actor:
        return cls(AuditEvent.ActorType.SALEOR)

    @classmethod
    def operator(cls, name: str = "") -> Actor:
        return cls(AuditEvent.ActorType.OPERATOR, name)


def audit_record(
    *,
    tenant_id: int,
    subject: models.Model | tuple[str, str],
    verb: DomainEvent,
    actor: Actor,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write an audit event in the caller's transaction, so it commits with the change.

    ``verb`` is a member of the subject's domain events (its events.py), never a free string:
    one the domain did not declare is refused before anything is written."""
    if not isinstance(verb, DomainEvent):
        raise TypeError(f"audit verb {verb!r} is not a DomainEvent member")
    if isinstance(subject, models.Model):
        subject_type, subject_id = subject._meta.label_lower, str(subject.pk)
    else:
        subject_type, subject_id = subject
    return AuditEvent.objects.create(
        tenant_id=tenant_id,
        subject_type=subject_type,
        subject_id=subject_id,
        verb=verb.value,
        actor_type=actor.type,
        actor_id=actor.id,
        data=data or {},
        created_at=timezone.now(),
    )


def audit_record_many(
    *,
    tenant_id: int,
    subjects: list[models.Model],
    verb: DomainEvent,
    actor: Actor,
    data: dict[str, Any] | None = None,
) -> None:
    """:func:`audit_record` for many subjects of one change (a wave moving its releases), in
    one insert: the same verb, actor and data for each."""
    if not isinstance(verb, DomainEvent):
        raise TypeError(f"audit verb {verb!r} is not a DomainEvent member")
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            tenant_id=tenant_id,
            subject_type=subject._meta.label_lower,
            subject_id=str(subject.pk),
            verb=verb.value,
            actor_type=actor.type,
            actor_id=actor.id,
            data=data or {},
            created_at=now,
        )
        for subject in subjects
    )
