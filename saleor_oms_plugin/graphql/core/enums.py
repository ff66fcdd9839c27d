"""Enum arguments: graphene hands them over as its own enum members, services take values."""

from __future__ import annotations

from typing import Any


def enum_value(value: Any) -> Any:
    """The plain value of a graphene enum argument (anything else is returned as it is)."""
    return getattr(value, "value", value)
