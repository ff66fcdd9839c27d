"""Typed refusals of the document renderers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabelIssue:
    path: str  # the field that was refused, e.g. "tracking_number" or "lines[3].quantity"
    message: str


class DocumentInvalid(ValueError):
    """A document cannot be rendered as given; nothing was rendered. ``issues`` says why."""

    def __init__(self, issues: list[LabelIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(f"{i.path}: {i.message}" for i in self.issues))
