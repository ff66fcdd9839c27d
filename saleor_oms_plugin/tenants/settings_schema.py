"""Every setting a merchant can change, described once: section, key, type, bounds, default, doc.

``Tenant.settings`` is a JSON object of sections (``{"routing": {"trigger": "created"}}``)
holding only what a merchant set; everything else is the default written here. Two ways in:

* writing (``tenant_settings_update``) validates strictly with :func:`setting_problem`:
  a bad value is refused with a typed code and nothing is stored;
* reading (``tenant_settings_get``) is lenient with :func:`setting_read`: a value stored
  before this schema existed (or by hand) that no longer validates falls back to the default,
  so a typo in the JSON never routes orders nobody meant to route.

The GraphQL API (``tenantSettings``, ``tenantSettingsSchema``), the Dashboard's Settings page
and the README's settings table all come from :data:`SETTINGS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from saleor_oms_plugin.core.retry import DEFAULT_MAX_ATTEMPTS, MAX_ATTEMPTS_CAP
from saleor_oms_plugin.tenants.error_codes import TenantSettingsErrorCode as Code

# Saleor permission codes (the vocabulary of graphql/permissions.py): who may change a section
# besides MANAGE_APPS.
MANAGE_ORDERS = "MANAGE_ORDERS"
MANAGE_PRODUCTS = "MANAGE_PRODUCTS"

ROUTING_TRIGGERS = ("manual", "created", "confirmed", "fully_paid")
# Not a setting: what Saleor granted the installation, written at (re)installation only and
# refused by ``tenant_settings_update`` like any unknown section.
INSTALLATION_KEY = "installation"


class SettingType(StrEnum):
    INT = "INT"
    BOOL = "BOOL"
    CHOICE = "CHOICE"
    EMAIL = "EMAIL"
    TEXT = "TEXT"  # a short name (an attribute slug, a metadata key): printable, one line
    TIME_ZONE = "TIME_ZONE"


TEXT_MAX_LENGTH = 255
DIMENSION_SOURCES = ("attributes", "metadata")
DIMENSION_UNITS = ("mm", "cm", "in")


@dataclass(frozen=True)
class SettingSpec:
    section: str
    key: str
    type: SettingType
    default: Any
    description: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    # Reading an out-of-range stored value: above the maximum reads as the maximum; below the
    # minimum as the minimum when ``clamp_low`` (a floor protecting a shared resource), else
    # as the default (a nonsense value such as 0 attempts).
    clamp_low: bool = False

    @property
    def path(self) -> str:
        return f"{self.section}.{self.key}"

    @property
    def nullable(self) -> bool:
        """Whether "not set" is a value of its own (the default is None)."""
        return self.default is None


@dataclass(frozen=True)
class SectionSpec:
    name: str
    title: str
    permission: str
    description: str
    settings: tuple[SettingSpec, ...] = field(default=())


def _section(name: str, title: str, permission: str, description: str, *specs: Any) -> SectionSpec:
    return SectionSpec(
        name=name,
        title=title,
        permission=permission,
        description=description,
        settings=tuple(SettingSpec(section=name, **spec) for spec in specs),
    )


SECTIONS: tuple[SectionSpec, ...] = (
    _section(
        "routing",
        "Routing",
        MANAGE_ORDERS,
        "When orders are routed to locations and whether staff approve the plan first.",
        {
            "key": "trigger",
            "type": SettingType.CHOICE,
            "default": "manual",
            "choices": ROUTING_TRIGGERS,
            "description": (
                "When an order is routed automatically: manual (only when staff route it), "
                "created, confirmed or fully_paid (on that Saleor event)."
            ),
        },
        {
            "key": "require_approval",
            "type": SettingType.BOOL,
            "default": False,
            "description": "Hold each routing plan as proposed until staff approve it.",
        },
        {
            "key": "max_attempts",
            "type": SettingType.INT,
            "default": 3,
            "minimum": 1,
            "maximum": MAX_ATTEMPTS_CAP,
            "description": "How often a plan whose fulfilment failed in Saleor is routed again.",
        },
        {
            "key": "merge_window_minutes",
            "type": SettingType.INT,
            "default": 0,
            "minimum": 0,
            "maximum": 1440,
            "description": (
                "Ship a customer's orders to one address together: automatic routing waits "
                "this many minutes after the customer's first open order, then routes the "
                "open orders as one group (0: off, each order is routed alone)."
            ),
        },
    ),
    _section(
        "rules",
        "Rules",
        MANAGE_ORDERS,
        "How often time rules are evaluated and how fast rule actions may run.",
        {
            "key": "interval_seconds",
            "type": SettingType.INT,
            "default": 300,
            "minimum": 30,
            "maximum": 86_400,
            "clamp_low": True,
            "description": "Seconds between two evaluations of the time (schedule) rules.",
        },
        {
            "key": "actions_per_minute",
            "type": SettingType.INT,
            "default": 600,
            "minimum": 1,
            "maximum": 10_000,
            "description": "Rule actions run per minute at most; the rest wait for the next one.",
        },
        {
            "key": "webhook_max_attempts",
            "type": SettingType.INT,
            "default": DEFAULT_MAX_ATTEMPTS,
            "minimum": 1,
            "maximum": MAX_ATTEMPTS_CAP,
            "description": "Attempts of an outbound webhook before it is dead-lettered.",
        },
        {
            "key": "email_from",
            "type": SettingType.EMAIL,
            "default": "",
            "description": "Sender address of rule emails; empty: the deployment's default.",
        },
    ),
    _section(
        "replenishment",
        "Replenishment defaults",
        MANAGE_PRODUCTS,
        "Reorder settings of stock levels without their own; unset: such stock is not tracked.",
        {
            "key": "reorder_point",
            "type": SettingType.INT,
            "default": None,
            "minimum": 0,
            "maximum": 1_000_000,
            "description": "Alert when available stock falls to this many units (with a target).",
        },
        {
            "key": "target_level",
            "type": SettingType.INT,
            "default": None,
            "minimum": 0,
            "maximum": 1_000_000,
            "description": "Units to reorder up to; at least the reorder point.",
        },
        {
            "key": "lead_time_days",
            "type": SettingType.INT,
            "default": 0,
            "minimum": 0,
            "maximum": 365,
            "description": "Days a purchase order takes to arrive.",
        },
    ),
    _section(
        "availability",
        "Availability feeds",
        MANAGE_PRODUCTS,
        "Outbound availability deliveries to subscribed channels.",
        {
            "key": "max_attempts",
            "type": SettingType.INT,
            "default": DEFAULT_MAX_ATTEMPTS,
            "minimum": 1,
            "maximum": MAX_ATTEMPTS_CAP,
            "description": "Attempts of an availability delivery before it is dead-lettered.",
        },
    ),
    _section(
        "stock_health",
        "Stock health",
        MANAGE_PRODUCTS,
        "When stock counts as aged, overstocked or low on cover in the insights.",
        {
            "key": "aged_days",
            "type": SettingType.INT,
            "default": 90,
            "minimum": 1,
            "maximum": 3650,
            "description": "Stock on hand with no sale for this many days is aged.",
        },
        {
            "key": "overstock_days",
            "type": SettingType.INT,
            "default": 180,
            "minimum": 1,
            "maximum": 3650,
            "description": "Units on hand beyond this many days of demand are overstocked.",
        },
        {
            "key": "low_cover_days",
            "type": SettingType.INT,
            "default": 14,
            "minimum": 1,
            "maximum": 365,
            "description": "Stock whose units on hand last fewer days than this has low cover.",
        },
    ),
    _section(
        "checkout",
        "Checkouts",
        MANAGE_ORDERS,
        "Carts: how long an idle checkout counts as open and whether it holds its stock.",
        {
            "key": "hold_carts",
            "type": SettingType.BOOL,
            "default": True,
            "description": (
                "Hold a checkout's lines in the ledger while it is open: other channels' "
                "available-to-sell drops at once; Saleor's own quantity does not (its checkout "
                "counts the units itself)."
            ),
        },
        {
            "key": "cart_ttl_minutes",
            "type": SettingType.INT,
            "default": 60,
            "minimum": 5,
            "maximum": 10_080,
            "description": (
                "Minutes after its last change a checkout expires: its hold is released and "
                "checkout.abandoned is published."
            ),
        },
    ),
    _section(
        "dimensions",
        "Product dimensions",
        MANAGE_PRODUCTS,
        "Where the import of product sizes from Saleor reads each side (weights come from "
        "the variant, else its product, else its product type).",
        {
            "key": "source",
            "type": SettingType.CHOICE,
            "default": "attributes",
            "choices": DIMENSION_SOURCES,
            "description": "Read the sides from the variant's attributes (by slug, product "
            "attributes too) or from its metadata (by key, the product's too).",
        },
        {
            "key": "width_key",
            "type": SettingType.TEXT,
            "default": "",
            "description": "Attribute slug or metadata key of the width; empty: not imported.",
        },
        {
            "key": "height_key",
            "type": SettingType.TEXT,
            "default": "",
            "description": "Attribute slug or metadata key of the height; empty: not imported.",
        },
        {
            "key": "depth_key",
            "type": SettingType.TEXT,
            "default": "",
            "description": "Attribute slug or metadata key of the depth; empty: not imported.",
        },
        {
            "key": "unit",
            "type": SettingType.CHOICE,
            "default": "cm",
            "choices": DIMENSION_UNITS,
            "description": "The unit of those values (an attribute's own unit wins).",
        },
    ),
    _section(
        "insights",
        "Insights",
        MANAGE_ORDERS,
        "How the order insights count days.",
        {
            "key": "time_zone",
            "type": SettingType.TIME_ZONE,
            "default": "UTC",
            "description": (
                "The reporting time zone: an order counts on its day of creation there. "
                "Changing it rebuilds the insights' daily rollups."
            ),
        },
    ),
)

SECTIONS_BY_NAME: dict[str, SectionSpec] = {section.name: section for section in SECTIONS}


def settings_all() -> Iterator[SettingSpec]:
    for section in SECTIONS:
        yield from section.settings


def setting_spec(section: str, key: str) -> SettingSpec | None:
    found = SECTIONS_BY_NAME.get(section)
    return next((spec for spec in found.settings if spec.key == key), None) if found else None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def setting_problem(spec: SettingSpec, value: Any) -> tuple[Code, str] | None:
    """Why ``value`` may not be stored for ``spec`` (None: it may). None itself means "reset
    to the default" and is always allowed."""
    if value is None:
        return None
    if spec.type is SettingType.BOOL:
        return None if isinstance(value, bool) else (Code.INVALID_TYPE, "Expected true or false.")
    if spec.type is SettingType.INT:
        if not _is_int(value):
            return Code.INVALID_TYPE, "Expected a whole number."
        if (spec.minimum is not None and value < spec.minimum) or (
            spec.maximum is not None and value > spec.maximum
        ):
            return Code.OUT_OF_RANGE, f"Expected a number from {spec.minimum} to {spec.maximum}."
        return None
    if spec.type is SettingType.CHOICE:
        if not isinstance(value, str):
            return Code.INVALID_TYPE, "Expected one of the allowed values."
        if value not in spec.choices:
            return Code.INVALID_CHOICE, "Expected one of: " + ", ".join(spec.choices) + "."
        return None
    if spec.type is SettingType.TEXT:
        if not isinstance(value, str):
            return Code.INVALID_TYPE, "Expected text."
        if len(value) > TEXT_MAX_LENGTH or not all(c.isprintable() for c in value):
            return Code.OUT_OF_RANGE, f"Expected one line of at most {TEXT_MAX_LENGTH} characters."
        return None
    if spec.type is SettingType.TIME_ZONE:
        return (
            None
            if time_zone_known(value)
            else (
                Code.INVALID_TIME_ZONE,
                "Expected an IANA time zone such as Europe/Berlin or UTC.",
            )
        )
    # EMAIL: empty means "the deployment's default sender".
    if not isinstance(value, str):
        return Code.INVALID_TYPE, "Expected an email address."
    if value == "":
        return None
    try:
        validate_email(value)
    except ValidationError:
        return Code.INVALID_EMAIL, "Expected an email address such as orders@example.com."
    return None


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def time_zone_known(value: Any) -> bool:
    """Whether ``value`` names a time zone of the IANA database."""
    return isinstance(value, str) and value in _time_zones()


