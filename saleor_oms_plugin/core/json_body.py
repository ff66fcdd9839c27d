"""Reading a request body as JSON the OMS can hold: what every door takes JSON through.

Python's ``json`` accepts documents PostgreSQL or the code behind a door cannot take: NaN and
Infinity, numbers beyond any column (``1e309`` reads as infinity), NUL (PostgreSQL text and
jsonb refuse U+0000), lone surrogates (not encodable as UTF-8) and nesting deep enough to
exhaust the interpreter's recursion limit. :func:`json_loads_strict` refuses all of them with a
:class:`JsonBodyError` (a ValueError), so a door answers 400 instead of failing later.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Deeper than any payload Saleor sends or any request a client builds; far below the
# interpreter's recursion limit, so code that walks a document recursively is safe.
MAX_DEPTH = 64
# PostgreSQL's bigint: no integer column holds more.
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1
# A string with U+0000 or a surrogate code point left over (json joins escaped pairs).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class JsonBodyError(ValueError):
    """The body is not JSON, or holds something the OMS cannot store or walk. The message
    completes "the body …" ("is not JSON", "holds a number out of range")."""


def _bounded_int(text: str) -> int:
    value = int(text)  # ValueError past Python's digit limit
    if not _INT_MIN <= value <= _INT_MAX:
        raise JsonBodyError("holds a number out of range")
    return value


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonBodyError("holds a number out of range")
    return value


def _no_constant(name: str) -> Any:
    raise JsonBodyError(f"holds {name}, which is not a JSON number")


def _check(value: Any, *, escapes: bool) -> None:
    """Depth, and (when the text had ``\\u`` escapes) NUL and lone surrogates; no recursion."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if escapes and _UNSTORABLE.search(item):
                raise JsonBodyError("holds U+0000 or a lone surrogate in a string")
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise JsonBodyError(f"is nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, dict):
            pending.extend((key, depth) for key in item)
            pending.extend((child, depth + 1) for child in item.values())
        else:
            pending.extend((child, depth + 1) for child in item)


def json_loads_strict(body: bytes | str) -> Any:
    """The JSON value of ``body`` (UTF-8 when bytes); JsonBodyError for anything else."""
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        value = json.loads(
            text,
            parse_int=_bounded_int,
            parse_float=_finite_float,
            parse_constant=_no_constant,
        )
    except JsonBodyError:
        raise
    except RecursionError:
        raise JsonBodyError(f"is nested deeper than {MAX_DEPTH} levels") from None
    except ValueError:  # UnicodeDecodeError and JSONDecodeError included
        raise JsonBodyError("is not JSON") from None
    # Raw NUL and raw surrogates cannot reach a string: JSON forbids raw control characters
    # and UTF-8 cannot encode a surrogate. Only escapes can, so most bodies skip the search.
    _check(value, escapes=not isinstance(body, bytes) or "\\u" in text)
    return value
