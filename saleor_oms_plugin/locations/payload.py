"""Saleor ``Warehouse`` payloads as plain location data."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from saleor_oms_plugin.core.payload import PayloadError, metadata_dict

LATITUDE_KEY = "oms.lat"
LONGITUDE_KEY = "oms.lng"


@dataclass(frozen=True)
class LocationData:
    saleor_id: str
    name: str
    slug: str
    email: str
    company_name: str
    street_address_1: str
    street_address_2: str
    city: str
    postal_code: str
    country: str
    country_area: str
    phone: str
    click_and_collect_option: str
    is_private: bool
    latitude: float | None
    longitude: float | None
    metadata: dict[str, str]


def coordinates(metadata: dict[str, str]) -> tuple[float | None, float | None]:
    """``oms.lat`` / ``oms.lng`` as a valid pair, or (None, None) if either is absent or bad."""
    try:
        latitude = float(metadata[LATITUDE_KEY])
        longitude = float(metadata[LONGITUDE_KEY])
    except (KeyError, ValueError):
        return None, None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None, None
    return latitude, longitude


def parse_location(node: dict[str, Any]) -> LocationData:
    try:
        address = node.get("address") or {}
        metadata = metadata_dict(node.get("metadata"))
        latitude, longitude = coordinates(metadata)
        return LocationData(
            saleor_id=node["id"],
            name=node["name"],
            slug=node.get("slug") or "",
            email=node.get("email") or "",
            company_name=address.get("companyName") or "",
            street_address_1=address.get("streetAddress1") or "",
            street_address_2=address.get("streetAddress2") or "",
            city=address.get("city") or "",
            postal_code=address.get("postalCode") or "",
            country=(address.get("country") or {}).get("code") or "",
            country_area=address.get("countryArea") or "",
            phone=address.get("phone") or "",
            click_and_collect_option=node.get("clickAndCollectOption") or "DISABLED",
            is_private=bool(node.get("isPrivate", True)),
            latitude=latitude,
            longitude=longitude,
            metadata=metadata,
        )
    except (KeyError, TypeError) as exc:
        raise PayloadError(f"warehouse payload lacks {exc}") from None
