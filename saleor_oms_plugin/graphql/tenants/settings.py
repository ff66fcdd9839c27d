"""``tenantSettings``, ``tenantSettingsSchema`` and ``tenantSettingsUpdate``.

The GraphQL types are generated from ``tenants.settings_schema``: a setting added there appears
in the API (output, input, documentation) with no edit here. Keys are camelCase in GraphQL and
snake_case in the service; an error's ``field`` is the GraphQL path (``routing.maxAttempts``).
"""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.mutations import (
    Caller,
    PayloadErrors,
    Problem,
    error_type,
    mutation,
)
from saleor_oms_plugin.graphql.errors import PermissionDenied
from saleor_oms_plugin.graphql.permissions import (
    MANAGE_APPS,
    MANAGE_ORDERS,
    MANAGE_PRODUCTS,
    Requires,
    require_any,
)
from saleor_oms_plugin.tenants.error_codes import TenantSettingsErrorCode
from saleor_oms_plugin.tenants.errors import TenantSettingsError
from saleor_oms_plugin.tenants.selectors import tenant_settings_get
from saleor_oms_plugin.tenants.services import tenant_settings_update
from saleor_oms_plugin.tenants.settings_schema import (
    SECTIONS,
    SECTIONS_BY_NAME,
    SectionSpec,
    SettingSpec,
    SettingType,
    TenantSettings,
    camel,
)

# Reading shows every section to whoever manages any part of the store; each section is
# changed by MANAGE_APPS or the permission of the domain it configures.
READ_PERMISSIONS = (MANAGE_APPS, MANAGE_ORDERS, MANAGE_PRODUCTS)


def _pascal(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


OmsTenantSettingType = graphene.Enum(
    "OmsTenantSettingType",
    [(kind.name, kind.value) for kind in SettingType],
    description="How a setting's value is written.",
)
OmsTenantSettingsErrorCode = graphene.Enum(
    "OmsTenantSettingsErrorCode", [(code.name, code.value) for code in TenantSettingsErrorCode]
)
OmsTenantSettingsError: Any = error_type("OmsTenantSettingsError", OmsTenantSettingsErrorCode)

# One enum per choice setting, e.g. OmsRoutingTrigger (MANUAL, CREATED, ...).
_CHOICE_ENUMS: dict[str, Any] = {
    spec.path: graphene.Enum(
        f"Oms{_pascal(spec.section)}{_pascal(spec.key)}",
        [(choice.upper(), choice) for choice in spec.choices],
        description=spec.description,
    )
    for section in SECTIONS
    for spec in section.settings
    if spec.type is SettingType.CHOICE
}


def _scalar(spec: SettingSpec) -> Any:
    if spec.type is SettingType.CHOICE:
        return _CHOICE_ENUMS[spec.path]
    return {
        SettingType.INT: graphene.Int,
        SettingType.BOOL: graphene.Boolean,
        SettingType.EMAIL: graphene.String,
        SettingType.TEXT: graphene.String,
        SettingType.TIME_ZONE: graphene.String,
    }[spec.type]


def _doc(spec: SettingSpec) -> str:
    if spec.type is SettingType.INT:
        return f"{spec.description} From {spec.minimum} to {spec.maximum}."
    return spec.description


def _output_type(section: SectionSpec) -> Any:
    fields: dict[str, Any] = {
        spec.key: graphene.Field(_scalar(spec), required=not spec.nullable, description=_doc(spec))
        for spec in section.settings
    }
    fields["Meta"] = type("Meta", (), {"description": section.description})
    return type(f"OmsTenant{_pascal(section.name)}Settings", (graphene.ObjectType,), fields)


def _input_type(section: SectionSpec) -> Any:
    fields: dict[str, Any] = {
        spec.key: graphene.InputField(
            _scalar(spec), description=_doc(spec) + " null: back to the default."
        )
        for spec in section.settings
    }
    fields["Meta"] = type(
        "Meta",
        (),
        {"description": f"{section.description} Absent keys keep their values."},
    )
    return type(
        f"OmsTenant{_pascal(section.name)}SettingsInput", (graphene.InputObjectType,), fields
    )


OmsTenantSettings = type(
    "OmsTenantSettings",
    (graphene.ObjectType,),
    {
        **{
            section.name: graphene.Field(
                _output_type(section), required=True, description=section.description
            )
            for section in SECTIONS
        },
        "Meta": type(
            "Meta", (), {"description": "The installation's settings, defaults included."}
        ),
    },
)

OmsTenantSettingsInput = type(
    "OmsTenantSettingsInput",
    (graphene.InputObjectType,),
    {
        **{
            section.name: graphene.InputField(
                _input_type(section),
                description=f"{section.title}: MANAGE_APPS or {section.permission}.",
            )
            for section in SECTIONS
        },
        "Meta": type("Meta", (), {"description": "Only the sections and keys given change."}),
    },
)


class OmsTenantSettingDoc(graphene.ObjectType):
    section = graphene.String(required=True)
    key = graphene.String(required=True, description="As stored (snake_case).")
    field = graphene.String(required=True, description="In this API (camelCase).")
    type = graphene.Field(OmsTenantSettingType, required=True)
    default = graphene.JSONString(description="The value while unset; null: off / not set.")
    description = graphene.String(required=True)
    allowed_values = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="For CHOICE settings, the enum values; empty otherwise.",
    )
    minimum = graphene.Int()
    maximum = graphene.Int()
    nullable = graphene.Boolean(required=True, description="Whether unset is a value of its own.")

    class Meta:
        description = "One setting, documented (the Dashboard and the README use this)."


