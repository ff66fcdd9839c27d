"""What a checklist item is: a check of the store's setup, done or still open."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChecklistItemCode(StrEnum):
    APP_PERMISSIONS = "APP_PERMISSIONS"
    LOCATION_COORDINATES = "LOCATION_COORDINATES"
    ROUTING_TRIGGER = "ROUTING_TRIGGER"
    ROUTING_RULES = "ROUTING_RULES"
    RETURN_POLICIES = "RETURN_POLICIES"
    IMPORT = "IMPORT"
    WAREHOUSE_APPROVAL = "WAREHOUSE_APPROVAL"


@dataclass(frozen=True)
class ChecklistItem:
    code: ChecklistItemCode
    done: bool
    title: str
    # What is missing (empty when done), naming the objects at fault.
    detail: str
    # The Dashboard extension's route where it is fixed (``/settings#routing``).
    link: str
