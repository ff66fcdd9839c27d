from __future__ import annotations

from dataclasses import dataclass

from saleor_oms_plugin.core.errors import DomainError
from saleor_oms_plugin.rules.error_codes import ConditionErrorCode, RuleErrorCode


@dataclass(frozen=True)
class Issue:
    """One precise problem in a rule definition: where (``conditions.all[1].op``), what, why."""

    path: str
    code: ConditionErrorCode
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code.value, "message": self.message}


class RuleError(DomainError):
    pass


class RuleValidationError(RuleError):
    """A definition with one or more issues; all of them are reported at once."""

    def __init__(self, issues: list[Issue]) -> None:
        first = issues[0]
        super().__init__(
            RuleErrorCode.INVALID,
            "; ".join(f"{i.path}: {i.message}" for i in issues),
            field=first.path,
        )
        self.issues = issues

    @property
    def codes(self) -> list[str]:
        return [issue.code.value for issue in self.issues]
