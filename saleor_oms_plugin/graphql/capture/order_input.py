"""A stored captured order in the shape of ``OmsOrderImportInput``.

The Dashboard's "correct and resend" form starts from the order as it was stored and sends it
back as capturedOrderResubmit's ``order``: keys in camelCase as the schema names them, and the
metadata as the list of key/value pairs the input takes (stored as an object).
"""

from __future__ import annotations

from typing import Any

from graphene.utils.str_converters import to_camel_case


def _camel(value: Any) -> Any:
    if isinstance(value, dict):
        return {to_camel_case(key): _camel(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_camel(item) for item in value]
    return value


def order_input_of(payload: dict[str, Any]) -> dict[str, Any]:
    metadata = payload.get("metadata") or {}
    data = _camel({key: value for key, value in payload.items() if key != "metadata"})
    data["metadata"] = [{"key": str(key), "value": str(value)} for key, value in metadata.items()]
    return data
