"""Duration histograms with fixed log-spaced bins, and percentiles read from them.

Bin ``k`` (0 ≤ k < ``BINS - 1``) holds the durations up to ``EDGES_MINUTES[k]`` and above the
previous edge; the edges grow by √2 from 15 minutes to about 60 days, so a percentile read
from a bin is within a factor √2 of the truth however many rows are summed. The last bin holds
everything longer. The SQL that fills the bins (``figures``) and :func:`bin_of` agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

FIRST_EDGE_MINUTES = 15.0
STEPS = 26  # edges 15 min · √2^k for k < STEPS: the last is about 60 days
EDGES_MINUTES: tuple[float, ...] = tuple(FIRST_EDGE_MINUTES * 2 ** (k / 2) for k in range(STEPS))
BINS = STEPS + 1


def empty_histogram() -> list[int]:
    return [0] * BINS


def bin_of(minutes: float) -> int:
    """The bin of a duration (negative ones, clock skew, count as 0)."""
    if minutes <= FIRST_EDGE_MINUTES:
        return 0
    return min(BINS - 1, math.ceil(2 * math.log2(minutes / FIRST_EDGE_MINUTES) - 1e-9))


def bin_sql(minutes: str) -> str:
    """The SQL of :func:`bin_of` for the SQL expression ``minutes`` (NULL stays NULL)."""
    return (
        f"CASE WHEN {minutes} IS NULL THEN NULL WHEN {minutes} <= {FIRST_EDGE_MINUTES} THEN 0 "
        f"ELSE LEAST({BINS - 1}, "
        f"CEIL(2 * LN(({minutes})::float8 / {FIRST_EDGE_MINUTES}) / LN(2.0) - 1e-9))::int END"
    )


def histogram_add(total: list[int], counts: Sequence[int] | None) -> list[int]:
    """``total`` with ``counts`` added bin by bin (``total`` is changed and returned)."""
    for index, count in enumerate(counts or ()):
        total[index] += count
    return total


def percentile_hours(counts: Sequence[int], fraction: float) -> float | None:
    """The ``fraction`` percentile (0.5: the median) in hours, interpolated geometrically
    within its bin; None for an empty histogram. The open last bin reads as its lower edge."""
    total = sum(counts)
    if not total:
        return None
    rank = fraction * total
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= rank:
            if index == BINS - 1:
                return round(EDGES_MINUTES[-1] / 60, 2)
            upper = EDGES_MINUTES[index]
            lower = EDGES_MINUTES[index - 1] if index else upper / math.sqrt(2)
            share = max(0.0, min(1.0, (rank - seen) / count))
            return round(lower * (upper / lower) ** share / 60, 2)
        seen += count
    return round(EDGES_MINUTES[-1] / 60, 2)
