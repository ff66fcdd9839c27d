"""Row-level helpers shared by the read models."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def lock_or_create(
    model: type[M], *, lookup: dict[str, Any], create: dict[str, Any]
) -> tuple[M, bool]:
    """The row matching ``lookup``, locked FOR UPDATE, created from ``create`` if missing.

    Must run inside a transaction. Two writers racing to create the same row both end up
    holding the one row (the loser's INSERT fails on the unique constraint inside a savepoint
    and it locks the winner's row instead), so callers can always continue as an update.
    Returns the row and whether this call created it.
    """
    row = model._default_manager.select_for_update().filter(**lookup).first()
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            return model._default_manager.create(**lookup, **create), True
    except IntegrityError:
        return model._default_manager.select_for_update().get(**lookup), False