class OmsTenantSettingsSection(graphene.ObjectType):
    name = graphene.String(required=True, description="As in OmsTenantSettings.")
    title = graphene.String(required=True)
    description = graphene.String(required=True)
    permission = graphene.String(
        required=True, description="Besides MANAGE_APPS, who may change this section."
    )
    settings = graphene.List(graphene.NonNull(OmsTenantSettingDoc), required=True)


def _setting_doc(spec: SettingSpec) -> OmsTenantSettingDoc:
    return OmsTenantSettingDoc(
        section=spec.section,
        key=spec.key,
        field=camel(spec.key),
        type=spec.type.value,
        # As this API spells it: enum values upper-case.
        default=spec.default.upper() if spec.type is SettingType.CHOICE else spec.default,
        description=spec.description,
        allowed_values=[choice.upper() for choice in spec.choices],
        minimum=spec.minimum,
        maximum=spec.maximum,
        nullable=spec.nullable,
    )


def _graphql_field(path: str) -> str:
    return ".".join(camel(part) for part in path.split("."))


def _problems(exc: TenantSettingsError) -> list[Problem]:
    """Every field at fault, at its path in this API (``routing.maxAttempts``)."""
    return [
        Problem(_graphql_field(problem.field), problem.code, problem.message)
        for problem in exc.problems
    ]


SETTINGS_ERRORS = PayloadErrors(OmsTenantSettingsError, TenantSettingsError, problems=_problems)


class OmsTenantSettingsPayload(graphene.ObjectType):
    settings = graphene.Field(OmsTenantSettings)
    errors = SETTINGS_ERRORS.field()


class TenantSettingsQueries(graphene.ObjectType):
    tenant_settings = graphene.Field(
        graphene.NonNull(OmsTenantSettings),
        description="This installation's settings. MANAGE_APPS, MANAGE_ORDERS or MANAGE_PRODUCTS.",
    )
    tenant_settings_schema = graphene.List(
        graphene.NonNull(OmsTenantSettingsSection),
        required=True,
        description="Every setting with its type, bounds, default and meaning. Public.",
    )

    @staticmethod
    def resolve_tenant_settings(root: Any, info: GraphQLResolveInfo) -> TenantSettings:
        _, tenant = require_any(info, READ_PERMISSIONS)
        return tenant_settings_get(tenant=tenant)

    @staticmethod
    def resolve_tenant_settings_schema(
        root: Any, info: GraphQLResolveInfo
    ) -> list[OmsTenantSettingsSection]:
        return [
            OmsTenantSettingsSection(
                name=section.name,
                title=section.title,
                description=section.description,
                permission=section.permission,
                settings=[_setting_doc(spec) for spec in section.settings],
            )
            for section in SECTIONS
        ]


class TenantSettingsMutations(graphene.ObjectType):
    @mutation(
        OmsTenantSettingsPayload,
        access=Requires(*READ_PERMISSIONS),
        errors=SETTINGS_ERRORS,
        description="Change some settings; the others keep their values. Each section needs "
        "MANAGE_APPS or its own permission (see tenantSettingsSchema). A refused value changes "
        "nothing; every field at fault is reported.",
        input=OmsTenantSettingsInput(required=True),
    )
    def tenant_settings_update(caller: Caller, input: dict[str, Any]) -> OmsTenantSettingsPayload:
        changes: dict[str, dict[str, Any]] = {}
        for name, values in input.items():
            if values is None:
                continue
            section = SECTIONS_BY_NAME[name]
            required = [MANAGE_APPS, section.permission]
            if not caller.viewer.permissions.intersection(required):
                raise PermissionDenied(required)
            # Only the keys sent: an absent key keeps its value, an explicit null resets it.
            changes[name] = {key: enum_value(value) for key, value in values.items()}
        settings = tenant_settings_update(
            tenant_id=caller.tenant.pk, changes=changes, actor=caller.actor()
        )
        return OmsTenantSettingsPayload(settings=settings, errors=[])
