"""The address fields the order read model keeps: Saleor's ``Address`` type's names, which
are also its ``AddressInput``'s (the country as a code)."""

from __future__ import annotations

ADDRESS_FIELDS = (
    "firstName",
    "lastName",
    "companyName",
    "streetAddress1",
    "streetAddress2",
    "city",
    "cityArea",
    "postalCode",
    "country",
    "countryArea",
    "phone",
)
