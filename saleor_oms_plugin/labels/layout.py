"""Splitting rows of a table over pages."""

from __future__ import annotations

from collections.abc import Sequence


def paginate(heights: Sequence[float], first: float, rest: float) -> list[list[int]]:
    """Row indexes per page: ``first`` points of room on page 1, ``rest`` on the others. A
    row taller than a whole page gets a page of its own (it is clipped, never lost)."""
    pages: list[list[int]] = [[]]
    room = first
    for index, height in enumerate(heights):
        if height > room and pages[-1]:
            pages.append([])
            room = rest
        pages[-1].append(index)
        room -= height
    return pages
