"""Text of notes, task titles and emails: Django templates over the firing's facts.

A standalone template engine (the project configures none): rules written by merchants can
use ``{{ number }}``, ``{{ total_gross }}``, ``{{ rule }}`` and the other facts, and the small
Django template language (filters, ``if``), but nothing that reaches code.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError

TEMPLATES_DIR = Path(__file__).parent / "templates"
EMAIL_TEMPLATES = ("sla_breach", "manual_review", "order_held", "generic")
# A template's tags ({{ ... }} and {% ... %}) and the event fields named in them.
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_EVENT_KEY = re.compile(r"(?<![\w.])event\.([A-Za-z_][A-Za-z0-9_]*)")


@cache
def _engine() -> Engine:
    # autoescape off: these are plain-text bodies, never HTML.
    return Engine(dirs=[str(TEMPLATES_DIR)], autoescape=False)


def template_problem(source: str) -> str:
    try:
        _engine().from_string(source)
    except TemplateSyntaxError as exc:
        return f"template error: {exc}"
    return ""


def template_event_keys(source: str) -> set[str]:
    """The keys a template reads from the event's data (``{{ event.promised_ship_date }}``,
    ``{% for b in event.backorders %}``), so a rule naming one its trigger lacks is refused."""
    return {key for tag in _TAG.findall(source) for key in _EVENT_KEY.findall(tag)}


def render_string(source: str, context: dict[str, Any]) -> str:
    return _engine().from_string(source).render(Context(context)).strip()


def render_email(name: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of a library email (``templates/rules/email/<name>.*.txt``)."""
    try:
        subject = _engine().get_template(f"rules/email/{name}.subject.txt")
        body = _engine().get_template(f"rules/email/{name}.body.txt")
    except TemplateDoesNotExist:
        raise LookupError(name) from None
    flat_subject = " ".join(subject.render(Context(context)).split())
    return flat_subject, body.render(Context(context)).strip() + "\n"


def render_context(facts: dict[str, Any], *, rule_name: str) -> dict[str, Any]:
    """The template's variables: the facts (``event`` holds the event's data, empty for a
    firing that had none) and the rule's name."""
    return {"event": {}, **facts, "rule": rule_name}
