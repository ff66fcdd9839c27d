"""Row locks shared by every domain.

Each domain keeps the row locks it takes in its own ``locks`` module, built on these; a query
with ``select_for_update`` appears nowhere else (a test enforces it). Several rows are always
locked in one query, in primary-key order, so two transactions locking overlapping sets of rows
take them in the same order and cannot deadlock on them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet

M = TypeVar("M", bound=models.Model)


def lock_in_pk_order(rows: QuerySet[M], *, skip_locked: bool = False) -> list[M]:
    """The rows of ``rows``, locked FOR UPDATE in primary-key order by one query.

    Rows of the tables ``rows`` joins for ``select_related`` are locked with them.
    ``skip_locked``: rows another transaction holds are left out instead of waited for.
    """
    return list(rows.select_for_update(skip_locked=skip_locked).order_by("pk"))


def lock_each(rows: QuerySet[M], pks: Iterable[int]) -> list[M]:
    """The rows ``pks`` of ``rows``, locked FOR UPDATE in primary-key order by one query.

    Raises the model's ``DoesNotExist`` (as ``get`` would) when one of them is missing.
    """
    wanted = set(pks)
    found = lock_in_pk_order(rows.filter(pk__in=wanted))
    if len(found) != len(wanted):
        missing = sorted(wanted - {row.pk for row in found})
        raise rows.model.DoesNotExist(  # type: ignore[attr-defined]
            f"{rows.model.__name__} {missing} does not exist."
        )
    return found


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
