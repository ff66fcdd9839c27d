from __future__ import annotations

from dataclasses import dataclass

from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.tenants.error_codes import TenantErrorCode, TenantSettingsErrorCode


class TenantError(DomainError):
    code: TenantErrorCode


@dataclass(frozen=True)
class SettingsProblem:
    """One refused setting: ``field`` is its ``section.key`` path."""

    field: str
    code: TenantSettingsErrorCode
    message: str


class TenantSettingsError(DomainError):
    """A settings update was refused; ``problems`` lists every field at fault (the first one
    is also the error's own code, field and message)."""

    code: TenantSettingsErrorCode

    def __init__(self, problems: list[SettingsProblem]) -> None:
        first = problems[0]
        super().__init__(first.code, first.message, field=first.field)
        self.problems = problems