def setting_read(spec: SettingSpec, stored: Any) -> Any:
    """The effective value of a stored one: lenient, never raises (see the module doc)."""
    if stored is None:
        return spec.default
    if spec.type is SettingType.INT and _is_int(stored):
        if spec.maximum is not None and stored > spec.maximum:
            return spec.maximum
        if spec.minimum is not None and stored < spec.minimum:
            return spec.minimum if spec.clamp_low else spec.default
        return stored
    return spec.default if setting_problem(spec, stored) else stored


def camel(name: str) -> str:
    """The GraphQL spelling of a snake_case key (``require_approval`` → ``requireApproval``)."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def settings_table_markdown() -> str:
    """The README's table of settings, generated so that it cannot drift from the schema."""
    rows = [
        "| Setting | Type | Allowed | Default | Who may change it | What it does |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for section in SECTIONS:
        for spec in section.settings:
            rows.append(
                f"| `{spec.path}` | {spec.type.value.lower()} | {_allowed(spec)} "
                f"| {_shown(spec.default)} | MANAGE_APPS or {section.permission} "
                f"| {spec.description} |"
            )
    return "\n".join(rows)


def _allowed(spec: SettingSpec) -> str:
    if spec.type is SettingType.CHOICE:
        return ", ".join(f"`{choice}`" for choice in spec.choices)
    if spec.type is SettingType.INT:
        return f"{spec.minimum}–{spec.maximum}"
    if spec.type is SettingType.BOOL:
        return "true, false"
    if spec.type is SettingType.TEXT:
        return f"one line, at most {TEXT_MAX_LENGTH} characters"
    if spec.type is SettingType.TIME_ZONE:
        return "an IANA time zone"
    return "an email address or empty"


def _shown(default: Any) -> str:
    if default is None:
        return "unset"
    if isinstance(default, bool):
        return "true" if default else "false"
    if default == "":
        return "empty"
    return f"`{default}`"


# -- the typed view readers use (one dataclass per section, fields named as the keys) -------


@dataclass(frozen=True)
class RoutingSettings:
    """Routing is opt-in: until a merchant picks a trigger, orders are routed only by staff, so
    installing the app never starts fulfilling orders by itself."""

    trigger: str
    require_approval: bool
    max_attempts: int
    merge_window_minutes: int


@dataclass(frozen=True)
class RulesSettings:
    interval_seconds: int
    actions_per_minute: int
    webhook_max_attempts: int
    email_from: str


@dataclass(frozen=True)
class ReplenishmentSettings:
    reorder_point: int | None
    target_level: int | None
    lead_time_days: int


@dataclass(frozen=True)
class AvailabilitySettings:
    max_attempts: int


@dataclass(frozen=True)
class StockHealthSettings:
    aged_days: int
    overstock_days: int
    low_cover_days: int


@dataclass(frozen=True)
class CheckoutSettings:
    hold_carts: bool
    cart_ttl_minutes: int


@dataclass(frozen=True)
class DimensionsSettings:
    source: str
    width_key: str
    height_key: str
    depth_key: str
    unit: str


@dataclass(frozen=True)
class InsightsSettings:
    time_zone: str


@dataclass(frozen=True)
class TenantSettings:
    routing: RoutingSettings
    rules: RulesSettings
    replenishment: ReplenishmentSettings
    availability: AvailabilitySettings
    stock_health: StockHealthSettings
    checkout: CheckoutSettings
    dimensions: DimensionsSettings
    insights: InsightsSettings


SECTION_TYPES: dict[str, type] = {
    "routing": RoutingSettings,
    "rules": RulesSettings,
    "replenishment": ReplenishmentSettings,
    "availability": AvailabilitySettings,
    "stock_health": StockHealthSettings,
    "checkout": CheckoutSettings,
    "dimensions": DimensionsSettings,
    "insights": InsightsSettings,
}


def settings_parse(raw: Any) -> TenantSettings:
    """The effective settings of a stored settings object (defaults for whatever is unset)."""
    raw = raw if isinstance(raw, dict) else {}
    sections: dict[str, Any] = {}
    for section in SECTIONS:
        stored = raw.get(section.name)
        stored = stored if isinstance(stored, dict) else {}
        values = {spec.key: setting_read(spec, stored.get(spec.key)) for spec in section.settings}
        sections[section.name] = SECTION_TYPES[section.name](**values)
    return TenantSettings(**sections)
