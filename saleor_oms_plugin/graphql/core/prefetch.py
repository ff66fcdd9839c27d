"""Related rows of a row in a list: prefetched by the list's resolver, else read for the row.

A list resolver prefetches what its page's rows will be asked for (one query per relation for
the whole page); the same type returned alone (by ``node``, a mutation) reads them itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet


def related_rows(
    root: Model, name: str, query: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda rows: rows
) -> list[Any]:
    """``root``'s rows of relation ``name``: those prefetched with it, else read now, through
    ``query`` (e.g. to join what each of them is asked for)."""
    rows = getattr(root, name).all()
    if name in getattr(root, "_prefetched_objects_cache", {}):
        return list(rows)
    return list(query(rows))
