"""The one way any domain records a state change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, models
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


def audit_record_sql(
    *,
    source: str,
    tenant_id: int,
    subject: tuple[str, str],
    verb: DomainEvent,
    actor: Actor,
    data: dict[str, Any] | None = None,
) -> tuple[str, dict[str, Any]]:
    """:func:`audit_record` as a statement to run with the change it records: an INSERT of
    the event for each row of ``source`` (a data-modifying CTE of the caller's statement,
    ``WITH changed AS (UPDATE ... RETURNING ...), audited AS (<this>) SELECT ...``), so the
    event is written in the change's round trip and only when the change happened. Returns
    the SQL and its named parameters (prefixed ``audit_``)."""
    if not isinstance(verb, DomainEvent):
        raise TypeError(f"audit verb {verb!r} is not a DomainEvent member")
    if not source.isidentifier():
        raise ValueError(f"not a CTE name: {source!r}")
    values = {
        "tenant_id": tenant_id,
        "subject_type": subject[0],
        "subject_id": subject[1],
        "verb": verb.value,
        "actor_type": actor.type,
        "actor_id": actor.id,
        "data": data or {},
        "created_at": timezone.now(),
    }
    fields = {field.attname: field for field in AuditEvent._meta.concrete_fields}
    params = {
        f"audit_{name}": fields[name].get_db_prep_save(value, connection)
        for name, value in values.items()
    }
    columns = ", ".join(str(fields[name].column) for name in values)
    placeholders = ", ".join(f"%(audit_{name})s" for name in values)
    sql = f"INSERT INTO {AuditEvent._meta.db_table} ({columns}) SELECT {placeholders} FROM {source}"
    return sql, params


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
